#pragma once
// The design as the player sees it: the core's live design (removed
// components gone, added ones present) with the design commands accepted
// for the next step boundary shown ahead of time, so a paused player sees
// what they just did. The core stays the judge: these are only commands the
// Simulator already accepted.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "game.h"

namespace app {

struct DesignNode {
  std::string id, type;
  std::vector<std::string> targets;
  bool pending = false;  // added by a command the core applies at the next step
};

std::vector<DesignNode> live_design(const Game& game);
// The monthly bill once the pending design and instance changes apply (what
// the player is about to commit to), from the catalogue's prices; equal to
// Game::monthly_cost() when nothing is pending.
double planned_monthly_cost(const Game& game);
// How many billed units (instances; a stream's partitions) a component will
// run once pending changes apply; -1 when the pending changes leave it alone.
double planned_units(const Game& game, const std::string& id);
// "<type><n>" with the smallest n no component (even a removed one) or
// incident uses: ids are never reused within a run.
std::string fresh_component_id(const Game& game, const std::string& type);
// An add_component value: the id, the type and every catalogue default.
nlohmann::json new_component_value(const std::string& id, const std::string& type);

}  // namespace app
