#pragma once
// `backpressure-sim compare`: two runs of one scenario (two designs, two
// command scripts, or one run branched at --from), their report cards side
// by side and the step where their futures split. docs/timelines.md.
#include <cstdint>
#include <optional>
#include <string>

namespace bp {

struct CompareOptions {
  std::string scenario, design_a, design_b, commands_a, commands_b, from, report_path, series_path;
  std::optional<std::uint64_t> seed;
  bool quiet = false;
};

int compare_command(const CompareOptions& options);

}  // namespace bp
