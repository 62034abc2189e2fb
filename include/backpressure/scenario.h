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

constexpr int kScenarioFormatVersion = 1;

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
};

struct ActionSpec {
  std::string name;
  double weight = 1;
  std::vector<CallSpec> calls;
};

struct TrafficSpec {
  std::string entry;  // component that receives user requests
  std::vector<UsersKeyframe> users;
  double actions_per_user_per_minute = 1;
  std::vector<ActionSpec> actions;

  // Users at time t: keyframes interpolated linearly, held flat past the ends.
  double users_at(SimTime t) const;
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
  nlohmann::json source;  // the document after --set overrides

  const ComponentSpec* find(const std::string& id) const;
};

}  // namespace bp
