#pragma once
// Design files: the player's part of a scenario (components, wiring,
// settings and job retry policies) saved on its own and applied to the
// scenario it was made for. The desktop game saves designs in this format;
// `backpressure-sim run SCENARIO --design FILE` plays one. The format is
// documented in docs/design-format.md.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/scenario.h"
#include "backpressure/scenario_loader.h"

namespace bp {

constexpr int kDesignFormatVersion = 1;

// A design checked for shape (version, fields, lists); whether it fits its
// scenario is checked by apply_design.
struct Design {
  std::string file;         // for messages
  std::string scenario_id;  // the scenario it was made for
  std::string title;        // optional: "Three workers and a DLQ"
  nlohmann::json doc;       // the document as read
  // Optional: where the desktop game drew each card (component id -> canvas
  // pixels). UI only; the simulation never reads it.
  struct Point { double x = 0, y = 0; };
  std::map<std::string, Point> layout;
};

// True when a parsed JSON document looks like a design rather than a
// scenario or a command script (it names a scenario and has no traffic).
bool looks_like_design(const nlohmann::json& doc);

Design parse_design(const nlohmann::json& doc, const std::string& file);
Design load_design_file(const std::string& path);

// The scenario with its design replaced by this one: components and wiring,
// the traffic entry when the design gives one, and the retry policy of the
// job types it lists. Overrides (--set) then apply to the combined document,
// so /components/N paths point into the design. The result is validated like
// a scenario file; problems inside the design name the design file and its
// JSON path, and so does a design that does not fit the scenario (a
// component type the scenario does not allow, an incident or alert aimed at
// a component the design lacks).
Scenario apply_design(const Scenario& scenario, const Design& design, const std::vector<Override>& overrides = {},
                      const Catalogue& catalogue = Catalogue::builtin());

// The design of a scenario as a design document: every component with the
// settings that differ from the catalogue's defaults, written as they were
// given, plus the entry and every job type's retry policy. Applying it to
// the same scenario gives back the same design.
nlohmann::json design_json(const Scenario& scenario, const Catalogue& catalogue = Catalogue::builtin(),
                           const std::string& title = "");

}  // namespace bp
