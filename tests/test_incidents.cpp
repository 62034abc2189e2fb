// Incidents: each kind moves the metric it should, only while it runs, and
// is undone exactly when it ends, also when two of one kind overlap. Every
// test uses one window pattern: a single incident from 60 s to 120 s, or two
// overlapping ones, A from 60 s to 120 s and B from 90 s to 150 s, in a 3 min
// run with 1 s steps. Expected levels come from the scenarios built here and
// the rules in docs/model.md; none is pasted from a run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "async_scenarios.h"
#include "backpressure/incident.h"
#include "backpressure/report.h"
#include "models/postgres.h"
#include "models/server.h"
#include "models/traffic_source.h"
#include "models/worker.h"
#include "simulation/run_state.h"
#include "world/world.h"

using nlohmann::json;
using namespace async_test;

namespace {

json incident(const std::string& kind, const std::string& id, const std::string& at, const std::string& duration,
              json fields = json::object()) {
  json j{{"kind", kind}, {"id", id}, {"at", at}, {"duration", duration}};
  j.update(fields);
  return j;
}

json one(const std::string& kind, json fields = json::object()) {
  return json::array({incident(kind, "only", "60s", "60s", std::move(fields))});
}

json overlapping(const std::string& kind, json a, json b) {
  return json::array({incident(kind, "a", "60s", "60s", std::move(a)), incident(kind, "b", "90s", "60s", std::move(b))});
}

// Levels of one series before, during and after a single incident.
struct Phases {
  double before, during, after;
};
Phases phases(const Probe& p, const std::string& component, const std::string& name) {
  return {p.mean(component, name, 10, 60), p.mean(component, name, 62, 120), p.mean(component, name, 125, 180)};
}
// Levels while A runs alone, both run, B runs alone, and after both.
struct Overlap {
  double a, both, b, after;
};
Overlap overlap(const Probe& p, const std::string& component, const std::string& name) {
  return {p.mean(component, name, 62, 90), p.mean(component, name, 92, 120), p.mean(component, name, 122, 150),
          p.mean(component, name, 155, 180)};
}

Probe run(bp::Simulator& sim, std::vector<std::pair<std::string, std::string>> names) {
  Probe p(sim, std::move(names));
  p.run_to_end();
  return p;
}

// --- the scenarios, one per affected part of the system

// Rates are high enough that a 30 s window holds over a thousand events, so
// its mean is within a few per cent of the rate whatever the seed.
constexpr double kJobRate = 80;      // jobs a second in worker_doc
constexpr double kRequestRate = 50;  // requests a second in traffic_doc

// 80 jobs a second of 100 ms on 64 worker slots: utilization 0.125.
json worker_doc(json incidents) {
  json doc = base_doc(kJobRate, "3m", "1s");
  component(doc, "w")["concurrency"] = 64;
  doc["incidents"] = std::move(incidents);
  return doc;
}

// 10 writes a second of exactly 20 ms after 1 ms of CPU: 21 ms each.
json database_doc(json incidents) {
  json doc = base_doc(10, "3m", "1s");
  doc["traffic"]["actions"] = json::array({{{"name", "save"}, {"calls", json::array({{{"write", 1}}})}}});
  component(doc, "web")["targets"] = {"db"};
  doc["components"].push_back({{"id", "db"}, {"type", "postgres"}, {"cores", 64}, {"write", "20ms"}});
  doc["incidents"] = std::move(incidents);
  return doc;
}

// 50 requests a second that only use the server.
json traffic_doc(json incidents) {
  json doc = base_doc(kRequestRate, "3m", "1s");
  doc["traffic"]["actions"] = json::array({{{"name", "ping"}}});
  doc["incidents"] = std::move(incidents);
  return doc;
}

// 30 requests a second for 2 slots of 100 ms and one place in line: about a
// third are refused with server_busy, so users have something to retry.
json overloaded_doc(json incidents) {
  json doc = traffic_doc(std::move(incidents));
  doc["traffic"]["users"][0]["users"] = 30;
  component(doc, "web").update({{"slots", 2}, {"queue_limit", 1}, {"cpu", "100ms"}});
  return doc;
}

// Reads from a replica (base lag 50 ms) that easily keeps up.
json replica_doc(json incidents) {
  json doc = base_doc(10, "3m", "1s");
  doc["traffic"]["actions"] = json::array({{{"name", "view"}, {"calls", json::array({{{"read", 1}}})}}});
  component(doc, "web")["targets"] = {"db", "ro"};
  doc["components"].push_back({{"id", "db"}, {"type", "postgres"}});
  doc["components"].push_back({{"id", "ro"}, {"type", "replica"}, {"base_lag", "50ms"}});
  doc["incidents"] = std::move(incidents);
  return doc;
}

// Three instances of the server behind a balancer.
json fleet_doc(json incidents) {
  json doc = traffic_doc(std::move(incidents));
  doc["traffic"]["entry"] = "lb";
  component(doc, "web").update({{"instances", 3}, {"cold_start", "0s"}});
  doc["components"].push_back({{"id", "lb"}, {"type", "lb"}, {"targets", {"web"}}});
  return doc;
}

// A worker kept saturated by a large backlog: completions = slots / 100 ms.
json backlog_doc(std::int64_t instances, json incidents) {
  json doc = base_doc(0, "3m", "1s");
  component(doc, "w").update({{"instances", instances}, {"concurrency", 2}, {"cold_start", "0s"}});
  incidents.push_back({{"kind", "batch_upload"}, {"id", "backlog"}, {"at", "0s"}, {"target", "jobs"},
                       {"job", "bulk"}, {"jobs", 30000}, {"per_second", 100000}});
  doc["incidents"] = std::move(incidents);
  return doc;
}

}  // namespace

TEST_CASE("every incident kind has a test here", "[incidents]") {
  // The kinds the sections below exercise; a new kind must add its own.
  const std::set<std::string> tested = {"batch_upload", "worker_crash",  "slow_processing", "slow_database",
                                        "poison_jobs",  "retry_storm",   "cache_flush",     "replica_lag",
                                        "server_crash", "traffic_spike", "downstream_outage"};
  const auto& kinds = bp::incident_kinds();
  CHECK(std::set<std::string>(kinds.begin(), kinds.end()) == tested);
}

// ---------------------------------------------------------------- one at a time

TEST_CASE("batch_upload publishes its jobs at its rate, then ends when the last is sent", "[incidents]") {
  json doc = base_doc(2, "3m", "1s");
  doc["incidents"] = json::array({{{"kind", "batch_upload"}, {"id", "upload"}, {"at", "60s"}, {"target", "jobs"},
                                   {"job", "bulk"}, {"jobs", 3000}, {"per_second", 100}}});
  SECTION("until sent") {
    bp::Simulator sim(load(doc));
    Probe p = run(sim, {{"jobs", "arrivals"}});
    CHECK(p.mean("jobs", "arrivals", 10, 60) == Approx(2).epsilon(0.25));
    CHECK(p.mean("jobs", "arrivals", 61, 90) == Approx(102).epsilon(0.05));
    CHECK(p.mean("jobs", "arrivals", 92, 180) == Approx(2).epsilon(0.25));
    const json r = bp::make_report(sim);
    CHECK(r["components"]["upload"]["sent"] == 3000);
    CHECK(r["components"]["upload"]["unsent"] == 0);
    // 3000 jobs at 100 a second: the last one goes out 30 s after the start.
    CHECK(r["incidents"][0]["started_s"] == 60.0);
    REQUIRE(r["incidents"][0]["ended_s"].is_number());
    CHECK(r["incidents"][0]["ended_s"].get<double>() == Approx(90.0).margin(0.01));
  }
  SECTION("cut short by its duration") {
    doc["incidents"][0]["duration"] = "20s";
    bp::Simulator sim(load(doc));
    Probe p = run(sim, {{"jobs", "arrivals"}});
    CHECK(p.mean("jobs", "arrivals", 61, 80) == Approx(102).epsilon(0.05));
    CHECK(p.mean("jobs", "arrivals", 82, 180) == Approx(2).epsilon(0.25));
    const json r = bp::make_report(sim);
    const auto sent = r["components"]["upload"]["sent"].get<std::int64_t>();
    CHECK(sent == Approx(2000).margin(1));
    CHECK(sent + r["components"]["upload"]["unsent"].get<std::int64_t>() == 3000);
    CHECK(r["incidents"][0]["ended_s"] == 80.0);
  }
}

TEST_CASE("worker_crash takes instances' capacity away for its window and redelivers their jobs", "[incidents]") {
  // 3 instances x 2 slots of 100 ms: 60 jobs a second; 2 crashed: 20.
  bp::Simulator sim(load(backlog_doc(3, json::array({incident("worker_crash", "crash", "60s", "60s",
                                                              {{"target", "w"}, {"instances", 2}})}))));
  const Probe p = run(sim, {{"w", "completions"}});
  const Phases c = phases(p, "w", "completions");
  CHECK(c.before == Approx(60).epsilon(0.02));
  CHECK(c.during == Approx(20).epsilon(0.02));
  CHECK(c.after == Approx(60).epsilon(0.02));
  // The jobs the crashed instances were working on go back to the queue.
  CHECK(bp::make_report(sim)["components"]["jobs"]["redelivered"] == 4);
}

TEST_CASE("slow_processing multiplies job time only in its window", "[incidents]") {
  bp::Simulator sim(load(worker_doc(one("slow_processing", {{"target", "w"}, {"factor", 3}}))));
  const Phases u = phases(run(sim, {{"w", "utilization"}}), "w", "utilization");
  CHECK(u.before == Approx(0.125).epsilon(0.1));
  CHECK(u.during == Approx(0.375).epsilon(0.1));
  CHECK(u.after == Approx(0.125).epsilon(0.1));
}

TEST_CASE("slow_database multiplies query time only in its window", "[incidents]") {
  bp::Simulator sim(load(database_doc(one("slow_database", {{"target", "db"}, {"factor", 4}}))));
  const Phases p50 = phases(run(sim, {{"run", "p50"}}), "run", "p50");
  CHECK(p50.before == Approx(21).margin(0.5));
  CHECK(p50.during == Approx(1 + 4 * 20).margin(0.5));
  CHECK(p50.after == Approx(21).margin(0.5));
}

TEST_CASE("poison_jobs poisons a share of the jobs published in its window", "[incidents]") {
  bp::Simulator sim(load(worker_doc(one("poison_jobs", {{"job", "claim"}, {"share", 0.3}}))));
  const Probe p = run(sim, {{"jobs", "errors"}});
  CHECK(p.max("jobs", "errors", 0, 60) == 0);
  CHECK(p.mean("jobs", "errors", 62, 120) == Approx(0.3 * kJobRate).epsilon(0.15));
  CHECK(p.max("jobs", "errors", 122, 180) == 0);
  const json q = bp::make_report(sim)["components"]["jobs"];
  CHECK(q["failures"]["poison"].get<double>() == Approx(0.3 * kJobRate * 60).epsilon(0.1));
}

// Retries arrive as extra traffic events and draw nothing from the arrival
// stream, so a twin run without the storm sees exactly the same first tries:
// the difference, step by step, is the users' retries.
std::vector<double> retries_per_step(const json& incidents) {
  bp::Simulator storm(load(overloaded_doc(incidents))), calm(load(overloaded_doc(json::array())));
  const Probe with = run(storm, {{"traffic", "arrivals"}}), without = run(calm, {{"traffic", "arrivals"}});
  const auto& a = with.values("traffic", "arrivals");
  const auto& b = without.values("traffic", "arrivals");
  REQUIRE(a.size() == b.size());
  std::vector<double> out;
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(a[i] - b[i]);
  return out;
}

double sum_between(const std::vector<double>& per_step, int from_s, int to_s) {
  double sum = 0;  // 1 s steps: entry i covers (i, i + 1]
  for (int i = from_s; i < to_s; ++i) sum += per_step[static_cast<std::size_t>(i)];
  return sum;
}

TEST_CASE("retry_storm makes users retry failed requests only in its window", "[incidents]") {
  const auto retries = retries_per_step(one("retry_storm", {{"retries", 2}, {"retry_delay", "1s"}}));
  CHECK(sum_between(retries, 0, 60) == 0);
  // A third of 30 requests a second fail; each is tried again, some twice.
  CHECK(sum_between(retries, 61, 120) / 59 > 10);
  CHECK(sum_between(retries, 123, 180) == 0);  // the last retries land 2 s after the end
}

TEST_CASE("cache_flush empties the cache at once, and it warms again", "[incidents]") {
  // 50 cacheable reads a second through a warm cache that hits 90%.
  json doc = replica_doc(json::array({{{"kind", "cache_flush"}, {"id", "flush"}, {"at", "60s"}, {"target", "cache"}}}));
  doc["traffic"]["users"][0]["users"] = 50;
  component(doc, "web")["targets"] = {"db", "ro", "cache"};
  doc["components"].push_back(
      {{"id", "cache"}, {"type", "redis"}, {"start_warm", true}, {"hit_ratio", 0.9}, {"warmup_misses", 500}});
  bp::Simulator sim(load(doc));
  const Probe p = run(sim, {{"cache", "hit_ratio"}});
  CHECK(p.mean("cache", "hit_ratio", 10, 60) == Approx(0.9).margin(0.03));
  CHECK(p.mean("cache", "hit_ratio", 60, 62) < 0.2);
  CHECK(p.mean("cache", "hit_ratio", 160, 180) > 0.8);  // warm again after a few thousand misses
  const json inc = bp::make_report(sim)["incidents"][0];
  CHECK(inc["started_s"] == 60.0);
  CHECK(inc["ended_s"] == 60.0);  // instantaneous
}

TEST_CASE("replica_lag adds its extra lag only in its window", "[incidents]") {
  bp::Simulator sim(load(replica_doc(one("replica_lag", {{"target", "ro"}, {"extra_lag", "5s"}}))));
  const Probe p = run(sim, {{"ro", "lag"}});
  CHECK(p.min("ro", "lag", 0, 59) == 50);
  CHECK(p.max("ro", "lag", 0, 59) == 50);
  CHECK(p.min("ro", "lag", 61, 119) == 5050);
  CHECK(p.max("ro", "lag", 61, 119) == 5050);
  CHECK(p.min("ro", "lag", 121, 180) == 50);
  CHECK(p.max("ro", "lag", 121, 180) == 50);
}

TEST_CASE("server_crash fails requests with no_server only in its window", "[incidents]") {
  bp::Simulator sim(load(fleet_doc(one("server_crash", {{"target", "web"}, {"instances", 3}}))));
  const Probe p = run(sim, {{"run", "errors"}, {"run", "requests"}});
  CHECK(p.max("run", "errors", 0, 60) == 0);
  CHECK(p.mean("run", "errors", 62, 120) == Approx(p.mean("run", "requests", 62, 120)));
  CHECK(p.max("run", "errors", 122, 180) == 0);
  CHECK(sim.totals().no_server == sim.totals().failed);
}

TEST_CASE("traffic_spike multiplies the arrival rate only in its window", "[incidents]") {
  bp::Simulator sim(load(traffic_doc(one("traffic_spike", {{"factor", 3}}))));
  const Phases in = phases(run(sim, {{"traffic", "arrivals"}}), "traffic", "arrivals");
  CHECK(in.before == Approx(kRequestRate).epsilon(0.1));
  CHECK(in.during == Approx(3 * kRequestRate).epsilon(0.1));
  CHECK(in.after == Approx(kRequestRate).epsilon(0.1));
}

TEST_CASE("downstream_outage fails every attempt of its job type only in its window", "[incidents]") {
  bp::Simulator sim(load(worker_doc(one("downstream_outage", {{"job", "claim"}}))));
  const Probe p = run(sim, {{"jobs", "errors"}, {"jobs", "arrivals"}});
  CHECK(p.max("jobs", "errors", 0, 60) == 0);
  CHECK(p.mean("jobs", "errors", 62, 120) == Approx(p.mean("jobs", "arrivals", 62, 120)).epsilon(0.05));
  CHECK(p.max("jobs", "errors", 122, 180) == 0);
}

// ---------------------------------------------------------------- two of a kind

TEST_CASE("overlapping slow-downs and spikes combine and are undone exactly", "[incidents]") {
  // 3 x 1.7 / 3 / 1.7 is not 1 in floating point when undone by multiplying
  // with reciprocals; after both end the factor must be exactly 1 again.
  const json a = {{"factor", 3}}, b = {{"factor", 1.7}};
  SECTION("slow_processing") {
    json ta = a, tb = b;
    ta["target"] = tb["target"] = "w";
    const json doc = worker_doc(overlapping("slow_processing", ta, tb));
    bp::Simulator sim(load(doc));
    const Overlap u = overlap(run(sim, {{"w", "utilization"}}), "w", "utilization");
    CHECK(u.a == Approx(0.125 * 3).epsilon(0.1));
    CHECK(u.both == Approx(0.125 * 3 * 1.7).epsilon(0.1));
    CHECK(u.b == Approx(0.125 * 1.7).epsilon(0.1));
    CHECK(u.after == Approx(0.125).epsilon(0.1));
    const bp::Scenario s = load(doc);
    bp::RunState run(s, s.seed);
  bp::World& world = run.world;
    while (world.now < s.duration) run.step();
    CHECK(dynamic_cast<bp::Worker&>(world.component(world.index_of("w"))).job_time_factor() == 1.0);
  }
  SECTION("slow_database") {
    json ta = a, tb = b;
    ta["target"] = tb["target"] = "db";
    const json doc = database_doc(overlapping("slow_database", ta, tb));
    bp::Simulator sim(load(doc));
    const Overlap p50 = overlap(run(sim, {{"run", "p50"}}), "run", "p50");
    CHECK(p50.a == Approx(1 + 20 * 3).margin(0.5));
    CHECK(p50.both == Approx(1 + 20 * 3 * 1.7).margin(0.5));
    CHECK(p50.b == Approx(1 + 20 * 1.7).margin(0.5));
    CHECK(p50.after == Approx(21).margin(0.5));
    const bp::Scenario s = load(doc);
    bp::RunState run(s, s.seed);
  bp::World& world = run.world;
    while (world.now < s.duration) run.step();
    CHECK(dynamic_cast<bp::Postgres&>(world.component(world.index_of("db"))).service_factor() == 1.0);
  }
  SECTION("traffic_spike") {
    const json doc = traffic_doc(overlapping("traffic_spike", a, b));
    bp::Simulator sim(load(doc));
    const Overlap in = overlap(run(sim, {{"traffic", "arrivals"}}), "traffic", "arrivals");
    CHECK(in.a == Approx(3 * kRequestRate).epsilon(0.1));
    CHECK(in.both == Approx(3 * 1.7 * kRequestRate).epsilon(0.1));
    CHECK(in.b == Approx(1.7 * kRequestRate).epsilon(0.1));
    CHECK(in.after == Approx(kRequestRate).epsilon(0.1));
    const bp::Scenario s = load(doc);
    bp::RunState run(s, s.seed);
  bp::World& world = run.world;
    while (world.now < s.duration) run.step();
    CHECK(dynamic_cast<bp::TrafficSource&>(world.component(world.traffic_index())).rate_multiplier() == 1.0);
  }
}

TEST_CASE("overlapping poison_jobs: the one still running keeps poisoning after the other ends", "[incidents]") {
  bp::Simulator sim(load(worker_doc(overlapping("poison_jobs", {{"job", "claim"}, {"share", 0.3}},
                                                {{"job", "claim"}, {"share", 0.1}}))));
  const Probe p = run(sim, {{"jobs", "errors"}});
  const Overlap e = overlap(p, "jobs", "errors");
  CHECK(e.a == Approx(0.3 * kJobRate).epsilon(0.15));
  CHECK(e.both == Approx(0.3 * kJobRate).epsilon(0.15));  // the larger share applies
  CHECK(e.b == Approx(0.1 * kJobRate).epsilon(0.25));
  CHECK(p.max("jobs", "errors", 152, 180) == 0);
}

TEST_CASE("overlapping retry_storms: users keep retrying until the last one ends", "[incidents]") {
  const auto retries = retries_per_step(
      overlapping("retry_storm", {{"retries", 2}, {"retry_delay", "1s"}}, {{"retries", 1}, {"retry_delay", "1s"}}));
  CHECK(sum_between(retries, 0, 60) == 0);
  CHECK(sum_between(retries, 61, 120) / 59 > 10);
  CHECK(sum_between(retries, 122, 150) / 28 > 8);  // B's single retry is still in force
  CHECK(sum_between(retries, 152, 180) == 0);
}

TEST_CASE("overlapping downstream outages and replica lag spikes add up and end with the last", "[incidents]") {
  SECTION("downstream_outage") {
    bp::Simulator sim(load(worker_doc(overlapping("downstream_outage", {{"job", "claim"}}, {{"job", "claim"}}))));
    const Probe p = run(sim, {{"jobs", "errors"}, {"jobs", "arrivals"}});
    CHECK(p.mean("jobs", "errors", 62, 150) == Approx(p.mean("jobs", "arrivals", 62, 150)).epsilon(0.05));
    CHECK(p.max("jobs", "errors", 152, 180) == 0);
  }
  SECTION("replica_lag") {
    bp::Simulator sim(load(replica_doc(overlapping("replica_lag", {{"target", "ro"}, {"extra_lag", "5s"}},
                                                   {{"target", "ro"}, {"extra_lag", "2s"}}))));
    const Probe p = run(sim, {{"ro", "lag"}});
    const Overlap lag = overlap(p, "ro", "lag");
    CHECK(lag.a == 5050);
    CHECK(lag.both == 7050);
    CHECK(lag.b == 2050);
    CHECK(lag.after == 50);
  }
}

TEST_CASE("overlapping worker crashes: each brings back only the instances it took down", "[incidents]") {
  // A asks for 5 crashes but only 2 instances exist. At 70 s the player adds
  // two more; B crashes those at 90 s. When A ends at 120 s it must bring
  // back its own 2, not B's: 2 instances x 2 slots / 100 ms = 40 a second.
  bp::Simulator sim(load(backlog_doc(2, json::array({incident("worker_crash", "a", "60s", "60s",
                                                              {{"target", "w"}, {"instances", 5}}),
                                                     incident("worker_crash", "b", "90s", "60s",
                                                              {{"target", "w"}, {"instances", 2}})}))));
  Probe p(sim, {{"w", "completions"}});
  p.run_until(70 * bp::kSecond);
  REQUIRE(sim.submit(command(bp::CommandKind::Set, "w", "instances", 4)).empty());
  p.run_to_end();
  CHECK(p.mean("w", "completions", 10, 60) == Approx(40).epsilon(0.02));
  CHECK(p.max("w", "completions", 62, 70) == 0);
  CHECK(p.mean("w", "completions", 72, 90) == Approx(40).epsilon(0.02));
  CHECK(p.max("w", "completions", 92, 120) == 0);
  CHECK(p.mean("w", "completions", 122, 150) == Approx(40).epsilon(0.02));
  CHECK(p.mean("w", "completions", 152, 180) == Approx(80).epsilon(0.02));
}

TEST_CASE("overlapping server crashes: each brings back only the instances it took down", "[incidents]") {
  // The same story at the front door: A asks for 4 of 3 instances, the player
  // adds a fourth at 70 s, B crashes it at 90 s.
  const json doc = fleet_doc(json::array({incident("server_crash", "a", "60s", "60s", {{"target", "web"}, {"instances", 4}}),
                                          incident("server_crash", "b", "90s", "60s", {{"target", "web"}, {"instances", 1}})}));
  const bp::Scenario s = load(doc);
  bp::RunState run(s, s.seed);
  bp::World& world = run.world;
  auto& web = dynamic_cast<bp::Server&>(world.component(world.index_of("web")));
  const auto healthy = [&] {
    int n = 0;
    for (std::size_t i = 0; i < web.instance_count(); ++i) n += web.healthy(i);
    return n;
  };
  while (world.now < 70 * bp::kSecond) run.step();
  CHECK(healthy() == 0);
  web.change_settings(world, {{"instances", 4}});
  while (world.now < 100 * bp::kSecond) run.step();
  CHECK(healthy() == 0);
  while (world.now < 130 * bp::kSecond) run.step();
  CHECK(healthy() == 3);
  while (world.now < 160 * bp::kSecond) run.step();
  CHECK(healthy() == 4);
}
