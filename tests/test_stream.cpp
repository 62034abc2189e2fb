// Rate limits, telemetry, streams and analytics. Expected values follow from
// the rules in src/core/token_bucket.h, src/components/stream.h and
// src/components/analytics.h (and docs/model.md); none is pasted from a run.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"
#include "models/analytics.h"
#include "models/stream.h"
#include "engine/token_bucket.h"
#include "simulation/run_state.h"
#include "world/world.h"

using nlohmann::json;

namespace {

// `rate` actions per second from 0 until `until`, then none until `duration`.
json make_doc(double rate, const std::string& until, const std::string& duration, json actions, json components,
              json incidents = json::array()) {
  bp::SimTime stop = 0;
  REQUIRE(bp::parse_duration(until, stop));
  json users = json::array({{{"at", "0s"}, {"users", rate}},
                            {{"at", until}, {"users", rate}},
                            {{"at", std::to_string(stop + 1) + "us"}, {"users", 0}}});
  return {{"format_version", 1},
          {"id", "stream-test"},
          {"seed", 7},
          {"duration", duration},
          {"step", "100ms"},
          {"traffic", {{"entry", "web"}, {"users", users}, {"actions_per_user_per_minute", 60}, {"actions", actions}}},
          {"jobs", json::array({{{"name", "import"}}})},
          {"components", components},
          {"incidents", incidents}};
}

bp::Scenario load(const json& doc) { return bp::load_scenario(doc, "stream-test.json"); }

std::string load_error(const json& doc) {
  try {
    load(doc);
  } catch (const bp::InputError& e) {
    return e.path() + ": " + e.problem();
  }
  return "";
}

const json kWeb = {{"id", "web"}, {"type", "server"}, {"slots", 1000}, {"cpu", "1ms"}};

template <typename T>
T& part(bp::World& world, const std::string& id) {
  auto* c = dynamic_cast<T*>(&world.component(world.index_of(id)));
  REQUIRE(c != nullptr);
  return *c;
}

void run_until(bp::RunState& run, bp::SimTime t) {
  while (run.world.now < t) run.step();
}

// Telemetry at `events_per_s` on average (10 events per action) into a
// stream read by one analytics sink.
json stream_doc(double events_per_s, const std::string& until, const std::string& duration, json stream, json analytics) {
  json web = kWeb;
  web["targets"] = {"events"};
  stream["id"] = "events";
  stream["type"] = "stream";
  stream["targets"] = {"sink"};
  analytics["id"] = "sink";
  analytics["type"] = "analytics";
  return make_doc(events_per_s / 10, until, duration, json::array({{{"name", "click"}, {"telemetry", 10}}}),
                  json::array({web, stream, analytics}));
}

}  // namespace

// ---------------------------------------------------------------- token bucket

TEST_CASE("a token bucket admits rate x t + burst over a window of steady demand", "[stream]") {
  for (const auto& [rate, burst, seconds] : {std::tuple{10.0, 5.0, 10}, std::tuple{2.5, 3.0, 4}, std::tuple{400.0, 2.0, 3}}) {
    bp::TokenBucket bucket;
    bucket.configure(rate, burst, 0);
    // Demand every millisecond, far above the rate, including both ends; the
    // burst is big enough that a millisecond's refill never overflows it.
    int admitted = 0;
    for (bp::SimTime t = 0; t <= seconds * bp::kSecond; t += bp::kMillisecond) admitted += bucket.take(t);
    CHECK(admitted == static_cast<int>(std::floor(rate * seconds + burst)));
  }
}

TEST_CASE("a token bucket with rate 0 admits everything and a full bucket saves no more than its burst", "[stream]") {
  bp::TokenBucket off;
  off.configure(0, 0, 0);
  for (int i = 0; i < 1000; ++i) CHECK(off.take(0));
  bp::TokenBucket idle;
  idle.configure(5, 8, 0);
  // An hour of silence still leaves only the burst to spend at once.
  int at_once = 0;
  while (idle.take(bp::kHour)) ++at_once;
  CHECK(at_once == 8);
}

TEST_CASE("an action over its rate limit fails fast with rate_limited", "[stream]") {
  // 50 uploads/s against a limit of 20/s with a burst of 10, for 10 s.
  const json actions = json::array({{{"name", "upload"}, {"rate_limit", 20}, {"rate_burst", 10}}});
  bp::Simulator sim(load(make_doc(50, "10s", "12s", actions, json::array({kWeb}))));
  sim.run_to_end();
  const json r = bp::make_report(sim);
  const bp::RequestTotals t = sim.totals();
  // At most 20 x 10 + 10 get through. Tokens go unspent only while the
  // bucket is full (before the first arrival, or after a rare quiet half
  // second) and after the last arrival: with demand at 2.5x the rate, a
  // token or two.
  CHECK(t.ok <= 210);
  CHECK(t.ok >= 205);
  CHECK(t.failed == t.rate_limited);
  CHECK(t.rate_limited + t.ok == r["requests"]["total"].get<std::uint64_t>());
  CHECK(r["requests"]["errors"]["rate_limited"] == t.rate_limited);
  CHECK(r["components"]["web"]["rate_limited"] == t.rate_limited);
  CHECK(r["components"]["web"]["errors"] == t.rate_limited);
  CHECK(r["components"]["traffic"]["rate_limited"]["upload"] == t.rate_limited);
  // Refused on arrival, before a slot: no CPU time. More than half the
  // answers are refusals, so the median answer took no time at all.
  CHECK(t.rate_limited > t.ok);
  CHECK(r["latency_ms"]["p50"] == 0.0);
  CHECK(r["latency_ok_ms"]["p50"].get<double>() >= 1.0);
}

TEST_CASE("a rate limit on one action leaves the others alone", "[stream]") {
  const json actions = json::array({{{"name", "upload"}, {"rate_limit", 5}}, {{"name", "view"}}});
  bp::Simulator sim(load(make_doc(100, "10s", "12s", actions, json::array({kWeb}))));
  sim.run_to_end();
  const json r = bp::make_report(sim);
  const json& limited = r["components"]["traffic"]["rate_limited"];
  CHECK(limited.size() == 1);
  CHECK(limited["upload"].get<std::uint64_t>() > 0);
  CHECK(limited["upload"] == sim.totals().failed);  // every failure is an upload over its limit
}

TEST_CASE("a batch producer that gives up over its rate limit loses the jobs refused at the publisher", "[stream]") {
  // 1,000 jobs at 100/s (one every 10 ms, from 10 ms to 10 s) against a
  // limit of 30/s with a burst of 10, from a source that drops a job it is
  // told to slow down for. The bucket is full when the first job comes, so
  // the window is the 9.99 s from the first job to the last:
  // floor(30 x 9.99 + 10) = 309 are sent.
  json web = kWeb;
  web["targets"] = {"jobs"};
  const json components = json::array({web,
                                       {{"id", "jobs"}, {"type", "queue"}, {"targets", {"w"}}},
                                       {{"id", "w"}, {"type", "worker"}, {"instances", 50}, {"db_writes", 0}}});
  const json incidents = json::array({{{"id", "partner"}, {"kind", "batch_upload"}, {"at", "0s"}, {"target", "jobs"},
                                       {"job", "import"}, {"jobs", 1000}, {"per_second", 100}, {"rate_limit", 30},
                                       {"rate_burst", 10}, {"gives_up_when_limited", true}}});
  bp::Simulator sim(load(make_doc(0, "1s", "20s", json::array({{{"name", "noop"}}}), components, incidents)));
  sim.run_to_end();
  const json p = bp::make_report(sim)["components"]["partner"];
  const int sent = static_cast<int>(std::floor(30 * 9.99 + 10));
  CHECK(p["sent"] == sent);
  CHECK(p["rate_limited"] == 1000 - sent);
  CHECK(p["gave_up"] == 1000 - sent);
  CHECK(bp::make_report(sim)["components"]["jobs"]["job_types"]["import"]["not_processed"]["rate_limited_gave_up"] ==
        1000 - sent);
  CHECK(p["errors"] == 1000 - sent);
  CHECK(p["unsent"] == 0);
  CHECK(bp::make_report(sim)["components"]["jobs"]["published"] == sent);
}

TEST_CASE("the set command changes a rate limit mid-run", "[stream]") {
  const json actions = json::array({{{"name", "upload"}, {"rate_limit", 20}, {"rate_burst", 10}}});
  bp::Simulator sim(load(make_doc(100, "20s", "20s", actions, json::array({kWeb}))));
  sim.run_until(10 * bp::kSecond);
  const std::uint64_t first = sim.totals().ok;
  CHECK(first <= 210);
  CHECK(sim.submit({bp::CommandKind::Set, "traffic", "upload.rate_limit", 50}) == "");
  sim.run_to_end();
  const std::uint64_t second = sim.totals().ok - first;
  // The next 10 s at 50/s: the bucket was empty when the rate changed and
  // demand (100/s) rarely lets it fill, so close to 500 and never above 510.
  CHECK(second <= 510);
  CHECK(second >= 480);
  REQUIRE(sim.command_log().size() == 1);
  CHECK(sim.command_log()[0].key == "upload.rate_limit");
  CHECK(bp::make_report(sim)["commands"][0]["target"] == "traffic");
}

TEST_CASE("rate limit commands are checked like any other setting", "[stream]") {
  const json actions = json::array({{{"name", "upload"}, {"rate_limit", 20}}});
  json web = kWeb;
  web["targets"] = {"jobs"};
  const json components = json::array({web,
                                       {{"id", "jobs"}, {"type", "queue"}, {"targets", {"w"}}},
                                       {{"id", "w"}, {"type", "worker"}, {"db_writes", 0}}});
  const json incidents = json::array({{{"id", "partner"}, {"kind", "batch_upload"}, {"at", "1s"}, {"target", "jobs"},
                                       {"job", "import"}, {"jobs", 100}, {"per_second", 10}}});
  bp::Simulator sim(load(make_doc(10, "5s", "10s", actions, components, incidents)));
  CHECK(sim.check({bp::CommandKind::Set, "traffic", "upload.rate_burst", 5}) == "");
  CHECK(sim.check({bp::CommandKind::Set, "traffic", "upload.rate_limit", -1}).find("rate_limit: ") == 0);
  CHECK(sim.check({bp::CommandKind::Set, "traffic", "nothing.rate_limit", 5}).find("\"nothing.rate_limit\"") != std::string::npos);
  CHECK(sim.check({bp::CommandKind::Set, "traffic", "upload.speed", 5}).find("rate_limit and rate_burst") != std::string::npos);
  CHECK(sim.check({bp::CommandKind::Set, "partner", "rate_limit", 2}) == "");
  CHECK(sim.check({bp::CommandKind::Set, "partner", "jobs", 2}).find("rate_limit and rate_burst") != std::string::npos);
  // The producer's limit, set before it starts, holds it to 2/s plus its burst.
  CHECK(sim.submit({bp::CommandKind::Set, "partner", "rate_limit", 2}) == "");
  sim.run_to_end();
  const json p = bp::make_report(sim)["components"]["partner"];
  CHECK(p["rate_limit_per_s"] == 2.0);
  CHECK(p["sent"].get<int>() <= 2 * 10 + 2);
  CHECK(p["rate_limited"].get<int>() > 0);
}

// ---------------------------------------------------------------- stream

TEST_CASE("stream lag grows while the consumer is slower and drains at capacity minus input once faster", "[stream]") {
  // About 1,000 events/s; the sink ingests 500/s, then 3,000/s from 60 s on.
  const bp::Scenario s = load(stream_doc(1000, "2m", "2m", {{"partition_throughput", 100000}}, {{"ingest_capacity", 500}}));
  bp::RunState run(s, s.seed);
  bp::World& world = run.world;
  auto& stream = part<bp::Stream>(world, "events");
  auto& sink = part<bp::Analytics>(world, "sink");
  run_until(run, 10 * bp::kSecond);
  const double lag10 = stream.lag(0), in10 = static_cast<double>(stream.total_counts.arrivals);
  run_until(run, 60 * bp::kSecond);
  const double lag60 = stream.lag(0), in60 = static_cast<double>(stream.total_counts.arrivals);
  // Growing: every event written and not read is lag, so over 50 s the lag
  // rises by the input minus 500/s x 50 s.
  CHECK(lag60 - lag10 == Approx((in60 - in10) - 500.0 * 50).epsilon(1e-9));
  CHECK(lag60 > 20000);
  // Read 30,000 of about 60,000 events: the oldest unread one is about 30 s old.
  CHECK(stream.time_behind(0, world.now) > 20 * bp::kSecond);

  sink.change_settings(world, {{"ingest_capacity", 3000}});
  run_until(run, 65 * bp::kSecond);
  const double lag65 = stream.lag(0), in65 = static_cast<double>(stream.total_counts.arrivals);
  REQUIRE(lag65 > 0);  // still draining: the rule holds while there is lag
  CHECK(lag60 - lag65 == Approx(3000.0 * 5 - (in65 - in60)).epsilon(1e-9));
  run_until(run, 2 * bp::kMinute);
  CHECK(stream.lag(0) < 1e-6);
  CHECK(stream.time_behind(0, world.now) <= bp::kSecond);
  CHECK(sink.processed() == Approx(stream.written()).epsilon(1e-9));
  // What the sink read from the stream are its arrivals, in whole events.
  CHECK(static_cast<double>(sink.total_counts.arrivals) == Approx(sink.processed()).margin(1));
}

TEST_CASE("one hot partition caps the stream at one partition's throughput", "[stream]") {
  // About 2,000 events/s into 4 partitions of 1,000/s each; a fast consumer.
  for (const double hot : {0.0, 1.0}) {
    const bp::Scenario s =
        load(stream_doc(2000, "30s", "30s", {{"partitions", 4}, {"hot_key_share", hot}}, {{"ingest_capacity", 100000}}));
    bp::RunState run(s, s.seed);
  bp::World& world = run.world;
    auto& stream = part<bp::Stream>(world, "events");
    run_until(run, 30 * bp::kSecond);
    const double offered = static_cast<double>(stream.total_counts.arrivals);
    if (hot == 0) {
      // 500/s a partition: everything is written in the step it arrives.
      CHECK(stream.write_backlog() < 1e-6);
      CHECK(stream.written() == Approx(offered));
    } else {
      // Everything on partition 0: written at exactly 1,000/s, the rest waits.
      CHECK(stream.written() == Approx(1000.0 * 30).epsilon(1e-9));
      CHECK(stream.write_backlog() == Approx(offered - 1000.0 * 30).epsilon(1e-9));
      CHECK(stream.partition_lag(0, 1) == 0);
      // Events wait before they are even written, so the reader is far behind.
      CHECK(stream.time_behind(0, world.now) > 10 * bp::kSecond);
    }
  }
}

TEST_CASE("a consumer group reads one partition no faster than its throughput", "[stream]") {
  // All events on one partition of 300/s read by a sink that could take
  // 10,000/s: the group reads at most 300/s, so the write backlog grows.
  const bp::Scenario s = load(stream_doc(1000, "20s", "20s",
                                         {{"partitions", 8}, {"hot_key_share", 1.0}, {"partition_throughput", 300}},
                                         {{"ingest_capacity", 10000}}));
  bp::RunState run(s, s.seed);
  bp::World& world = run.world;
  auto& sink = part<bp::Analytics>(world, "sink");
  run_until(run, 20 * bp::kSecond);
  CHECK(sink.processed() == Approx(300.0 * 20).epsilon(1e-9));
}

TEST_CASE("retention deletes what a stalled group never read", "[stream]") {
  // A sink with no instances reads nothing; 10 s of retention keeps about 10 s
  // of events (plus one mark span of a second).
  const bp::Scenario s =
      load(stream_doc(1000, "40s", "40s", {{"retention", "10s"}}, {{"instances", 0}}));
  bp::RunState run(s, s.seed);
  bp::World& world = run.world;
  auto& stream = part<bp::Stream>(world, "events");
  run_until(run, 40 * bp::kSecond);
  const json r = [&] {
    json out;
    stream.write_report(out, world.now);
    return out;
  }();
  const double expired = r["groups"]["sink"]["expired"].get<double>();
  CHECK(expired > 0);
  CHECK(stream.lag(0) < 1000.0 * 12);
  CHECK(stream.lag(0) > 1000.0 * 8);
  CHECK(std::abs(expired + stream.lag(0) - stream.written()) <= 2);  // rounded in the report
  CHECK(stream.time_behind(0, world.now) <= 11 * bp::kSecond);
}

// ---------------------------------------------------------------- telemetry

TEST_CASE("telemetry without a sink lands on postgres as writes and slows requests", "[stream]") {
  // The same action (one read, 5 telemetry events) on the same seed, with and
  // without an analytics sink wired to the server.
  const json actions = json::array({{{"name", "page"}, {"calls", {{{"read", 1}}}}, {"telemetry", 5}}});
  const json db = {{"id", "db"}, {"type", "postgres"}};
  json bare = kWeb, wired = kWeb;
  bare["targets"] = {"db"};
  wired["targets"] = {"db", "metrics"};
  const json metrics = {{"id", "metrics"}, {"type", "analytics"}};
  bp::Simulator without(load(make_doc(50, "60s", "70s", actions, json::array({bare, db}))));
  bp::Simulator with(load(make_doc(50, "60s", "70s", actions, json::array({wired, db, metrics}))));
  without.run_to_end();
  with.run_to_end();
  const json a = bp::make_report(without), b = bp::make_report(with);
  // Same arrivals, both complete everything.
  REQUIRE(a["requests"]["total"] == b["requests"]["total"]);
  REQUIRE(a["requests"]["failed"] == 0);
  const auto requests = a["requests"]["ok"].get<std::uint64_t>();
  CHECK(a["components"]["db"]["writes"] == 5 * requests);
  CHECK(a["components"]["web"]["telemetry_db_writes"] == 5 * requests);
  CHECK(b["components"]["db"]["writes"] == 0);
  CHECK(b["components"]["metrics"]["received_direct"] == 5 * requests);
  CHECK(b["components"]["metrics"]["ingested"] == 5 * requests);
  // Five 8 ms writes in every request, and a busier database.
  CHECK(a["latency_ms"]["mean"].get<double>() > b["latency_ms"]["mean"].get<double>() + 20);
  CHECK(a["latency_ms"]["p95"].get<double>() > b["latency_ms"]["p95"].get<double>());
  CHECK(a["components"]["db"]["utilization_mean"].get<double>() > 3 * b["components"]["db"]["utilization_mean"].get<double>());
}

TEST_CASE("an analytics sink fed directly drops a burst beyond its buffer", "[stream]") {
  // About 1,000 events/s for 5 s into a sink that ingests 100/s and buffers 500.
  json web = kWeb;
  web["targets"] = {"metrics"};
  const json metrics = {{"id", "metrics"}, {"type", "analytics"}, {"ingest_capacity", 100}, {"buffer", 500}};
  bp::Simulator sim(load(make_doc(100, "5s", "8s", json::array({{{"name", "click"}, {"telemetry", 10}}}),
                                  json::array({web, metrics}))));
  sim.run_to_end();
  const json m = bp::make_report(sim)["components"]["metrics"];
  CHECK(m["dropped"].get<double>() > 0);
  CHECK(m["buffer_max"] == 500);
  CHECK(m["ingested"].get<double>() == Approx(100.0 * 8).margin(1));
  CHECK(std::abs(m["received_direct"].get<double>() - m["ingested"].get<double>() - m["dropped"].get<double>() -
                 m["buffer_at_end"].get<double>()) <= 2);
  CHECK(sim.totals().failed == 0);  // telemetry loss is not a user's error
}

// ---------------------------------------------------------------- loader and catalogue

TEST_CASE("stream and analytics wiring and settings are validated with paths", "[stream]") {
  const json telemetry = json::array({{{"name", "click"}, {"telemetry", 2}}});
  SECTION("telemetry needs a sink or a database") {
    CHECK(load_error(make_doc(1, "1s", "2s", telemetry, json::array({kWeb}))).find("/components/0/targets: server \"web\" handles actions that emit telemetry") == 0);
  }
  SECTION("a server has one telemetry sink") {
    json web = kWeb;
    web["targets"] = {"s", "a"};
    const json c = json::array({web, {{"id", "s"}, {"type", "stream"}}, {{"id", "a"}, {"type", "analytics"}}});
    CHECK(load_error(make_doc(1, "1s", "2s", telemetry, c)).find("/components/0/targets/1: a server sends its telemetry to one sink") == 0);
  }
  SECTION("a stream feeds analytics only") {
    json web = kWeb;
    web["targets"] = {"s"};
    const json c = json::array({web, {{"id", "s"}, {"type", "stream"}, {"targets", {"web"}}}});
    CHECK(load_error(make_doc(1, "1s", "2s", telemetry, c)) == "/components/1/targets/0: a stream cannot send work to a server (\"web\")");
  }
  SECTION("partitions are bounded") {
    json web = kWeb;
    web["targets"] = {"s"};
    const json c = json::array({web, {{"id", "s"}, {"type", "stream"}, {"partitions", 0}}});
    CHECK(load_error(make_doc(1, "1s", "2s", telemetry, c)).find("/components/1/partitions: ") == 0);
  }
  SECTION("a burst without a rate") {
    const json a = json::array({{{"name", "click"}, {"rate_burst", 3}}});
    CHECK(load_error(make_doc(1, "1s", "2s", a, json::array({kWeb}))) ==
          "/traffic/actions/0/rate_burst: a burst needs a rate_limit above 0 to apply to");
  }
  SECTION("a negative rate limit") {
    const json a = json::array({{{"name", "click"}, {"rate_limit", -3}}});
    CHECK(load_error(make_doc(1, "1s", "2s", a, json::array({kWeb}))).find("/traffic/actions/0/rate_limit: ") == 0);
  }
}

TEST_CASE("a stream bills per partition and analytics per instance, at catalogue prices", "[stream]") {
  json web = kWeb;
  web["targets"] = {"s"};
  const json c = json::array({web, {{"id", "s"}, {"type", "stream"}, {"partitions", 6}, {"targets", {"a"}}},
                              {{"id", "a"}, {"type", "analytics"}, {"instances", 2}}});
  bp::Simulator sim(load(make_doc(1, "1h", "1h", json::array({{{"name", "click"}, {"telemetry", 1}}}), c)));
  sim.run_to_end();
  const json r = bp::make_report(sim)["components"];
  const double hours_per_month = static_cast<double>(bp::kMonth) / bp::kHour;
  CHECK(r["s"]["cost_usd"].get<double>() == Approx(6 * 15 / hours_per_month).margin(0.01));
  CHECK(r["a"]["cost_usd"].get<double>() == Approx(2 * 45 / hours_per_month).margin(0.01));
}

TEST_CASE("partitions added by command take events from the next step and bill at once", "[stream]") {
  // About 300 events/s spread evenly over partitions of 100/s: 2 partitions
  // write 200/s, so a write backlog of about 100/s builds for 20 s.
  const json doc = stream_doc(300, "40s", "40s", {{"partitions", 2}, {"partition_throughput", 100}}, {{"ingest_capacity", 10000}});
  bp::Simulator sim(load(doc));
  sim.run_until(20 * bp::kSecond);
  CHECK(sim.find_series("events", "partition2.lag") == nullptr);
  const double backlog20 = sim.find_series("events", "write_backlog")->last();
  CHECK(backlog20 > 1000);
  CHECK(sim.submit({bp::CommandKind::Set, "events", "partitions", 4}) == "");
  sim.run_to_end();
  // The new partitions' series exist, empty before they did.
  const bp::Series* p3 = sim.find_series("events", "partition3.lag");
  REQUIRE(p3 != nullptr);
  CHECK(p3->steps() == sim.find_series("events", "in")->steps());
  CHECK(std::isnan(p3->recent(p3->recent_size() - 1)));
  const json r = bp::make_report(sim)["components"]["events"];
  CHECK(r["units_at_end"] == 4);
  CHECK(r["partition_detail"].size() == 4);
  CHECK(r["partition_detail"][3]["emitted"].get<double>() > 0);
  // With 4 partitions the old two get 75/s each and drain their backlog at
  // 25/s each: about 1,000 of the 2,000 events are gone 20 s later.
  CHECK(r["write_backlog_at_end"].get<double>() < backlog20 * 0.75);
  CHECK(r["write_backlog_at_end"].get<double>() > 0);
}

TEST_CASE("a rate limit set to 0 lets everything through", "[stream]") {
  const json actions = json::array({{{"name", "upload"}, {"rate_limit", 1}}});
  bp::Simulator sim(load(make_doc(20, "10s", "12s", actions, json::array({kWeb}))));
  sim.run_until(5 * bp::kSecond);
  const std::uint64_t limited = sim.totals().rate_limited;
  CHECK(limited > 50);
  CHECK(sim.submit({bp::CommandKind::Set, "traffic", "upload.rate_limit", 0}) == "");
  sim.run_to_end();
  CHECK(sim.totals().rate_limited == limited);
}
