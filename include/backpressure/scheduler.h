#pragma once
// The pending-event set. Events at equal times leave in the order they were
// scheduled (a sequence number breaks ties), which is what makes every run
// exactly repeatable.
#include <cstdint>
#include <vector>

#include "backpressure/time.h"

namespace bp {

struct Event {
  SimTime time = 0;
  std::uint64_t seq = 0;
  std::uint32_t target = 0;  // index of the component that handles it
  std::uint32_t kind = 0;    // meaning chosen by the target
  std::uint64_t data = 0;    // usually a request or job handle
};

// Pending events in time order, plus a FIFO for events scheduled at the
// current time. The FIFO matters because about one event in seven is a
// zero-delay reply; it keeps the exact (time, seq) order: every other entry
// at the current time was scheduled earlier, so it has a smaller seq than
// anything in the FIFO.
//
// The rest are usually a handful (5.5 on average in the default scenario),
// and then they are kept as a sorted array, next event last: popping takes
// the last element, and a push moves up only the entries due before it (a
// new event has the largest seq, so comparing times is enough). Past
// kToHeap entries, where shifting would cost more than it saves, they become
// a 4-ary implicit heap (an ascending array already is one) until they fall
// below kToSorted again.
//
// In heap form pop() leaves a hole at the root rather than sifting the last
// element down at once: nearly every handler schedules one follow-up event,
// and push() drops it into the hole, so each event costs one sift, not two.
class Scheduler {
 public:
  void push(SimTime time, std::uint32_t target, std::uint32_t kind, std::uint64_t data) {
    // The event is written once, field by field, into the slot it ends up
    // in. Building it whole on the stack and copying it in made every push
    // load 16 bytes straight after four narrower stores: a failed
    // store-to-load forward on every event (docs/performance.md).
    const std::uint64_t seq = next_seq_++;
    Event* slot;
    if (time == now_ && popped_any_) {
      slot = &fifo_.emplace_back();
    } else if (sorted_) {
      if (heap_.size() >= kToHeap) {
        to_heap();
        heap_.emplace_back();
        slot = &heap_[sift_up(heap_.size() - 1, time, seq)];
      } else {
        heap_.emplace_back();
        std::size_t i = heap_.size() - 1;
        for (; i > 0 && heap_[i - 1].time <= time; --i) heap_[i] = heap_[i - 1];
        slot = &heap_[i];
      }
    } else if (hole_) {
      hole_ = false;
      slot = &heap_[sift_down(0, time, seq)];
    } else {
      heap_.emplace_back();
      slot = &heap_[sift_up(heap_.size() - 1, time, seq)];
    }
    slot->time = time;
    slot->seq = seq;
    slot->target = target;
    slot->kind = kind;
    slot->data = data;
  }
  bool empty() const { return heap_size() == 0 && fifo_head_ == fifo_.size(); }
  std::size_t size() const { return heap_size() + (fifo_.size() - fifo_head_); }
  // The next event; the scheduler must not be empty.
  const Event& top() const {
    settle();
    if (fifo_head_ < fifo_.size() && (heap_.empty() || heap_next().time > fifo_[fifo_head_].time))
      return fifo_[fifo_head_];
    return heap_next();
  }
  Event pop();
  // Pops the next event if it is due before `end`: the event loop's one call
  // per event, choosing between the heap and the FIFO once.
  bool pop_before(SimTime end, Event& out);
  std::uint64_t scheduled_total() const { return next_seq_; }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  static constexpr std::size_t kToHeap = 32, kToSorted = 8;
  std::size_t heap_size() const { return heap_.size() - (hole_ ? 1 : 0); }
  // The earliest of heap_ (settled, not empty).
  const Event& heap_next() const { return sorted_ ? heap_.back() : heap_.front(); }
  void to_heap();
  void to_sorted();
  // Fills a hole nobody filled with the last element.
  void settle() const;
  // Both make room for an event with key (time, seq) starting from the
  // vacant slot i, and return the slot it belongs in (left for the caller).
  std::size_t sift_up(std::size_t i, SimTime time, std::uint64_t seq) const;
  std::size_t sift_down(std::size_t i, SimTime time, std::uint64_t seq) const;

  // Mutable so that top() can settle a pending hole.
  mutable std::vector<Event> heap_;
  mutable bool hole_ = false;  // heap form only
  bool sorted_ = true;
  std::vector<Event> fifo_;
  std::size_t fifo_head_ = 0;
  SimTime now_ = 0;
  bool popped_any_ = false;
  std::uint64_t next_seq_ = 0;
};

}  // namespace bp
