#include "backpressure/scheduler.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace bp {

namespace {
constexpr SimTime kNever = std::numeric_limits<SimTime>::max();
}  // namespace

Event Scheduler::pop() {
  Event out;
  pop_before(kNever, out);
  return out;
}

bool Scheduler::pop_before(SimTime end, Event& out) {
  settle();
  const bool fifo_waiting = fifo_head_ < fifo_.size();
  if (fifo_waiting && (heap_.empty() || heap_next().time > fifo_[fifo_head_].time)) {
    if (fifo_[fifo_head_].time >= end) return false;
    out = fifo_[fifo_head_++];
    if (fifo_head_ == fifo_.size()) {
      fifo_.clear();
      fifo_head_ = 0;
    }
  } else {
    if (heap_.empty() || heap_next().time >= end) return false;
    // Copied field by field: push() wrote the slot that way moments ago,
    // and a wide copy would wait for those stores to reach the cache.
    const Event& f = heap_next();
    out.time = f.time;
    out.seq = f.seq;
    out.target = f.target;
    out.kind = f.kind;
    out.data = f.data;
    if (sorted_) {
      heap_.pop_back();
    } else {
      hole_ = true;
      if (heap_.size() <= kToSorted) to_sorted();
    }
  }
  now_ = out.time;
  popped_any_ = true;
  return true;
}

void Scheduler::to_heap() {
  std::reverse(heap_.begin(), heap_.end());  // ascending: a valid heap
  sorted_ = false;
}

void Scheduler::to_sorted() {
  settle();
  std::sort(heap_.begin(), heap_.end(), [](const Event& a, const Event& b) { return before(b, a); });
  sorted_ = true;
}

void Scheduler::settle() const {
  if (!hole_) return;
  hole_ = false;
  const Event last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) heap_[sift_down(0, last.time, last.seq)] = last;
}

std::size_t Scheduler::sift_up(std::size_t i, SimTime time, std::uint64_t seq) const {
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    const Event& p = heap_[parent];
    if (!(time < p.time || (time == p.time && seq < p.seq))) break;
    heap_[i] = p;
    i = parent;
  }
  return i;
}

std::size_t Scheduler::sift_down(std::size_t i, SimTime time, std::uint64_t seq) const {
  const std::size_t n = heap_.size();
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t last = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < last; ++c)
      if (before(heap_[c], heap_[best])) best = c;
    const Event& b = heap_[best];
    if (!(b.time < time || (b.time == time && b.seq < seq))) break;
    heap_[i] = b;
    i = best;
  }
  return i;
}

}  // namespace bp
