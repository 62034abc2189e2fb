#pragma once
// Two runs set side by side: where their futures split and how their
// reports differ. Used by `backpressure-sim compare` and, later, the game's
// timeline view.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/series.h"

namespace bp {

// True when the latest step's samples differ (bit for bit) in any series the
// two runs share, or when they do not have the same series. Called after
// every lockstep step, it finds the first step where two futures split.
bool series_differ_now(const std::deque<Series>& a, const std::deque<Series>& b);

// One measured item of two reports (docs/timelines.md lists them).
struct ReportDifference {
  std::string item;   // "uptime", "p95", "cost", ...
  std::string label;  // "Uptime"
  nlohmann::json a, b;
  bool changed = false;
  std::string sentence;  // what changed, in words; "" when unchanged
};

// The items the report card shows, A beside B: the grade, each contract
// item (with a sentence saying what changed and when the futures split),
// P95, cost, success, root-cause categories and each incident's detection
// and response delays. `split_s` is when the futures split (simulated
// seconds, -1: never).
std::vector<ReportDifference> diff_reports(const nlohmann::json& a, const nlohmann::json& b, double split_s);
nlohmann::json differences_json(const std::vector<ReportDifference>& diffs);

}  // namespace bp
