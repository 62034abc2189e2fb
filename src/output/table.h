#pragma once
// One table, three ways to print it: aligned for a terminal, CSV for a
// spreadsheet, JSON for a script. Used by `sweep` and `grade`.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bp {

struct Table {
  std::vector<std::string> columns;
  // Cells are JSON values: numbers, strings, booleans, or null (empty).
  std::vector<std::vector<nlohmann::json>> rows;
};

// "table", "csv" or "json"; anything else throws std::invalid_argument.
std::string render_table(const Table& table, const std::string& format);

}  // namespace bp
