// The debrief's exports: the report as JSON, every series as CSV (the same
// CSV as backpressure-sim --series), and the charts as PNG. They go into one
// folder per run under the data directory, so nothing is overwritten.
#include <filesystem>

#include "output/atomic_file.h"
#include "output/output.h"
#include "ui.h"

namespace app {

namespace fs = std::filesystem;

namespace {

// One folder per run: the scenario, its seed and how far it ran name it.
fs::path export_dir(const Game& game) {
  const fs::path root = game.store ? game.store->paths().data / "exports" : fs::current_path();
  const auto& sim = game.sim();
  std::string id = sim.scenario().id.empty() ? "run" : sim.scenario().id;
  for (char& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
  return root / (id + "-seed" + std::to_string(sim.seed()) + "-" + std::to_string(sim.command_log().size()) + "cmds-" +
                 std::to_string(static_cast<long long>(bp::to_seconds(sim.now()))) + "s");
}

std::string write(const fs::path& path, const std::string& text) {
  const std::string err = bp::write_file_atomically(path, text);
  return err.empty() ? "Wrote " + path.string() : "Could not export: " + err;
}

}  // namespace

std::string export_report(Game& game, const nlohmann::json& report) {
  return write(export_dir(game) / "report.json", report.dump(2) + "\n");
}

std::string export_series(Game& game) { return write(export_dir(game) / "series.csv", bp::series_csv(game.sim())); }

std::string export_charts(Game& game, ImVec2 min, ImVec2 max) {
  const fs::path path = export_dir(game) / "charts.png";
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return "Could not export: " + path.parent_path().string() + ": " + ec.message();
  shell.capture = Shell::Capture{path.string(), min, max};
  return "Wrote " + path.string();
}

}  // namespace app
