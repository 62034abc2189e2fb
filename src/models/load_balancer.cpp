#include "models/load_balancer.h"

#include "models/server.h"

namespace bp {

LoadBalancer::LoadBalancer(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month) {}

void LoadBalancer::configure(World&, const Settings& settings) {
  least_connections_ = settings.choice("algorithm") == "least_connections";
  latency_ = settings.duration("latency");
}

void LoadBalancer::wire(World& world, const ComponentSpec& spec) {
  servers_.clear();
  for (const auto& target : spec.targets)
    if (auto* s = dynamic_cast<Server*>(&world.component(world.index_of(target)))) servers_.push_back(s);
}

void LoadBalancer::route(World& world, RequestId id) {
  count_arrival();
  // Instances of every target server, in order, form one ring.
  std::size_t total = 0;
  for (const Server* s : servers_) total += s->instance_count();
  Server* chosen = nullptr;
  std::size_t chosen_instance = 0;
  std::int64_t best_load = 0;
  // Instance counts change mid-run, so the cursor is brought back into the
  // ring once; after that the walk wraps with a compare, not a division.
  if (cursor_ >= total) cursor_ = total > 0 ? cursor_ % total : 0;
  std::size_t position = cursor_;
  for (std::size_t k = 0; k < total; ++k, position = position + 1 == total ? 0 : position + 1) {
    std::size_t flat = position;
    Server* s = nullptr;
    for (Server* candidate : servers_) {
      if (flat < candidate->instance_count()) {
        s = candidate;
        break;
      }
      flat -= candidate->instance_count();
    }
    if (!s->healthy(flat)) continue;
    if (!least_connections_) {
      chosen = s;
      chosen_instance = flat;
      cursor_ = position + 1 == total ? 0 : position + 1;
      break;
    }
    const std::int64_t load = s->in_flight(flat);
    if (!chosen || load < best_load) {
      chosen = s;
      chosen_instance = flat;
      best_load = load;
    }
  }
  if (least_connections_ && total > 0) cursor_ = cursor_ + 1 == total ? 0 : cursor_ + 1;  // rotate ties
  Request& r = world.request(id);
  if (!chosen) {
    count_error();
    world.answer_error(id, ErrorReason::NoServer, world.now - r.born);
    world.free_request(id);
    return;
  }
  count_completion();
  r.instance = static_cast<std::uint32_t>(chosen_instance);
  world.schedule(world.now + latency_, chosen->index(), Server::kArrive, id);
}

void LoadBalancer::relink(const Relink& r) {
  Component::relink(r);
  r(servers_);
}

}  // namespace bp
