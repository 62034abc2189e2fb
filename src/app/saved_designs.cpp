#include "saved_designs.h"

#include <cmath>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include <backpressure/design_loader.h>
#include <backpressure/live_design.h>
#include <backpressure/scenario_loader.h>
#include <backpressure/simulator.h>

namespace app {

namespace fs = std::filesystem;

std::string save_design(Game& game, const std::string& title) {
  if (!game.has_run()) return "no run";
  if (!game.store) {
    game.notify("Saving is off for this session.");
    return "saving is off";
  }
  const bp::Simulator& sim = game.sim();
  nlohmann::json doc = bp::live_design_json(sim, bp::Catalogue::builtin(), title);
  // Only cards the player placed have a spot worth keeping; the rest are
  // laid out in columns again when the design is loaded.
  nlohmann::json layout = nlohmann::json::object();
  for (const auto& [id, at] : game.placed) {
    bool present = id == "traffic";
    for (const auto& c : doc["components"]) present = present || c["id"] == id;
    if (present) layout[id] = {{"x", std::lround(at.x)}, {"y", std::lround(at.y)}};
  }
  if (!layout.empty()) doc["layout"] = std::move(layout);
  fs::path written;
  const std::string err = game.store->save_design(sim.scenario().id, doc, &written);
  if (!err.empty()) {
    game.warn("Could not save the design: " + err);
    return err;
  }
  // Mid-run a design may break rules a fresh start needs (users with no
  // server to reach): say so now rather than when the player picks it.
  std::string cannot_start;
  try {
    bp::apply_design(bp::load_scenario_file(game.scenario_path()), bp::parse_design(doc, written.string()));
  } catch (const std::exception& e) {
    cannot_start = e.what();
  }
  std::string note = "Design saved to " + written.string() + ". ";
  note += cannot_start.empty() ? "Pick it in the briefing, or run it with: backpressure-sim run " + game.scenario_path() +
                                     " --design " + written.string()
                               : "It cannot start a shift as it stands: " + cannot_start;
  // Changes waiting for the next step are in the file (live_design_json).
  // Something to fix stays until dismissed; a plain "saved" fades.
  if (cannot_start.empty()) game.notify(note);
  else game.warn(note);
  return "";
}

std::string design_grade_key(const std::string& scenario_key, const std::string& design_path) {
  return scenario_key + " with design " + fs::path(design_path).filename().string();
}

std::vector<DesignChoice> saved_designs_for(const Game& game) {
  std::vector<DesignChoice> out;
  if (!game.store || !game.has_run()) return out;
  const std::string& id = game.sim().scenario().id;
  // The scenario as written, not as the current design changed it.
  std::optional<bp::Scenario> scenario;
  std::string scenario_error;
  try {
    scenario = bp::load_scenario_file(game.scenario_path());
  } catch (const std::exception& e) {
    scenario_error = e.what();
  }
  for (const auto& f : game.store->list_designs(id)) {
    DesignChoice c;
    c.path = f.path.string();
    c.name = f.title.empty() ? f.path.filename().string() : f.title;
    c.error = f.error;
    // The core's check words every problem as the CLI does (file, JSON path,
    // line and column); the store's reason stands only if the core finds none.
    try {
      if (!scenario) throw std::runtime_error(scenario_error);
      const bp::Scenario played = bp::apply_design(*scenario, bp::load_design_file(c.path));
      c.detail = f.path.filename().string() + ", " + std::to_string(played.components.size()) + " components";
    } catch (const std::exception& e) {
      c.error = e.what();
    }
    if (const BestGrade* g = game.store->best_grade(design_grade_key(id.empty() ? game.scenario_path() : id, c.path)))
      c.best = g->letter;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace app
