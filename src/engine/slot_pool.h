#pragma once
// Reusable slots addressed by index, for the things a run creates and
// retires by the million (requests, jobs). A retired slot is handed out
// again before the pool grows, so memory follows the most ever alive at
// once, not the total. Each slot's `generation` goes up when it is retired,
// so a handle that kept an old generation can tell it no longer holds it.
#include <cstdint>
#include <vector>

namespace bp {

template <class T>  // T has a std::uint32_t `generation`
class SlotPool {
 public:
  // A slot reset to `blank`, keeping its generation. Copying a blank rather
  // than assigning `T{}`: GCC builds the temporary with narrow stores and
  // reads it back wide at once, a failed store-to-load forward on every
  // request (docs/performance.md). When the pool would have to grow past
  // `limit` slots, `full()` is called instead (it must not return); the
  // check sits on the growth path only, off the per-request one.
  template <class Full>
  std::uint32_t acquire(const T& blank, std::size_t limit, Full full) {
    std::uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      if (slots_.size() >= limit) full();
      id = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    T& slot = slots_[id];
    const std::uint32_t generation = slot.generation;
    slot = blank;
    slot.generation = generation;
    return id;
  }

  void release(std::uint32_t id) {
    ++slots_[id].generation;
    free_.push_back(id);
  }

  T& operator[](std::uint32_t id) { return slots_[id]; }
  const T& operator[](std::uint32_t id) const { return slots_[id]; }
  std::size_t live() const { return slots_.size() - free_.size(); }

  // The ids of every slot in use, in order (a whole-pool walk: keep it rare).
  std::vector<std::uint32_t> live_ids() const {
    std::vector<bool> is_free(slots_.size(), false);
    for (const std::uint32_t id : free_) is_free[id] = true;
    std::vector<std::uint32_t> out;
    for (std::uint32_t id = 0; id < slots_.size(); ++id)
      if (!is_free[id]) out.push_back(id);
    return out;
  }

 private:
  std::vector<T> slots_;
  std::vector<std::uint32_t> free_;
};

}  // namespace bp
