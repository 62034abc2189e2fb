// Player commands as data: every kind applies at the next step boundary and
// does what it says; every kind can be refused, with a reason, and a refused
// command changes nothing (the report is byte-identical to a run without
// it); and a run's command log replays to a byte-identical report.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "async_scenarios.h"
#include "backpressure/command.h"
#include "backpressure/command_handlers.h"
#include "backpressure/input_error.h"
#include "backpressure/report.h"
#include "replay_support.h"

using nlohmann::json;
using namespace async_test;
using Catch::Matchers::Contains;

namespace {

// 10 users a second read through a warm cache and publish a claim. Claims
// fail half their attempts and retry after a fixed 5 s, up to 3 attempts;
// the queue keeps dead letters. A partner uploads 2,000 batch jobs at 20 a
// second from 10 s, and an alert pages while 20 or more jobs wait.
json command_doc() {
  json doc = base_doc(10, "5m", "1s");
  doc["traffic"]["actions"][0]["calls"] = json::array({{{"read", 1}}, {{"enqueue", "claim"}}});
  job(doc, "claim").update({{"max_attempts", 3}, {"backoff", "fixed"}, {"backoff_base", "5s"}, {"jitter", 0}});
  component(doc, "web")["targets"] = {"db", "cache", "jobs"};
  component(doc, "jobs")["dead_letter"] = true;
  component(doc, "w").update({{"concurrency", 8}, {"failure_rate", 0.5}});
  doc["components"].push_back({{"id", "db"}, {"type", "postgres"}});
  doc["components"].push_back(
      {{"id", "cache"}, {"type", "redis"}, {"start_warm", true}, {"hit_ratio", 0.9}, {"warmup_misses", 500}});
  doc["incidents"] = json::array({{{"kind", "batch_upload"}, {"id", "upload"}, {"at", "10s"}, {"target", "jobs"},
                                   {"job", "bulk"}, {"jobs", 2000}, {"per_second", 20}}});
  doc["alerts"] = json::array({{{"id", "deep"}, {"metric", "jobs/queue"}, {"above", 20}, {"for", "2s"}}});
  return doc;
}

const json& status(const json& report, const std::string& id) { return report["components"][id]; }

std::int64_t units_of(const bp::Simulator& sim, const std::string& id) {
  for (const auto& c : sim.components())
    if (c.id == id) return c.units;
  FAIL("no component " << id);
  return 0;
}

// Runs to `at`, submits, and expects the command to apply at that boundary.
void apply_at(bp::Simulator& sim, bp::SimTime at, const bp::Command& c) {
  sim.run_until(at);
  INFO(c.to_json().dump());
  REQUIRE(sim.submit(c) == "");
}

}  // namespace

// ---------------------------------------------------------------- applied

TEST_CASE("every command kind applies at the next boundary and does what it says", "[commands]") {
  json doc = command_doc();

  SECTION("set") {
    bp::Simulator sim(load(doc));
    apply_at(sim, 30 * bp::kSecond, command(bp::CommandKind::Set, "w", "instances", 3));
    CHECK(units_of(sim, "w") == 1);  // pending until the next step starts
    sim.advance(1);
    CHECK(units_of(sim, "w") == 3);
    REQUIRE(sim.command_log().size() == 1);
    CHECK(sim.command_log()[0].step == 30);
  }
  SECTION("set_job: a limit of one attempt stops every retry from then on") {
    bp::Simulator sim(load(doc));
    apply_at(sim, 60 * bp::kSecond, command(bp::CommandKind::SetJob, "claim", "max_attempts", 1));
    sim.advance(1);
    const json before = status(bp::make_report(sim), "jobs");
    sim.run_to_end();
    const json after = status(bp::make_report(sim), "jobs");
    CHECK(after["retried"] == before["retried"]);
    // From then on every failed attempt is a dead letter: half of ~10 a second.
    CHECK(after["dead_letters"].get<double>() - before["dead_letters"].get<double>() > 0.4 * 10 * 230);
  }
  SECTION("flush_cache") {
    bp::Simulator sim(load(doc));
    apply_at(sim, 60 * bp::kSecond, command(bp::CommandKind::FlushCache, "cache"));
    Probe p(sim, {{"cache", "hit_ratio"}});
    p.run_until(62 * bp::kSecond);
    CHECK(p.mean("cache", "hit_ratio", 60, 61) < 0.2);
  }
  SECTION("trigger_incident") {
    bp::Simulator sim(load(doc));
    apply_at(sim, 45 * bp::kSecond,
             command(bp::CommandKind::TriggerIncident, "", "", {{"kind", "traffic_spike"}, {"id", "spike"}, {"factor", 2}, {"duration", "30s"}}));
    sim.run_to_end();
    const json incidents = bp::make_report(sim)["incidents"];
    REQUIRE(incidents.size() == 2);
    CHECK(incidents[1]["id"] == "spike");
    CHECK(incidents[1]["started_s"] == 45.0);
    CHECK(incidents[1]["ended_s"] == 75.0);
  }
  SECTION("pause_producer and resume_producer") {
    bp::Simulator sim(load(doc));
    apply_at(sim, 30 * bp::kSecond, command(bp::CommandKind::PauseProducer, "upload"));
    sim.run_until(31 * bp::kSecond);
    const auto sent_at_pause = status(bp::make_report(sim), "upload")["sent"].get<int>();
    CHECK(sent_at_pause == Approx(20 * 20).margin(2));  // 20 a second from 10 s
    apply_at(sim, 60 * bp::kSecond, command(bp::CommandKind::ResumeProducer, "upload"));
    CHECK(status(bp::make_report(sim), "upload")["sent"] == sent_at_pause);  // nothing while paused
    sim.run_until(70 * bp::kSecond);
    CHECK(status(bp::make_report(sim), "upload")["sent"].get<int>() == Approx(sent_at_pause + 20 * 10).margin(2));
  }
  SECTION("move_to_dlq takes every waiting job of the type, also those waiting out a retry delay") {
    // Every attempt fails and waits 5 s, forever; traffic stops at 50 s. At
    // 60 s each claim is in the worker, in the lane or in its retry delay.
    stop_traffic_at(doc, "50s");
    doc.erase("incidents");
    job(doc, "claim")["max_attempts"] = 0;
    component(doc, "w")["failure_rate"] = 1.0;
    bp::Simulator sim(load(doc));
    sim.run_until(60 * bp::kSecond);
    const auto waiting = status(bp::make_report(sim), "jobs")["depth_at_end"].get<std::int64_t>();
    REQUIRE(waiting > 100);
    apply_at(sim, 60 * bp::kSecond, command(bp::CommandKind::MoveToDlq, "jobs", "claim"));
    sim.run_until(80 * bp::kSecond);
    const json q = status(bp::make_report(sim), "jobs");
    CHECK(q["moved_to_dead_letter"] == waiting);
    CHECK(q["dead_letters"] == waiting);
    // Only the few the worker held at 60 s came back (and keep failing).
    CHECK(q["depth_at_end"].get<std::int64_t>() <= 8);
    std::int64_t in_worker = 0;
    for (const auto& c : sim.components())
      if (c.id == "w") in_worker = c.in_system;
    CHECK(q["published"].get<std::int64_t>() ==
          q["dead_letters"].get<std::int64_t>() + q["depth_at_end"].get<std::int64_t>() + in_worker);
  }
  SECTION("replay_dlq re-publishes dead letters at its rate, and 0 stops it") {
    bp::Simulator sim(load(doc));
    sim.run_until(100 * bp::kSecond);
    const auto dead = status(bp::make_report(sim), "jobs")["dead_letters"].get<std::int64_t>();
    REQUIRE(dead > 40);
    apply_at(sim, 100 * bp::kSecond, command(bp::CommandKind::ReplayDlq, "jobs", "", 2));
    sim.run_until(110 * bp::kSecond);
    CHECK(status(bp::make_report(sim), "jobs")["replayed"].get<int>() == Approx(2 * 10).margin(1));
    apply_at(sim, 110 * bp::kSecond, command(bp::CommandKind::ReplayDlq, "jobs", "", 0));
    sim.run_until(130 * bp::kSecond);
    CHECK(status(bp::make_report(sim), "jobs")["replayed"].get<int>() == Approx(2 * 10).margin(1));
  }
  SECTION("ack_alert, set_alert and delete_alert") {
    bp::Simulator sim(load(doc));
    const auto episodes_of = [&](const std::string& id) {
      json out = json::array();
      const json report = bp::make_report(sim);
      for (const auto& a : report["alerts"])
        if (a["id"] == id) out.push_back(a);
      return out;
    };
    // The claims in their retry delay keep 20 or more jobs waiting; wait for
    // the page (acknowledging is refused while nothing pages).
    while (sim.check(command(bp::CommandKind::AckAlert, "deep")) != "" && sim.now() < 60 * bp::kSecond) sim.advance(1);
    const bp::SimTime paged_at = sim.now();
    REQUIRE(paged_at < 60 * bp::kSecond);
    REQUIRE(episodes_of("deep").back()["acknowledged_s"].is_null());
    apply_at(sim, paged_at, command(bp::CommandKind::AckAlert, "deep"));
    sim.advance(1);
    CHECK(episodes_of("deep").back()["acknowledged_s"] == bp::to_seconds(paged_at));
    CHECK(sim.check(command(bp::CommandKind::AckAlert, "deep")) != "");  // nothing left paging

    apply_at(sim, sim.now(),
             command(bp::CommandKind::SetAlert, "", "", {{"id", "deeper"}, {"metric", "jobs/queue"}, {"above", 5}, {"for", "1s"}}));
    sim.run_until(sim.now() + 10 * bp::kSecond);
    const std::size_t fired = episodes_of("deeper").size();
    CHECK(fired >= 1);

    // Still paging when it is deleted: the episode ends at the deletion, not
    // at the moment it fired.
    REQUIRE(episodes_of("deeper").back()["resolved_s"].is_null());
    const bp::SimTime deleted_at = sim.now();
    apply_at(sim, deleted_at, command(bp::CommandKind::DeleteAlert, "deeper"));
    sim.run_to_end();
    CHECK(episodes_of("deeper").size() == fired);  // the rule is gone: it never fires again
    CHECK(episodes_of("deeper").back()["resolved_s"] == bp::to_seconds(deleted_at));
    CHECK_THAT(sim.check(command(bp::CommandKind::DeleteAlert, "deeper")), Contains("no alert rule"));
  }
}

// ---------------------------------------------------------------- refused

TEST_CASE("a command kind is spelt as a string only in JSON", "[commands]") {
  for (std::size_t k = 0; k < bp::kCommandKinds; ++k) {
    const auto kind = static_cast<bp::CommandKind>(k);
    INFO(bp::command_name(kind));
    CHECK(bp::command_kind(bp::command_name(kind)) == kind);
    CHECK(bp::Command{kind, "t", "k", 1}.to_json()["type"] == bp::command_name(kind));
  }
  CHECK_FALSE(bp::command_kind("reboot").has_value());
  // A kind no command has is refused where it is read, naming the file and
  // the entry, so nothing behind the boundary has to handle it.
  const bp::Scenario scenario = load(command_doc());
  const json script = json::parse(R"({"commands": [{"at": "1m", "type": "reboot", "target": "w"}]})");
  try {
    bp::parse_command_script(script, "fix.json", scenario);
    FAIL("a script with an unknown command loaded");
  } catch (const bp::InputError& e) {
    CHECK(e.file() == "fix.json");
    CHECK(e.path() == "/commands/0/type");
    CHECK_THAT(e.problem(), Contains("unknown command \"reboot\" (known: set, set_job,"));
  }
}

TEST_CASE("a refused command says why and changes nothing", "[commands]") {
  struct Case {
    bp::Command command;
    std::string reason;  // a part of the reason it must give
  };
  const std::vector<Case> cases = {
      {command(bp::CommandKind::Set, "nope", "instances", 2), "no component has the id \"nope\""},
      {command(bp::CommandKind::Set, "traffic", "users", 2), "got \"users\""},
      {command(bp::CommandKind::Set, "w", "instances", -1), "instances"},
      {command(bp::CommandKind::Set, "w", "colour", "red"), "a worker has no setting \"colour\""},
      {command(bp::CommandKind::Set, "w", "min_instances", 50), "min_instances"},
      {command(bp::CommandKind::SetJob, "nope", "max_attempts", 1), "no job type is called \"nope\""},
      {command(bp::CommandKind::SetJob, "claim", "speed", 1), "a job type has no field \"speed\""},
      {command(bp::CommandKind::SetJob, "claim", "max_attempts", -1), "max_attempts"},
      {command(bp::CommandKind::SetJob, "claim", "backoff_base", "10m"), "backoff_cap must not be shorter than backoff_base"},
      {command(bp::CommandKind::FlushCache, "w"), "\"w\" is a worker, not a cache"},
      {command(bp::CommandKind::TriggerIncident, "", "", {{"kind", "meteor"}}), "unknown incident kind \"meteor\""},
      {command(bp::CommandKind::TriggerIncident, "", "", {{"kind", "traffic_spike"}, {"id", "upload"}}), "already exists"},
      {command(bp::CommandKind::TriggerIncident, "", "", {{"kind", "worker_crash"}, {"target", "web"}}), "acts on a worker"},
      {command(bp::CommandKind::PauseProducer, "w"), "no batch upload is called \"w\""},
      {command(bp::CommandKind::ResumeProducer, "nope"), "no batch upload is called \"nope\""},
      {command(bp::CommandKind::MoveToDlq, "w", "claim"), "\"w\" is a worker, not a queue"},
      {command(bp::CommandKind::MoveToDlq, "jobs", "nope"), "no job type is called \"nope\""},
      {command(bp::CommandKind::ReplayDlq, "jobs", "", -1), "rate"},
      {command(bp::CommandKind::ReplayDlq, "jobs", "", "fast"), "rate"},
      {command(bp::CommandKind::AckAlert, "nope"), "no alert called \"nope\" is paging"},
      {command(bp::CommandKind::SetAlert, "", "", {{"id", "x"}, {"metric", "jobs/colour"}, {"above", 1}}), "has no series \"colour\""},
      {command(bp::CommandKind::DeleteAlert, "nope"), "no alert rule is called \"nope\""},
  };
  const bp::Scenario scenario = load(command_doc());
  bp::Simulator untouched(scenario);
  untouched.run_to_end();
  const std::string expected = bp::make_report(untouched).dump();

  for (const auto& c : cases) {
    INFO(c.command.to_json().dump());
    bp::Simulator sim(scenario);
    sim.run_until(30 * bp::kSecond);
    const std::string reason = sim.submit(c.command);
    CHECK_THAT(reason, Contains(c.reason));
    sim.run_to_end();
    CHECK(sim.command_log().empty());
    CHECK(bp::make_report(sim).dump() == expected);
  }

  SECTION("a queue without a dead-letter queue refuses move_to_dlq and replay_dlq") {
    json doc = command_doc();
    component(doc, "jobs")["dead_letter"] = false;
    bp::Simulator sim(load(doc));
    CHECK_THAT(sim.submit(command(bp::CommandKind::MoveToDlq, "jobs", "claim")), Contains("has no dead-letter queue"));
    CHECK_THAT(sim.submit(command(bp::CommandKind::ReplayDlq, "jobs", "", 1)), Contains("has no dead-letter queue"));
  }
}

// ---------------------------------------------------------------- replay

TEST_CASE("a replayed command log reproduces the report byte for byte", "[commands]") {
  const bp::Scenario scenario = load(command_doc());
  const std::vector<std::pair<int, bp::Command>> script = {
      {20, command(bp::CommandKind::Set, "w", "instances", 2)},
      {25, command(bp::CommandKind::SetJob, "claim", "backoff", "exponential")},
      {30, command(bp::CommandKind::FlushCache, "cache")},
      {35, command(bp::CommandKind::PauseProducer, "upload")},
      {40, command(bp::CommandKind::TriggerIncident, "", "",
                   {{"kind", "batch_upload"}, {"id", "second"}, {"target", "jobs"}, {"job", "bulk"},
                    {"jobs", 500}, {"per_second", 50}})},
      {50, command(bp::CommandKind::ResumeProducer, "upload")},
      {55, command(bp::CommandKind::AckAlert, "deep")},
      {60, command(bp::CommandKind::MoveToDlq, "jobs", "claim")},
      {70, command(bp::CommandKind::ReplayDlq, "jobs", "", 1)},
      {80, command(bp::CommandKind::SetAlert, "", "", {{"id", "deeper"}, {"metric", "jobs/queue"}, {"above", 50}, {"for", "1s"}})},
      {90, command(bp::CommandKind::DeleteAlert, "deeper")},
      {100, command(bp::CommandKind::Set, "jobs", "full_policy", "reject")},
      {120, command(bp::CommandKind::TriggerIncident, "", "", {{"kind", "worker_crash"}, {"target", "w"}, {"duration", "20s"}})},
  };
  bp::Simulator played(scenario);
  for (const auto& [second, c] : script) apply_at(played, second * bp::kSecond, c);
  played.run_to_end();
  REQUIRE(played.command_log().size() == script.size());
  // The log goes through its JSON text, as --command-log and --commands do.
  replay_test::check_replays_identically(scenario, played);
}

TEST_CASE("a component added mid-run has series as long as everyone else's", "[commands]") {
  // A batch upload triggered at 40 s brings its producer, and its series,
  // into a run that is 40 steps old.
  bp::Simulator sim(load(command_doc()));
  apply_at(sim, 40 * bp::kSecond,
           command(bp::CommandKind::TriggerIncident, "", "",
                   {{"kind", "batch_upload"}, {"id", "late"}, {"target", "jobs"}, {"job", "bulk"}, {"jobs", 100}, {"per_second", 10}}));
  sim.run_until(60 * bp::kSecond);
  const bp::Series* run = sim.find_series("run", "requests");
  const bp::Series* late = sim.find_series("late", "arrivals");
  REQUIRE(late != nullptr);
  CHECK(late->steps() == run->steps());
  REQUIRE(late->points().size() == run->points().size());
  // Before it existed it has no values; from then on it counts its publishes.
  for (std::size_t i = 0; i < 40; ++i) CHECK(late->points()[i].samples == 0);
  for (std::size_t i = 41; i < 50; ++i) CHECK(late->points()[i].mean == 10);
}

TEST_CASE("every command kind has words, and an inverse when the player's undo tracks it", "[commands]") {
  using K = bp::CommandKind;
  for (std::size_t k = 0; k < bp::kCommandKinds; ++k) {
    const auto kind = static_cast<K>(k);
    INFO(bp::command_name(kind));
    const bp::Command c{kind, "t", "k", kind == K::AddComponent ? json{{"id", "t"}, {"type", "worker"}} : json(1)};
    CHECK_FALSE(bp::describe_command(c).empty());
    // An undoable kind with the value it replaced always has a way back but
    // remove_component, whose id is never reused; the rest never do.
    std::string why;
    const auto inverse = bp::inverse_command(c, 0, &why);
    const bool expect = bp::is_undoable(kind) && kind != K::RemoveComponent;
    CHECK(inverse.has_value() == expect);
    if (!inverse) CHECK_FALSE(why.empty());
  }
  // The design and its settings are the player's edits; alerts, incidents
  // and the queue tools are not.
  for (K kind : {K::Set, K::AddComponent, K::RemoveComponent, K::Connect, K::Disconnect}) CHECK(bp::is_undoable(kind));
  for (K kind : {K::SetJob, K::FlushCache, K::AckAlert, K::TriggerIncident, K::ReplayDlq}) CHECK_FALSE(bp::is_undoable(kind));

  const auto set_back = bp::inverse_command({K::Set, "w", "instances", 3}, 2);
  REQUIRE(set_back);
  CHECK(set_back->to_json() == json({{"type", "set"}, {"target", "w"}, {"key", "instances"}, {"value", 2}}));
  CHECK_FALSE(bp::inverse_command({K::Set, "w", "instances", 3}, nullptr));  // nothing known to go back to
  CHECK(bp::inverse_command({K::Connect, "jobs", "w2", nullptr}, nullptr)->kind == K::Disconnect);
  CHECK(bp::inverse_command({K::Disconnect, "jobs", "w2", nullptr}, nullptr)->kind == K::Connect);
  const auto unadd = bp::inverse_command({K::AddComponent, "", "", {{"id", "w2"}, {"type", "worker"}}}, nullptr);
  REQUIRE(unadd);
  CHECK(unadd->kind == K::RemoveComponent);
  CHECK(unadd->target == "w2");

  // The alerts and the incidents are not part of a fix.
  for (K kind : {K::AckAlert, K::SetAlert, K::DeleteAlert, K::TriggerIncident}) CHECK_FALSE(bp::changes_system(kind));
  CHECK(bp::changes_system(K::FlushCache));
}

TEST_CASE("a check reads a const simulator and leaves the run as it was", "[commands]") {
  const bp::Scenario scenario = load(command_doc());
  bp::Simulator sim(scenario);
  sim.run_until(30 * bp::kSecond);
  const bp::Simulator& seen = sim;
  CHECK(seen.check(command(bp::CommandKind::Set, "w", "instances", 3)) == "");
  CHECK(seen.check(command(bp::CommandKind::SetAlert, "", "",
                           {{"id", "x"}, {"metric", "jobs/queue"}, {"above", 5}, {"for", "1s"}})) == "");
  CHECK(seen.check(command(bp::CommandKind::TriggerIncident, "", "",
                           {{"kind", "traffic_spike"}, {"id", "s"}, {"factor", 2}, {"duration", "30s"}})) == "");
  CHECK(seen.pending().empty());
  sim.run_to_end();
  bp::Simulator untouched(scenario);
  untouched.run_to_end();
  CHECK(bp::make_report(sim).dump() == bp::make_report(untouched).dump());
}
