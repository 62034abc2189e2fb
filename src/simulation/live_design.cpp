#include "backpressure/live_design.h"

#include "simulation/commands.h"

namespace bp {

namespace {

// The live design and job types with the pending commands projected onto
// them, through the command table's projections.
void plan(const Simulator& sim, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs) {
  for (const auto& c : sim.design()) {
    if (c.removed()) continue;
    ComponentSpec spec;
    spec.id = c.id;
    spec.type = c.type;
    spec.targets = c.targets;
    spec.settings = c.settings;
    design.push_back(std::move(spec));
  }
  jobs = sim.jobs();
  for (const Command& c : sim.pending()) project_command(c, design, jobs);
}

}  // namespace

std::vector<ComponentSpec> planned_design(const Simulator& sim) {
  std::vector<ComponentSpec> design;
  std::vector<JobSpec> jobs;
  plan(sim, design, jobs);
  return design;
}

nlohmann::json live_design_json(const Simulator& sim, const Catalogue& catalogue, const std::string& title) {
  // The scenario with its design swapped for the live one, so one writer
  // serves both and a saved live design reads like any other. Changes made
  // while paused wait for the next step; the player saving now expects them
  // in the design.
  Scenario now = sim.scenario();
  now.components.clear();
  plan(sim, now.components, now.jobs);
  return design_json(now, catalogue, title);
}

}  // namespace bp
