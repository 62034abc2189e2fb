#include "models/factory.h"

#include <stdexcept>

#include "backpressure/catalogue.h"
#include "models/analytics.h"
#include "models/load_balancer.h"
#include "models/postgres.h"
#include "models/queue.h"
#include "models/redis.h"
#include "models/replica.h"
#include "models/server.h"
#include "models/stream.h"
#include "models/traffic_source.h"
#include "models/worker.h"
#include "world/world.h"

namespace bp {

std::unique_ptr<Component> make_component(World& world, const ComponentSpec& spec, std::uint32_t index) {
  if (spec.type == "traffic") return std::make_unique<TrafficSource>(world, spec, index, world.scenario.traffic);
  const ComponentType* type = Catalogue::builtin().find(spec.type);
  const double cost = type ? type->cost_per_month : 0.0;
  if (spec.type == "server") return std::make_unique<Server>(world, spec, index, cost);
  if (spec.type == "lb") return std::make_unique<LoadBalancer>(world, spec, index, cost);
  if (spec.type == "postgres") return std::make_unique<Postgres>(world, spec, index, cost);
  if (spec.type == "replica") return std::make_unique<Replica>(world, spec, index, cost);
  if (spec.type == "redis") return std::make_unique<Redis>(world, spec, index, cost);
  if (spec.type == "queue") return std::make_unique<Queue>(world, spec, index, cost);
  if (spec.type == "worker") return std::make_unique<Worker>(world, spec, index, cost);
  if (spec.type == "stream") return std::make_unique<Stream>(world, spec, index, cost);
  if (spec.type == "analytics") return std::make_unique<Analytics>(world, spec, index, cost);
  throw std::logic_error("no model for component type " + spec.type);
}

}  // namespace bp
