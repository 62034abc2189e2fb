#include "models/replica.h"

#include <algorithm>

#include "models/postgres.h"

namespace bp {

Replica::Replica(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : DatabaseNodes(world, spec, index, cost_per_month),
      lag_series_(&world.add_series(spec.id, "lag", "ms")) {}

void Replica::configure(World& world, const Settings& settings) {
  base_lag_ = settings.duration("base_lag");
  apply_rate_ = settings.number("apply_rate");
  read_ = settings.dist("read");
  write_ = read_;
  active_ = settings.integer("instances");
  if (static_cast<std::size_t>(active_) > nodes_.size()) resize(static_cast<std::size_t>(active_));
  set_limits(world, 0, settings.integer("cores"));
  if (lag_ < base_lag_) lag_ = base_lag_;
}

void Replica::wire(World& world, const ComponentSpec&) {
  for (std::uint32_t i = 0; i < world.component_count(); ++i)
    if (auto* p = dynamic_cast<Postgres*>(&world.component(i)); p && !world.removed(i)) primary_ = p;
}

void Replica::query(World& world, RequestId id, QueryKind kind, std::uint32_t reply_to) {
  if (active_ == 0) {
    // No replica running: the read falls back to the primary.
    primary_->query(world, id, kind, reply_to);
    return;
  }
  const std::size_t n = next_node_++ % static_cast<std::size_t>(active_);
  submit(world, n, id, kind);
}

void Replica::on_step_end(World& world) {
  // Replay is not on the request path, so it is modelled as a fluid: the
  // backlog of unreplayed writes grows with the primary's writes and shrinks
  // at the replay rate; lag is the time to replay it plus the base delay.
  const double step_s = to_seconds(world.scenario.step);
  const std::uint64_t total_writes = primary_ ? primary_->writes_done() : 0;
  const double writes = static_cast<double>(total_writes - writes_seen_);
  writes_seen_ = total_writes;
  replay_backlog_ = std::max(0.0, replay_backlog_ + writes - apply_rate_ * step_s);
  lag_ = base_lag_ + extra_lag_ + static_cast<SimTime>(replay_backlog_ / apply_rate_ * kSecond);
  max_lag_ = std::max(max_lag_, lag_);
  lag_series_->push(to_millis(lag_));
}

void Replica::report(nlohmann::json& out) const {
  DatabaseNodes::report(out);
  out["lag_ms_at_end"] = to_millis(lag_);
  out["lag_ms_max"] = to_millis(max_lag_);
}

void Replica::relink(const Relink& r) {
  DatabaseNodes::relink(r);
  r(primary_);
  r(lag_series_);
}

}  // namespace bp
