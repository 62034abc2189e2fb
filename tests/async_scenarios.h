#pragma once
// Small scenario documents for the asynchronous-path tests (test_async.cpp,
// test_incidents.cpp, test_commands.cpp), and helpers to read a run.
//
// A document starts from a quiet web tier, a queue and a worker, and each test
// changes what its story needs. Expected values in the tests come from these
// documents and from the model's rules (docs/model.md, src/components/*.h),
// never from a previous run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <utility>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/time.h"

namespace async_test {

using nlohmann::json;

// Users act once a second each, so `users` is the request rate per second.
// Component order is fixed so tests can edit by index:
//   0 web (server), 1 jobs (queue), 2 w (worker).
// The single action "submit" publishes one "claim" job (live lane); "bulk" is
// a batch-lane job type for uploads. Neither retries unless a test says so.
inline json base_doc(double users, const std::string& duration, const std::string& step = "100ms") {
  return {
      {"format_version", 1},
      {"id", "async-test"},
      {"seed", 5},
      {"duration", duration},
      {"step", step},
      {"traffic",
       {{"entry", "web"},
        {"users", json::array({{{"at", "0s"}, {"users", users}}})},
        {"actions_per_user_per_minute", 60},
        {"actions", json::array({{{"name", "submit"}, {"calls", json::array({{{"enqueue", "claim"}}})}}})}}},
      {"jobs", json::array({{{"name", "claim"}, {"lane", "live"}, {"max_attempts", 1}},
                            {{"name", "bulk"}, {"lane", "batch"}, {"max_attempts", 1}}})},
      {"components",
       json::array({{{"id", "web"}, {"type", "server"}, {"slots", 64}, {"cpu", "1ms"}, {"targets", {"jobs"}}},
                    {{"id", "jobs"}, {"type", "queue"}, {"max_depth", 0}, {"targets", {"w"}}},
                    {{"id", "w"}, {"type", "worker"}, {"instances", 1}, {"concurrency", 4}, {"job_time", "100ms"},
                     {"db_writes", 0}}})},
  };
}

// Traffic that stops sharply at `until` (users drop to 0 one microsecond later).
inline void stop_traffic_at(json& doc, const std::string& until) {
  bp::SimTime t = 0;
  REQUIRE(bp::parse_duration(until, t));
  auto& users = doc["traffic"]["users"];
  const double rate = users[0]["users"];
  users = json::array({{{"at", "0s"}, {"users", rate}},
                       {{"at", until}, {"users", rate}},
                       {{"at", std::to_string(t + 1) + "us"}, {"users", 0}}});
}

inline json& component(json& doc, const std::string& id) {
  for (auto& c : doc["components"])
    if (c["id"] == id) return c;
  FAIL("no component " << id);
  return doc;  // not reached
}

inline json& job(json& doc, const std::string& name) {
  for (auto& j : doc["jobs"])
    if (j["name"] == name) return j;
  FAIL("no job type " << name);
  return doc;  // not reached
}

inline bp::Scenario load(const json& doc) { return bp::load_scenario(doc, "async-test.json"); }

inline double seconds(const json& duration) {
  bp::SimTime t = 0;
  REQUIRE(bp::parse_duration(duration.get<std::string>(), t));
  return bp::to_seconds(t);
}

// Runs a simulator step by step and keeps chosen series' values at every
// boundary, so phases of a run can be compared (before, during, after).
class Probe {
 public:
  Probe(bp::Simulator& sim, std::vector<std::pair<std::string, std::string>> names)
      : sim_(sim), names_(std::move(names)), values_(names_.size()) {}

  void run_until(bp::SimTime until) {
    while (sim_.now() < until && !sim_.finished()) {
      sim_.advance(1);
      t_.push_back(bp::to_seconds(sim_.now()));
      for (std::size_t k = 0; k < names_.size(); ++k) {
        const bp::Series* s = sim_.find_series(names_[k].first, names_[k].second);
        if (!s) FAIL("no series " << names_[k].first << "/" << names_[k].second);
        values_[k].push_back(s->last());
      }
    }
  }
  void run_to_end() { run_until(sim_.duration()); }

  // Mean and maximum over the boundaries in (from_s, to_s], skipping NaN.
  double mean(const std::string& component, const std::string& name, double from_s, double to_s) const {
    double sum = 0;
    int n = 0;
    each(component, name, from_s, to_s, [&](double v) { sum += v, ++n; });
    REQUIRE(n > 0);
    return sum / n;
  }
  double max(const std::string& component, const std::string& name, double from_s, double to_s) const {
    double m = -HUGE_VAL;
    each(component, name, from_s, to_s, [&](double v) { m = std::max(m, v); });
    return m;
  }
  double min(const std::string& component, const std::string& name, double from_s, double to_s) const {
    double m = HUGE_VAL;
    each(component, name, from_s, to_s, [&](double v) { m = std::min(m, v); });
    return m;
  }
  // The value at the first boundary at or after t_s.
  double at(const std::string& component, const std::string& name, double t_s) const {
    const auto& v = values_[index(component, name)];
    for (std::size_t i = 0; i < t_.size(); ++i)
      if (t_[i] >= t_s - 1e-9) return v[i];
    FAIL("no boundary at or after " << t_s << " s");
    return 0;
  }
  const std::vector<double>& times() const { return t_; }
  const std::vector<double>& values(const std::string& component, const std::string& name) const {
    return values_[index(component, name)];
  }

 private:
  std::size_t index(const std::string& component, const std::string& name) const {
    for (std::size_t k = 0; k < names_.size(); ++k)
      if (names_[k].first == component && names_[k].second == name) return k;
    FAIL("series " << component << "/" << name << " is not probed");
    return 0;
  }
  template <typename F>
  void each(const std::string& component, const std::string& name, double from_s, double to_s, F f) const {
    const auto& v = values_[index(component, name)];
    for (std::size_t i = 0; i < t_.size(); ++i)
      if (t_[i] > from_s + 1e-9 && t_[i] <= to_s + 1e-9 && !std::isnan(v[i])) f(v[i]);
  }

  bp::Simulator& sim_;
  std::vector<std::pair<std::string, std::string>> names_;
  std::vector<double> t_;
  std::vector<std::vector<double>> values_;
};

inline bp::Command command(bp::CommandKind kind, const std::string& target, const std::string& key = "",
                           json value = nullptr) {
  bp::Command c;
  c.kind = kind;
  c.target = target;
  c.key = key;
  c.value = std::move(value);
  return c;
}

}  // namespace async_test
