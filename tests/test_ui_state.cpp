// What the desktop game's screens and panels keep between frames
// (src/app/ui_state.h), driven through app::Game as main.cpp drives it: a
// new run starts every panel afresh, a frame draws from one snapshot even
// while a panel submits a change, and the debrief's report cache tells one
// run from the next.
#include <catch2/catch.hpp>

#include <string>

#include "app/design_view.h"
#include "app/game.h"
#include "app/ui_state.h"
#include "game_support.h"

namespace {

using game_test::PausedGame;

// What the palette does when a queue is clicked.
std::string add_queue(app::Game& game) {
  const std::string id = app::fresh_component_id(game, "queue");
  REQUIRE(game.submit_design({bp::CommandKind::AddComponent, "", "", app::new_component_value(id, "queue")}) == "");
  return id;
}

}  // namespace

TEST_CASE("ui state: a new run starts every panel afresh; the same run keeps them", "[ui_state]") {
  PausedGame g;
  app::UiState ui;
  ui.begin_frame(g.game);
  ui.canvas.view.pan = {120, -40};
  ui.canvas.view.player_zoom = 2;
  ui.canvas.card_on_top = "db";
  ui.charts.window = 0;
  ui.briefing.show_hints = true;
  ui.palette.title[0] = 'x';
  ui.debrief.report_for(g.game);
  REQUIRE(ui.debrief.run_id == g.game.run_id());

  // Frames of the same run, the clock moving: all kept.
  g.run(10);
  ui.begin_frame(g.game);
  CHECK(ui.canvas.view.pan.x == 120);
  CHECK(ui.canvas.card_on_top == "db");
  CHECK(ui.charts.window == 0);
  CHECK(ui.briefing.show_hints);
  CHECK(ui.palette.title[0] == 'x');

  // Retry (the debrief's button): the next tick loads the run again.
  g.game.request_restart(app::Screen::Briefing);
  g.game.tick(0, 0);
  ui.begin_frame(g.game);
  CHECK(ui.canvas.view.pan.x == 0);
  CHECK(ui.canvas.view.player_zoom == 1);
  CHECK(ui.canvas.card_on_top.empty());
  CHECK(ui.charts.window == 2);
  CHECK_FALSE(ui.briefing.show_hints);
  CHECK(ui.palette.title[0] == '\0');
  CHECK(ui.debrief.run_id == 0);
  CHECK(ui.frame.run_id == g.game.run_id());
  CHECK(ui.frame.now == 0);
}

TEST_CASE("ui state: a frame draws from its snapshot while a panel submits a change", "[ui_state]") {
  PausedGame g;
  app::UiState ui;
  ui.begin_frame(g.game);
  const auto components = ui.frame.design.size();
  REQUIRE(ui.frame.queues == std::vector<std::string>{"jobs"});
  // The palette, drawn first, adds a queue; the canvas and charts drawn
  // after it in the same frame still see the design the frame started with.
  const std::string id = add_queue(g.game);
  CHECK(ui.frame.design.size() == components);
  CHECK(ui.frame.node(id) == nullptr);
  CHECK(ui.frame.queues.size() == 1);
  // The next frame shows it, waiting to join.
  ui.begin_frame(g.game);
  REQUIRE(ui.frame.node(id) != nullptr);
  CHECK(ui.frame.node(id)->pending);
  CHECK(ui.frame.status(id) == nullptr);  // nothing runs yet
  CHECK(ui.frame.queues == std::vector<std::string>{"jobs", id});
}

TEST_CASE("ui state: the snapshot carries what pending changes will cost", "[ui_state]") {
  PausedGame g;
  REQUIRE(g.game.submit({bp::CommandKind::Set, "fulfilment", "instances", 4}) == "");
  app::UiState ui;
  ui.begin_frame(g.game);
  CHECK(ui.frame.planned("fulfilment") == 4);
  CHECK(ui.frame.planned("web") == -1);
  CHECK(ui.frame.planned_cost > ui.frame.monthly_cost);
  REQUIRE(ui.frame.status("fulfilment") != nullptr);
  CHECK(ui.frame.status("fulfilment")->units == 1);  // until the clock moves
  g.run(1);
  ui.begin_frame(g.game);
  CHECK(ui.frame.status("fulfilment")->units == 4);
  CHECK(ui.frame.planned_cost == ui.frame.monthly_cost);
}

TEST_CASE("ui state: the debrief's report is rebuilt for a new run at the same moment", "[ui_state]") {
  PausedGame g;
  app::DebriefState debrief;  // kept across the retry on purpose: the key alone must tell
  g.game.request_finish();
  g.game.tick(0, 0);
  const nlohmann::json first = debrief.report_for(g.game);
  CHECK(first["commands"].empty());

  g.game.request_restart(app::Screen::Play);
  g.game.tick(0, 0);
  REQUIRE(g.game.submit({bp::CommandKind::Set, "fulfilment", "instances", 4}) == "");
  g.game.request_finish();
  g.game.tick(0, 0);
  // Same scenario, same moment (the end of the shift), possibly the same
  // Simulator address: only the run id tells the runs apart.
  const nlohmann::json& second = debrief.report_for(g.game);
  CHECK(debrief.run_id == g.game.run_id());
  REQUIRE(second["commands"].size() == 1);
  CHECK(second["commands"][0]["target"] == "fulfilment");
}

TEST_CASE("ui state: the queue charts follow the queue card selected, and a removed queue drops out", "[ui_state]") {
  app::ChartsState charts;
  const std::vector<std::string> two{"jobs", "emails"};
  CHECK(charts.follow(two, "") == "jobs");  // the first by default
  CHECK(charts.follow(two, "emails") == "emails");
  CHECK(charts.follow(two, "web") == "emails");  // a non-queue card leaves the charts alone
  charts.picked_queue = "jobs";  // picked in the charts' box
  CHECK(charts.follow(two, "web") == "jobs");
  CHECK(charts.follow({"emails"}, "web") == "emails");  // jobs removed
  CHECK(charts.follow({}, "web").empty());
}
