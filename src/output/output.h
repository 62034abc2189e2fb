#pragma once
// What the headless tool prints and writes.
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/simulator.h"

namespace bp {

void print_summary(std::ostream& out, const Simulator& sim, const nlohmann::json& report);
// Every series at its stored resolution, one row per point, one column per series.
std::string series_csv(const Simulator& sim);
// Writes via a temporary file and a rename, so a reader never sees half a file.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace bp
