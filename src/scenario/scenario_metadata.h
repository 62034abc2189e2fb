#pragma once
// The scenario's words and rules for the player, as opposed to its model:
// the pitch, briefing, difficulty, hints, interview questions and which
// component types are on offer (all new in format 2).
#include "backpressure/catalogue.h"
#include "backpressure/scenario.h"
#include "scenario/json_reader.h"

namespace bp {

// Reads the metadata fields of the top-level object. Fields that only
// exist from format 2 are refused in a file that declares an older version.
void read_scenario_metadata(ObjectReader& top, std::int64_t version, Scenario& s, const Catalogue& catalogue);

// The difficulty words a scenario may use, easiest first.
const std::vector<std::string>& difficulty_levels();

// Every component of the design must be of an allowed type.
void check_allowed_components(const Scenario& s);

}  // namespace bp
