#pragma once
// A scenario as loaded and validated from scenarios/*.json.
// The format is documented in docs/scenario-format.md.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/settings.h"
#include "backpressure/time.h"

namespace bp {

// Version 2 added the briefing metadata and allowed_components.
constexpr int kScenarioFormatVersion = 2;

struct UsersKeyframe {
  SimTime at = 0;
  double users = 0;
};

// One synchronous call an action makes while it holds its server slot.
struct CallSpec {
  enum class Kind { Read, Write, Enqueue };
  Kind kind = Kind::Read;
  int count = 1;
  bool cacheable = true;  // reads: looked up in the cache first when one is wired
  std::uint32_t job = 0;  // enqueue: index into Scenario::jobs
};

// A kind of background job and what happens when it fails.
struct JobSpec {
  enum class Lane { Live, Batch };
  enum class Backoff { Fixed, Exponential };
  std::string name;
  Lane lane = Lane::Live;
  int max_attempts = 5;          // 0: retry forever
  Backoff backoff = Backoff::Exponential;
  SimTime backoff_base = kSecond;  // first retry delay
  SimTime backoff_cap = 5 * kMinute;
  double jitter = 0.2;           // share of the delay randomised (+/-)
  double poison_share = 0;       // share of jobs that fail every attempt
  // Refusing or dropping these is acceptable (telemetry, sampled events):
  // the grade reports them as shed, not lost.
  bool sheddable = false;
};

// A token bucket's figures: `per_second` on average, up to `burst` at once.
// A rate of 0 means no limit; a burst of 0 means one second's worth.
struct RateLimit {
  double per_second = 0;
  double burst = 0;
  double effective_burst() const { return burst > 0 ? burst : (per_second > 1 ? per_second : 1.0); }
};

struct ActionSpec {
  std::string name;
  double weight = 1;
  std::vector<CallSpec> calls;
  int telemetry = 0;     // events emitted after the calls, to a sink or as Postgres writes
  RateLimit rate_limit;  // checked when the request reaches a server
};

struct TrafficSpec {
  std::string entry;  // component that receives user requests
  std::vector<UsersKeyframe> users;
  double actions_per_user_per_minute = 1;
  std::vector<ActionSpec> actions;

  // Users at time t: keyframes interpolated linearly, held flat past the ends.
  double users_at(SimTime t) const;
};

// Something that goes wrong on purpose: scheduled by the scenario or
// triggered by a command. Which fields matter depends on the kind; see
// docs/scenario-format.md.
struct IncidentSpec {
  std::string id;
  std::string kind;        // batch_upload, worker_crash, slow_processing, ...
  SimTime at = 0;
  SimTime duration = 0;    // 0: until the end of the run (batch: until sent)
  std::string target;      // component id, when the kind acts on one
  std::uint32_t job = 0;   // job type index, when the kind acts on one
  std::int64_t count = 0;  // instances crashed, or jobs in a batch
  double per_second = 0;   // batch publishing rate
  double factor = 1;       // slow-downs and traffic spikes
  double share = 0;        // poison share
  int retries = 0;         // retry storm: client retries per failed request
  SimTime retry_delay = 0;
  SimTime extra_lag = 0;   // replica lag spike
  RateLimit rate_limit;    // batch upload: the producer is told to slow down beyond it
  // Batch upload: a source told to slow down drops the job instead of
  // retrying it later (a fire-and-forget loader; most real clients retry).
  bool gives_up_when_limited = false;
};

// An alert rule: page the player when a metric stays past a threshold.
struct AlertSpec {
  std::string id;
  std::string component;   // the series' owner: a component id, or "run"
  std::string series;      // a series name of that component ("queue", "p95", ...)
  bool above = true;       // fire when the value is above (else below) the threshold
  double threshold = 0;
  SimTime hold = 0;        // how long the condition must hold before it fires
  std::string severity = "warning";  // warning or critical
  std::string summary;     // what the pager shows

  std::string metric() const { return component + "/" + series; }
};

// What the scenario promises its users, and what grading measures.
struct ContractSpec {
  bool present = false;
  double uptime = 0.99;          // share of user requests that must succeed
  SimTime p95 = 500 * kMillisecond;
  double budget_per_month = 1000;
  SimTime job_age = 0;           // freshness target for background jobs (0: none)
  double freshness = 0.95;       // share of jobs that must finish within job_age
};

struct ComponentSpec {
  std::string id;
  std::string type;
  std::vector<std::string> targets;
  Settings settings;  // every setting of the type, defaults filled in
  std::string json_path;  // "/components/3", for errors found later
};

struct Scenario {
  std::string file;  // where it was loaded from, for messages
  std::string id;
  std::string title;
  std::string summary;
  std::uint64_t seed = 1;
  SimTime duration = kHour;
  SimTime step = 100 * kMillisecond;
  TrafficSpec traffic;
  std::vector<JobSpec> jobs;
  std::vector<ComponentSpec> components;
  std::vector<IncidentSpec> incidents;
  std::vector<AlertSpec> alerts;
  ContractSpec contract;
  // What the player reads before and during the run (format 2).
  std::string pitch;     // one line, for the scenario picker
  std::string briefing;  // the story: what the system is and what is coming
  std::string difficulty;  // introductory, intermediate or advanced ("" if not given)
  std::vector<std::string> hints;
  std::vector<std::string> interview_questions;
  // Component types the player may use; empty means every catalogue type.
  std::vector<std::string> allowed_components;
  nlohmann::json source;  // the document after --set overrides

  const ComponentSpec* find(const std::string& id) const;
  bool allows(const std::string& type) const;
};

}  // namespace bp
