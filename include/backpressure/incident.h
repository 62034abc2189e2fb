#pragma once
// Parsing incidents, shared by scenario files and the trigger_incident command.
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"

namespace bp {

// The incident kinds, in the order the docs list them.
const std::vector<std::string>& incident_kinds();

// Reads one incident. `timed` says whether "at" is required (scenario files)
// or not allowed (a command triggers it now). Checks targets against the
// scenario's components and job types.
IncidentSpec parse_incident(const nlohmann::json& v, const std::string& file, const std::string& path,
                            const Scenario& scenario, bool timed);

}  // namespace bp
