#include "backpressure/live_design.h"

#include "simulation/commands.h"

namespace bp {

nlohmann::json live_design_json(const Simulator& sim, const Catalogue& catalogue, const std::string& title) {
  // The scenario with its design swapped for the live one, so one writer
  // serves both and a saved live design reads like any other.
  Scenario now = sim.scenario();
  now.components.clear();
  for (const auto& c : sim.design()) {
    if (c.removed()) continue;
    ComponentSpec spec;
    spec.id = c.id;
    spec.type = c.type;
    spec.targets = c.targets;
    spec.settings = c.settings;
    now.components.push_back(std::move(spec));
  }
  now.jobs = sim.jobs();
  // Changes made while paused wait for the next step; the player saving
  // now expects them in the design.
  for (const Command& c : sim.pending()) project_command(c, now.components, now.jobs);
  return design_json(now, catalogue, title);
}

}  // namespace bp
