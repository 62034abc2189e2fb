// Taking back commands that were accepted but have not applied yet (a paused
// player's undo): the design goes back to what it was, the check against
// the design-to-be forgets the withdrawn command, a command that others
// depend on is kept, and a run with withdrawn commands is byte-identical to
// one where they were never made.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "async_scenarios.h"
#include "backpressure/command.h"
#include "backpressure/report.h"

using nlohmann::json;
using namespace async_test;
using Catch::Matchers::Contains;

namespace {

// 20 claims a second for one worker with 4 slots at 100 ms each: it keeps up
// with room to spare, so a second worker changes who does the work.
json withdraw_doc() { return base_doc(20, "2m", "1s"); }

bp::Command add_worker(const std::string& id) {
  return {bp::CommandKind::AddComponent, "", "", {{"id", id}, {"type", "worker"}, {"db_writes", 0}}};
}
bp::Command connect(const std::string& from, const std::string& to) { return {bp::CommandKind::Connect, from, to, nullptr}; }

std::string design_text(const bp::Simulator& sim) {
  json out = json::array();
  for (const auto& c : sim.design()) out.push_back({c.id, c.type, c.targets, c.added_at_step, c.removed_at_step});
  return out.dump();
}

}  // namespace

TEST_CASE("withdrawing an added component and its edge leaves the design as it was", "[commands]") {
  bp::Simulator sim(load(withdraw_doc()));
  sim.advance(10);
  const std::string before = design_text(sim);
  REQUIRE(sim.submit(add_worker("w2")) == "");
  REQUIRE(sim.submit(connect("jobs", "w2")) == "");
  REQUIRE(sim.pending().size() == 2);

  // Last in, first out: the edge goes before the component it needs.
  const auto edge = sim.withdraw_last();
  REQUIRE(edge);
  CHECK(edge->kind == bp::CommandKind::Connect);
  CHECK(edge->key == "w2");
  const auto added = sim.withdraw_last();
  REQUIRE(added);
  CHECK(added->kind == bp::CommandKind::AddComponent);
  CHECK(sim.pending().empty());
  CHECK_FALSE(sim.withdraw_last());

  sim.advance(1);
  CHECK(design_text(sim) == before);
  CHECK(sim.command_log().empty());
  // The projection forgot w2: connecting to it is refused, adding it is not.
  CHECK_THAT(sim.check(connect("jobs", "w2")), Contains("no component has the id \"w2\""));
  CHECK(sim.check(add_worker("w2")) == "");
}

TEST_CASE("a withdrawn command can be submitted again and applies as usual", "[commands]") {
  bp::Simulator sim(load(withdraw_doc()));
  sim.advance(5);
  REQUIRE(sim.submit(add_worker("w2")) == "");
  REQUIRE(sim.withdraw_last());
  REQUIRE(sim.submit(add_worker("w2")) == "");
  REQUIRE(sim.submit(connect("jobs", "w2")) == "");
  sim.advance(1);
  REQUIRE(sim.command_log().size() == 2);
  CHECK(sim.command_log()[0].kind == bp::CommandKind::AddComponent);
  CHECK(sim.command_log()[0].step == 5);
  const auto design = sim.design();
  const auto jobs = std::find_if(design.begin(), design.end(), [](const auto& c) { return c.id == "jobs"; });
  REQUIRE(jobs != design.end());
  CHECK(jobs->targets == std::vector<std::string>{"w", "w2"});
}

TEST_CASE("withdrawing from the middle keeps commands that depend on it", "[commands]") {
  bp::Simulator sim(load(withdraw_doc()));
  sim.advance(3);
  REQUIRE(sim.submit(add_worker("w2")) == "");
  REQUIRE(sim.submit({bp::CommandKind::Set, "w", "concurrency", 8}) == "");
  REQUIRE(sim.submit(connect("jobs", "w2")) == "");

  CHECK_THAT(sim.withdraw(0), Contains("a later change depends on it"));
  CHECK(sim.pending().size() == 3);  // refused: nothing changed
  CHECK_THAT(sim.withdraw(3), Contains("no pending command 3"));
  // The setting stands alone, so it can go from the middle.
  CHECK(sim.withdraw(1) == "");
  REQUIRE(sim.pending().size() == 2);
  CHECK(sim.pending()[0].kind == bp::CommandKind::AddComponent);
  CHECK(sim.pending()[1].kind == bp::CommandKind::Connect);
  sim.advance(1);
  CHECK(sim.command_log().size() == 2);
}

TEST_CASE("a run with withdrawn commands reports as if they were never made", "[commands]") {
  const bp::Scenario scenario = load(withdraw_doc());
  auto play = [&](bool with_second_thoughts) {
    auto sim = std::make_unique<bp::Simulator>(scenario);
    sim->advance(20);
    if (with_second_thoughts) {
      REQUIRE(sim->submit(add_worker("w9")) == "");
      REQUIRE(sim->submit(connect("jobs", "w9")) == "");
      REQUIRE(sim->submit({bp::CommandKind::Set, "w", "concurrency", 1}) == "");
      for (int i = 0; i < 3; ++i) REQUIRE(sim->withdraw_last());
    }
    REQUIRE(sim->submit(add_worker("w2")) == "");
    REQUIRE(sim->submit(connect("jobs", "w2")) == "");
    sim->advance(30);
    if (with_second_thoughts) {
      REQUIRE(sim->submit({bp::CommandKind::Set, "w2", "instances", 3}) == "");
      REQUIRE(sim->withdraw_last());
    }
    sim->run_to_end();
    return sim;
  };
  const auto plain = play(false);
  const auto undone = play(true);
  CHECK(bp::command_log_json(undone->command_log()).dump() == bp::command_log_json(plain->command_log()).dump());
  CHECK(bp::make_report(*undone).dump(2) == bp::make_report(*plain).dump(2));
  // ...and the commands that stayed did change the run.
  bp::Simulator untouched(scenario);
  untouched.run_to_end();
  CHECK(bp::make_report(untouched)["components"]["w"]["completions"] != bp::make_report(*plain)["components"]["w"]["completions"]);
}
