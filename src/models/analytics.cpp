#include "models/analytics.h"

#include <algorithm>
#include <cmath>

namespace bp {

Analytics::Analytics(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month),
      buffer_series_(&world.add_series(spec.id, "buffer", "events")),
      processed_series_(&world.add_series(spec.id, "ingested", "events per s")) {}

void Analytics::configure(World&, const Settings& settings) {
  instances_ = settings.integer("instances");
  per_second_ = settings.number("ingest_capacity") * static_cast<double>(instances_);
  buffer_limit_ = static_cast<double>(settings.integer("buffer"));
}

void Analytics::count_arrivals() {
  // Arrivals count whole events, direct or read from a stream.
  const auto whole = static_cast<std::uint64_t>(received_ + from_stream_ + 1e-9);
  step_counts.arrivals += whole - total_counts.arrivals;
  total_counts.arrivals = whole;
}

void Analytics::emit(World&, std::int64_t events) {
  received_ += static_cast<double>(events);
  count_arrivals();
  buffer_ += static_cast<double>(events);
  if (buffer_limit_ > 0 && buffer_ > buffer_limit_) {
    const double over = buffer_ - buffer_limit_;
    dropped_ += over;
    step_counts.errors += static_cast<std::uint64_t>(std::llround(over));
    total_counts.errors += static_cast<std::uint64_t>(std::llround(over));
    buffer_ = buffer_limit_;
  }
  buffer_peak_ = std::max(buffer_peak_, buffer_);
}

double Analytics::budget(World& world) {
  if (budget_step_ != world.step_index) {
    budget_step_ = world.step_index;
    budget_ = per_second_ * to_seconds(world.scenario.step);
  }
  return budget_;
}

void Analytics::ingest(double events) {
  budget_ -= events;
  processed_ += events;
  step_processed_ += events;
  // Completions count whole events, so the counters stay integers while the
  // fluid carries the fractions.
  const auto whole = static_cast<std::uint64_t>(processed_ + 1e-9);
  step_counts.completions += whole - counted_processed_;
  total_counts.completions += whole - counted_processed_;
  counted_processed_ = whole;
}

void Analytics::ingest_from_stream(World& world, double events) {
  budget(world);
  from_stream_ += events;
  count_arrivals();
  ingest(events);
}

void Analytics::on_step_end(World& world) {
  const double take = std::min(buffer_, budget(world));
  if (take > 0) {
    buffer_ -= take;
    ingest(take);
  }
  buffer_series_->push(buffer_);
  processed_series_->push(step_processed_ / to_seconds(world.scenario.step));
  step_processed_ = 0;
}

void Analytics::report(nlohmann::json& out) const {
  out["received_direct"] = std::llround(received_);
  out["from_stream"] = std::llround(from_stream_);
  out["ingested"] = std::llround(processed_);
  out["dropped"] = std::llround(dropped_);
  out["buffer_at_end"] = std::llround(buffer_);
  out["buffer_max"] = std::llround(buffer_peak_);
  out["ingest_capacity_per_s"] = per_second_;
}

void Analytics::relink(const Relink& r) {
  Component::relink(r);
  r(buffer_series_);
  r(processed_series_);
}

}  // namespace bp
