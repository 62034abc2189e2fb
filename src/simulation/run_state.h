#pragma once
// Everything one run holds: the world the models share (clock, events,
// pools, components, measurements) and what acts on it from outside the
// models (incidents, alert rules). The Simulator facade owns one.
#include <cstdint>

#include "backpressure/scenario.h"
#include "simulation/alerts.h"
#include "simulation/incidents.h"
#include "world/world.h"

namespace bp {

class RunState {
 public:
  // Builds the scenario's design, registers its incidents and alert rules.
  // Throws InputError for an alert rule on a series the design lacks.
  RunState(const Scenario& scenario, std::uint64_t seed);
  // A copy that continues exactly as this run would (docs/architecture.md,
  // "Snapshots"). It shares the scenario.
  RunState(const RunState& other);
  RunState& operator=(const RunState&) = delete;

  // One fixed step: incidents due at the boundary start or end, the step's
  // events run and are sampled, then alert rules look at the new samples.
  void step();

  World world;
  IncidentRunner incidents;
  AlertEngine alerts;
};

}  // namespace bp
