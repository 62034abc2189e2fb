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

// A 4-ary implicit heap: shallower than a binary heap and kinder to caches,
// which matters because every request passes through here several times.
class Scheduler {
 public:
  void push(SimTime time, std::uint32_t target, std::uint32_t kind, std::uint64_t data) {
    heap_.push_back(Event{time, next_seq_++, target, kind, data});
    sift_up(heap_.size() - 1);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  Event pop();
  std::uint64_t scheduled_total() const { return next_seq_; }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace bp
