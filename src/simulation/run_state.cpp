#include "simulation/run_state.h"

#include <string>

#include "backpressure/input_error.h"
#include "models/factory.h"
#include "world/component.h"

namespace bp {

RunState::RunState(const Scenario& scenario, std::uint64_t seed) : world(scenario, seed, make_component) {
  for (const auto& incident : scenario.incidents) incidents.add(world, incident);
  for (std::size_t i = 0; i < scenario.alerts.size(); ++i)
    if (const std::string problem = alerts.set_rule(world, scenario.alerts[i]); !problem.empty())
      throw InputError(scenario.file, "/alerts/" + std::to_string(i) + "/metric", problem);
}

RunState::RunState(const RunState& other)
    : world(other.world, World::Copy{}), incidents(other.incidents), alerts(other.alerts) {
  alerts.relink(other.world, world);
}

void RunState::step() {
  incidents.on_boundary(world);
  world.run_step();
  alerts.evaluate(world.now);
}

}  // namespace bp
