#include "backpressure/scheduler.h"

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
  if (fifo_waiting && (heap_.empty() || heap_.front().time > fifo_[fifo_head_].time)) {
    if (fifo_[fifo_head_].time >= end) return false;
    out = fifo_[fifo_head_++];
    if (fifo_head_ == fifo_.size()) {
      fifo_.clear();
      fifo_head_ = 0;
    }
  } else {
    if (heap_.empty() || heap_.front().time >= end) return false;
    out = heap_.front();
    hole_ = true;
  }
  now_ = out.time;
  popped_any_ = true;
  return true;
}

void Scheduler::settle() const {
  if (!hole_) return;
  hole_ = false;
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
}

void Scheduler::sift_up(std::size_t i) const {
  Event moving = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!before(moving, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = moving;
}

void Scheduler::sift_down(std::size_t i) const {
  const std::size_t n = heap_.size();
  Event moving = heap_[i];
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t last = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < last; ++c)
      if (before(heap_[c], heap_[best])) best = c;
    if (!before(heap_[best], moving)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = moving;
}

}  // namespace bp
