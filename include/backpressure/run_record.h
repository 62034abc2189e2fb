#pragma once
// What a run measured, as the analyses after it read it: the grade, the root
// causes and the talking points work from a RunRecord alone, never from the
// live simulation, so a saved run can be graded without running it again.
#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "backpressure/alerts.h"
#include "backpressure/command.h"
#include "backpressure/histogram.h"
#include "backpressure/scenario.h"
#include "backpressure/series.h"
#include "backpressure/time.h"

namespace bp {

// Why a user request failed. Order is part of the report's stable names.
// RateLimited: refused by a rate limit. NotConnected: the request needed a
// component its server no longer points at (a design change removed or
// disconnected it).
enum class ErrorReason : std::uint8_t { Timeout, ServerBusy, NoServer, QueueFull, RateLimited, NotConnected, Count };
constexpr std::size_t kErrorReasons = static_cast<std::size_t>(ErrorReason::Count);
const char* error_reason_name(ErrorReason r);

// Run-wide counters of user requests and money.
struct RunTotals {
  std::uint64_t ok = 0, failed = 0;
  std::array<std::uint64_t, kErrorReasons> errors{};
  // Answered requests' latencies, microseconds: the successes and the
  // failures apart, so that each answer is recorded once, not also into a
  // histogram of all of them.
  LogHistogram latency_ok;
  LogHistogram latency_failed;
  // Every answered request. Integer values sum exactly in a double, so the
  // merge is the histogram recording each answer twice used to give.
  LogHistogram latency_all() const {
    LogHistogram all = latency_ok;
    all.merge(latency_failed);
    return all;
  }
  double cost = 0;
  // For grading: P95 of each whole hour, and when each contract item was
  // first seen broken (-1: never).
  std::vector<double> hourly_p95_ms;
  SimTime uptime_breached = -1, budget_breached = -1;
};

// How a queue's jobs fared against the contract's job-age promise.
struct QueueFreshness {
  std::string queue;
  std::uint64_t on_time = 0, late = 0, lost = 0, dead_letters = 0, stale_waiting = 0;
};

struct RunRecord {
  Scenario scenario;
  SimTime now = 0;
  std::int64_t steps = 0;
  RunTotals totals;
  // P95 of the hour still running at the end (ms), or -1 when it saw no answer.
  double open_hour_p95_ms = -1;
  std::deque<Series> series;
  std::vector<AlertEpisode> alerts;
  std::vector<Command> commands;
  // Every designed component as the run left it (settings after commands).
  std::vector<ComponentSpec> design;
  // One per queue, judged against scenario.contract.job_age.
  std::vector<QueueFreshness> freshness;

  const ComponentSpec* find(const std::string& id) const {
    for (const auto& c : design)
      if (c.id == id) return &c;
    return nullptr;
  }
};

}  // namespace bp
