#pragma once
// Two runs side by side, as `backpressure-sim compare` prints and writes them.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/simulator.h"
#include "grading/compare.h"

namespace bp {

struct Comparison {
  nlohmann::json report_a, report_b;
  std::int64_t split_step = -1;  // first step whose samples differ; -1: never
  double split_s = -1;           // when that step began, in simulated seconds
  std::int64_t from_step = 0;    // where B branched from A (0: two whole runs)
  std::vector<ReportDifference> differences;
};

// The report cards' items in two columns, changed ones marked, then one
// sentence per change and the split.
void print_comparison(std::ostream& out, const Comparison& c);
// Both reports, the split and the differences, for --report.
nlohmann::json comparison_json(const Comparison& c);
// Both runs' series at their stored resolution, A's columns then B's.
std::string series_csv_pair(const Simulator& a, const Simulator& b);

}  // namespace bp
