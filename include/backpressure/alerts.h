#pragma once
// Parsing alert rules, shared by scenario files and the commands that let a
// player add or change them.
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"

namespace bp {

// Reads one rule: {"id", "metric": "jobs/queue", "above" | "below": N,
// "for": "2m", "severity": "warning" | "critical", "summary"}.
// The metric's component must exist (or be "run"); whether the series exists
// is checked when the run starts.
AlertSpec parse_alert(const nlohmann::json& v, const std::string& file, const std::string& path,
                      const Scenario& scenario);

}  // namespace bp
