#include "models/postgres.h"

namespace bp {

Postgres::Postgres(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : DatabaseNodes(world, spec, index, cost_per_month),
      connections_series_(&world.add_series(spec.id, "connections", "in use")),
      waits_series_(&world.add_series(spec.id, "connection_waits", "per s")) {
  resize(1);
}

void Postgres::configure(World& world, const Settings& settings) {
  read_ = settings.dist("read");
  write_ = settings.dist("write");
  set_limits(world, settings.integer("max_connections"), settings.integer("cores"));
}

void Postgres::query(World& world, RequestId id, QueryKind kind, std::uint32_t) { submit(world, 0, id, kind); }

void Postgres::on_step_end(World& world) {
  connections_series_->push(static_cast<double>(connections_in_use()));
  waits_series_->push(static_cast<double>(connection_waits_ - waits_seen_) / to_seconds(world.scenario.step));
  waits_seen_ = connection_waits_;
}

void Postgres::relink(const Relink& r) {
  DatabaseNodes::relink(r);
  r(connections_series_);
  r(waits_series_);
}

}  // namespace bp
