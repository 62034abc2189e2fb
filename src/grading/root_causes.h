#pragma once
// Root-cause analysis: names what went wrong in a run in the queue-backlog
// runbook's categories, each conclusion with evidence from the run's own
// numbers. It reads only what was measured (series, the design's settings),
// never the scenario's incident list: a player's run is explained the way an
// on-call engineer would explain it, from the dashboards. The rules and
// thresholds are documented in docs/grading.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/time.h"

namespace bp {

struct RunRecord;

struct RootCause {
  std::string category;   // producer_storm, consumer_outage, too_few_consumers, ...
  std::string component;  // where it shows: a queue, worker, database or "traffic"
  SimTime from = 0;
  SimTime until = -1;     // -1: still going at the end of the run
  std::string summary;    // one sentence
  std::vector<std::string> evidence;

  nlohmann::json to_json() const;
};

// The categories, in the order docs/grading.md lists them.
const std::vector<std::string>& root_cause_categories();
std::string root_cause_title(const std::string& category);

// Every cause found, in order of when it began. Empty for a healthy run.
std::vector<RootCause> find_root_causes(const RunRecord& run);

}  // namespace bp
