// Saved designs in the desktop game, driven through app::Game as the panels
// drive it: Save design writes the live design (commands' additions, current
// settings) with the cards the player placed, into the store's designs/; the
// briefing's list offers it, reports broken files with their reason, and
// starting with one gives the same design and card spots back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/design_view.h"
#include "app/game.h"
#include "app/saved_designs.h"
#include "app/store/store.h"
#include "game_support.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("bp-designs-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A paused game on silent_backlog with a store in a temporary folder.
struct GameWithStore {
  TempDir dir;
  app::Store store{{dir.path / "config", dir.path / "data"}};
  game_test::PausedGame paused{&store};
  app::Game& game = paused.game;
  void run(int steps) { paused.run(steps); }
};

}  // namespace

TEST_CASE("a saved design comes back from the briefing with its cards where they were", "[designs][game]") {
  GameWithStore g;
  app::Game& game = g.game;
  const std::string worker = app::fresh_component_id(game, "worker");
  nlohmann::json value = app::new_component_value(worker, "worker");
  value["targets"] = {"db"};
  REQUIRE(game.submit_design({bp::CommandKind::AddComponent, "", "", value}) == "");
  REQUIRE(game.submit_design({bp::CommandKind::Connect, "jobs", worker, nullptr}) == "");
  REQUIRE(game.submit({bp::CommandKind::Set, "fulfilment", "instances", 3}) == "");
  g.run(2);
  game.placed[worker] = {412, 260};
  game.placed["gone"] = {1, 1};  // a card no longer in the design is not saved

  game.notices.clear();
  REQUIRE(app::save_design(game, "Two workers") == "");
  REQUIRE(game.notices.size() == 1);
  CHECK_FALSE(game.notices[0].lasting);
  CHECK_THAT(game.notices[0].text, Contains("Design saved to") && Contains("designs") && Contains("--design"));

  const auto choices = app::saved_designs_for(game);
  REQUIRE(choices.size() == 1);
  CHECK(choices[0].name == "Two workers");
  CHECK(choices[0].error.empty());
  CHECK_THAT(choices[0].detail, Contains("7 components"));
  const nlohmann::json saved = nlohmann::json::parse(std::ifstream(choices[0].path));
  CHECK(saved["layout"] == nlohmann::json::parse(R"({")" + worker + R"(": {"x": 412, "y": 260}})"));

  // Starting with it: the same design, the worker's card where it was.
  auto ids = [&] {
    std::vector<std::string> out;
    for (const auto& n : app::live_design(game)) out.push_back(n.id);
    return out;
  };
  const auto ids_before = ids();
  REQUIRE(game.load(game.scenario_path(), choices[0].path) == "");
  CHECK(game.design_path() == choices[0].path);
  CHECK(ids() == ids_before);
  bool fed = false;
  for (const auto& c : game.sim().design()) {
    if (c.id == "jobs") fed = std::find(c.targets.begin(), c.targets.end(), worker) != c.targets.end();
    if (c.id == "fulfilment") CHECK(c.settings.integer("instances") == 3);
  }
  CHECK(fed);
  REQUIRE(game.placed.count(worker));
  CHECK(game.placed.at(worker).x == 412);
  CHECK(game.placed.at(worker).y == 260);
  CHECK(game.placed.size() == 1);
}

TEST_CASE("the briefing reports a broken or stale design file by name and never fails over it", "[designs][game]") {
  GameWithStore g;
  const fs::path designs = g.store.paths().data / "designs";
  fs::create_directories(designs);
  std::ofstream(designs / "cut.json") << R"({"scenario": "silent-backlog", "components": [)";
  std::ofstream(designs / "stale.json")
      << R"({"scenario": "silent-backlog", "components": [{"id": "web", "type": "server", "targets": ["nowhere"]}]})";
  std::ofstream(designs / "other.json") << R"({"scenario": "flash-sale", "components": [{"id": "web", "type": "server"}]})";
  const auto choices = app::saved_designs_for(g.game);
  REQUIRE(choices.size() == 2);  // the other scenario's design is not offered
  for (const auto& c : choices) {
    INFO(c.path << ": " << c.error);
    CHECK_THAT(c.error, Contains(c.path));
  }
  const auto& cut = fs::path(choices[0].path).filename() == "cut.json" ? choices[0] : choices[1];
  const auto& stale = &cut == &choices[0] ? choices[1] : choices[0];
  CHECK_THAT(cut.error, Contains("not valid JSON"));
  CHECK_THAT(stale.error, Contains("nowhere"));
  // Picking one anyway is refused with the same kind of message; the run stays.
  CHECK_THAT(g.game.load(g.game.scenario_path(), stale.path), Contains("stale.json"));
  CHECK(g.game.has_run());
}

TEST_CASE("a design saved mid-run that cannot start a shift says so when saved", "[designs][game]") {
  GameWithStore g;
  REQUIRE(g.game.submit_design({bp::CommandKind::RemoveComponent, "web", "", nullptr}) == "");
  g.run(2);
  g.game.notices.clear();
  REQUIRE(app::save_design(g.game) == "");
  REQUIRE(g.game.notices.size() == 1);
  CHECK(g.game.notices[0].lasting);  // something to fix: it stays until dismissed
  CHECK_THAT(g.game.notices[0].text, Contains("cannot start a shift") && Contains("points at no server"));
  // It is kept anyway, and the briefing shows why it cannot be picked.
  const auto choices = app::saved_designs_for(g.game);
  REQUIRE(choices.size() == 1);
  CHECK_THAT(choices[0].error, Contains("points at no server"));
}
