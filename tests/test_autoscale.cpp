// Autoscaling of workers and servers: decisions on queue depth, oldest age
// and utilization, cooldown and bounds, cold starts and their bill, the
// database connection budget, and a player taking the count over. The rules
// between settings, in files and commands, are in test_autoscale_rules.cpp. Expected values come from the scenario documents built here, the
// catalogue and the rules in docs/model.md ("Autoscaling"); none is pasted
// from a run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"
#include "backpressure/time.h"
#include "models/server.h"
#include "models/worker.h"
#include "simulation/run_state.h"
#include "world/world.h"

#include "autoscale_docs.h"

using nlohmann::json;
using Catch::Matchers::Contains;
using autoscale_test::backlog_doc;

namespace {

const char* const kFile = "autoscale-test.json";


bp::Scenario load(const json& doc) { return bp::load_scenario(doc, kFile); }

bp::SimTime duration_of(const json& v) {
  bp::SimTime t = 0;
  REQUIRE(bp::parse_duration(v.get<std::string>(), t));
  return t;
}

// The run seen at every step boundary through the public facade.
struct Trace {
  std::vector<bp::SimTime> t;
  std::vector<std::int64_t> depth;     // the queue's depth
  std::vector<std::int64_t> units;     // billed instances from this boundary on
  std::vector<std::int64_t> capacity;  // slots of the instances that take work
  double cost = 0;                     // the component's exact bill
  json report;
};

Trace trace(const json& doc, const std::string& id, const std::string& queue = "jobs") {
  bp::Simulator sim(load(doc));
  Trace tr;
  const auto snap = [&] {
    tr.t.push_back(sim.now());
    for (const auto& c : sim.components()) {
      if (c.id == queue) tr.depth.push_back(c.queued);
      if (c.id != id) continue;
      tr.units.push_back(c.units);
      tr.capacity.push_back(c.capacity);
      tr.cost = c.cost;
    }
  };
  snap();
  while (!sim.finished()) {
    sim.advance(1);
    snap();
  }
  tr.report = bp::make_report(sim);
  return tr;
}

double seconds(bp::SimTime t) { return bp::to_seconds(t); }

// Every change in the billed count has its scaling event, and no event lacks
// a change: the report's record is the real history of the instance count.
void check_events_match_units(const Trace& tr, const json& events) {
  std::size_t e = 0;
  for (std::size_t k = 1; k < tr.units.size(); ++k) {
    if (tr.units[k] == tr.units[k - 1]) continue;
    INFO("boundary at " << seconds(tr.t[k]) << " s");
    REQUIRE(e < events.size());
    CHECK(events[e]["at_s"].get<double>() == seconds(tr.t[k]));
    CHECK(events[e]["from"] == tr.units[k - 1]);
    CHECK(events[e]["to"] == tr.units[k]);
    ++e;
  }
  CHECK(e == events.size());
}

}  // namespace

// ---------------------------------------------------------------- queue depth

TEST_CASE("a worker scales out on queue depth while a backlog builds and back in as it drains", "[autoscale]") {
  const json doc = backlog_doc();
  const json& spec = doc["components"][3];
  const double out_at = spec["scale_out_at"], in_at = spec["scale_in_at"];
  const std::int64_t lo = spec["min_instances"], hi = spec["max_instances"];
  const Trace tr = trace(doc, "w");
  const json& w = tr.report["components"]["w"];
  const json& events = w["scaling_events"];
  REQUIRE(events.size() >= 2);
  CHECK(w["scaling_event_count"] == events.size());
  CHECK(w["autoscale_decisions"] == events.size());
  check_events_match_units(tr, events);

  // The first decision comes at the first boundary where the depth reached
  // scale_out_at (no earlier change, so no cooldown is running).
  std::size_t first = 0;
  while (first < tr.depth.size() && static_cast<double>(tr.depth[first]) < out_at) ++first;
  REQUIRE(first < tr.depth.size());
  CHECK(events[0]["at_s"].get<double>() == seconds(tr.t[first]));
  CHECK(events[0]["from"] == 1);
  CHECK(events[0]["to"] == 2);

  // Out while the backlog builds, then in once it has drained.
  bool scaling_in = false;
  for (const auto& e : events) {
    INFO(e.dump());
    CHECK(e["by"] == "autoscaler");
    CHECK(e["metric"] == "queue_depth");
    if (e["to"] > e["from"]) {
      CHECK_FALSE(scaling_in);
      CHECK(e["value"].get<double>() >= out_at);
      CHECK_THAT(e["reason"].get<std::string>(), Contains(">= scale_out_at"));
    } else {
      scaling_in = true;
      CHECK(e["value"].get<double>() <= in_at);
      CHECK_THAT(e["reason"].get<std::string>(), Contains("<= scale_in_at"));
    }
  }
  CHECK(scaling_in);
  CHECK(w["instances_max"] == hi);
  CHECK(w["units_at_end"] == lo);
  CHECK(tr.report["components"]["jobs"]["done"] == doc["incidents"][0]["jobs"]);

  // The `instances` series records the count at every step.
  bp::Simulator sim(load(doc));
  sim.run_to_end();
  const bp::Series* series = sim.find_series("w", "instances");
  REQUIRE(series != nullptr);
  CHECK(series->unit() == "instances");
  double peak = 0;
  for (const auto& p : series->points()) peak = std::max(peak, p.max);
  if (series->has_pending()) peak = std::max(peak, series->pending().max);
  CHECK(peak == static_cast<double>(hi));
}

TEST_CASE("autoscaling keeps to its cooldown, its bounds and its step", "[autoscale]") {
  struct Case {
    const char* cooldown;
    const char* cold_start;
    std::int64_t lo, hi, step, start;
  };
  for (const Case c : {Case{"5s", "2s", 2, 5, 2, 2}, Case{"45s", "10s", 1, 4, 1, 1}, Case{"2m", "30s", 1, 9, 3, 1}}) {
    INFO("cooldown " << c.cooldown << ", instances " << c.lo << ".." << c.hi << " step " << c.step);
    json doc = backlog_doc();
    json& w = doc["components"][3];
    w["cooldown"] = c.cooldown;
    w["cold_start"] = c.cold_start;
    w["min_instances"] = c.lo;
    w["max_instances"] = c.hi;
    w["scale_step"] = c.step;
    w["instances"] = c.start;
    const bp::SimTime cooldown = duration_of(w["cooldown"]);
    const Trace tr = trace(doc, "w");
    const json& events = tr.report["components"]["w"]["scaling_events"];
    REQUIRE(events.size() >= 2);
    check_events_match_units(tr, events);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      INFO(e.dump());
      const std::int64_t from = e["from"], to = e["to"];
      CHECK(to >= c.lo);
      CHECK(to <= c.hi);
      // A full step, unless a bound cut it short.
      CHECK(std::abs(to - from) <= c.step);
      if (std::abs(to - from) < c.step) CHECK((to == c.lo || to == c.hi));
      if (i > 0) CHECK(e["at_s"].get<double>() - events[i - 1]["at_s"].get<double>() >= seconds(cooldown));
    }
    for (const auto u : tr.units) {
      CHECK(u >= c.lo);
      CHECK(u <= c.hi);
    }
    CHECK(tr.report["components"]["w"]["instances_max"] == c.hi);
    CHECK(tr.report["components"]["w"]["units_at_end"] == c.lo);
  }
}

TEST_CASE("a count that starts below min_instances is raised at the first boundary", "[autoscale]") {
  json doc = backlog_doc();
  doc["components"][3]["min_instances"] = 3;
  const Trace tr = trace(doc, "w");
  const json& events = tr.report["components"]["w"]["scaling_events"];
  REQUIRE(!events.empty());
  CHECK(events[0]["at_s"].get<double>() == seconds(duration_of(doc["step"])));
  CHECK(events[0]["from"] == 1);
  CHECK(events[0]["to"] == 3);
  CHECK_THAT(events[0]["reason"].get<std::string>(), Contains("below min_instances 3"));
}

TEST_CASE("oldest_age scales on the age of the oldest waiting job, in seconds", "[autoscale]") {
  json doc = backlog_doc();
  doc["components"][3]["autoscale"] = "oldest_age";
  doc["components"][3]["scale_out_at"] = 5;   // seconds
  doc["components"][3]["scale_in_at"] = 0.5;
  const Trace tr = trace(doc, "w");
  const json& w = tr.report["components"]["w"];
  const json& events = w["scaling_events"];
  REQUIRE(events.size() >= 2);
  check_events_match_units(tr, events);
  CHECK(events[0]["metric"] == "oldest_age");
  CHECK(events[0]["value"].get<double>() >= 5);
  CHECK(w["instances_max"] == doc["components"][3]["max_instances"]);
  CHECK(w["units_at_end"] == doc["components"][3]["min_instances"]);
}

// ---------------------------------------------------------------- cold start and cost

TEST_CASE("a launched instance takes no job before its cold start and is billed from launch", "[autoscale]") {
  json doc = backlog_doc();
  doc["components"][3]["cold_start"] = "20s";
  const bp::SimTime cold = duration_of(doc["components"][3]["cold_start"]);
  const bp::SimTime step = duration_of(doc["step"]);
  const bp::Scenario s = load(doc);

  SECTION("no job reaches an instance in its cold start") {
    bp::RunState run(s, s.seed);
  bp::World& world = run.world;
    auto& w = dynamic_cast<bp::Worker&>(world.component(world.index_of("w")));
    std::map<std::size_t, bp::SimTime> launched;  // instance -> launch time, while starting
    std::size_t launches = 0, warmed = 0;
    bool worked_after_warming = false;
    while (world.now < s.duration) {
      run.step();
      for (std::size_t i = 0; i < w.instance_count(); ++i) {
        INFO("instance " << i << " at " << seconds(world.now) << " s");
        if (w.starting(i)) {
          if (!launched.count(i)) {
            launched[i] = world.now;
            ++launches;
          }
          CHECK(w.jobs_on(i) == 0);
          CHECK(world.now <= launched[i] + cold);
          // It holds its pool from launch.
          CHECK(w.pool_of(i) == doc["components"][3]["db_pool"]);
        } else if (launched.count(i)) {
          CHECK(world.now >= launched[i] + cold);
          launched.erase(i);
          ++warmed;
        } else if (i > 0 && w.jobs_on(i) > 0) {
          worked_after_warming = true;
        }
      }
    }
    CHECK(launches >= 2);
    CHECK(warmed == launches);
    CHECK(worked_after_warming);
  }

  SECTION("the bill is instance-seconds from launch times the price") {
    const Trace tr = trace(doc, "w");
    const json& w = tr.report["components"]["w"];
    const json& events = w["scaling_events"];
    // Instance-seconds two ways: the count at every boundary held for one
    // step, and the report's events replayed from the starting count.
    double from_trace = 0;
    for (std::size_t k = 0; k + 1 < tr.units.size(); ++k) from_trace += static_cast<double>(tr.units[k]) * seconds(step);
    const double run_s = seconds(s.duration);
    double from_events = doc["components"][3]["instances"].get<double>() * run_s;
    double launched = 0;
    for (const auto& e : events) {
      const double delta = e["to"].get<double>() - e["from"].get<double>();
      from_events += delta * (run_s - e["at_s"].get<double>());
      launched += std::max(0.0, delta);
    }
    CHECK(from_trace == Approx(from_events).epsilon(1e-12));
    REQUIRE(launched >= 2);

    const double price = bp::Catalogue::builtin().find("worker")->cost_per_month;
    const double per_second = price / seconds(bp::kMonth);
    CHECK(tr.cost == Approx(from_trace * per_second).epsilon(1e-9));
    CHECK(w["cost_usd"].get<double>() == Approx(from_trace * per_second).margin(0.005));
    // Launches are paid for their cold start too. Warm instance-seconds come
    // from the capacity, which counts only instances that take jobs; the
    // difference is cold_start per launch, give or take the step in which
    // the instance became ready (the trace sees it at the next boundary).
    const double concurrency = doc["components"][3]["concurrency"];
    double warm = 0;
    for (std::size_t k = 0; k + 1 < tr.capacity.size(); ++k)
      warm += static_cast<double>(tr.capacity[k]) / concurrency * seconds(step);
    const double cold_billed = (tr.cost - warm * per_second) / per_second;
    CHECK(cold_billed >= launched * seconds(cold) - 1e-6);
    CHECK(cold_billed <= launched * (seconds(cold) + seconds(step)) + 1e-6);
  }
}

// ---------------------------------------------------------------- database budget

namespace {
// A web tier that holds `slots` Postgres connections for the whole run (its
// reads take 100 hours, and its first requests fill every slot), beside the
// backlog's worker. The web tier's connections are the budget's headroom.
json budget_doc(std::int64_t max_instances) {
  json doc = backlog_doc();
  doc["duration"] = "20m";
  doc["incidents"][0]["jobs"] = 20000;
  doc["traffic"]["users"] = json::parse(R"([{"at": "0s", "users": 20}, {"at": "2s", "users": 20},
                                            {"at": "2000001us", "users": 0}])");
  doc["traffic"]["actions_per_user_per_minute"] = 60;
  doc["traffic"]["actions"] = json::parse(R"([{"name": "report", "calls": [{"read": 1, "cacheable": false}]}])");
  doc["components"][0] = json::parse(R"({"id": "web", "type": "server", "instances": 1, "slots": 10,
                                         "timeout": "0s", "targets": ["db"]})");
  doc["components"][1]["max_connections"] = 30;
  doc["components"][1]["read"] = "100h";
  json& w = doc["components"][3];
  w["max_instances"] = max_instances;
  w["pool_timeout"] = "2s";
  w["cooldown"] = "20s";
  w["cold_start"] = "5s";
  return doc;
}

// The runbook's safe-scaling rule:
//   floor((max_connections - headroom) / db_pool)
// with the web tier's connections (slots x instances) as the headroom.
std::int64_t safe_instances(const json& doc) {
  const json& web = doc["components"][0];
  const std::int64_t headroom = web["slots"].get<std::int64_t>() * web["instances"].get<std::int64_t>();
  return (doc["components"][1]["max_connections"].get<std::int64_t>() - headroom) /
         doc["components"][3]["db_pool"].get<std::int64_t>();
}
}  // namespace

TEST_CASE("workers scaled past the database connection budget get no connections and time out", "[autoscale]") {
  const json probe = budget_doc(1);
  const std::int64_t safe = safe_instances(probe);
  const std::int64_t pool = probe["components"][3]["db_pool"];
  const std::int64_t budget = safe * pool;
  REQUIRE(safe >= 2);

  SECTION("up to the safe count every instance has its pool and no job times out") {
    const json doc = budget_doc(safe);
    bp::Simulator sim(load(doc));
    sim.run_to_end();
    const json report = bp::make_report(sim);
    CHECK(report["components"]["w"]["instances_max"] == safe);
    CHECK(report["components"]["w"]["pool_timeouts"] == 0);
    CHECK(report["components"]["jobs"]["failures"]["db_timeout"] == 0);
  }

  SECTION("past it, the extra instances get no connections and db_timeout failures rise") {
    const json doc = budget_doc(safe + 3);
    const bp::Scenario s = load(doc);
    bp::RunState run(s, s.seed);
  bp::World& world = run.world;
    auto& w = dynamic_cast<bp::Worker&>(world.component(world.index_of("w")));
    std::int64_t most = 0;
    bool starved = false;
    while (world.now < s.duration) {
      run.step();
      // The web tier's long reads hold their connections from the first second.
      CHECK(w.pooled_connections() <= budget);
      std::int64_t running = 0;
      for (std::size_t i = 0; i < w.instance_count(); ++i) {
        if (w.retired(i)) continue;
        ++running;
        INFO("instance " << i << " at " << seconds(world.now) << " s");
        if (static_cast<std::int64_t>(i) < safe) {
          CHECK(w.pool_of(i) == pool);
        } else {
          CHECK(w.pool_of(i) == 0);
          starved = true;
        }
      }
      most = std::max(most, running);
    }
    CHECK(starved);
    CHECK(most == safe + 3);

    bp::Simulator sim(s);
    sim.run_to_end();
    const json report = bp::make_report(sim);
    const json& jobs = report["components"]["jobs"];
    CHECK(jobs["failures"]["db_timeout"].get<std::int64_t>() > 0);
    CHECK(report["components"]["w"]["pool_timeouts"] == jobs["failures"]["db_timeout"]);
    // Failed attempts are retried; every job still gets done by the
    // instances that have connections.
    CHECK(jobs["retried"].get<std::int64_t>() >= jobs["failures"]["db_timeout"].get<std::int64_t>());
    CHECK(jobs["done"] == doc["incidents"][0]["jobs"]);
    const bp::Series* connections = sim.find_series("db", "connections");
    REQUIRE(connections != nullptr);
    for (const auto& p : connections->points()) CHECK(p.max <= doc["components"][1]["max_connections"].get<double>());
  }
}

// ---------------------------------------------------------------- servers

TEST_CASE("a server scales on utilization and the balancer skips instances in their cold start", "[autoscale]") {
  // 8 slots x 40 ms: one instance serves 200 requests/s. Traffic climbs from
  // 50/s to 600/s, holds, then falls to 30/s.
  const json doc = json::parse(R"({
    "format_version": 1, "id": "autoscale-web", "seed": 4, "duration": "30m", "step": "1s",
    "traffic": {"entry": "lb", "actions_per_user_per_minute": 60, "actions": [{"name": "ping"}],
                "users": [{"at": "0s", "users": 50}, {"at": "2m", "users": 50}, {"at": "5m", "users": 600},
                          {"at": "15m", "users": 600}, {"at": "15m", "users": 30}]},
    "components": [
      {"id": "lb", "type": "lb", "targets": ["web"]},
      {"id": "web", "type": "server", "instances": 1, "slots": 8, "cpu": "40ms", "timeout": "2s",
       "autoscale": "utilization", "scale_out_at": 0.7, "scale_in_at": 0.3, "min_instances": 1, "max_instances": 8,
       "cooldown": "30s", "cold_start": "10s"}
    ]
  })");
  const json& spec = doc["components"][1];
  const double out_at = spec["scale_out_at"], in_at = spec["scale_in_at"];
  const double per_instance = spec["slots"].get<double>() / seconds(duration_of(spec["cpu"]));
  // Fewest instances that keep the peak below scale_out_at.
  const auto needed = static_cast<std::int64_t>(std::floor(600.0 / (per_instance * out_at))) + 1;

  const Trace tr = trace(doc, "web", "");
  const json& web = tr.report["components"]["web"];
  const json& events = web["scaling_events"];
  check_events_match_units(tr, events);
  CHECK(web["instances_max"].get<std::int64_t>() >= needed);
  CHECK(web["units_at_end"] == spec["min_instances"]);
  for (const auto& e : events) {
    INFO(e.dump());
    CHECK(e["metric"] == "utilization");
    if (e["to"] > e["from"]) CHECK(e["value"].get<double>() >= out_at);
    else CHECK(e["value"].get<double>() <= in_at);
  }

  const bp::Scenario s = load(doc);
  bp::RunState run(s, s.seed);
  bp::World& world = run.world;
  auto& server = dynamic_cast<bp::Server&>(world.component(world.index_of("web")));
  bool saw_starting = false;
  while (world.now < s.duration) {
    run.step();
    for (std::size_t i = 0; i < server.instance_count(); ++i) {
      if (!server.starting(i)) continue;
      saw_starting = true;
      INFO("instance " << i << " at " << seconds(world.now) << " s");
      CHECK(server.in_flight(i) == 0);
      CHECK_FALSE(server.healthy(i));
    }
  }
  CHECK(saw_starting);
}

// ---------------------------------------------------------------- commands

TEST_CASE("a player who sets the instance count takes it over from the autoscaler", "[autoscale]") {
  const json doc = backlog_doc();
  const double cooldown_s = seconds(duration_of(doc["components"][3]["cooldown"]));
  bp::Simulator sim(load(doc));
  const auto status = [&](const std::string& id) {
    for (const auto& c : sim.components())
      if (c.id == id) return c;
    FAIL("no component " << id);
    return bp::ComponentStatus{};
  };
  sim.run_until(90 * bp::kSecond);
  REQUIRE(status("w").units > 1);  // the autoscaler has started adding instances
  CHECK(sim.submit({bp::CommandKind::Set, "w", "instances", 3}) == "");
  // The backlog stays far above scale_out_at, yet the count stays put.
  sim.run_until(5 * bp::kMinute);
  CHECK(status("w").units == 3);
  CHECK(status("jobs").queued >= doc["components"][3]["scale_out_at"].get<std::int64_t>());
  json report = bp::make_report(sim);
  const json events = report["components"]["w"]["scaling_events"];
  REQUIRE(!events.empty());
  CHECK(events.back()["by"] == "command");
  CHECK(events.back()["reason"] == "set by command");
  CHECK(events.back()["to"] == 3);
  CHECK(events.back()["at_s"].get<double>() == 90);
  CHECK(report["components"]["w"]["autoscale_decisions"].get<std::size_t>() + 1 == events.size());

  // Setting the count and turning autoscaling back on at one boundary: the
  // autoscaler acts again one cooldown after the player's change.
  CHECK(sim.submit({bp::CommandKind::Set, "w", "instances", 2}) == "");
  CHECK(sim.submit({bp::CommandKind::Set, "w", "autoscale", "queue_depth"}) == "");
  sim.run_to_end();
  report = bp::make_report(sim);
  const json& after = report["components"]["w"]["scaling_events"];
  REQUIRE(after.size() > events.size() + 1);
  CHECK(after[events.size()]["by"] == "command");
  CHECK(after[events.size()]["at_s"].get<double>() == 300);
  CHECK(after[events.size() + 1]["by"] == "autoscaler");
  CHECK(after[events.size() + 1]["at_s"].get<double>() == 300 + cooldown_s);
  CHECK(report["components"]["w"]["units_at_end"] == doc["components"][3]["min_instances"]);
}

TEST_CASE("an autoscaled run is repeatable", "[autoscale]") {
  const json doc = backlog_doc();
  bp::Simulator a(load(doc)), b(load(doc));
  a.run_to_end();
  b.advance(7);
  b.run_to_end();
  CHECK(bp::make_report(a).dump() == bp::make_report(b).dump());
}
