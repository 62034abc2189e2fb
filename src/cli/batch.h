#pragma once
// Many runs at once, for `sweep` and `grade`: each run is independent (its
// own scenario, simulator and seed), so they spread over all cores and the
// results come back in the order they were asked for, whatever finished first.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"
#include "output/table.h"

namespace bp {

// Calls job(0..count-1) on `threads` threads (0: one per core).
void run_parallel(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job);

// What one run came to, or why it could not run.
struct Outcome {
  std::string error;     // empty when the run went through
  nlohmann::json report;  // the full report when it did
};

// Runs a loaded scenario to the end (with a command script when given).
// Never throws: a bad script or a refused command becomes the error.
Outcome run_outcome(const Scenario& scenario, std::optional<std::uint64_t> seed, const std::string& commands_path);

// The outcome columns every table shares, after the caller's own columns.
std::vector<std::string> outcome_columns();
std::vector<nlohmann::json> outcome_cells(const Outcome& outcome);

// Folders stand for every .json file under them, in name order; other
// arguments pass through as they are.
std::vector<std::string> expand_folders(const std::vector<std::string>& args);

// Writes a table to `path`, or to standard output when it is empty.
void emit_table(const Table& table, const std::string& format, const std::string& path);

// Writes one row per outcome: the caller's own leading cells, then the shared
// outcome cells. Returns the exit status: 2 when any run failed, else 0.
int emit_outcomes(std::vector<std::string> lead_columns, std::vector<std::vector<nlohmann::json>> lead_cells,
                  const std::vector<Outcome>& outcomes, const std::string& format, const std::string& path);

// Splits "a,b,c" at top-level commas; "[...]" as a whole is a JSON list.
// Brackets, braces and quotes keep a value's own commas inside it.
std::vector<std::string> split_values(const std::string& text);

}  // namespace bp
