#pragma once
// Talking points: a few plain sentences, generated from the run, that a
// candidate could use to explain what happened in an interview or a
// post-incident review: what went wrong, how fast the backlog grew, when
// backpressure reached users, how the alerts and the player responded, and
// which command turned it around. Built from the run's series and the report
// (root causes, contract, alerts, commands); docs/grading.md lists the rules.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bp {

struct RunRecord;

// `report` is the run's report with "grade" and "root_causes" filled in.
std::vector<std::string> talking_points(const RunRecord& run, const nlohmann::json& report);

// A command from the report in words: "set workers.instances to 4".
std::string describe_command(const nlohmann::json& command);

}  // namespace bp
