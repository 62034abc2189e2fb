#include "world/component.h"

#include <cmath>

#include "backpressure/catalogue.h"
#include "engine/rounding.h"

namespace bp {

namespace {
}  // namespace

Relink::Relink(const World& from, World& to) : to_(to) {
  series_.reserve(from.series().size());
  for (std::size_t i = 0; i < from.series().size(); ++i) series_.emplace(&from.series()[i], &to.series()[i]);
}

void Relink::operator()(Series*& series) const {
  if (series) series = series_.at(series);
}

void Component::relink(const Relink& r) {
  world_ = &r.world();
  for (Series** s : {&arrivals_, &completions_, &errors_, &in_flight_, &queue_, &utilization_}) r(*s);
}

Component::Component(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month_)
    : cost_per_month(cost_per_month_), world_(&world), id_(spec.id), type_(spec.type), settings_(spec.settings), index_(index),
      per_second_factor_(static_cast<double>(kSecond) / static_cast<double>(world.scenario.step)),
      bill_per_unit_step_(cost_per_month_ * static_cast<double>(world.scenario.step) / static_cast<double>(kMonth)) {
  arrivals_ = &world.add_series(id_, "arrivals", "per s");
  completions_ = &world.add_series(id_, "completions", "per s");
  errors_ = &world.add_series(id_, "errors", "per s");
}

void Component::add_load_series(World& world) {
  if (!has_load_series()) return;
  in_flight_ = &world.add_series(id_, "in_flight", "requests");
  queue_ = &world.add_series(id_, "queue", "waiting");
  utilization_ = &world.add_series(id_, "utilization", "share");
}

void Component::sample(World& world, SimTime step) {
  const double per_s = per_second_factor_;
  arrivals_->push(static_cast<double>(step_counts.arrivals) * per_s);
  completions_->push(static_cast<double>(step_counts.completions) * per_s);
  errors_->push(static_cast<double>(step_counts.errors) * per_s);
  if (in_flight_) {
    in_flight_->push(static_cast<double>(in_system.level()));
    const std::int64_t q = queued();
    if (q > queue_peak) queue_peak = q;
    queue_->push(static_cast<double>(q));
    const double area = busy.area(world.now);
    const double cap = static_cast<double>(capacity());
    const double share = cap > 0 ? (area - last_busy_area_) / (cap * static_cast<double>(step)) : 0.0;
    utilization_->push(share);
    utilization_area_ += share * static_cast<double>(step);
    last_busy_area_ = area;
  }
  step_counts = {};
  const double bill = static_cast<double>(units()) * bill_per_unit_step_;
  cost += bill;
  world.totals.cost += bill;
}

void Component::change_settings(World& world, const std::vector<std::pair<std::string, nlohmann::json>>& changes) {
  const ComponentType& type = *Catalogue::builtin().find(type_);
  Settings next = settings_;
  for (const auto& [key, value] : changes)
    next.set(key, Catalogue::builtin().parse_setting(*type.find(key), value, "command", "/value"));
  apply_settings(world, next);
}

void Component::write_report(nlohmann::json& out, SimTime run_time) const {
  const double t = static_cast<double>(run_time);
  out["type"] = type_;
  out["arrivals"] = total_counts.arrivals;
  out["completions"] = total_counts.completions;
  out["errors"] = total_counts.errors;
  out["cost_usd"] = round_to(cost, 0.01);
  // Each step's busy share is taken against the capacity of that step: one
  // capacity for the whole run (the one at the end) overstates it after a
  // scale-in and understates it after a scale-out.
  const double cap = static_cast<double>(capacity());
  const double area = in_flight_ ? utilization_area_ : cap > 0 ? busy.area(run_time) / cap : 0.0;
  out["utilization_mean"] = t > 0 ? round_to(area / t, 1e-6) : 0.0;
  out["in_system_mean"] = t > 0 ? round_to(in_system.area(run_time) / t, 1e-6) : 0.0;
  out["in_system_max"] = in_system.peak();
  out["queue_max"] = queue_peak;
  out["units_at_end"] = units();
  report(out);
}

}  // namespace bp
