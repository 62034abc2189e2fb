#pragma once
// Parsing alert rules, shared by scenario files and the commands that let a
// player add or change them.
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"

namespace bp {

// One time an alert rule fired: from firing until its condition cleared,
// with when (if ever) the player acknowledged it. Displays read these
// through Simulator::alerts().
struct AlertEpisode {
  std::string id;
  std::string severity;
  std::string metric;
  std::string summary;
  double threshold = 0;
  bool above = true;
  SimTime fired = 0;
  SimTime resolved = -1;      // -1 while still firing
  SimTime acknowledged = -1;  // -1 while paging
  double value_at_fire = 0;
  double worst_value = 0;

  bool firing() const { return resolved < 0; }
  bool paging() const { return resolved < 0 && acknowledged < 0; }
};

// Reads one rule: {"id", "metric": "jobs/queue", "above" | "below": N,
// "for": "2m", "severity": "warning" | "critical", "summary"}.
// The metric's component must exist (or be "run"); whether the series exists
// is checked when the run starts.
AlertSpec parse_alert(const nlohmann::json& v, const std::string& file, const std::string& path,
                      const Scenario& scenario);

}  // namespace bp
