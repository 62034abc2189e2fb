#pragma once
// `backpressure-sim sweep`: one run per value (or combination of values) of
// the --set lists, as a table of outcomes, to show where a contract starts
// to hold. Documented in docs/grading.md.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bp {

// The most runs one sweep makes (the product of its value lists' lengths).
// Each run takes a second or more, so this is hours already; the bound
// keeps the list of combinations from exhausting memory before any run.
inline constexpr std::size_t kMaxSweepRuns = 10000;

struct SweepOptions {
  std::string file, design_path, commands_path, format = "table", output_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  unsigned jobs = 0;  // 0: one per core
};

// Prints the table; returns 2 when a value could not be run (its row says
// why), 0 otherwise.
int sweep_command(const SweepOptions& options);

}  // namespace bp
