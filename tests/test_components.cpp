// Behaviour of the request-path components, each on a small scenario built
// here. Expected values come from the model's rules (the comments in
// src/components/*.h and docs/model.md) and from the catalogue; none is
// pasted from a run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"
#include "backpressure/time.h"
#include "models/server.h"
#include "simulation/run_state.h"
#include "world/world.h"

using nlohmann::json;

namespace {

// A scenario document: `rate` requests per second (users at 60 actions per
// user per minute) from 0 until `traffic_until`, then none until `duration`,
// so that a run can drain before it ends.
json make_doc(const std::string& entry, double rate, const std::string& traffic_until, const std::string& duration,
              json actions, json components) {
  json users = json::array();
  users.push_back({{"at", "0s"}, {"users", rate}});
  users.push_back({{"at", traffic_until}, {"users", rate}});
  bp::SimTime until = 0, end = 0;
  REQUIRE(bp::parse_duration(traffic_until, until));
  REQUIRE(bp::parse_duration(duration, end));
  if (until < end) {
    // Drop to zero one microsecond later: traffic stops sharply.
    users.push_back({{"at", std::to_string(until + 1) + "us"}, {"users", 0}});
  }
  return {{"format_version", 1},
          {"id", "component-test"},
          {"seed", 11},
          {"duration", duration},
          {"step", "100ms"},
          {"traffic",
           {{"entry", entry}, {"users", users}, {"actions_per_user_per_minute", 60}, {"actions", std::move(actions)}}},
          {"components", std::move(components)}};
}

bp::Scenario load(const json& doc) { return bp::load_scenario(doc, "component-test.json"); }

json run_report(const json& doc, bp::RequestTotals* totals = nullptr) {
  bp::Simulator sim(load(doc));
  sim.run_to_end();
  if (totals) *totals = sim.totals();
  return bp::make_report(sim);
}

const json kCpuOnly = json::parse(R"([{"name": "ping"}])");
const json kOneRead = json::parse(R"([{"name": "read", "calls": [{"read": 1}]}])");

// Per-instance load (busy + waiting) of a server, through the world itself.
std::vector<std::int64_t> instance_loads(bp::World& world, const std::string& id) {
  auto* server = dynamic_cast<bp::Server*>(&world.component(world.index_of(id)));
  REQUIRE(server != nullptr);
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < server->instance_count(); ++i) out.push_back(server->in_flight(i));
  return out;
}

void run_world(bp::RunState& run, const bp::Scenario& s) {
  while (run.world.now < s.duration) run.step();
}

// A series' values, oldest first (runs here are shorter than Series::kRecent steps).
std::vector<double> series_values(const bp::Simulator& sim, const std::string& component, const std::string& name) {
  const bp::Series* s = sim.find_series(component, name);
  REQUIRE(s != nullptr);
  REQUIRE(s->steps() <= static_cast<std::int64_t>(bp::Series::kRecent));
  std::vector<double> out;
  for (std::size_t ago = s->recent_size(); ago-- > 0;) out.push_back(s->recent(ago));
  return out;
}

double mean_of(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = from; i < to && i < v.size(); ++i)
    if (!std::isnan(v[i])) {
      sum += v[i];
      ++n;
    }
  REQUIRE(n > 0);
  return sum / static_cast<double>(n);
}

const json& component(const json& report, const std::string& id) {
  REQUIRE(report["components"].contains(id));
  return report["components"][id];
}

}  // namespace

// ---------------------------------------------------------------- load balancer

TEST_CASE("LB round robin spreads requests evenly over the instances of its servers", "[components]") {
  // Requests are held for 100 s, so at the end of the run every request is
  // still on the instance it was sent to. Traffic stops a second before the
  // end, so none is still in the balancer's hop.
  const json doc = make_doc("lb", 200, "2s", "3s", kCpuOnly, json::parse(R"([
    {"id": "lb", "type": "lb", "algorithm": "round_robin", "targets": ["web", "api"]},
    {"id": "web", "type": "server", "instances": 3, "slots": 100000, "cpu": "100s", "timeout": "0s"},
    {"id": "api", "type": "server", "instances": 2, "slots": 100000, "cpu": "100s", "timeout": "0s"}])"));
  const bp::Scenario s = load(doc);
  bp::RunState run(s, 5);
  bp::World& world = run.world;
  run_world(run, s);
  std::vector<std::int64_t> loads = instance_loads(world, "web");
  const auto api = instance_loads(world, "api");
  loads.insert(loads.end(), api.begin(), api.end());
  REQUIRE(loads.size() == 5);
  const std::int64_t total = std::accumulate(loads.begin(), loads.end(), std::int64_t{0});
  CHECK(total > 300);
  CHECK(static_cast<std::uint64_t>(total) == world.component(world.index_of("lb")).total_counts.completions);
  const auto [lo, hi] = std::minmax_element(loads.begin(), loads.end());
  INFO("per-instance loads: " << json(loads).dump());
  CHECK(*hi - *lo <= 1);
}

TEST_CASE("LB least connections balances long requests and prefers idle instances", "[components]") {
  SECTION("equal instances end up within one request of each other") {
    const json doc = make_doc("lb", 200, "2s", "3s", kCpuOnly, json::parse(R"([
      {"id": "lb", "type": "lb", "algorithm": "least_connections", "targets": ["web"]},
      {"id": "web", "type": "server", "instances": 4, "slots": 100000, "cpu": "100s", "timeout": "0s"}])"));
    const bp::Scenario s = load(doc);
    bp::RunState run(s, 5);
  bp::World& world = run.world;
    run_world(run, s);
    const auto loads = instance_loads(world, "web");
    const auto [lo, hi] = std::minmax_element(loads.begin(), loads.end());
    INFO("per-instance loads: " << json(loads).dump());
    CHECK(*hi - *lo <= 1);
  }
  SECTION("an idle fast server gets the work a busy slow one would have had") {
    auto doc_for = [](const char* algorithm) {
      json components = json::parse(R"([
        {"id": "lb", "type": "lb", "targets": ["fast", "slow"]},
        {"id": "fast", "type": "server", "slots": 1000, "cpu": "1ms", "timeout": "0s"},
        {"id": "slow", "type": "server", "slots": 1000, "cpu": "2s", "timeout": "0s"}])");
      components[0]["algorithm"] = algorithm;
      return make_doc("lb", 50, "10s", "10s", kCpuOnly, components);
    };
    const json rr = run_report(doc_for("round_robin"));
    const json lc = run_report(doc_for("least_connections"));
    const double rr_fast = component(rr, "fast")["arrivals"].get<double>();
    const double rr_slow = component(rr, "slow")["arrivals"].get<double>();
    const double lc_fast = component(lc, "fast")["arrivals"].get<double>();
    const double lc_slow = component(lc, "slow")["arrivals"].get<double>();
    // Round robin ignores load: one each in turn.
    CHECK(std::abs(rr_fast - rr_slow) <= 1);
    // Least connections: "slow" holds each request for 2 s, so it only wins a
    // tie now and then; "fast" is idle almost all the time.
    CHECK(lc_fast + lc_slow > 400);
    CHECK(lc_slow < 0.1 * (lc_fast + lc_slow));
  }
}

TEST_CASE("without a load balancer every request lands on instance 0", "[components]") {
  const json doc = make_doc("web", 100, "2s", "3s", kCpuOnly, json::parse(R"([
    {"id": "web", "type": "server", "instances": 3, "slots": 2, "cpu": "100s", "timeout": "0s"}])"));
  const bp::Scenario s = load(doc);
  bp::RunState run(s, 5);
  bp::World& world = run.world;
  run_world(run, s);
  const auto loads = instance_loads(world, "web");
  REQUIRE(loads.size() == 3);
  CHECK(loads[0] > 100);
  CHECK(static_cast<std::uint64_t>(loads[0]) == world.component(world.index_of("web")).total_counts.arrivals);
  CHECK(loads[1] == 0);
  CHECK(loads[2] == 0);
  // Only instance 0's two slots are in use; everything else waits.
  const bp::Component& web = world.component(world.index_of("web"));
  CHECK(web.busy.level() == 2);
  CHECK(web.queued() == loads[0] - 2);
}

// ---------------------------------------------------------------- server slots, timeouts, queue limit

namespace {
// One instance with two slots, each request holding its slot for 10 s, a 1 s
// timeout: 20 requests/s for 5 s, then 7 s to drain.
json exhausted_server(std::int64_t queue_limit) {
  json components = json::parse(R"([
    {"id": "web", "type": "server", "instances": 1, "slots": 2, "cpu": "10s", "timeout": "1s"}])");
  components[0]["queue_limit"] = queue_limit;
  return make_doc("web", 20, "5s", "12s", kCpuOnly, components);
}
}  // namespace

TEST_CASE("exhausted slots make requests wait and then time out at exactly the timeout", "[components]") {
  bp::Simulator sim(load(exhausted_server(0)));
  sim.run_to_end();
  const bp::RequestTotals t = sim.totals();
  const json report = bp::make_report(sim);
  const std::uint64_t total = t.ok + t.failed;
  CHECK(total > 60);
  // No request can finish inside 1 s when the handler takes 10 s.
  CHECK(t.ok == 0);
  CHECK(t.timeouts == total);
  CHECK(t.server_busy == 0);
  CHECK(report["requests"]["errors"]["timeout"] == total);
  CHECK(component(report, "web")["timeouts"] == total);
  // Every error is reported at exactly the timeout.
  CHECK(t.latency.count() == total);
  CHECK(t.latency.max() == bp::kSecond);
  CHECK(t.latency.min() == bp::kSecond);
  // They waited: the queue held more than the two slots' worth.
  CHECK(component(report, "web")["queue_max"].get<std::int64_t>() > 0);
  CHECK(component(report, "web")["in_system_max"].get<std::int64_t>() > 2);
  // Nothing is left once the two slot holders finish their 10 s.
  CHECK(sim.live_requests() == 0);
}

// Timeouts are exact even when the deadline passes between two step
// boundaries: a handler that finishes after its deadline but before the next
// sweep still fails as a timeout at exactly the timeout (server.h). One slot,
// a constant 30 ms handler, a 50 ms timeout and ~30 requests/s: many requests
// wait 20-100 ms and overrun inside a 100 ms step.
TEST_CASE("no request is answered after its timeout", "[components]") {
  const json doc = make_doc("web", 30, "20s", "20s", kCpuOnly, json::parse(R"([
    {"id": "web", "type": "server", "instances": 1, "slots": 1, "cpu": "30ms", "timeout": "50ms"}])"));
  bp::RequestTotals t;
  const json report = run_report(doc, &t);
  REQUIRE(t.timeouts > 0);
  REQUIRE(t.ok > 0);
  CHECK(t.latency.max() == 50 * bp::kMillisecond);
  CHECK(report["latency_ok_ms"]["max"].get<double>() <= 50.0);
  // Constant 30 ms service: a successful request took 30 to 50 ms.
  CHECK(report["latency_ok_ms"]["max"].get<double>() >= 30.0);
}

TEST_CASE("queue_limit turns long waits into fast server_busy errors", "[components]") {
  bp::RequestTotals unlimited, limited;
  const json r0 = run_report(exhausted_server(0), &unlimited);
  const json r1 = run_report(exhausted_server(1), &limited);
  const std::uint64_t total = limited.ok + limited.failed;
  // Same seed, same arrivals.
  CHECK(total == unlimited.ok + unlimited.failed);
  CHECK(unlimited.server_busy == 0);
  // With room for one waiter, nearly every request is refused at the door.
  CHECK(limited.server_busy > total / 2);
  CHECK(limited.timeouts < unlimited.timeouts);
  CHECK(limited.server_busy + limited.timeouts == limited.failed);
  CHECK(r1["requests"]["errors"]["server_busy"] == limited.server_busy);
  CHECK(component(r1, "web")["rejected"] == limited.server_busy);
  // Refusals are immediate (there is no balancer hop): the median latency is 0.
  CHECK(limited.latency.min() == 0);
  CHECK(limited.latency.quantile(0.5) < 1000.0);
  // The waiting line never holds more than the limit.
  CHECK(component(r1, "web")["queue_max"].get<std::int64_t>() <= 1);
}

// ---------------------------------------------------------------- redis

namespace {
json cache_doc(bool start_warm, json actions, double rate = 400, const std::string& until = "30s",
               const std::string& duration = "30s") {
  json components = json::parse(R"([
    {"id": "web", "type": "server", "instances": 1, "slots": 200, "timeout": "0s", "targets": ["db", "cache"]},
    {"id": "db", "type": "postgres", "cores": 16},
    {"id": "cache", "type": "redis", "hit_ratio": 0.8, "warmup_misses": 1000}])");
  components[2]["start_warm"] = start_warm;
  return make_doc("web", rate, until, duration, std::move(actions), components);
}
}  // namespace

TEST_CASE("a cold cache starts near 0% hits and warms toward hit_ratio", "[components]") {
  bp::Simulator sim(load(cache_doc(false, kOneRead)));
  sim.run_to_end();
  const auto hits = series_values(sim, "cache", "hit_ratio");
  REQUIRE(hits.size() == 300);
  INFO("first step " << hits[0] << ", first second " << mean_of(hits, 0, 10) << ", last 5 s " << mean_of(hits, 250, 300));
  CHECK(hits[0] < 0.1);
  CHECK(mean_of(hits, 0, 10) < 0.3);
  CHECK(mean_of(hits, 250, 300) == Approx(0.8).margin(0.05));
  CHECK(mean_of(hits, 0, 10) < mean_of(hits, 50, 100));
  CHECK(mean_of(hits, 50, 100) < mean_of(hits, 250, 300) + 0.02);
  // Warmth follows the documented rule: each miss fills 1/warmup_misses of
  // what is still cold, so after m misses it is 1 - (1 - 1/W)^m.
  const json cache = component(bp::make_report(sim), "cache");
  const double misses = cache["lookups"].get<double>() - cache["hits"].get<double>();
  CHECK(cache["warmth_at_end"].get<double>() == Approx(1.0 - std::pow(1.0 - 1.0 / 1000, misses)).margin(2e-6));
}

TEST_CASE("a cache with start_warm starts at its warm hit ratio", "[components]") {
  bp::Simulator sim(load(cache_doc(true, kOneRead, 400, "5s", "5s")));
  sim.run_to_end();
  const auto hits = series_values(sim, "cache", "hit_ratio");
  // 400 lookups in the first second: the standard error of the share is 0.02.
  CHECK(mean_of(hits, 0, 10) == Approx(0.8).margin(0.08));
  CHECK(mean_of(hits, 0, 50) == Approx(0.8).margin(0.04));
}

TEST_CASE("cache misses and only misses reach the database and uncacheable reads bypass the cache", "[components]") {
  SECTION("cacheable reads") {
    // Traffic stops at 8 s and the run drains by 10 s, so every call is counted.
    bp::RequestTotals t;
    const json report = run_report(cache_doc(false, kOneRead, 300, "8s", "10s"), &t);
    const json& cache = component(report, "cache");
    const json& db = component(report, "db");
    const auto lookups = cache["lookups"].get<std::uint64_t>();
    const auto hits = cache["hits"].get<std::uint64_t>();
    CHECK(t.failed == 0);
    CHECK(report["requests"]["in_flight_at_end"] == 0);
    CHECK(lookups == t.ok);
    CHECK(hits > 0);
    CHECK(db["arrivals"].get<std::uint64_t>() == lookups - hits);
    CHECK(db["reads"].get<std::uint64_t>() == lookups - hits);
  }
  SECTION("cacheable: false") {
    bp::RequestTotals t;
    const json actions = json::parse(R"([{"name": "search", "calls": [{"read": 2, "cacheable": false}]}])");
    const json report = run_report(cache_doc(false, actions, 300, "8s", "10s"), &t);
    CHECK(t.failed == 0);
    CHECK(t.ok > 1000);
    CHECK(component(report, "cache")["lookups"] == 0);
    CHECK(component(report, "cache")["arrivals"] == 0);
    CHECK(component(report, "db")["reads"].get<std::uint64_t>() == 2 * t.ok);
  }
}

// ---------------------------------------------------------------- replicas

TEST_CASE("replicas take the reads and the primary the writes", "[components]") {
  const json actions = json::parse(R"([
    {"name": "view", "calls": [{"read": 1}]},
    {"name": "save", "calls": [{"write": 1}]}])");
  SECTION("no cache") {
    bp::RequestTotals t;
    const json report = run_report(make_doc("web", 200, "8s", "10s", actions, json::parse(R"([
      {"id": "web", "type": "server", "slots": 200, "timeout": "0s", "targets": ["db", "ro"]},
      {"id": "db", "type": "postgres"},
      {"id": "ro", "type": "replica", "instances": 2}])")),
                                   &t);
    const json& db = component(report, "db");
    const json& ro = component(report, "ro");
    CHECK(t.failed == 0);
    CHECK(db["reads"] == 0);
    CHECK(ro["writes"] == 0);
    CHECK(db["writes"].get<std::uint64_t>() > 500);
    CHECK(ro["reads"].get<std::uint64_t>() > 500);
    CHECK(db["writes"].get<std::uint64_t>() + ro["reads"].get<std::uint64_t>() == t.ok);
  }
  SECTION("cache misses go to the replica too") {
    const json report = run_report(make_doc("web", 200, "8s", "10s", kOneRead, json::parse(R"([
      {"id": "web", "type": "server", "slots": 200, "timeout": "0s", "targets": ["db", "ro", "cache"]},
      {"id": "db", "type": "postgres"},
      {"id": "ro", "type": "replica"},
      {"id": "cache", "type": "redis", "warmup_misses": 100}])")));
    const json& cache = component(report, "cache");
    CHECK(component(report, "db")["arrivals"] == 0);
    CHECK(component(report, "ro")["reads"].get<std::uint64_t>() ==
          cache["lookups"].get<std::uint64_t>() - cache["hits"].get<std::uint64_t>());
  }
}

namespace {
json lag_doc(double write_rate, double apply_rate, const std::string& base_lag) {
  json components = json::parse(R"([
    {"id": "web", "type": "server", "slots": 200, "timeout": "0s", "targets": ["db", "ro"]},
    {"id": "db", "type": "postgres"},
    {"id": "ro", "type": "replica"}])");
  components[2]["apply_rate"] = apply_rate;
  components[2]["base_lag"] = base_lag;
  return make_doc("web", write_rate, "30s", "30s", json::parse(R"([{"name": "save", "calls": [{"write": 1}]}])"),
                  components);
}
}  // namespace

TEST_CASE("replica lag grows while the primary writes faster than apply_rate", "[components]") {
  // 200 writes/s against 50 replayed per second.
  bp::Simulator sim(load(lag_doc(200, 50, "50ms")));
  sim.run_to_end();
  const auto lag = series_values(sim, "ro", "lag");
  REQUIRE(lag.size() == 300);
  for (std::size_t i = 1; i < lag.size(); ++i) {
    INFO("step " << i);
    REQUIRE(lag[i] >= lag[i - 1]);
  }
  CHECK(lag.back() > lag[10] + 30'000);  // tens of seconds behind by the end
  // The fluid model: the backlog is every write so far minus apply_rate x time
  // (it never empties here: each 100 ms step brings ~20 writes, 5 replayed),
  // and lag = base_lag + backlog / apply_rate.
  const json report = bp::make_report(sim);
  const double writes = component(report, "db")["writes"].get<double>();
  const double expected_ms = 50.0 + (writes - 50.0 * 30.0) / 50.0 * 1000.0;
  CHECK(component(report, "ro")["lag_ms_at_end"].get<double>() == Approx(expected_ms).margin(0.01));
  CHECK(component(report, "ro")["lag_ms_max"].get<double>() == Approx(expected_ms).margin(0.01));
  CHECK(lag.back() == Approx(expected_ms).margin(0.01));
}

TEST_CASE("replica lag stays at base_lag while it keeps up", "[components]") {
  // 20 writes/s against the default-sized 1500/s.
  bp::Simulator sim(load(lag_doc(20, 1500, "120ms")));
  sim.run_to_end();
  const auto lag = series_values(sim, "ro", "lag");
  REQUIRE(lag.size() == 300);
  for (double v : lag) REQUIRE(v == 120.0);
  const json report = bp::make_report(sim);
  CHECK(component(report, "db")["writes"].get<std::uint64_t>() > 300);
  CHECK(component(report, "ro")["lag_ms_max"] == 120.0);
  CHECK(component(report, "ro")["lag_ms_at_end"] == 120.0);
}

// ---------------------------------------------------------------- postgres

namespace {
json pg_doc(std::int64_t max_connections) {
  json components = json::parse(R"([
    {"id": "web", "type": "server", "slots": 1000, "timeout": "0s", "cpu": "1ms", "targets": ["db"]},
    {"id": "db", "type": "postgres", "cores": 64, "read": "20ms"}])");
  components[1]["max_connections"] = max_connections;
  // 80 reads/s of 20 ms: 1.6 queries in the database on average.
  return make_doc("web", 80, "20s", "21s", kOneRead, components);
}
}  // namespace

TEST_CASE("postgres queries beyond max_connections wait for a connection", "[components]") {
  bp::Simulator sim(load(pg_doc(2)));
  sim.run_to_end();
  const json report = bp::make_report(sim);
  const json& db = component(report, "db");
  CHECK(sim.totals().failed == 0);
  CHECK(db["connection_waits"].get<std::uint64_t>() > 50);
  CHECK(db["queue_max"].get<std::int64_t>() > 0);
  CHECK(db["in_system_max"].get<std::int64_t>() > 2);
  // Never more than two connections in use, and both in use at busy moments.
  const auto connections = series_values(sim, "db", "connections");
  CHECK(*std::max_element(connections.begin(), connections.end()) <= 2.0);
  CHECK(*std::max_element(connections.begin(), connections.end()) == 2.0);
  // Waiting shows up in the response time: an M/D/2 queue at 80% load waits
  // on average; with 64 free connections nobody does.
  const json roomy = run_report(pg_doc(1000));
  CHECK(component(roomy, "db")["connection_waits"] == 0);
  CHECK(component(roomy, "db")["queue_max"] == 0);
  CHECK(report["latency_ms"]["mean"].get<double>() > roomy["latency_ms"]["mean"].get<double>() + 5.0);
}

// ---------------------------------------------------------------- cost

TEST_CASE("a design's monthly cost is the catalogue price times the instances", "[components]") {
  // A 30-day run (one billing month) of a light load, in one-minute steps.
  json doc = make_doc("lb", 1.0 / 60.0, "30d", "30d", json::parse(R"([
      {"name": "view", "calls": [{"read": 1}]},
      {"name": "order", "calls": [{"write": 1}, {"enqueue": "ship"}]}])"),
                      json::parse(R"([
      {"id": "lb", "type": "lb", "targets": ["web"]},
      {"id": "web", "type": "server", "instances": 3, "targets": ["db", "cache", "ro", "q"]},
      {"id": "db", "type": "postgres"},
      {"id": "cache", "type": "redis"},
      {"id": "ro", "type": "replica", "instances": 2},
      {"id": "q", "type": "queue", "targets": ["w"]},
      {"id": "w", "type": "worker", "instances": 4, "targets": ["db"]}])"));
  doc["step"] = "60s";
  doc["jobs"] = json::parse(R"([{"name": "ship"}])");
  const bp::Scenario s = load(doc);
  const auto& cat = bp::Catalogue::builtin();
  auto price = [&](const char* type) {
    const bp::ComponentType* t = cat.find(type);
    REQUIRE(t != nullptr);
    return t->cost_per_month;
  };
  struct Expect {
    const char* id;
    const char* type;
    double units;
  };
  const Expect design[] = {{"lb", "lb", 1},    {"web", "server", 3},  {"db", "postgres", 1}, {"cache", "redis", 1},
                           {"ro", "replica", 2}, {"q", "queue", 1}, {"w", "worker", 4}};
  double monthly = 0;
  for (const auto& e : design) monthly += price(e.type) * e.units;
  REQUIRE(monthly > 0);

  bp::Simulator sim(s);
  sim.run_to_end();
  const json report = bp::make_report(sim);
  CHECK(report["cost"]["monthly_usd"].get<double>() == Approx(monthly).margin(0.01));
  // 30 days are exactly one billing month.
  CHECK(report["cost"]["total_usd"].get<double>() == Approx(monthly).margin(0.01));
  CHECK(sim.totals().cost == Approx(monthly).epsilon(1e-9));
  for (const auto& e : design) {
    INFO(e.id);
    CHECK(component(report, e.id)["units_at_end"] == e.units);
    CHECK(component(report, e.id)["cost_usd"].get<double>() == Approx(price(e.type) * e.units).margin(0.01));
  }
  CHECK(component(report, "traffic")["cost_usd"] == 0.0);
  for (const auto& status : sim.components())
    if (status.id == "web") CHECK(status.units == 3);
}

TEST_CASE("monthly cost does not depend on the run length", "[components]") {
  // Two hours of a two-server design: monthly_usd is still the catalogue sum.
  const json doc = make_doc("web", 5, "2h", "2h", kCpuOnly, json::parse(R"([
      {"id": "web", "type": "server", "instances": 2}])"));
  const json report = run_report(doc);
  const double expected = 2 * bp::Catalogue::builtin().find("server")->cost_per_month;
  CHECK(report["cost"]["monthly_usd"].get<double>() == Approx(expected).margin(0.01));
  CHECK(report["cost"]["total_usd"].get<double>() ==
        Approx(expected * static_cast<double>(2 * bp::kHour) / static_cast<double>(bp::kMonth)).margin(0.01));
}
