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

// What became of one job type's jobs at one queue: every job offered is
// done (on time or late against the contract's job age), still in the
// system, or never processed for one of the reasons below. A run without a
// job-age promise counts every done job as on time.
struct JobAccount {
  std::string queue, job;
  bool sheddable = false;
  std::uint64_t offered = 0, on_time = 0, late = 0;
  std::uint64_t stale_waiting = 0;  // still waiting at the end, already past the job age
  // Never processed, by why: refused by the queue's reject policy, dropped
  // by drop_oldest, dropped by a source that gives up when rate limited,
  // lost after using up its attempts, in the dead-letter queue at the end,
  // lost with a removed queue, or never sent by its producer.
  std::uint64_t refused = 0, dropped = 0, rate_limited = 0, gave_up = 0, dead_letters = 0, removed = 0, never_sent = 0;
  LogHistogram age;  // first publish to completion, microseconds

  // A sheddable type's refusals and drops are shed on purpose; failures
  // and dead letters are lost all the same.
  std::uint64_t shed() const { return sheddable ? refused + dropped + rate_limited + never_sent : 0; }
  std::uint64_t lost() const {
    return refused + dropped + rate_limited + gave_up + dead_letters + removed + never_sent - shed();
  }
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
  // One per queue and job type it was offered, judged against
  // scenario.contract.job_age.
  std::vector<JobAccount> jobs;

  const ComponentSpec* find(const std::string& id) const {
    for (const auto& c : design)
      if (c.id == id) return &c;
    return nullptr;
  }
};

}  // namespace bp
