#pragma once
// Designs the player saves from the game and picks again in the briefing.
// The file is a design document (docs/design-format.md) written from the
// live design, with the canvas card positions as its optional `layout`.
#include <string>
#include <vector>

#include "game.h"

namespace app {

// Saves the live design into the data folder's designs/ and tells the
// player where (a notice). Returns "" or why not.
std::string save_design(Game& game, const std::string& title = "");

// One saved design offered for the current scenario.
struct DesignChoice {
  std::string path;
  std::string name;   // the title, or the file name without one
  std::string detail; // "silent-backlog-2.json, 6 components"
  std::string error;  // why it cannot be played (file and path named); "" when it can
  std::string best;   // best grade letter played with it, "" when none
};

// The designs saved for the running scenario, each checked against it, so
// the briefing shows a broken or stale one with its reason instead of
// failing when it is picked. Reads the disk: call it when the list is needed,
// not every frame.
std::vector<DesignChoice> saved_designs_for(const Game& game);

// The key a design's best grade is kept under in best_grades.json.
std::string design_grade_key(const std::string& scenario_key, const std::string& design_path);

}  // namespace app
