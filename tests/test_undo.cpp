// The desktop game's undo (Ctrl+Z) and redo, driven through app::Game as the
// panels drive it, on the default scenario: edits made while paused are
// withdrawn from the core and never reach the command log; edits that
// applied are undone by inverse commands that do; a removal that applied
// cannot be undone and says so; nothing is undone while the clock runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/design_view.h"
#include "app/game.h"
#include "app/undo.h"
#include "game_support.h"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

using game_test::PausedGame;

std::string design_text(const bp::Simulator& sim) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : sim.design()) {
    if (c.removed()) continue;
    nlohmann::json settings;
    for (const auto& [key, value] : c.settings.all()) settings[key] = value.source;
    out.push_back({c.id, c.type, c.targets, settings});
  }
  return out.dump();
}

std::vector<std::string> targets_of(const bp::Simulator& sim, const std::string& id) {
  for (const auto& c : sim.design())
    if (c.id == id) return c.targets;
  return {"<absent>"};
}

// What the palette does when a worker is dropped onto the database.
std::string add_worker(app::Game& game) {
  const std::string id = app::fresh_component_id(game, "worker");
  bp::Command add{bp::CommandKind::AddComponent, "", "", app::new_component_value(id, "worker")};
  add.value["targets"] = {"db"};
  REQUIRE(game.submit_design(std::move(add)) == "");
  game.placed[id] = {40, 300};
  game.selected = id;
  return id;
}

bool logged(const app::Game& game, const std::string& text) {
  return std::any_of(game.events().begin(), game.events().end(), [&](const app::Event& e) {
    return e.kind == app::Event::Kind::Action && e.text.find(text) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("edits made while paused are withdrawn and never reach the log", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  g.run(5);
  const std::string before = design_text(game.sim());
  const std::string id = add_worker(game);
  REQUIRE(game.submit_design({bp::CommandKind::Connect, "jobs", id, nullptr}) == "");
  REQUIRE(game.submit({bp::CommandKind::Set, "web", "instances", 3}) == "");
  REQUIRE(game.sim().pending().size() == 3);
  CHECK(game.undo_blocker() == "");
  CHECK(game.undo_label() == "set web.instances to 3");

  game.undo();
  CHECK(game.setting_value("web", "instances") == 2);
  game.undo();
  CHECK(game.sim().pending().size() == 1);
  CHECK(game.selected == id);  // the card is still on its way in
  game.undo();
  CHECK(game.sim().pending().empty());
  CHECK(game.pending().empty());
  CHECK(game.placed.count(id) == 0);
  CHECK(game.selected.empty());
  REQUIRE(game.notices.size() == 1);  // each replaced the one before
  CHECK(game.notices.front().text == "Undid: added worker " + id + " pointing at db");
  CHECK(logged(game, "Undid: connected jobs to " + id));
  CHECK(game.undo_blocker() == "Nothing to undo.");

  g.run(5);
  CHECK(design_text(game.sim()) == before);
  CHECK(game.sim().command_log().empty());
  // The id was never taken: the next worker gets it again.
  CHECK(app::fresh_component_id(game, "worker") == id);
}

TEST_CASE("a setting changed on a component still waiting to join is withdrawn like any pending edit", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  const std::string before = design_text(game.sim());
  const std::string id = add_worker(game);
  const nlohmann::json added = game.pending().back().value;
  // Before it joins, the inspector reads what the add says, then the sets after it.
  CHECK(game.setting_value(id, "instances") == added["instances"]);
  REQUIRE(game.submit({bp::CommandKind::Set, id, "instances", 3}) == "");
  CHECK(game.setting_value(id, "instances") == 3);
  CHECK(game.is_pending(id, "instances"));
  CHECK(game.undo_label() == "set " + id + ".instances to 3");

  game.undo();
  CHECK(game.setting_value(id, "instances") == added["instances"]);
  REQUIRE(game.sim().pending().size() == 1);
  game.undo();
  CHECK(game.sim().pending().empty());
  CHECK(game.pending().empty());
  g.run(2);
  CHECK(design_text(game.sim()) == before);
  CHECK(game.sim().command_log().empty());

  // Redone, both join at one boundary, the set after the add.
  game.redo();
  game.redo();
  g.run(1);
  const auto& log = game.sim().command_log();
  REQUIRE(log.size() == 2);
  CHECK(log[0].kind == bp::CommandKind::AddComponent);
  CHECK(log[1].kind == bp::CommandKind::Set);
  CHECK(log[1].step == log[0].step);
  CHECK(game.setting_value(id, "instances") == 3);
}

TEST_CASE("edits that applied are undone by recorded inverse commands", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  const std::string id = add_worker(game);
  REQUIRE(game.submit_design({bp::CommandKind::Connect, "jobs", id, nullptr}) == "");
  REQUIRE(game.submit({bp::CommandKind::Set, "web", "instances", 3}) == "");
  g.run(3);
  REQUIRE(game.sim().command_log().size() == 3);
  REQUIRE(targets_of(game.sim(), "jobs") == std::vector<std::string>{"fulfilment", id});

  game.undo();  // set back to 2
  CHECK(game.sim().pending().size() == 1);
  game.undo();  // disconnect
  game.undo();  // remove the worker
  CHECK(logged(game, "Undid: added worker " + id + " pointing at db (removed " + id + " at the next step)"));
  g.run(1);
  const auto& log = game.sim().command_log();
  REQUIRE(log.size() == 6);
  CHECK(log[3].kind == bp::CommandKind::Set);
  CHECK(log[3].value == 2);
  CHECK(log[4].kind == bp::CommandKind::Disconnect);
  CHECK(log[5].kind == bp::CommandKind::RemoveComponent);
  CHECK(log[5].target == id);
  CHECK(targets_of(game.sim(), "jobs") == std::vector<std::string>{"fulfilment"});
  CHECK(game.setting_value("web", "instances") == 2);
  CHECK(game.undo_blocker() == "Nothing to undo.");
  // Removed for good: the id stays taken, so it cannot be redone, nor can
  // the edge and the setting made after it.
  CHECK(game.redo_blocker() == "Nothing to redo.");
  CHECK(app::fresh_component_id(game, "worker") != id);
}

TEST_CASE("a removal that applied cannot be undone, and says why", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  REQUIRE(game.submit({bp::CommandKind::Set, "fulfilment", "instances", 2}) == "");
  REQUIRE(game.submit_design({bp::CommandKind::RemoveComponent, "cache", "", nullptr}) == "");
  g.run(2);
  CHECK_THAT(game.undo_blocker(), StartsWith("Can't undo (removed cache): cache has already left the run"));
  const auto log_size = game.sim().command_log().size();
  game.undo();
  CHECK_THAT(game.notices.back().text, Contains("ids are never reused"));
  CHECK(game.sim().pending().empty());
  CHECK(game.sim().command_log().size() == log_size);
  // It stays in the way: the setting before it is not undone behind its back.
  game.undo();
  CHECK(game.sim().pending().empty());
}

TEST_CASE("undo skips commands that are not edits, and leaves them pending", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  REQUIRE(game.submit({bp::CommandKind::Set, "fulfilment", "instances", 2}) == "");
  REQUIRE(game.submit({bp::CommandKind::FlushCache, "cache", "", nullptr}) == "");
  CHECK(game.undo_label() == "set fulfilment.instances to 2");
  game.undo();
  REQUIRE(game.sim().pending().size() == 1);
  CHECK(game.sim().pending()[0].kind == bp::CommandKind::FlushCache);
  // The game keeps no copy of its own: what it shows pending is the core's list.
  CHECK(&game.pending() == &game.sim().pending());
  g.run(1);
  CHECK(game.pending().empty());
  REQUIRE(game.sim().command_log().size() == 1);
  CHECK(game.sim().command_log()[0].kind == bp::CommandKind::FlushCache);
}

TEST_CASE("undo waits for the pause", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  REQUIRE(game.submit({bp::CommandKind::Set, "fulfilment", "instances", 2}) == "");
  game.set_speed(60);
  CHECK(game.undo_blocker() == "Pause first (space), then undo.");
  game.undo();
  CHECK(game.notices.back().text == "Pause first (space), then undo.");
  CHECK(game.sim().pending().size() == 1);
}

TEST_CASE("redo puts back what undo took, through the core's checks", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  const std::string id = add_worker(game);
  game.undo();
  CHECK(game.redo_label() == "added worker " + id + " pointing at db");
  game.redo();
  CHECK(game.sim().pending().size() == 1);
  CHECK(game.placed.count(id) == 1);  // back where it was dropped
  CHECK(game.undo_label() == "added worker " + id + " pointing at db");

  g.run(1);
  REQUIRE(game.submit({bp::CommandKind::Set, id, "concurrency", 7}) == "");
  g.run(1);
  game.undo();
  game.redo();
  g.run(1);
  CHECK(game.setting_value(id, "concurrency") == 7);
  // The undo went in, then the redo: both recorded.
  const auto& log = game.sim().command_log();
  REQUIRE(log.size() == 4);
  CHECK(log[2].value != 7);
  CHECK(log[3].value == 7);
  // A fresh edit forgets what could be redone.
  game.undo();
  REQUIRE(game.submit({bp::CommandKind::Set, "web", "instances", 4}) == "");
  CHECK(game.redo_blocker() == "Nothing to redo.");
}

TEST_CASE("pending edits the core refused at the boundary leave the history", "[undo]") {
  app::UndoHistory h;
  const bp::Command a{bp::CommandKind::Set, "web", "instances", 3}, b{bp::CommandKind::Connect, "jobs", "w2", nullptr};
  h.record({a, 2, true});
  h.record({a, 2, false});
  h.record({b, nullptr, false});
  bp::Command applied_b = b;
  applied_b.step = 40;
  h.settle({applied_b});
  REQUIRE_FALSE(h.empty());
  CHECK(h.take_last().command.kind == bp::CommandKind::Connect);
  CHECK(h.last().applied);
  h.take_last();
  CHECK(h.empty());
}

TEST_CASE("the canvas shows the design the pending commands will leave, as the core projects it", "[undo]") {
  PausedGame g;
  app::Game& game = g.game;
  const std::string id = add_worker(game);
  REQUIRE(game.submit_design({bp::CommandKind::Connect, "jobs", id, nullptr}) == "");
  REQUIRE(game.submit_design({bp::CommandKind::RemoveComponent, "cache", "", nullptr}) == "");
  auto node = [&](const std::string& want) {
    const auto design = app::live_design(game);
    const auto it = std::find_if(design.begin(), design.end(), [&](const app::DesignNode& n) { return n.id == want; });
    return it == design.end() ? app::DesignNode{"<absent>", "", {}, false} : *it;
  };
  CHECK(node(id).pending);
  CHECK(node(id).targets == std::vector<std::string>{"db"});
  CHECK_FALSE(node("jobs").pending);
  const auto jobs_targets = node("jobs").targets;
  CHECK(std::find(jobs_targets.begin(), jobs_targets.end(), id) != jobs_targets.end());
  CHECK(node("cache").id == "<absent>");
  for (const auto& n : app::live_design(game))
    CHECK(std::find(n.targets.begin(), n.targets.end(), "cache") == n.targets.end());
  g.run(1);
  CHECK_FALSE(node(id).pending);  // applied: part of the live design now
  CHECK(node("cache").id == "<absent>");
}
