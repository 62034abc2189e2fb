#pragma once
// `backpressure-sim grade`: every design handed in for one scenario, run and
// graded, one row each, for an instructor marking a class. A design that
// cannot be read or does not fit the scenario gets its error in its row.
// Documented in docs/grading.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bp {

struct GradeOptions {
  std::string scenario, commands_path, format = "table", output_path;
  std::vector<std::string> designs;  // files or folders
  std::optional<std::uint64_t> seed;
  unsigned jobs = 0;  // 0: one per core
};

// Prints the table; returns 2 when any design could not be run, 0 otherwise.
int grade_command(const GradeOptions& options);

}  // namespace bp
