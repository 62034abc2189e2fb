#pragma once
// Test support for app::Game (the desktop game's model, no ImGui): a paused
// game on the default scenario, and a clock to run it by whole steps.
#include <catch2/catch.hpp>

#include <string>

#include "app/game.h"
#include "app/store/store.h"

namespace game_test {

inline const std::string kScenarios = std::string(BACKPRESSURE_SOURCE_DIR) + "/scenarios";

// A paused game on silent_backlog; with a store, it remembers and saves there.
struct PausedGame {
  app::Game game{kScenarios};
  explicit PausedGame(app::Store* store = nullptr) {
    game.store = store;
    REQUIRE(game.load(kScenarios + "/silent_backlog.json") == "");
    game.set_speed(0);
  }
  // Lets the clock run for `steps` steps (100 ms each), then pauses again.
  void run(int steps) {
    game.set_speed(1);
    game.tick(0.1 * steps + 0.001, 0);
    game.set_speed(0);
  }
};

}  // namespace game_test
