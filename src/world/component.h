#pragma once
// What every component model shares: identity, per-step counters, the
// integrals behind utilization, its standard time series, and its bill.
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"
#include "backpressure/scheduler.h"
#include "world/world.h"

namespace bp {

// Time-weighted average of a level (busy slots, requests in the system).
class LevelMeter {
 public:
  void change(SimTime now, std::int64_t delta) {
    area_ += static_cast<double>(level_) * static_cast<double>(now - last_);
    last_ = now;
    level_ += delta;
    if (level_ > peak_) peak_ = level_;
  }
  std::int64_t level() const { return level_; }
  std::int64_t peak() const { return peak_; }
  // Area (level x microseconds) accumulated up to `now`.
  double area(SimTime now) const { return area_ + static_cast<double>(level_) * static_cast<double>(now - last_); }

 private:
  std::int64_t level_ = 0, peak_ = 0;
  SimTime last_ = 0;
  double area_ = 0;
};

class Relink;

class Component {
 public:
  Component(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  virtual ~Component() = default;

  // A copy of this model in its present state, for a copy of its world; it
  // points where the original did until relink() moves it to the copy.
  virtual std::unique_ptr<Component> clone() const = 0;
  // Re-points everything the model holds a pointer to; an override calls
  // its base's first.
  virtual void relink(const Relink& r);

  const std::string& id() const { return id_; }
  const std::string& type() const { return type_; }
  std::uint32_t index() const { return index_; }

  // (Re)reads every setting. Called once before wire() and again whenever a
  // command changes a setting mid-run, so a component has one place that
  // turns settings into behaviour.
  virtual void configure(World& world, const Settings& settings) = 0;
  // Resolves the component's targets once every component exists, and again
  // after every design change (so it starts from no targets each time).
  virtual void wire(World&, const ComponentSpec&) {}
  // A design command added this component at a step boundary: the first
  // configure(). Components with instances launch them as a scale-out would.
  virtual void start_mid_run(World& world, const Settings& settings) { configure(world, settings); }
  // The run starts: every component exists, is configured and wired (the
  // traffic source schedules its first arrival here).
  virtual void begin(World&) {}
  // A design command removes this component; it settles the work it holds
  // (docs/scenario-format.md, "Design changes") while its edges still stand.
  // Returns what that cost, in words, or "".
  virtual std::string shut_down(World&) { return ""; }
  virtual void on_event(World& world, const Event& event) = 0;
  // Called once per step boundary before sampling (timeouts, fluid updates).
  virtual void on_step_end(World&) {}
  // A request waiting in this component's wait list has timed out.
  virtual void on_abandoned(World&, RequestId) {}
  // Applies the scaling decision this component deferred with
  // World::defer_scaling at this boundary.
  virtual void apply_scaling(World&) {}

  // Billable units (instances) right now.
  virtual std::int64_t units() const { return 1; }
  // Capacity the utilization is measured against (slots, cores).
  virtual std::int64_t capacity() const { return 1; }
  // Requests waiting (not yet being served) right now.
  virtual std::int64_t queued() const { return 0; }
  // Whether the standard in-flight, queue and utilization series mean
  // anything here (a cache or a balancer has no line and no capacity);
  // skipping them keeps the per-step cost down.
  virtual bool has_load_series() const { return true; }
  // Component-specific figures for the report.
  virtual void report(nlohmann::json&) const {}

  const Settings& settings() const { return settings_; }
  void apply_settings(World& world, const Settings& settings) {
    settings_ = settings;
    configure(world, settings_);
  }
  // The one way a running component's settings change, for a player's `set`
  // command and for the autoscaler alike: each value is read against the
  // catalogue as a command's would be, then the component reconfigures once.
  void change_settings(World& world, const std::vector<std::pair<std::string, nlohmann::json>>& changes);

  // Samples the standard series; called by the world once per step.
  void sample(World& world, SimTime step);
  // Registers the in-flight, queue and utilization series (after construction,
  // when has_load_series() can be asked).
  void add_load_series(World& world);
  void write_report(nlohmann::json& out, SimTime run_time) const;

  // Counters, maintained by the model.
  struct Counters {
    std::uint64_t arrivals = 0, completions = 0, errors = 0;
  };
  Counters step_counts, total_counts;
  void count_arrival() { ++step_counts.arrivals; ++total_counts.arrivals; }
  void count_completion() { ++step_counts.completions; ++total_counts.completions; }
  void count_error() { ++step_counts.errors; ++total_counts.errors; }

  LevelMeter busy;       // units of capacity in use
  LevelMeter in_system;  // waiting + in service
  double cost = 0;
  double cost_per_month = 0;
  std::int64_t queue_peak = 0;

 protected:
  Component(const Component&) = default;
  Component& operator=(const Component&) = delete;
  // A pointer, not a reference, so a clone can move to its copy's world.
  World* world_;
  // Busy share of capacity() since the last sample: what this step's
  // utilization point will be. NaN when there is no capacity.
  double step_busy_share(SimTime now, SimTime step) const {
    const double cap = static_cast<double>(capacity());
    return cap > 0 ? (busy.area(now) - last_busy_area_) / (cap * static_cast<double>(step)) : std::nan("");
  }

 private:
  std::string id_, type_;
  Settings settings_;
  std::uint32_t index_;
  double per_second_factor_;   // counts per step -> per second
  double bill_per_unit_step_;  // dollars per instance per step
  Series *arrivals_, *completions_, *errors_;
  Series *in_flight_ = nullptr, *queue_ = nullptr, *utilization_ = nullptr;
  double last_busy_area_ = 0;
  double utilization_area_ = 0;  // sum of each step's busy share x its length
};

// Re-points a cloned component's pointers (to its world, to other
// components, into the world's series) from the original world to the copy.
// A component is found again by its index, a series by its place in the
// world's list; both are the same in the copy (docs/architecture.md,
// "Snapshots").
class Relink {
 public:
  Relink(const World& from, World& to);
  World& world() const { return to_; }
  void operator()(Series*& series) const;
  // A pointer to a component, or to one of the interfaces models implement.
  template <class T>
  void operator()(T*& p) const {
    if (!p) return;
    const auto* c = dynamic_cast<const Component*>(p);
    p = dynamic_cast<T*>(&to_.component(c->index()));
  }
  template <class T>
  void operator()(std::vector<T*>& ps) const {
    for (T*& p : ps) (*this)(p);
  }

 private:
  World& to_;
  std::unordered_map<const Series*, Series*> series_;
};

}  // namespace bp
