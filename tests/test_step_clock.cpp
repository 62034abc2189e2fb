// The game's frame loop clock (src/app/step_clock.h): real time × speed
// accumulates and the model advances in whole fixed steps; stepping has a
// wall-time budget per frame, and a frame that cannot fit what is owed drops
// the rest and says it is behind. Then the same clock inside app::Game, and
// the requests (Next, Finish, loads) that the next tick carries out.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "app/game.h"
#include "app/step_clock.h"
#include "game_support.h"

using Catch::Matchers::WithinAbs;

namespace {

// A model whose every step costs `cost_s` of fake wall time, ending after
// `end` steps.
struct FakeModel {
  double wall = 0;
  double cost_s = 0;
  std::int64_t stepped = 0, end = 1'000'000'000;
  std::int64_t calls = 0;
  app::StepClock clock{[this] { return wall; }};
  app::StepClock::Tick tick(double real_dt, double speed, double step_s, double budget_s) {
    return clock.tick(real_dt, speed, step_s, budget_s, [this](std::int64_t n) {
      ++calls;
      const std::int64_t took = std::min(n, end - stepped);
      stepped += took;
      wall += cost_s * static_cast<double>(took);
      return took;
    });
  }
};

}  // namespace

TEST_CASE("step clock: real time times speed advances whole steps, the remainder waits", "[step_clock]") {
  FakeModel m;
  // 60x at 60 frames a second: one simulated second a frame, ten 100 ms steps.
  auto t = m.tick(1.0 / 60, 60, 0.1, 0);
  CHECK(t.steps == 10);
  CHECK(m.stepped == 10);
  CHECK_FALSE(t.behind);
  CHECK(m.clock.owed() < 0.1);
  // 1x with a 125 ms step and 1/64 s frames (exact in binary): each frame
  // owes an eighth of a step, and the eighth frame has a whole one.
  app::StepClock::Tick last;
  std::int64_t total = 0;
  for (int frame = 0; frame < 8; ++frame) {
    last = m.tick(1.0 / 64, 1, 0.125, 0);
    total += last.steps;
    if (frame < 7) CHECK(last.steps == 0);
  }
  CHECK(total == 1);
  CHECK(last.steps == 1);
  CHECK(m.clock.owed() == 0);
}

TEST_CASE("step clock: paused owes nothing, whatever the frame time", "[step_clock]") {
  FakeModel m;
  CHECK(m.tick(0.25, 0, 0.1, 0).steps == 0);
  CHECK(m.clock.owed() == 0);
  CHECK(m.stepped == 0);
}

TEST_CASE("step clock: an infinite, absurd or NaN speed owes a bounded number of steps", "[step_clock]") {
  // Before the bound, inf made owed/step an infinite double cast to int64
  // (undefined) and the loop never ended.
  for (double speed : {std::numeric_limits<double>::infinity(), 1e300}) {
    FakeModel m;
    const auto t = m.tick(0.25, speed, 0.5, 0);
    CHECK(t.steps == static_cast<std::int64_t>(app::StepClock::kMaxOwedSteps));
    CHECK(m.clock.owed() == 0);
  }
  FakeModel m;
  CHECK(m.tick(0.25, std::numeric_limits<double>::quiet_NaN(), 0.5, 0).steps == 0);
  CHECK(m.clock.owed() == 0);
  CHECK(m.tick(0.25, -60, 0.5, 0).steps == 0);
}

TEST_CASE("step clock: without a budget every owed step is taken, in batches", "[step_clock]") {
  FakeModel m;
  m.cost_s = 0.001;  // far too slow for a frame, but there is no budget
  // 75 simulated seconds owed (exact in binary, as are the 125 ms steps).
  const auto t = m.tick(0.25, 300, 0.125, 0);
  CHECK(t.steps == 600);
  CHECK_FALSE(t.behind);
  CHECK_FALSE(m.clock.behind());
  // 600 steps in batches of at most 32: 19 calls (18 full, one of 24).
  CHECK(m.calls == (600 + app::StepClock::kBatch - 1) / app::StepClock::kBatch);
  CHECK_THAT(t.wall_s, WithinAbs(0.6, 1e-9));
}

TEST_CASE("step clock: over budget, the rest is dropped and the clock says it is behind", "[step_clock]") {
  FakeModel m;
  m.cost_s = 0.001;  // 1 ms a step: a 10 ms budget fits about ten
  const auto t = m.tick(1.0 / 60, 3600, 0.1, 0.010);
  // The budget is checked after each batch: one batch of 32 overruns it.
  CHECK(t.steps == app::StepClock::kBatch);
  CHECK(t.behind);
  CHECK(m.clock.behind());
  CHECK_THAT(t.wall_s, WithinAbs(0.032, 1e-9));
  // What did not fit is dropped, not carried: at most one step waits.
  CHECK_THAT(m.clock.owed(), WithinAbs(0.1, 1e-9));

  // A frame that fits what it owes is not behind any more.
  m.cost_s = 0.0001;
  const auto next = m.tick(0.1, 1, 0.1, 0.010);  // 0.1 s owed now + the step carried
  CHECK(next.steps == 2);
  CHECK_FALSE(next.behind);
  CHECK_FALSE(m.clock.behind());
}

TEST_CASE("step clock: a budget that fits is not behind", "[step_clock]") {
  FakeModel m;
  m.cost_s = 0.00001;  // 10 us a step: 600 steps take 6 ms of a 10 ms budget
  const auto t = m.tick(0.25, 300, 0.125, 0.010);
  CHECK(t.steps == 600);
  CHECK_FALSE(t.behind);
}

TEST_CASE("step clock: when the run ends nothing stays owed", "[step_clock]") {
  FakeModel m;
  m.end = 5;
  const auto t = m.tick(1.0, 60, 0.1, 0);  // 600 steps owed, 5 left in the run
  CHECK(t.steps == 5);
  CHECK_FALSE(t.behind);
  CHECK(m.clock.owed() == 0);
  CHECK(m.tick(1.0, 60, 0.1, 0).steps == 0);
  CHECK(m.clock.owed() == 0);
}

TEST_CASE("step clock: reset forgets what is owed and that it was behind", "[step_clock]") {
  FakeModel m;
  m.cost_s = 0.001;
  m.tick(1.0 / 60, 3600, 0.1, 0.010);
  REQUIRE(m.clock.behind());
  m.clock.reset();
  CHECK_FALSE(m.clock.behind());
  CHECK(m.clock.owed() == 0);
}

TEST_CASE("game: tick advances the run by the clock and reports the rate", "[step_clock][game]") {
  game_test::PausedGame g;
  g.game.set_speed(60);
  g.game.tick(1.0 / 60, 0);
  CHECK(g.game.sim().now() == bp::kSecond);
  CHECK(g.game.stats.steps == 10);
  CHECK_THAT(g.game.achieved_speed(), WithinAbs(60.0, 1e-6));
  CHECK_FALSE(g.game.behind());
  g.game.set_speed(0);
  g.game.tick(1.0 / 60, 0);
  CHECK(g.game.sim().now() == bp::kSecond);
  CHECK(g.game.stats.steps == 0);
}

TEST_CASE("game: Next and Finish are carried out by the next tick, not when asked", "[step_clock][game]") {
  game_test::PausedGame g;
  g.game.go(app::Screen::Play);
  const bp::SimTime start = g.game.sim().now();
  g.game.request_next_event();
  // Asked mid-frame: the run has not moved, so the rest of the frame draws
  // the same moment as what was drawn before the click.
  CHECK(g.game.sim().now() == start);
  CHECK(g.game.has_requests());
  g.game.tick(1.0 / 60, 0);
  CHECK_FALSE(g.game.has_requests());
  CHECK(g.game.sim().now() > start);
  CHECK(g.game.speed() == 0);  // paused where the alert fired
  CHECK_FALSE(g.game.sim().alerts().empty());

  g.game.request_finish();
  CHECK_FALSE(g.game.sim().finished());
  CHECK(g.game.screen == app::Screen::Play);
  g.game.tick(0, 0);  // any screen's tick carries requests out
  CHECK(g.game.sim().finished());
  CHECK(g.game.screen == app::Screen::Debrief);
  CHECK(g.game.events().back().text == "Shift over");
}

TEST_CASE("game: every load is a new run id, a failed one is not", "[step_clock][game]") {
  game_test::PausedGame g;
  const std::uint64_t first = g.game.run_id();
  CHECK(first > 0);
  g.game.request_restart(app::Screen::Briefing);
  CHECK(g.game.run_id() == first);
  g.game.tick(0, 0);
  CHECK(g.game.run_id() == first + 1);
  CHECK(g.game.screen == app::Screen::Briefing);

  g.game.request_load(game_test::kScenarios + "/no_such_file.json", "", app::Screen::Play, "Could not load: ");
  g.game.tick(0, 0);
  CHECK(g.game.run_id() == first + 1);
  CHECK(g.game.screen == app::Screen::Briefing);  // stays where it was
  REQUIRE_FALSE(g.game.notices.empty());
  CHECK(g.game.notices.back().lasting);
  CHECK(g.game.notices.back().text.rfind("Could not load: ", 0) == 0);
}

TEST_CASE("game: space resumes at the speed it paused from", "[step_clock][game]") {
  game_test::PausedGame g;
  g.game.set_speed(600);
  g.game.toggle_pause();
  CHECK(g.game.speed() == 0);
  g.game.toggle_pause();
  CHECK(g.game.speed() == 600);
}

TEST_CASE("game: a scripted command refused at its step stops the run, not the game", "[step_clock][game]") {
  game_test::PausedGame g;
  const std::string script = std::string(BACKPRESSURE_SOURCE_DIR) + "/tests/app/refused_at_step.json";
  REQUIRE(g.game.load_script(script) == "");
  g.game.go(app::Screen::Play);
  g.game.set_speed(60);
  g.game.tick(1.0, 0);  // 60 s owed; the command is refused at 5 s
  const std::string why = g.game.run_error();
  CHECK(why.find(script + ": /commands/0: a postgres cannot send work to a server") == 0);
  CHECK(g.game.speed() == 0);
  REQUIRE_FALSE(g.game.notices.empty());
  CHECK(g.game.notices.back().lasting);
  CHECK(g.game.notices.back().text.find("/commands/0") != std::string::npos);
  // A stopped run stays where it stopped, whatever is asked of it.
  const bp::SimTime at = g.game.sim().now();
  g.game.set_speed(60);
  g.game.tick(1.0, 0);
  g.game.request_finish();
  g.game.tick(0, 0);
  CHECK(g.game.sim().now() == at);
  CHECK(g.game.screen == app::Screen::Play);
  // A new run starts clean.
  g.game.request_restart(app::Screen::Play);
  g.game.tick(0, 0);
  CHECK(g.game.run_error().empty());
}
