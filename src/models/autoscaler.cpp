#include "models/autoscaler.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/rounding.h"

namespace bp {

namespace {
// Utilization is averaged like the queue's rates: over about a minute.
constexpr double kUtilizationSeconds = 60.0;

}  // namespace

const char* Autoscaler::metric_name(Metric m) {
  switch (m) {
    case Metric::Off: return "off";
    case Metric::QueueDepth: return "queue_depth";
    case Metric::OldestAge: return "oldest_age";
    case Metric::Utilization: return "utilization";
  }
  return "off";
}

void Autoscaler::configure(const Settings& settings, SimTime step) {
  const std::string& name = settings.choice("autoscale");
  Metric metric = Metric::Off;
  if (name == "queue_depth") metric = Metric::QueueDepth;
  else if (name == "oldest_age") metric = Metric::OldestAge;
  else if (name == "utilization") metric = Metric::Utilization;
  if (metric != metric_) have_utilization_ = false;
  metric_ = metric;
  out_at_ = settings.number("scale_out_at");
  in_at_ = settings.number("scale_in_at");
  min_ = settings.integer("min_instances");
  max_ = settings.integer("max_instances");
  step_ = settings.integer("scale_step");
  cooldown_ = settings.duration("cooldown");
  alpha_ = 1.0 - std::exp(-to_seconds(step) / kUtilizationSeconds);
}

double Autoscaler::average_utilization(double share) {
  if (!std::isnan(share)) {
    utilization_ = have_utilization_ ? utilization_ + alpha_ * (share - utilization_) : share;
    have_utilization_ = true;
  }
  return have_utilization_ ? utilization_ : std::nan("");
}

std::int64_t Autoscaler::decide(SimTime now, std::int64_t current, double value) {
  if (changed_ && now - last_change_ < cooldown_) return current;
  const char* metric = metric_name(metric_);
  const double shown = round_to(value, 1e-3);
  std::int64_t want = current;
  // A count outside the bounds (a command moved them, or the design started
  // there) is brought inside first, whatever the metric says.
  if (current < min_) {
    want = min_;
    reason_ = fmt::format("below min_instances {}", min_);
  } else if (current > max_) {
    want = max_;
    reason_ = fmt::format("above max_instances {}", max_);
  } else if (value >= out_at_ && current < max_) {
    want = std::min(max_, current + step_);
    reason_ = fmt::format("{} {} >= scale_out_at {}", metric, shown, out_at_);
  } else if (value <= in_at_ && current > min_) {
    want = std::max(min_, current - step_);
    reason_ = fmt::format("{} {} <= scale_in_at {}", metric, shown, in_at_);
  }
  deciding_ = want != current;
  value_ = value;
  return want;
}

void Autoscaler::record(SimTime now, std::int64_t from, std::int64_t to) {
  changed_ = true;
  last_change_ = now;
  ++change_count_;
  decisions_ += deciding_;
  peak_ = std::max({peak_, from, to});
  if (changes_.size() < kKeptEvents)
    changes_.push_back({now, from, to, deciding_, metric_, deciding_ ? value_ : 0.0,
                        deciding_ ? reason_ : std::string("set by command")});
  deciding_ = false;
}

void Autoscaler::report(nlohmann::json& out, std::int64_t instances_now) const {
  nlohmann::json list = nlohmann::json::array();
  for (const Change& c : changes_) {
    nlohmann::json j{{"at_s", to_seconds(c.at)},
                     {"from", c.from},
                     {"to", c.to},
                     {"by", c.by_autoscaler ? "autoscaler" : "command"},
                     {"reason", c.reason}};
    if (c.by_autoscaler) {
      j["metric"] = metric_name(c.metric);
      j["value"] = std::isnan(c.value) ? nlohmann::json(nullptr) : nlohmann::json(round_to(c.value, 1e-6));
    }
    list.push_back(std::move(j));
  }
  out["scaling_events"] = std::move(list);
  out["scaling_event_count"] = change_count_;
  out["autoscale_decisions"] = decisions_;
  out["instances_max"] = std::max(peak_, instances_now);
}

}  // namespace bp
