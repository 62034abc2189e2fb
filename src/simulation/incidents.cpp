#include "simulation/incidents.h"

#include <algorithm>

#include "models/postgres.h"
#include "models/producer.h"
#include "models/redis.h"
#include "models/replica.h"
#include "models/server.h"
#include "models/traffic_source.h"
#include "models/worker.h"
#include "world/world.h"

namespace bp {

namespace {
template <typename T>
T& target_of(World& world, const IncidentSpec& spec) {
  return dynamic_cast<T&>(world.component(world.index_of(spec.target)));
}
}  // namespace

void IncidentRunner::add(World& world, const IncidentSpec& spec) {
  Running r;
  r.spec = spec;
  if (spec.kind == "batch_upload") {
    ComponentSpec producer;
    producer.id = spec.id;
    producer.type = "producer";
    const auto index = static_cast<std::uint32_t>(world.component_count());
    r.producer = world.add_component(std::make_unique<Producer>(world, producer, index, spec), producer);
  }
  incidents_.push_back(std::move(r));
}

bool IncidentRunner::has(const std::string& id) const {
  for (const auto& r : incidents_)
    if (r.spec.id == id) return true;
  return false;
}

SimTime IncidentRunner::ended_at(const World& world, const Running& r) const {
  if (r.ended >= 0 || r.producer == 0xffffffffu) return r.ended;
  return static_cast<const Producer&>(world.component(r.producer)).finished_at();
}

void IncidentRunner::on_boundary(World& world) {
  for (auto& r : incidents_) {
    r.ended = ended_at(world, r);
    if (r.started < 0 && world.now >= r.spec.at) begin(world, r);
    if (r.started >= 0 && r.ended < 0 && r.spec.duration > 0 && world.now >= r.started + r.spec.duration) end(world, r);
  }
}

void IncidentRunner::begin(World& world, Running& r) {
  r.started = world.now;
  const IncidentSpec& s = r.spec;
  if (s.kind == "batch_upload") static_cast<Producer&>(world.component(r.producer)).begin(world);
  else if (s.kind == "worker_crash") r.crashed = target_of<Worker>(world, s).crash(world, s.count);
  else if (s.kind == "cache_flush") target_of<Redis>(world, s).flush();
  else if (s.kind == "replica_lag") target_of<Replica>(world, s).add_lag(s.extra_lag);
  else if (s.kind == "server_crash") r.crashed = target_of<Server>(world, s).crash(world, s.count);
  else if (s.kind == "downstream_outage") ++world.job_effects[s.job].outages;
  else reapply(world, s);
  if (s.kind == "cache_flush") r.ended = world.now;  // instantaneous
}

void IncidentRunner::end(World& world, Running& r) {
  r.ended = world.now;
  const IncidentSpec& s = r.spec;
  if (s.kind == "batch_upload") static_cast<Producer&>(world.component(r.producer)).stop(world);
  else if (s.kind == "worker_crash") target_of<Worker>(world, s).recover(world, r.crashed);
  else if (s.kind == "replica_lag") target_of<Replica>(world, s).add_lag(-s.extra_lag);
  else if (s.kind == "server_crash") target_of<Server>(world, s).recover(world, r.crashed);
  else if (s.kind == "downstream_outage") --world.job_effects[s.job].outages;
  else reapply(world, s);
}

void IncidentRunner::reapply(World& world, const IncidentSpec& changed) {
  const std::string& kind = changed.kind;
  const auto same = [&](const Running& r) { return r.active() && r.spec.kind == kind; };
  if (kind == "slow_processing" || kind == "slow_database" || kind == "traffic_spike") {
    // Factors multiply, always in the same order, from exactly 1.
    double factor = 1;
    for (const auto& r : incidents_)
      if (same(r) && r.spec.target == changed.target) factor *= r.spec.factor;
    if (kind == "slow_processing") target_of<Worker>(world, changed).set_job_time_factor(factor);
    else if (kind == "slow_database") target_of<Postgres>(world, changed).set_service_factor(factor);
    else static_cast<TrafficSource&>(world.component(world.traffic_index())).set_rate_multiplier(world, factor);
  } else if (kind == "poison_jobs") {
    double share = 0;
    for (const auto& r : incidents_)
      if (same(r) && r.spec.job == changed.job) share = std::max(share, r.spec.share);
    world.job_effects[changed.job].poison_share = share;
  } else if (kind == "retry_storm") {
    // Users follow the policy of the storm that started last.
    const Running* latest = nullptr;
    for (const auto& r : incidents_)
      if (same(r) && (!latest || r.started >= latest->started)) latest = &r;
    world.client_retries = latest ? World::ClientRetries{latest->spec.retries, latest->spec.retry_delay} : World::ClientRetries{};
  }
}

bool IncidentRunner::set_paused(World& world, const std::string& id, bool paused) {
  for (auto& r : incidents_)
    if (r.spec.id == id && r.producer != 0xffffffffu) {
      static_cast<Producer&>(world.component(r.producer)).set_paused(world, paused);
      return true;
    }
  return false;
}

nlohmann::json IncidentRunner::report(const World& world) const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : incidents_) {
    nlohmann::json j{{"id", r.spec.id}, {"kind", r.spec.kind}};
    if (!r.spec.target.empty()) j["target"] = r.spec.target;
    j["started_s"] = r.started >= 0 ? nlohmann::json(to_seconds(r.started)) : nlohmann::json(nullptr);
    const SimTime ended = ended_at(world, r);
    j["ended_s"] = ended >= 0 ? nlohmann::json(to_seconds(ended)) : nlohmann::json(nullptr);
    list.push_back(std::move(j));
  }
  return list;
}

}  // namespace bp
