#pragma once
// The instances of a component that scales (servers, workers): which are
// wanted, which a scale-down retired (they finish what they hold and take
// nothing new), which are still in their cold start, which crashed, and the
// autoscaler's pending decision. What each instance holds (requests, jobs,
// pooled connections) is the model's own, in `Held`.
//
// Scaling down retires the newest instances; scaling up brings retired ones
// back before adding new ones, so instance numbers stay stable. A crash takes
// the newest running instances down; a recovery brings back the oldest.
#include <cstdint>
#include <vector>

#include "models/autoscaler.h"
#include "world/world.h"

namespace bp {

template <class Held>
class InstanceFleet {
 public:
  struct Instance : Held {
    bool retired = false;        // scaled away
    bool down = false;           // crashed
    bool starting = false;       // launched, still in its cold start
    std::uint32_t launches = 0;  // tells a stale cold-start event from the current one
    bool running() const { return !retired && !down; }
    bool accepting() const { return running() && !starting; }
  };

  Autoscaler autoscaler;

  std::size_t size() const { return instances_.size(); }
  Instance& operator[](std::size_t i) { return instances_[i]; }
  const Instance& operator[](std::size_t i) const { return instances_[i]; }
  auto begin() { return instances_.begin(); }
  auto end() { return instances_.end(); }
  auto begin() const { return instances_.begin(); }
  auto end() const { return instances_.end(); }
  // The instance count asked for: what is billed.
  std::int64_t active() const { return active_; }

  void set_cold_start(SimTime cold_start) { cold_start_ = cold_start; }
  // A component added mid-run starts as if scaled out from nothing: its
  // instances take their cold start like any later launch.
  void start_mid_run() { configured_ = true; }

  // Makes `wanted` instances wanted. `holds_work(instance)` says whether a
  // retired instance still holds work: such a one was never shut down and
  // comes back warm; one that had drained takes a new cold start, announced
  // to `owner` as a `ready_kind` event (see ready()). `settled(instance)` is
  // called on each instance once its fate is set, in order.
  template <class HoldsWork, class Settled>
  void set_wanted(World& world, std::uint32_t owner, std::uint32_t ready_kind, std::int64_t wanted, HoldsWork holds_work,
                  Settled settled) {
    if (configured_ && wanted != active_) autoscaler.record(world.now, active_, wanted);
    while (static_cast<std::int64_t>(instances_.size()) < wanted) {
      instances_.emplace_back();
      instances_.back().retired = true;  // launched below, like a revived one
    }
    for (std::size_t i = 0; i < instances_.size(); ++i) {
      Instance& inst = instances_[i];
      const bool keep = static_cast<std::int64_t>(i) < wanted;
      if (keep && inst.retired) launch(world, owner, ready_kind, i, holds_work(inst));
      inst.retired = !keep;
      settled(inst);
    }
    active_ = wanted;
    configured_ = true;
  }

  // A cold-start event's data: true when it ended the current cold start of
  // an instance that was still starting.
  bool ready(std::uint64_t data) {
    Instance& inst = instances_[data & 0xffffffffu];
    if (!inst.starting || inst.launches != data >> 32) return false;
    inst.starting = false;
    return true;
  }

  // Takes up to `count` running instances down, newest first, calling
  // `crashed(instance)` for each; returns how many went down.
  template <class OnCrash>
  std::int64_t crash(std::int64_t count, OnCrash crashed) {
    const std::int64_t asked = count;
    for (auto i = static_cast<std::int64_t>(instances_.size()) - 1; i >= 0 && count > 0; --i) {
      Instance& inst = instances_[static_cast<std::size_t>(i)];
      if (!inst.running()) continue;
      inst.down = true;
      --count;
      crashed(inst);
    }
    return asked - count;
  }

  // Brings up to `count` crashed instances back, oldest first.
  void recover(std::int64_t count) {
    for (auto& inst : instances_) {
      if (count == 0) break;
      if (inst.down) {
        inst.down = false;
        --count;
      }
    }
  }

  // The component is removed: every instance is retired for good (a later
  // recovery must not revive one) and none is billed.
  void retire_all() {
    for (auto& inst : instances_) inst.retired = true;
    active_ = 0;
  }

  // The autoscaler looks at its metric (`value()`, read only when a decision
  // is due) at this boundary; a change is deferred to after the boundary is
  // sampled (World::defer_scaling).
  template <class Metric>
  void consider_scaling(World& world, std::uint32_t owner, Metric value) {
    // Nothing runs after the last boundary, so a decision there would only
    // bill an instance that never works.
    if (world.now >= world.scenario.duration) return;
    scale_to_ = autoscaler.decide(world.now, active_, value());
    if (scale_to_ != active_) world.defer_scaling(owner);
  }
  // The deferred decision, applied exactly as a player's `set instances`.
  std::int64_t scale_to() const { return scale_to_; }

 private:
  void launch(World& world, std::uint32_t owner, std::uint32_t ready_kind, std::size_t i, bool holds_work) {
    Instance& inst = instances_[i];
    inst.retired = false;
    // The design's own instances are up when the run starts.
    if (!configured_ || cold_start_ == 0 || holds_work) {
      inst.starting = false;
      return;
    }
    inst.starting = true;
    ++inst.launches;
    world.schedule(world.now + cold_start_, owner, ready_kind, (std::uint64_t{inst.launches} << 32) | i);
  }

  std::vector<Instance> instances_;
  std::int64_t active_ = 0;
  std::int64_t scale_to_ = 0;
  SimTime cold_start_ = 0;
  bool configured_ = false;  // instances set up by the first configuration are warm
};

}  // namespace bp
