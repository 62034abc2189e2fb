// A paused player who adds a component may change its settings before the
// clock moves: a `set` on a component a pending add_component creates is
// checked like a set on a live one (same messages), on the design the
// pending commands leave, applies after the add at the same boundary, and
// replays byte for byte.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "async_scenarios.h"
#include "backpressure/command.h"
#include "replay_support.h"

using nlohmann::json;
using namespace async_test;
using Catch::Matchers::Contains;

namespace {

// 40 claims a second for one worker with 4 slots at 100 ms each: it cannot
// keep up, so every slot a second worker brings is busy.
json pending_doc() { return base_doc(40, "2m", "1s"); }

bp::Command add_worker(const std::string& id) {
  return {bp::CommandKind::AddComponent, "", "", {{"id", id}, {"type", "worker"}, {"db_writes", 0}}};
}
bp::Command connect(const std::string& from, const std::string& to) { return {bp::CommandKind::Connect, from, to, nullptr}; }
bp::Command set(const std::string& id, const std::string& key, json value) { return {bp::CommandKind::Set, id, key, std::move(value)}; }

const bp::DesignComponent& in_design(const std::vector<bp::DesignComponent>& design, const std::string& id) {
  for (const auto& c : design)
    if (c.id == id) return c;
  FAIL("no component " << id);
  return design.front();  // not reached
}

const bp::ComponentStatus& status_of(const std::vector<bp::ComponentStatus>& all, const std::string& id) {
  for (const auto& c : all)
    if (c.id == id) return c;
  FAIL("no component " << id);
  return all.front();  // not reached
}

}  // namespace

TEST_CASE("a set on a component a pending command adds applies after the add", "[commands]") {
  bp::Simulator sim(load(pending_doc()));
  sim.advance(10);
  REQUIRE(sim.submit(add_worker("w2")) == "");
  REQUIRE(sim.submit(connect("jobs", "w2")) == "");
  REQUIRE(sim.submit(set("w2", "instances", 3)) == "");
  REQUIRE(sim.submit(set("w2", "concurrency", 2)) == "");
  REQUIRE(sim.pending().size() == 4);

  sim.advance(1);
  CHECK(sim.pending().empty());
  REQUIRE(sim.command_log().size() == 4);
  CHECK(sim.command_log()[0].kind == bp::CommandKind::AddComponent);
  CHECK(sim.command_log()[2].kind == bp::CommandKind::Set);
  CHECK(sim.command_log()[2].step == sim.command_log()[0].step);
  const auto design = sim.design();
  CHECK(in_design(design, "w2").settings.integer("instances") == 3);
  CHECK(in_design(design, "w2").settings.integer("concurrency") == 2);

  // It runs with them: 3 instances of 2 slots once their 30 s cold start is
  // over, all busy with the backlog.
  sim.advance(40);
  const auto components = sim.components();
  CHECK(status_of(components, "w2").units == 3);
  CHECK(status_of(components, "w2").capacity == 6);
  CHECK(status_of(components, "w2").completions > 0);
}

TEST_CASE("a set on a pending component sees the pending sets before it", "[commands]") {
  bp::Simulator sim(load(pending_doc()));
  REQUIRE(sim.submit(add_worker("w2")) == "");
  // Nothing feeds it yet, so it has no queue depth to scale on.
  CHECK_THAT(sim.check(set("w2", "autoscale", "queue_depth")), Contains("autoscale: no queue points at \"w2\""));
  REQUIRE(sim.submit(connect("jobs", "w2")) == "");
  REQUIRE(sim.submit(set("w2", "autoscale", "queue_depth")) == "");
  // Setting the count by hand takes it over from the autoscaler, as on a live one.
  REQUIRE(sim.submit(set("w2", "instances", 2)) == "");
  sim.advance(1);
  const auto design = sim.design();
  CHECK(in_design(design, "w2").settings.choice("autoscale") == "off");
  CHECK(in_design(design, "w2").settings.integer("instances") == 2);
}

TEST_CASE("a bad set on a pending component is refused as on a live one", "[commands]") {
  bp::Simulator sim(load(pending_doc()));
  REQUIRE(sim.submit(add_worker("w2")) == "");
  const std::vector<std::pair<std::string, json>> bad = {
      {"speed", 2}, {"instances", -1}, {"instances", "many"}, {"job_time", "soon"}, {"db_writes", 1}};
  for (const auto& [key, value] : bad) {
    INFO(key << " = " << value.dump());
    std::string live = sim.check(set("w", key, value));
    REQUIRE_FALSE(live.empty());
    // A message that names the component names the new one.
    if (const auto at = live.find("\"w\""); at != std::string::npos) live.replace(at, 3, "\"w2\"");
    CHECK(sim.check(set("w2", key, value)) == live);
  }
  CHECK(sim.check(set("w2", "speed", 2)) == "a worker has no setting \"speed\"");
  // db_writes needs a postgres this design lacks: the loader's rule.
  CHECK_THAT(sim.check(set("w2", "db_writes", 1)), Contains("db_writes: "));
  CHECK(sim.pending().size() == 1);
}

TEST_CASE("a set on a component added and removed while pending is refused", "[commands]") {
  bp::Simulator sim(load(pending_doc()));
  REQUIRE(sim.submit(add_worker("w2")) == "");
  REQUIRE(sim.submit({bp::CommandKind::RemoveComponent, "w2", "", nullptr}) == "");
  CHECK(sim.submit(set("w2", "instances", 2)) == "\"w2\" is already being removed");
  CHECK(sim.submit(set("w9", "instances", 2)) == "no component has the id \"w9\"");
  CHECK(sim.pending().size() == 2);
}

TEST_CASE("a run with sets on pending components replays byte for byte", "[commands]") {
  const bp::Scenario scenario = load(pending_doc());
  bp::Simulator played(scenario);
  played.advance(15);
  REQUIRE(played.submit(add_worker("w2")) == "");
  REQUIRE(played.submit(set("w2", "instances", 2)) == "");
  REQUIRE(played.submit(connect("jobs", "w2")) == "");
  REQUIRE(played.submit(set("w2", "job_time", "50ms")) == "");
  played.advance(30);
  REQUIRE(played.submit(set("w2", "instances", 1)) == "");
  played.run_to_end();
  REQUIRE(played.command_log().size() == 5);
  // The log goes through its JSON text, as --command-log and --commands do.
  replay_test::check_replays_identically(scenario, played);
}
