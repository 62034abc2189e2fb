// Snapshots: a copy of a Simulator, taken at any boundary (before the first
// step, mid-incident, with commands pending, just before a scripted command),
// continues byte for byte as the original does, and a copy given a command
// the original does not get differs from it only from that command on.
//
// Every shipped scenario is played with its own design and with its
// reference design (and its command script, where it has one), cut short
// after its first incident and script: what follows adds run time, not
// coverage.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "backpressure/command.h"
#include "backpressure/design_loader.h"
#include "backpressure/report.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "same_run_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(BACKPRESSURE_SOURCE_DIR) / "scenarios";

using same_run::report;
using same_run::same_point;
using same_run::probe_command;
using same_run::same_series;

struct Case {
  std::string name;
  bp::Scenario scenario;
  fs::path script;  // empty: none
  bp::SimTime incident_mid = -1;  // the middle of its first incident, -1 without one
  bp::SimTime script_at = -1;     // its first scripted command, -1 without one
};

std::vector<bp::ScriptedCommand> script_of(const Case& c) {
  return c.script.empty() ? std::vector<bp::ScriptedCommand>{}
                          : bp::load_command_script(c.script.string(), c.scenario);
}

// A scenario as shipped, or behind its reference design with its script.
Case make_case(const std::string& name, bool reference) {
  Case c;
  c.name = name + (reference ? " (reference design)" : "");
  c.scenario = bp::load_scenario_file((kScenarios / (name + ".json")).string());
  if (reference) {
    const bp::Design design = bp::load_design_file((kScenarios / "designs" / (name + ".reference.json")).string());
    c.scenario = bp::apply_design(c.scenario, design);
    if (const fs::path script = kScenarios / "scripts" / (name + "_fix.json"); fs::exists(script)) c.script = script;
  }
  bp::SimTime horizon = 0;
  if (!c.scenario.incidents.empty()) {
    const bp::IncidentSpec& first = c.scenario.incidents.front();
    // A batch upload has no duration: it lasts until its jobs are sent.
    const bp::SimTime length = first.duration > 0 ? first.duration : 20 * bp::kMinute;
    c.incident_mid = first.at + length / 2;
    horizon = first.at + length;
  }
  if (const auto script = script_of(c); !script.empty()) {
    c.script_at = script.front().step * c.scenario.step;
    horizon = std::max(horizon, script.back().step * c.scenario.step);
  }
  // The default scenario has neither: its job queue peaks from about 9 h.
  if (horizon == 0) horizon = 9 * bp::kHour;
  c.scenario.duration = std::min(c.scenario.duration, horizon + bp::kHour);
  return c;
}

bp::Simulator start(const Case& c) {
  bp::Simulator sim(c.scenario);
  if (!c.script.empty()) sim.set_script(script_of(c), c.script.string());
  return sim;
}

struct Moment {
  bp::SimTime at;
  bool submit_probe;  // a command is pending when the snapshot is taken
};

std::vector<Moment> moments(const Case& c) {
  std::vector<Moment> out{{0, false}, {c.scenario.duration / 3, false}};
  if (c.incident_mid >= 0) out.push_back({c.incident_mid, false});
  // At the scripted command's step it is due but not applied yet.
  if (c.script_at >= 0) out.push_back({c.script_at, false});
  // Last, so that the command changes nothing the earlier moments see.
  out.push_back({c.scenario.duration - 10 * bp::kMinute, true});
  std::sort(out.begin(), out.end(), [](const Moment& a, const Moment& b) { return a.at < b.at; });
  return out;
}

void check_snapshots_continue_identically(const Case& c) {
  INFO(c.name);
  const std::vector<Moment> ms = moments(c);

  // The original: never copied.
  bp::Simulator original = start(c);
  for (const Moment& m : ms) {
    original.run_until(m.at);
    if (m.submit_probe) REQUIRE(original.submit(probe_command(c.scenario)) == "");
  }
  original.run_to_end();

  // The same run, snapshotted at every moment: the run goes on a while past
  // the snapshot (so the snapshot must not share its state), is rewound to
  // it, and the state it was rewound from is gone. After a few of these it
  // is a copy of a copy of a copy.
  bp::Simulator sim = start(c);
  std::size_t pending_seen = 0;
  for (const Moment& m : ms) {
    sim.run_until(m.at);
    if (m.submit_probe) REQUIRE(sim.submit(probe_command(c.scenario)) == "");
    const bp::Simulator snapshot(sim);
    pending_seen += snapshot.pending().size();
    CHECK(snapshot.step_index() == sim.step_index());
    sim.advance(600);
    CHECK(snapshot.pending().size() == (m.submit_probe ? 1u : 0u));
    sim = snapshot;
    CHECK(sim.step_index() == snapshot.step_index());
  }
  CHECK(pending_seen == 1);
  sim.run_to_end();

  CHECK(sim.command_log().size() == original.command_log().size());
  CHECK(report(sim) == report(original));
  CHECK(same_series(sim, original));
}

void check_scenario(const std::string& name) {
  check_snapshots_continue_identically(make_case(name, false));
  check_snapshots_continue_identically(make_case(name, true));
}

}  // namespace

TEST_CASE("snapshots of db_exhaustion continue identically", "[snapshot]") { check_scenario("db_exhaustion"); }
TEST_CASE("snapshots of flash_sale continue identically", "[snapshot]") { check_scenario("flash_sale"); }
TEST_CASE("snapshots of partner_batch continue identically", "[snapshot]") { check_scenario("partner_batch"); }
TEST_CASE("snapshots of retry_poison continue identically", "[snapshot]") { check_scenario("retry_poison"); }
TEST_CASE("snapshots of silent_backlog continue identically", "[snapshot]") { check_scenario("silent_backlog"); }

TEST_CASE("every shipped scenario has its snapshot test", "[snapshot]") {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kScenarios))
    if (entry.is_regular_file() && entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"db_exhaustion", "flash_sale", "partner_batch", "retry_poison", "silent_backlog"});
}

TEST_CASE("a copy given a command diverges from the original only from that command on, and rewinds", "[snapshot]") {
  const Case c = make_case("silent_backlog", false);
  const std::vector<bp::ScriptedCommand> fix = bp::load_command_script(
      (kScenarios / "scripts" / "silent_backlog_fix.json").string(), c.scenario);
  REQUIRE_FALSE(fix.empty());
  const std::int64_t branch = fix.front().step;

  bp::Simulator original(c.scenario);
  original.advance(branch);
  const bp::Simulator at_branch(original);
  bp::Simulator copy(original);
  REQUIRE(same_series(copy, original));
  for (const auto& f : fix) REQUIRE(copy.submit(f.command) == "");
  original.run_to_end();
  copy.run_to_end();

  CHECK(original.command_log().empty());
  CHECK(copy.command_log().size() == fix.size());
  CHECK(report(copy) != report(original));
  // Every series agrees on every step before the branch, bit for bit; the
  // command shows in some series after it. A history point covers
  // steps_per_point() steps, so the points wholly before the branch compare.
  std::size_t diverged = 0;
  for (std::size_t i = 0; i < original.series().size(); ++i) {
    const bp::Series& a = original.series()[i];
    const bp::Series& b = copy.series()[i];
    INFO(a.component() << "." << a.name());
    REQUIRE(a.steps_per_point() == b.steps_per_point());
    const auto before = static_cast<std::size_t>(branch / a.steps_per_point());
    REQUIRE(before > 0);
    std::size_t differ_before = 0;
    for (std::size_t p = 0; p < before; ++p) differ_before += same_point(a.points()[p], b.points()[p]) ? 0 : 1;
    CHECK(differ_before == 0);
    bool differs = a.points().size() != b.points().size();
    for (std::size_t p = before; !differs && p < a.points().size(); ++p) differs = !same_point(a.points()[p], b.points()[p]);
    if (differs) ++diverged;
  }
  CHECK(diverged > 0);

  // Rewound to the branch point, the copy without the command is the
  // original again.
  copy = at_branch;
  copy.run_to_end();
  CHECK(copy.command_log().empty());
  CHECK(report(copy) == report(original));
  CHECK(same_series(copy, original));
}
