// The desktop game's persistence: XDG paths, atomic writes, and files that
// are broken on disk being set aside instead of crashing the game.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "app/store/store.h"
#include "output/atomic_file.h"

namespace fs = std::filesystem;

namespace {

// A fresh folder per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("bp-store-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

app::StorePaths paths_in(const TempDir& d) { return {d.path / "config", d.path / "data"}; }

}  // namespace

TEST_CASE("XDG variables pick the folders, with the home fallbacks", "[store]") {
  auto p = app::xdg_paths("/x/config", "/x/data", "/home/ann");
  CHECK(p.config == fs::path("/x/config/backpressure"));
  CHECK(p.data == fs::path("/x/data/backpressure"));
  p = app::xdg_paths(nullptr, "", "/home/ann");
  CHECK(p.config == fs::path("/home/ann/.config/backpressure"));
  CHECK(p.data == fs::path("/home/ann/.local/share/backpressure"));
  // The spec says relative paths are invalid and must be ignored.
  p = app::xdg_paths("relative/config", nullptr, "/home/ann");
  CHECK(p.config == fs::path("/home/ann/.config/backpressure"));
}

TEST_CASE("Settings and best grades survive a restart", "[store]") {
  TempDir dir;
  {
    app::Store store(paths_in(dir));
    store.load();
    CHECK(store.notices().empty());
    CHECK(store.settings.window_width == app::Settings{}.window_width);
    store.settings.window_width = 1280;
    store.settings.window_height = 720;
    store.settings.presenter = true;
    store.settings.speed = 600;
    CHECK(store.save_settings().empty());
    bool improved = false;
    CHECK(store.record_grade("silent-backlog", {"C", 72.5}, &improved).empty());
    CHECK(improved);
    CHECK(store.record_grade("silent-backlog", {"D", 61}, &improved).empty());
    CHECK_FALSE(improved);
  }
  app::Store again(paths_in(dir));
  again.load();
  CHECK(again.notices().empty());
  CHECK(again.settings.window_width == 1280);
  CHECK(again.settings.window_height == 720);
  CHECK(again.settings.presenter);
  CHECK(again.settings.speed == 600);
  REQUIRE(again.best_grade("silent-backlog"));
  CHECK(again.best_grade("silent-backlog")->letter == "C");
  CHECK(again.best_grade("silent-backlog")->score == 72.5);
  CHECK(again.best_grade("other") == nullptr);
}

TEST_CASE("A corrupt settings file is set aside and reported, not fatal", "[store]") {
  TempDir dir;
  const fs::path file = dir.path / "config" / "settings.json";
  spit(file, "{\"window_width\": 1280,");  // cut off mid-write
  app::Store store(paths_in(dir));
  store.load();
  REQUIRE(store.notices().size() == 1);
  CHECK(store.notices()[0].find("settings.json") != std::string::npos);
  CHECK(store.settings.window_width == app::Settings{}.window_width);
  CHECK_FALSE(fs::exists(file));
  CHECK(slurp(file.string() + ".corrupt") == "{\"window_width\": 1280,");
  // Saving afterwards writes a fresh, readable file.
  CHECK(store.save_settings().empty());
  app::Store again(paths_in(dir));
  again.load();
  CHECK(again.notices().empty());
}

TEST_CASE("Every corrupt copy is kept: a second one gets the next number", "[store]") {
  TempDir dir;
  const fs::path file = dir.path / "config" / "settings.json";
  const fs::path grades = dir.path / "data" / "best_grades.json";
  for (int i = 0; i < 3; ++i) {
    spit(file, "broken " + std::to_string(i));
    spit(grades, "{\"scenarios\": " + std::to_string(i) + "}");
    app::Store store(paths_in(dir));
    store.load();
    CHECK(store.notices().size() == 2);
  }
  CHECK(slurp(file.string() + ".corrupt") == "broken 0");
  CHECK(slurp(file.string() + ".corrupt.1") == "broken 1");
  CHECK(slurp(file.string() + ".corrupt.2") == "broken 2");
  CHECK(slurp(grades.string() + ".corrupt") == "{\"scenarios\": 0}");
  CHECK(slurp(grades.string() + ".corrupt.2") == "{\"scenarios\": 2}");
}

TEST_CASE("A store that may not write reports a corrupt file but leaves it in place", "[store]") {
  TempDir dir;
  const fs::path file = dir.path / "config" / "settings.json";
  spit(file, "{\"speed\": \"fast\"}");
  app::Store store(paths_in(dir));
  store.writable = false;
  store.load();
  REQUIRE(store.notices().size() == 1);
  CHECK(store.notices()[0].find("left it in place") != std::string::npos);
  CHECK(slurp(file) == "{\"speed\": \"fast\"}");
  CHECK_FALSE(fs::exists(file.string() + ".corrupt"));
}

TEST_CASE("Wrong types and absurd values count as corrupt", "[store]") {
  TempDir dir;
  spit(dir.path / "config" / "settings.json", R"({"speed": "fast"})");
  spit(dir.path / "data" / "best_grades.json", R"({"scenarios": {"a": {"letter": "B"}}})");
  app::Store store(paths_in(dir));
  store.load();
  CHECK(store.notices().size() == 2);
  CHECK(store.best_grades().empty());
  CHECK(fs::exists(dir.path / "config" / "settings.json.corrupt"));
  CHECK(fs::exists(dir.path / "data" / "best_grades.json.corrupt"));

  TempDir dir2;
  spit(dir2.path / "config" / "settings.json", R"({"speed": -5})");
  app::Store store2(paths_in(dir2));
  store2.load();
  CHECK(store2.notices().size() == 1);
  CHECK(store2.settings.speed == app::Settings{}.speed);
}

TEST_CASE("Atomic writes replace the file whole and leave no temporary", "[store]") {
  TempDir dir;
  const fs::path file = dir.path / "nested" / "f.json";
  CHECK(bp::write_file_atomically(file, "one").empty());
  CHECK(bp::write_file_atomically(file, "two").empty());
  CHECK(slurp(file) == "two");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++entries;
  CHECK(entries == 1);
  // A folder in the way is reported, not thrown.
  fs::create_directories(dir.path / "blocked");
  CHECK_FALSE(bp::write_file_atomically(dir.path / "blocked", "x").empty());
}

TEST_CASE("Saved runs keep scenario, seed and commands, and never overwrite", "[store]") {
  TempDir dir;
  app::Store store(paths_in(dir));
  app::SavedRun run;
  run.scenario_path = "scenarios/silent_backlog.json";
  run.scenario_id = "silent/backlog";  // a slash must not make a folder
  run.seed = 42;
  run.simulated_seconds = 3600;
  run.command_log = {{"format_version", 1}, {"commands", {{{"step", 10}, {"type", "set"}}}}};
  fs::path first, second;
  CHECK(store.save_run(run, &first).empty());
  CHECK(store.save_run(run, &second).empty());
  CHECK(first != second);
  CHECK(first.parent_path() == dir.path / "data" / "runs");
  // The log beside it is exactly the command script, ready for --commands.
  CHECK(nlohmann::json::parse(slurp(app::commands_file_for(first))) == run.command_log);
  const app::SavedRun back = app::Store::load_run(first);
  CHECK(back.scenario_path == run.scenario_path);
  CHECK(back.seed == 42);
  CHECK(back.command_log == run.command_log);
  spit(dir.path / "bad.json", "[]");
  CHECK_THROWS_WITH(app::Store::load_run(dir.path / "bad.json"), Catch::Contains("bad.json"));
}

TEST_CASE("Saved designs are listed for their own scenario, broken files with their reason", "[store]") {
  TempDir dir;
  app::Store store(paths_in(dir));
  const nlohmann::json design = {{"format_version", 1}, {"scenario", "shop"}, {"title", "Two packers"},
                                 {"components", nlohmann::json::array({{{"id", "web"}, {"type", "server"}}})}};
  fs::path first, second;
  CHECK(store.save_design("shop", design, &first).empty());
  CHECK(store.save_design("shop", design, &second).empty());
  CHECK(first != second);  // never over an earlier design
  CHECK(first.parent_path() == dir.path / "data" / "designs");
  CHECK(nlohmann::json::parse(slurp(first)) == design);
  spit(dir.path / "data" / "designs" / "bank-1.json", R"({"scenario": "bank", "components": []})");
  spit(dir.path / "data" / "designs" / "cut.json", R"({"scenario": "shop", "compo)");
  spit(dir.path / "data" / "designs" / "list.json", "[1, 2]");
  spit(dir.path / "data" / "designs" / "notes.txt", "not a design");

  const auto listed = store.list_designs("shop");
  std::map<std::string, app::SavedDesignFile> by_name;
  for (const auto& f : listed) by_name[f.path.filename().string()] = f;
  CHECK(listed.size() == 4);  // bank's design and the text file are not offered
  REQUIRE(by_name.count(first.filename().string()));
  CHECK(by_name[first.filename().string()].title == "Two packers");
  CHECK(by_name[first.filename().string()].error.empty());
  CHECK(by_name[second.filename().string()].scenario_id == "shop");
  REQUIRE(by_name.count("cut.json"));
  CHECK(by_name["cut.json"].error.find("cut.json") != std::string::npos);
  CHECK(by_name["cut.json"].error.find("not valid JSON") != std::string::npos);
  REQUIRE(by_name.count("list.json"));
  CHECK(by_name["list.json"].error.find("names no \"scenario\"") != std::string::npos);
  // Broken design files are the player's: reported, left where they are.
  CHECK(fs::exists(dir.path / "data" / "designs" / "cut.json"));
  CHECK(store.list_designs("bank").size() == 3);
  TempDir empty;
  CHECK(app::Store(paths_in(empty)).list_designs("shop").empty());  // no folder yet
}
