// Replays: the same scenario and seed give the same run, byte for byte; other
// seeds give other runs; and the traffic a design sees does not depend on the
// rest of the design (common random numbers).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"
#include "backpressure/time.h"

namespace {

// A small but complete request path: balancer, servers with timeouts, cache,
// primary and replica, a mix of actions and a load ramp that goes past what
// the servers can take, so waits, timeouts and cache warm-up all happen.
nlohmann::json full_design() {
  return nlohmann::json::parse(R"({
    "format_version": 1,
    "id": "determinism",
    "title": "determinism check",
    "summary": "every part of the request path, under a ramp",
    "seed": 42,
    "duration": "10m",
    "step": "100ms",
    "traffic": {
      "entry": "lb",
      "users": [{"at": "0s", "users": 2000}, {"at": "5m", "users": 30000}, {"at": "10m", "users": 4000}],
      "actions_per_user_per_minute": 6,
      "actions": [
        {"name": "browse", "weight": 6, "calls": [{"read": 2}]},
        {"name": "search", "weight": 3, "calls": [{"read": 1, "cacheable": false}]},
        {"name": "order", "weight": 1, "calls": [{"read": 1}, {"write": 1}]}
      ]
    },
    "components": [
      {"id": "lb", "type": "lb", "targets": ["web"]},
      {"id": "web", "type": "server", "instances": 3, "slots": 8, "timeout": "1s", "targets": ["db", "replica", "cache"]},
      {"id": "db", "type": "postgres", "max_connections": 20, "cores": 4},
      {"id": "replica", "type": "replica", "cores": 2},
      {"id": "cache", "type": "redis"}
    ]
  })");
}

// One lab station under a time-varying Poisson load.
nlohmann::json lab_station() {
  return nlohmann::json::parse(R"({
    "format_version": 1,
    "id": "crn",
    "title": "common random numbers",
    "summary": "one station under a ramp",
    "seed": 9,
    "duration": "20m",
    "step": "1s",
    "traffic": {
      "entry": "station",
      "users": [{"at": "0s", "users": 100}, {"at": "10m", "users": 380}, {"at": "20m", "users": 250}],
      "actions_per_user_per_minute": 60,
      "actions": [{"name": "job", "weight": 1}]
    },
    "components": [
      {"id": "station", "type": "server", "slots": 4, "cpu": {"dist": "exponential", "mean": "10ms"},
       "timeout": "0s", "queue_limit": 0}
    ]
  })");
}

std::string run_report(const bp::Scenario& scenario, std::uint64_t seed) {
  bp::Simulator sim(scenario, seed);
  sim.run_to_end();
  return bp::make_report(sim).dump();
}

nlohmann::json run_to_end(const nlohmann::json& doc) {
  bp::Simulator sim(bp::load_scenario(doc, "crn"));
  sim.run_to_end();
  return bp::make_report(sim);
}

}  // namespace

TEST_CASE("the same scenario and seed give a byte-identical report", "[determinism]") {
  const bp::Scenario scenario = bp::load_scenario(full_design(), "determinism");
  const std::string first = run_report(scenario, 42);
  const std::string second = run_report(scenario, 42);
  CHECK(first == second);

  // The run did real work on every part of the path, so the check means something.
  const auto report = nlohmann::json::parse(first);
  CHECK(report.at("requests").at("ok").get<std::uint64_t>() > 100'000u);
  CHECK(report.at("requests").at("errors").at("timeout").get<std::uint64_t>() > 0u);
  for (const char* id : {"web", "db", "replica", "cache"})
    CHECK(report.at("components").at(id).at("arrivals").get<std::uint64_t>() > 0u);

  // Without an explicit seed, the scenario's own seed is used.
  bp::Simulator own(scenario);
  own.run_to_end();
  CHECK(own.seed() == scenario.seed);
  CHECK(bp::make_report(own).dump() == first);
}

TEST_CASE("stepping in different chunks gives the same run", "[determinism]") {
  const bp::Scenario scenario = bp::load_scenario(full_design(), "determinism");
  bp::Simulator whole(scenario);
  whole.run_to_end();
  bp::Simulator pieces(scenario);
  pieces.advance(1);
  pieces.advance(37);
  pieces.run_until(4 * bp::kMinute + 123);  // rounds up to whole steps
  pieces.run_to_end();
  CHECK(bp::make_report(pieces).dump() == bp::make_report(whole).dump());
}

TEST_CASE("different seeds give different reports", "[determinism]") {
  const bp::Scenario scenario = bp::load_scenario(full_design(), "determinism");
  auto a = nlohmann::json::parse(run_report(scenario, 1));
  auto b = nlohmann::json::parse(run_report(scenario, 2));
  CHECK(a.at("seed") != b.at("seed"));
  // The seed field alone would make them differ; the runs themselves must too.
  a.erase("seed");
  b.erase("seed");
  CHECK(a.dump() != b.dump());
  CHECK(a.at("components").at("traffic").at("arrivals") != b.at("components").at("traffic").at("arrivals"));
  CHECK(a.at("latency_ms") != b.at("latency_ms"));
}

TEST_CASE("every shipped scenario replays identically", "[determinism]") {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(BACKPRESSURE_SOURCE_DIR) / "scenarios"))
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      // Command scripts (scenarios/scripts) live beside the scenarios; only
      // documents with traffic are designs to run.
      std::ifstream in(entry.path());
      if (nlohmann::json::parse(in).contains("traffic")) files.push_back(entry.path());
    }
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  for (const auto& file : files) {
    INFO(file.string());
    const bp::Scenario scenario = bp::load_scenario_file(file.string());
    // The first simulated quarter hour is enough to tell two runs apart.
    const bp::SimTime horizon = std::min<bp::SimTime>(scenario.duration, 15 * bp::kMinute);
    bp::Simulator a(scenario), b(scenario);
    a.run_until(horizon);
    b.run_until(horizon);
    CHECK(a.events_processed() > 0u);
    CHECK(bp::make_report(a).dump() == bp::make_report(b).dump());
  }
}

TEST_CASE("adding components elsewhere does not change the traffic (common random numbers)", "[determinism]") {
  SECTION("an unreferenced cache in front of the list leaves the whole station run unchanged") {
    const nlohmann::json base = lab_station();
    nlohmann::json extended = base;
    // Inserted first, so every other component's index shifts.
    extended["components"].insert(extended["components"].begin(),
                                  nlohmann::json{{"id", "unused-cache"}, {"type", "redis"}});
    const auto a = run_to_end(base);
    const auto b = run_to_end(extended);
    const auto arrivals = a.at("components").at("traffic").at("arrivals").get<std::uint64_t>();
    CHECK(arrivals > 200'000u);
    CHECK(b.at("components").at("traffic").at("arrivals").get<std::uint64_t>() == arrivals);
    CHECK(b.at("components").count("unused-cache") == 1);
    // The station draws from its own stream, so its run is the same too.
    CHECK(b.at("components").at("station") == a.at("components").at("station"));
    CHECK(b.at("latency_ms") == a.at("latency_ms"));
  }

  SECTION("a different design behind the same traffic sees the same arrivals") {
    const nlohmann::json base = full_design();
    nlohmann::json other = base;
    // More servers, a bigger database, an extra unused server, no replica.
    auto& components = other["components"];
    components[1]["instances"] = 5;
    components[1]["targets"] = {"db", "cache"};
    components[2]["cores"] = 16;
    components.erase(3);
    components.push_back({{"id", "spare"}, {"type", "server"}, {"instances", 2}});
    const auto a = run_to_end(base);
    const auto b = run_to_end(other);
    CHECK(b.at("components").at("traffic").at("arrivals") == a.at("components").at("traffic").at("arrivals"));
    // ...while the outcome really differs.
    CHECK(b.at("latency_ms") != a.at("latency_ms"));
  }
}
