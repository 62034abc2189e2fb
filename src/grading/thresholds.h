#pragma once
// The thresholds the analyses after a run judge signals by, in one place so
// the root causes, the talking points and the timeline agree on what
// "backed up" or "busy" means (docs/grading.md lists them).
#include "backpressure/time.h"

namespace bp::thresholds {

constexpr SimTime kSustained = kMinute;          // a signal must hold this long
constexpr double kBacklogJobs = 50;              // a queue deeper than this...
constexpr double kBacklogAgeS = 30;              // ...whose oldest job waited this long is backed up
constexpr SimTime kStormLookback = 10 * kMinute; // intake before a backlog is compared with...
constexpr double kStormJump = 2.0;               // ...and a storm at least doubles it
constexpr double kSlowFactor = 2.0;              // job time against the run's usual (25th percentile)
constexpr double kRetriesPerNewJob = 1.0;        // retries per fresh job that make a storm
constexpr double kClientRetryShare = 0.10;       // user retries as a share of requests
constexpr double kDownstreamShare = 0.20;        // attempts failing on the downstream
constexpr double kPoisonAttempts = 5;            // malformed-job failures before they count
constexpr double kBusy = 0.80;                   // consumers this busy are at capacity
constexpr double kNearLimit = 0.95;              // connections in use against the limit
constexpr double kMinRate = 1.0 / 60.0;          // per second: one a minute, below it is noise
constexpr double kUserErrorShare = 0.01;         // users notice once 1% of requests fail
constexpr SimTime kEffectWindow = 10 * kMinute;  // a command's effect: this long before and after it

}  // namespace bp::thresholds
