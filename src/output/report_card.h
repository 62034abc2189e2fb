#pragma once
// The report card `backpressure-sim run` prints: each contract item with a
// tick or a cross, the timeline of incidents, alerts and commands, the root
// causes with their evidence, and the talking points. Everything comes from
// the JSON report, so the card and the file never disagree.
#include <ostream>

#include <nlohmann/json.hpp>

namespace bp {

void print_report_card(std::ostream& out, const nlohmann::json& report);

}  // namespace bp
