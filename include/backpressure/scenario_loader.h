#pragma once
// Loading scenario files. Every problem is reported as an InputError naming
// the file, the JSON path and what is wrong; unknown fields are errors.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/input_error.h"
#include "backpressure/json_input.h"
#include "backpressure/scenario.h"

namespace bp {

// "PATH=VALUE" as given to --set: PATH is a JSON Pointer, VALUE is JSON when
// it parses as JSON and a plain string otherwise ("/components/1/timeout=3s").
struct Override {
  std::string pointer;
  nlohmann::json value;
};
Override parse_override(const std::string& text);

// Reads the file, applies overrides in order, then validates.
Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {},
                            const Catalogue& catalogue = Catalogue::builtin());
// Validates an already-parsed document; `file` is used in messages only.
Scenario load_scenario(const nlohmann::json& doc, const std::string& file,
                       const Catalogue& catalogue = Catalogue::builtin());

// Applies --set overrides to a document in order; errors name `file`.
void apply_overrides(nlohmann::json& doc, const std::string& file, const std::vector<Override>& overrides);

// Parses "250ms", "2s", "1.5m", "36h", "2d", "800us", "10h30m" into microseconds.
// Returns false when the text is not such a duration.
bool parse_duration(const std::string& text, SimTime& out);

}  // namespace bp
