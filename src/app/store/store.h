#pragma once
// What the game remembers between sessions, in the user's XDG directories:
// settings and window size in $XDG_CONFIG_HOME/backpressure, best grades and
// saved runs in $XDG_DATA_HOME/backpressure (~/.config and ~/.local/share
// when unset). No GL and no ImGui here, so it is unit-tested on its own.
//
// Every file is written atomically (a temporary next to it, then rename), so
// a crash mid-write leaves the old file. A file that does not parse is
// renamed aside to NAME.corrupt and reported through notices(); the game
// carries on with defaults and never crashes over its own files.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace app {

struct StorePaths {
  std::filesystem::path config;  // .../backpressure
  std::filesystem::path data;    // .../backpressure
};

// XDG rules: a variable that is unset, empty or not absolute is ignored.
StorePaths xdg_paths(const char* xdg_config_home, const char* xdg_data_home, const char* home);
StorePaths xdg_paths_from_environment();

struct Settings {
  int window_width = 1600, window_height = 900;  // logical pixels
  bool maximized = false;
  bool presenter = false;  // presenter mode for classrooms
  double speed = 60;       // simulated seconds per real second at the start of a run
};

struct BestGrade {
  std::string letter;
  double score = 0;
};

// A run is its scenario, its seed and the commands the player made: replaying
// the log against the same scenario and seed reproduces it exactly.
struct SavedRun {
  std::string scenario_path;
  std::string scenario_id;
  std::uint64_t seed = 0;
  double simulated_seconds = 0;
  nlohmann::json command_log;  // bp::command_log_json's shape
};

// A design file in the data folder's designs/, as the briefing lists it.
struct SavedDesignFile {
  std::filesystem::path path;
  std::string scenario_id;  // "" when the file could not be read
  std::string title;        // "" when it has none
  std::string error;        // why it could not be read, naming the file; "" when fine
};

// runs/x-1.json -> runs/x-1.commands.json: the replayable command script.
std::filesystem::path commands_file_for(const std::filesystem::path& saved_run);

class Store {
 public:
  explicit Store(StorePaths paths);

  // Reads settings and best grades; unreadable files are set aside.
  void load();

  Settings settings;
  const std::map<std::string, BestGrade>& best_grades() const { return best_; }
  const BestGrade* best_grade(const std::string& scenario_id) const;

  // Each returns "" or the reason it could not write (also added to notices).
  std::string save_settings();
  // Keeps the grade if it beats the stored one (by score); `improved` says so.
  std::string record_grade(const std::string& scenario_id, const BestGrade& grade, bool* improved = nullptr);
  // Writes runs/<scenario>-<n>.json and, beside it, the command log alone as
  // runs/<scenario>-<n>.commands.json; returns the first path through `written`.
  std::string save_run(const SavedRun& run, std::filesystem::path* written = nullptr);
  // Writes a design document (docs/design-format.md) to
  // designs/<scenario>-<n>.json, never over an earlier one; the path goes
  // through `written`.
  std::string save_design(const std::string& scenario_id, const nlohmann::json& doc,
                          std::filesystem::path* written = nullptr);
  // The designs made for this scenario, newest first, and the files in
  // designs/ that could not be read at all (they may be meant for it), with
  // the reason. Designs for other scenarios are left out. Design files are
  // the player's: a broken one is reported, never moved or changed.
  std::vector<SavedDesignFile> list_designs(const std::string& scenario_id) const;
  // Reads a saved run; throws bp::InputError (a std::runtime_error) naming the
  // file and the place on bad input.
  static SavedRun load_run(const std::filesystem::path& path);

  // Problems found while loading or saving, in words for the player.
  const std::vector<std::string>& notices() const { return notices_; }
  void clear_notices() { notices_.clear(); }
  const StorePaths& paths() const { return paths_; }
  // False for screenshots and tests of the game: saves pretend to succeed
  // and write nothing, and broken files are reported but not set aside.
  // Set it before load().
  bool writable = true;

 private:
  // Parses a JSON file; a missing file gives null, a broken one is renamed
  // aside, noted, and gives null too.
  nlohmann::json read_or_set_aside(const std::filesystem::path& path);
  std::string write_json(const std::filesystem::path& path, const nlohmann::json& doc);
  // Renames a broken file to the first free NAME.corrupt, NAME.corrupt.1, …
  // (or leaves it when not writable); returns what was done, in words.
  std::string set_aside(const std::filesystem::path& path);

  StorePaths paths_;
  std::map<std::string, BestGrade> best_;
  std::vector<std::string> notices_;
};

}  // namespace app
