#pragma once
// Grading a run against its scenario's contract. Pure arithmetic over what
// the run measured; the formula is documented in docs/grading.md.
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/command.h"

namespace bp {

struct RunRecord;

// The "grade" section of the report: each contract item with its target,
// measured value, pass/fail, first breach and points; the score and letter;
// and, per incident, how long until an alert fired and until the player
// acted. Without a contract, only the timeline is filled in.
nlohmann::json grade_run(const RunRecord& run, const nlohmann::json& report);

// Letter for a score, given whether every contract item passed.
std::string letter_for(double score, bool all_passed);

}  // namespace bp
