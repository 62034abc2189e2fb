// The asynchronous path: how fast a backlog drains, what each full-queue
// policy does to the users in front of it, retry amplification and its
// bounds, poison jobs, and priority lanes. Scenarios come from
// async_scenarios.h; expected values from docs/model.md ("Queue", "Worker")
// and queueing arithmetic, never from an earlier run.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "async_scenarios.h"
#include "backpressure/report.h"
#include "models/queue.h"
#include "simulation/run_state.h"
#include "world/world.h"

using nlohmann::json;
using namespace async_test;

namespace {

std::int64_t depth_now(const bp::Simulator& sim) {
  for (const auto& c : sim.components())
    if (c.id == "jobs") return c.queued;
  FAIL("no queue");
  return 0;
}

json upload(const std::string& job, std::int64_t count, double per_second, const std::string& at = "0s") {
  return {{"kind", "batch_upload"}, {"id", "upload"}, {"at", at},   {"target", "jobs"},
          {"job", job},             {"jobs", count},  {"per_second", per_second}};
}

}  // namespace

// ---------------------------------------------------------------- draining

TEST_CASE("a backlog drains at c*mu - lambda", "[async]") {
  // 8 worker slots of exponential 500 ms jobs (mu = 2/s each, c*mu = 16/s)
  // against 6 new jobs per second: the backlog shrinks by 10 jobs a second.
  json doc = base_doc(6, "52m", "1s");
  component(doc, "w").update({{"instances", 2}, {"concurrency", 4}, {"job_time", {{"dist", "exponential"}, {"mean", "500ms"}}}});
  doc["incidents"] = json::array({upload("bulk", 36000, 6000)});
  const double c_mu = 2 * 4 * 2.0, lambda = 6, drain = c_mu - lambda;

  bp::Simulator sim(load(doc));
  Probe probe(sim, {{"jobs", "queue"}, {"jobs", "time_to_drain"}});
  probe.run_until(60 * bp::kSecond);
  const double from = static_cast<double>(depth_now(sim));
  REQUIRE(from > 34000);
  probe.run_until(3060 * bp::kSecond);
  const double to = static_cast<double>(depth_now(sim));
  REQUIRE(to > 1000);  // still draining: the window measured a real backlog
  const double measured = (from - to) / 3000.0;
  INFO("depth " << from << " -> " << to);
  CHECK(measured == Approx(drain).epsilon(0.03));

  // The reported time to drain is depth / (smoothed out - in rate); the drain
  // rate it implies, averaged over the window, is the same c*mu - lambda.
  double implied = 0;
  int n = 0;
  const auto& depth = probe.values("jobs", "queue");
  const auto& ttd = probe.values("jobs", "time_to_drain");
  for (std::size_t i = 0; i < depth.size(); ++i) {
    if (probe.times()[i] <= 300 || std::isnan(ttd[i]) || ttd[i] <= 0) continue;
    implied += depth[i] / ttd[i];
    ++n;
  }
  REQUIRE(n > 2500);  // a rising estimate (NaN) would be a wrong report here
  CHECK(implied / n == Approx(drain).epsilon(0.03));
}

TEST_CASE("the seed story: 140,000 jobs at 800 a minute take close to three hours", "[async]") {
  // Four workers of four slots and 1.2 s jobs: 16 / 1.2 s = 800 jobs a minute.
  // 152,000 jobs arrive at once; after 15 minutes 12,000 are done and the
  // depth is the story's 140,000, under the broker's 160,000 alarm.
  json doc = base_doc(0, "3h20m", "1s");
  component(doc, "jobs")["max_depth"] = 160000;
  component(doc, "w").update({{"instances", 4}, {"concurrency", 4}, {"job_time", "1200ms"}});
  doc["incidents"] = json::array({upload("bulk", 152000, 10000)});
  const double per_second = 800.0 / 60.0;

  bp::Simulator sim(load(doc));
  Probe probe(sim, {{"jobs", "time_to_drain"}, {"jobs", "queue"}});
  probe.run_until(20 * bp::kSecond);  // the upload is in
  REQUIRE(depth_now(sim) > 140000);
  while (depth_now(sim) > 140000) probe.run_until(sim.now() + sim.step());
  const double at = bp::to_seconds(sim.now());
  CHECK(at == Approx(15 * 60).margin(3));
  const double depth = static_cast<double>(depth_now(sim));
  const double reported_s = probe.values("jobs", "time_to_drain").back();
  const double expected_s = depth / per_second;  // 175 minutes for 140,000
  CHECK(reported_s == Approx(expected_s).epsilon(0.01));
  CHECK(reported_s / 3600 > 2.8);
  CHECK(reported_s / 3600 < 3.0);

  // And the queue really empties that long after.
  while (depth_now(sim) > 0 && !sim.finished()) probe.run_until(sim.now() + sim.step());
  REQUIRE(depth_now(sim) == 0);
  CHECK(bp::to_seconds(sim.now()) - at == Approx(expected_s).epsilon(0.01));
}

// ---------------------------------------------------------------- full-queue policies

namespace {

// 8 requests a second each publish one job; the worker finishes 4 a second,
// so the 50-job queue fills within seconds and stays full. The web tier has
// 8 slots, 8 places in line, and a 2 s timeout.
json full_queue_doc(const std::string& policy) {
  json doc = base_doc(8, "5m", "200ms");
  component(doc, "web").update({{"slots", 8}, {"queue_limit", 8}, {"timeout", "2s"}});
  component(doc, "jobs").update({{"max_depth", 50}, {"full_policy", policy}});
  component(doc, "w").update({{"concurrency", 4}, {"job_time", "1s"}});
  return doc;
}

const std::vector<std::pair<std::string, std::string>> kFrontDoor = {
    {"web", "utilization"}, {"jobs", "blocked_publishers"}, {"run", "errors"}, {"jobs", "queue"}};

}  // namespace

TEST_CASE("block: publishers hold server slots, users get 503s, and lifting the backlog restores service", "[async]") {
  bp::Simulator sim(load(full_queue_doc("block")));
  Probe probe(sim, kFrontDoor);
  probe.run_until(120 * bp::kSecond);
  const bp::RequestTotals jammed = sim.totals();

  // Every slot is held by a handler waiting for the broker.
  CHECK(probe.mean("web", "utilization", 30, 120) > 0.95);
  CHECK(probe.mean("jobs", "blocked_publishers", 30, 120) > 7);
  CHECK(probe.min("jobs", "queue", 30, 120) >= 49);
  // Only 4 of the 8 requests a second can publish, so about half fail: 503s
  // when the line is full, timeouts for those who waited too long.
  CHECK(jammed.server_busy > 0);
  CHECK(jammed.queue_full == 0);
  const double failed_share = static_cast<double>(jammed.failed) / static_cast<double>(jammed.ok + jammed.failed);
  CHECK(failed_share > 0.35);

  // Lift the backlog: four times the workers drain 16 jobs a second once the
  // new ones are through their 30 s cold start. Until then, still jammed.
  REQUIRE(sim.submit(command(bp::CommandKind::Set, "w", "instances", 4)).empty());
  probe.run_until(180 * bp::kSecond);
  CHECK(probe.min("jobs", "blocked_publishers", 120, 148) > 0);
  CHECK(probe.max("jobs", "queue", 165, 180) < 50);
  const bp::RequestTotals lifted = sim.totals();
  probe.run_to_end();
  const bp::RequestTotals end = sim.totals();
  CHECK(end.failed == lifted.failed);  // not one failure once it has cleared
  CHECK(end.ok - lifted.ok > 8 * 100);  // and the users are served
  CHECK(probe.max("jobs", "blocked_publishers", 180, 300) == 0);
  CHECK(probe.mean("web", "utilization", 180, 300) < 0.05);
}

TEST_CASE("reject: the same load gives fast queue_full errors and never exhausts the slots", "[async]") {
  bp::Simulator sim(load(full_queue_doc("reject")));
  Probe probe(sim, kFrontDoor);
  probe.run_to_end();
  const bp::RequestTotals t = sim.totals();
  CHECK(t.server_busy == 0);
  CHECK(t.timeouts == 0);
  CHECK(t.queue_full > 0);
  // Half the publishes find the queue full: 4 of 8 a second get through.
  const double failed_share = static_cast<double>(t.failed) / static_cast<double>(t.ok + t.failed);
  CHECK(failed_share == Approx(0.5).margin(0.06));
  CHECK(probe.max("jobs", "blocked_publishers", 0, 300) == 0);
  CHECK(probe.max("web", "utilization", 30, 300) < 0.1);
  // A refusal costs the handler its CPU (1 ms) and one publish (1 ms).
  CHECK(t.latency.max() <= 3 * bp::kMillisecond);
  const json q = bp::make_report(sim)["components"]["jobs"];
  CHECK(q["refused"] == t.queue_full);
}

TEST_CASE("drop_oldest: users are never refused, and the jobs lost to make room are counted", "[async]") {
  json doc = full_queue_doc("drop_oldest");
  stop_traffic_at(doc, "4m");  // the last minute lets the queue empty
  bp::Simulator sim(load(doc));
  sim.run_to_end();
  const bp::RequestTotals t = sim.totals();
  CHECK(t.failed == 0);
  const json q = bp::make_report(sim)["components"]["jobs"];
  const auto published = q["published"].get<std::int64_t>();
  const auto done = q["done"].get<std::int64_t>();
  const auto dropped = q["dropped"].get<std::int64_t>();
  REQUIRE(q["depth_at_end"] == 0);
  CHECK(published == done + dropped);  // every job is either done or counted as lost
  // The worker finishes 4 a second for as long as the queue has work: the
  // rest of the 8 a second were dropped.
  CHECK(static_cast<double>(done) == Approx(4.0 * (240 + 50 / 4.0)).epsilon(0.02));
  CHECK(dropped > 600);
}

// ---------------------------------------------------------------- retries

namespace {

// 20 jobs a second for 10 minutes, then 2 minutes for every retry to settle.
json retry_doc(double failure_rate, int max_attempts) {
  json doc = base_doc(20, "12m", "1s");
  stop_traffic_at(doc, "10m");
  job(doc, "claim").update({{"max_attempts", max_attempts}, {"backoff", "fixed"}, {"backoff_base", "0s"}, {"jitter", 0}});
  component(doc, "w").update({{"concurrency", 64}, {"failure_rate", failure_rate}});
  return doc;
}

// Attempts per published job: every attempt is a job the worker takes.
double amplification(const json& report) {
  const json& q = report["components"]["jobs"];
  const json& w = report["components"]["w"];
  const auto published = q["published"].get<double>();
  const auto attempts = w["arrivals"].get<double>();
  CHECK(attempts - published == q["retried"].get<double>());
  return attempts / published;
}

}  // namespace

TEST_CASE("without backoff, failures multiply the load by (1 - f^(R+1)) / (1 - f)", "[async]") {
  SECTION("f = 0.5 and three retries") {
    bp::Simulator sim(load(retry_doc(0.5, 4)));
    sim.run_to_end();
    const double f = 0.5, retries = 3;
    CHECK(amplification(bp::make_report(sim)) == Approx((1 - std::pow(f, retries + 1)) / (1 - f)).epsilon(0.03));
  }
  SECTION("f = 0.8 and unlimited attempts: 1 / (1 - f) = 5 times the load") {
    bp::Simulator sim(load(retry_doc(0.8, 0)));
    sim.run_to_end();
    const json r = bp::make_report(sim);
    CHECK(amplification(r) == Approx(5.0).epsilon(0.03));
    // Unlimited attempts lose nothing: every job is eventually done.
    CHECK(r["components"]["jobs"]["done"] == r["components"]["jobs"]["published"]);
  }
}

namespace {

// A provider the jobs call is down from 1 to 3 minutes: every attempt in that
// window fails. Traffic stops at 5 minutes; the run ends at 7.
json outage_doc(int max_attempts, const std::string& backoff_base, bool dead_letter) {
  json doc = base_doc(10, "7m", "1s");
  stop_traffic_at(doc, "5m");
  job(doc, "claim").update({{"max_attempts", max_attempts}, {"backoff", "exponential"}, {"backoff_base", backoff_base},
                            {"backoff_cap", "8s"}, {"jitter", 0.2}});
  component(doc, "jobs")["dead_letter"] = dead_letter;
  component(doc, "w").update({{"concurrency", 8}});
  doc["incidents"] = json::array(
      {{{"kind", "downstream_outage"}, {"id", "provider"}, {"at", "1m"}, {"duration", "2m"}, {"job", "claim"}}});
  return doc;
}

}  // namespace

TEST_CASE("a retry storm saturates the workers; backoff and a limit keep the load bounded", "[async]") {
  // Storm: no backoff, unlimited attempts. Every slot spins on failing jobs.
  bp::Simulator storm(load(outage_doc(0, "0s", false)));
  Probe storm_probe(storm, {{"w", "utilization"}, {"w", "arrivals"}});
  storm_probe.run_to_end();
  CHECK(storm_probe.mean("w", "utilization", 70, 180) > 0.95);
  CHECK(storm_probe.mean("w", "arrivals", 70, 180) > 60);  // 8 slots / 100 ms = 80 attempts a second
  const json sr = bp::make_report(storm)["components"]["jobs"];
  CHECK(sr["done"] == sr["published"]);  // once the provider is back, all go through

  // Bounded: three attempts with exponential backoff from 1 s.
  bp::Simulator bounded(load(outage_doc(3, "1s", true)));
  Probe bounded_probe(bounded, {{"w", "utilization"}, {"w", "arrivals"}});
  bounded_probe.run_to_end();
  // At most 3 attempts per job at 10 jobs a second, 100 ms each, on 8 slots.
  CHECK(bounded_probe.mean("w", "utilization", 70, 180) == Approx(3 * 10 * 0.1 / 8).epsilon(0.1));
  const json br = bp::make_report(bounded)["components"]["jobs"];
  const json bw = bp::make_report(bounded)["components"]["w"];
  CHECK(bw["arrivals"].get<double>() <= 3 * br["published"].get<double>());
  // Jobs whose attempts all fell in the outage are dead letters, the rest done.
  const auto dead = br["dead_letters"].get<std::int64_t>();
  CHECK(dead > 10 * 100);  // most of two minutes' jobs
  CHECK(br["done"].get<std::int64_t>() + dead == br["published"].get<std::int64_t>());
  CHECK(br["lost"] == 0);
  CHECK(br["failures"]["downstream"].get<std::int64_t>() >= 3 * dead);

  // Without a dead-letter queue the same jobs are lost, and counted.
  bp::Simulator lossy(load(outage_doc(3, "1s", false)));
  lossy.run_to_end();
  const json lr = bp::make_report(lossy)["components"]["jobs"];
  CHECK(lr["dead_letters"] == 0);
  CHECK(lr["lost"].get<std::int64_t>() == dead);
  CHECK(lr["done"].get<std::int64_t>() + lr["lost"].get<std::int64_t>() == lr["published"].get<std::int64_t>());
}

// ---------------------------------------------------------------- poison jobs

TEST_CASE("poison jobs cycle forever without a retry limit and are dead-lettered with one", "[async]") {
  json doc = base_doc(10, "4m", "1s");
  stop_traffic_at(doc, "2m");
  job(doc, "claim").update({{"poison_share", 0.1}, {"backoff", "fixed"}, {"backoff_base", "1s"}, {"jitter", 0}});
  component(doc, "w")["concurrency"] = 16;  // 160 attempts a second: never the bottleneck here

  SECTION("no limit: they never leave and keep the workers busy") {
    job(doc, "claim")["max_attempts"] = 0;
    component(doc, "jobs")["dead_letter"] = true;
    bp::Simulator sim(load(doc));
    Probe probe(sim, {{"w", "arrivals"}});
    probe.run_to_end();
    const json q = bp::make_report(sim)["components"]["jobs"];
    const auto published = q["published"].get<std::int64_t>();
    const auto cycling = published - q["done"].get<std::int64_t>();
    CHECK(static_cast<double>(cycling) / static_cast<double>(published) == Approx(0.1).margin(0.03));
    CHECK(q["dead_letters"] == 0);
    CHECK(q["lost"] == 0);
    // Each is still retried about once every 1.1 s (1 s backoff + 100 ms),
    // two minutes after the last was published.
    CHECK(probe.mean("w", "arrivals", 200, 240) == Approx(cycling / 1.1).epsilon(0.1));
    CHECK(q["failures"]["poison"].get<std::int64_t>() >= 100 * cycling);
  }
  SECTION("three attempts and a dead-letter queue: each fails three times, then waits there") {
    job(doc, "claim")["max_attempts"] = 3;
    component(doc, "jobs")["dead_letter"] = true;
    bp::Simulator sim(load(doc));
    sim.run_to_end();
    const json q = bp::make_report(sim)["components"]["jobs"];
    const auto published = q["published"].get<std::int64_t>();
    const auto dead = q["dead_letters"].get<std::int64_t>();
    CHECK(q["depth_at_end"] == 0);
    CHECK(q["done"].get<std::int64_t>() + dead == published);
    CHECK(static_cast<double>(dead) / static_cast<double>(published) == Approx(0.1).margin(0.03));
    CHECK(q["failures"]["poison"] == 3 * dead);
  }
}

// ---------------------------------------------------------------- priority lanes

namespace {

// 10 live jobs a second; the worker does 20 a second (20 slots of 1 s). From
// 10 s a partner uploads 30,000 batch jobs at 300 a second. Returns the
// largest age any waiting live job reached, seen at every step boundary.
double worst_live_age_s(const std::string& lane_policy, double batch_share, const std::string& upload_job) {
  json doc = base_doc(10, "3m", "100ms");
  component(doc, "jobs").update({{"lane_policy", lane_policy}, {"batch_share", batch_share}});
  component(doc, "w").update({{"concurrency", 20}, {"job_time", "1s"}});
  doc["jobs"].push_back({{"name", "bulk_fifo"}, {"lane", "live"}, {"max_attempts", 1}});
  doc["incidents"] = json::array({upload(upload_job, 30000, 300, "10s")});
  const bp::Scenario s = load(doc);
  bp::RunState run(s, s.seed);
  bp::World& world = run.world;
  auto& queue = dynamic_cast<bp::Queue&>(world.component(world.index_of("jobs")));
  double worst = 0;
  while (world.now < s.duration) {
    run.step();
    worst = std::max(worst, bp::to_seconds(queue.oldest_age(world.now, bp::JobSpec::Lane::Live)));
  }
  CHECK(queue.depth() > 10000);  // the flood is still there at the end
  return worst;
}

}  // namespace

TEST_CASE("priority lanes: a batch flood leaves live jobs within their age target", "[async]") {
  const double target_s = 5;
  SECTION("strict: live jobs wait only for the next free slot") {
    CHECK(worst_live_age_s("strict", 0.2, "bulk") < target_s);
  }
  SECTION("weighted: live jobs get 80% of pulls, more than the 10 a second they need") {
    CHECK(worst_live_age_s("weighted", 0.2, "bulk") < target_s);
  }
  SECTION("controls: the same flood in the live lane, or too large a batch share, breaks the target") {
    CHECK(worst_live_age_s("strict", 0.2, "bulk_fifo") > 10 * target_s);
    // 30% of 20 a second is less than the 10 live jobs arriving.
    CHECK(worst_live_age_s("weighted", 0.7, "bulk") > 4 * target_s);
  }
}
