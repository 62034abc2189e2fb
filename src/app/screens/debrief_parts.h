#pragma once
// The debrief's two larger pieces, drawn from the run's report.
#include <nlohmann/json.hpp>

#include "game.h"

namespace app {

// One card per graded contract item: measured against target, pass or
// fail, when it first broke, and the points it earned.
void draw_contract_cards(Game& game, const nlohmann::json& report, float width, float height);
// The timeline of incidents, alerts and commands; then root causes and
// talking points when the grade carries them.
void draw_run_story(Game& game, const nlohmann::json& report);

}  // namespace app
