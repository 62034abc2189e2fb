#pragma once
// Autoscaling of a component's instance count on a metric, shared by workers
// and servers. The component measures the metric at each step boundary; this
// class decides (thresholds, bounds, step, cooldown) and keeps the record of
// every change to the instance count, whoever made it.
//
// A decision is not applied here: the component applies it after the
// boundary has been sampled, through the same settings change a player's
// `set instances` command makes, so each step is measured and billed with one
// instance count and there is one scaling mechanism, not two.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/settings.h"
#include "backpressure/time.h"

namespace bp {

class Autoscaler {
 public:
  enum class Metric : std::uint8_t { Off, QueueDepth, OldestAge, Utilization };
  static const char* metric_name(Metric m);

  // Reads autoscale, scale_out_at, scale_in_at, min/max_instances,
  // scale_step and cooldown. A change of metric restarts its average.
  void configure(const Settings& settings, SimTime step);
  Metric metric() const { return metric_; }
  bool on() const { return metric_ != Metric::Off; }

  // Folds one step's busy share into an average over about a minute, so one
  // busy step does not buy an instance. NaN (nothing could be busy) leaves
  // the average as it was. Returns the average, NaN before any sample.
  double average_utilization(double share);

  // The instance count the metric asks for at this boundary; `current` means
  // hold. A change is remembered as the autoscaler's until record() sees it.
  std::int64_t decide(SimTime now, std::int64_t current, double value);

  // A change of the instance count: the autoscaler's last decision if one is
  // pending, otherwise a player's command. The cooldown counts from here.
  void record(SimTime now, std::int64_t from, std::int64_t to);

  // scaling_events, scaling_event_count, autoscale_decisions, instances_max.
  void report(nlohmann::json& out, std::int64_t instances_now) const;

  // The report keeps the first this many changes; the counts stay exact.
  static constexpr std::size_t kKeptEvents = 1000;

 private:
  struct Change {
    SimTime at;
    std::int64_t from, to;
    bool by_autoscaler;
    Metric metric;
    double value;
    std::string reason;
  };

  Metric metric_ = Metric::Off;
  double out_at_ = 0, in_at_ = 0;
  std::int64_t min_ = 0, max_ = 0, step_ = 1;
  SimTime cooldown_ = 0;
  double alpha_ = 1;  // weight of a new step in the utilization average
  double utilization_ = 0;
  bool have_utilization_ = false;

  bool changed_ = false;  // the instance count changed since the start
  SimTime last_change_ = 0;

  bool deciding_ = false;  // a decision waits to be applied
  std::string reason_;
  double value_ = 0;

  std::vector<Change> changes_;
  std::uint64_t change_count_ = 0, decisions_ = 0;
  std::int64_t peak_ = 0;
};

}  // namespace bp
