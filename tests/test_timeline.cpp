// Timelines: seeking to a step and running on gives the uninterrupted run
// byte for byte; a branch with no new decision is the original, and one
// with a new decision differs only after its branch point. Horizons are cut
// short and snapshots kept few and close, so thinning happens within a test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "backpressure/design_loader.h"
#include "backpressure/report.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/timeline.h"
#include "grading/compare.h"
#include "same_run_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(BACKPRESSURE_SOURCE_DIR) / "scenarios";

using same_run::report;
using same_run::probe_command;
using same_run::same_series;

struct Case {
  std::string name;
  bp::Scenario scenario;
  std::vector<bp::ScriptedCommand> script;
  std::string script_path;
};

// The scenario behind its reference design with its fix script when it has
// one (so scripted commands are replayed), cut to 90 minutes past its first
// incident or script command.
Case make_case(const std::string& name) {
  Case c{name, bp::load_scenario_file((kScenarios / (name + ".json")).string()), {}, {}};
  c.scenario = bp::apply_design(c.scenario, bp::load_design_file((kScenarios / "designs" / (name + ".reference.json")).string()));
  bp::SimTime horizon = bp::kHour;
  if (!c.scenario.incidents.empty()) horizon = std::max(horizon, c.scenario.incidents.front().at + bp::kHour / 2);
  if (const fs::path script = kScenarios / "scripts" / (name + "_fix.json"); fs::exists(script)) {
    c.script_path = script.string();
    c.script = bp::load_command_script(c.script_path, c.scenario);
    if (!c.script.empty()) horizon = std::max(horizon, c.script.front().step * c.scenario.step + bp::kHour / 2);
  }
  c.scenario.duration = std::min(c.scenario.duration, horizon);
  return c;
}

bp::Simulator start(const Case& c) {
  bp::Simulator sim(c.scenario);
  if (!c.script.empty()) sim.set_script(c.script, c.script_path);
  return sim;
}

// Tight enough that a 90-minute run fills and thins them more than once.
bp::TimelineOptions small_options(const bp::Scenario& s) {
  bp::TimelineOptions o;
  o.snapshot_every = std::max<std::int64_t>(1, (5 * bp::kMinute) / s.step);
  o.max_snapshots = 4;
  return o;
}

void check_seeks(const std::string& name) {
  const Case c = make_case(name);
  INFO(name);
  bp::Simulator original = start(c);
  original.run_to_end();

  bp::Timeline tl(start(c), small_options(c.scenario));
  tl.run_to_end();
  CHECK(report(tl.head()) == report(original));
  CHECK(tl.snapshot_steps().size() <= 4);
  CHECK(tl.snapshot_every() > small_options(c.scenario).snapshot_every);  // it thinned

  const std::int64_t end = tl.head().step_index();
  for (const std::int64_t at : {std::int64_t{0}, end / 3, end / 2 + 7, end - 1, end}) {
    INFO("seek to step " << at);
    bp::Simulator sim = tl.seek(at);
    CHECK(sim.step_index() == at);
    sim.run_to_end();
    CHECK(report(sim) == report(original));
    CHECK(same_series(sim, original));
  }
}

}  // namespace

TEST_CASE("seek then run on equals the uninterrupted run: db_exhaustion", "[timeline]") { check_seeks("db_exhaustion"); }
TEST_CASE("seek then run on equals the uninterrupted run: flash_sale", "[timeline]") { check_seeks("flash_sale"); }
TEST_CASE("seek then run on equals the uninterrupted run: partner_batch", "[timeline]") { check_seeks("partner_batch"); }
TEST_CASE("seek then run on equals the uninterrupted run: retry_poison", "[timeline]") { check_seeks("retry_poison"); }
TEST_CASE("seek then run on equals the uninterrupted run: silent_backlog", "[timeline]") { check_seeks("silent_backlog"); }

TEST_CASE("commands submitted to the head are replayed by a seek", "[timeline]") {
  const Case c = make_case("flash_sale");
  const std::int64_t at = c.scenario.duration / c.scenario.step / 3;
  bp::Simulator original = start(c);
  original.advance(at);
  REQUIRE(original.submit(probe_command(c.scenario)) == "");
  original.run_to_end();

  bp::Timeline tl(start(c), small_options(c.scenario));
  tl.advance(at);
  REQUIRE(tl.head().submit(probe_command(c.scenario)) == "");
  tl.run_to_end();
  REQUIRE(report(tl.head()) == report(original));
  REQUIRE(tl.submitted().count(at) == 1);

  // Past the submission, a seek has to replay it to continue as the head did.
  bp::Simulator sim = tl.seek(at + 5);
  sim.run_to_end();
  CHECK(report(sim) == report(original));
  CHECK(same_series(sim, original));
  // At the step itself it has not been submitted yet: the moment to decide again.
  CHECK(tl.seek(at).pending().empty());
  CHECK_THROWS_AS(tl.seek(tl.head().step_index() + 1), std::out_of_range);
}

TEST_CASE("a branch with no new decision equals the original byte for byte", "[timeline]") {
  const Case c = make_case("silent_backlog");
  bp::Timeline tl(start(c), small_options(c.scenario));
  tl.run_to_end();
  bp::Simulator branch = tl.branch(tl.head().step_index() / 2 + 3);
  branch.run_to_end();
  CHECK(report(branch) == report(tl.head()));
  CHECK(same_series(branch, tl.head()));
}

TEST_CASE("a branch with a new decision differs only after its branch point", "[timeline]") {
  const Case c = make_case("silent_backlog");
  bp::Timeline tl(start(c), small_options(c.scenario));
  tl.run_to_end();
  const std::int64_t at = tl.head().step_index() / 3 + 11;

  // The original and the branch, run side by side from the start: the first
  // step whose samples differ comes after the branch point.
  bp::Simulator original = start(c);
  original.advance(at);
  bp::Simulator branch = tl.branch(at);
  CHECK(same_series(branch, original));
  REQUIRE(branch.submit(probe_command(c.scenario)) == "");
  std::int64_t split = -1;
  while (!original.finished()) {
    original.advance(1);
    branch.advance(1);
    if (split < 0 && bp::series_differ_now(original.series(), branch.series())) split = original.step_index();
  }
  CHECK(split > at);
  CHECK(report(branch) != report(original));
}
