#include "store/store.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "backpressure/input_error.h"
#include "backpressure/json_input.h"
#include "output/atomic_file.h"

namespace app {

namespace fs = std::filesystem;

namespace {

fs::path xdg_dir(const char* value, const char* home, const char* fallback) {
  if (value && *value && fs::path(value).is_absolute()) return fs::path(value) / "backpressure";
  // No home at all (a bare service account): keep state next to the game.
  const fs::path base = home && *home ? fs::path(home) : fs::current_path();
  return base / fallback / "backpressure";
}

// A file name from a scenario id, so a stray character never escapes the folder.
std::string safe_name(const std::string& id) {
  std::string out;
  for (char c : id) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out.empty() ? "run" : out;
}

}  // namespace

StorePaths xdg_paths(const char* xdg_config_home, const char* xdg_data_home, const char* home) {
  return {xdg_dir(xdg_config_home, home, ".config"), xdg_dir(xdg_data_home, home, ".local/share")};
}

StorePaths xdg_paths_from_environment() {
  return xdg_paths(std::getenv("XDG_CONFIG_HOME"), std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
}

Store::Store(StorePaths paths) : paths_(std::move(paths)) {}

std::string Store::set_aside(const fs::path& path) {
  if (!writable) return "left it in place (nothing is changed on disk in this mode)";
  // A second broken copy must not destroy the first: it may be the only
  // record of what went wrong, so each gets the next free number.
  fs::path aside = path.string() + ".corrupt";
  std::error_code ec;
  for (int n = 1; fs::exists(aside, ec) || ec; ++n) {
    if (n > 10000) return "could not move it aside: too many NAME.corrupt files";
    aside = path.string() + ".corrupt." + std::to_string(n);
  }
  fs::rename(path, aside, ec);
  return ec ? "could not move it aside: " + ec.message() : "moved it to " + aside.filename().string();
}

nlohmann::json Store::read_or_set_aside(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return nullptr;
  try {
    // The same bounded reader as every other file: size, nesting, duplicate
    // keys and number range are refused here, and the reason names the place.
    auto doc = bp::read_json_file(path.string());
    if (!doc.is_object()) throw std::runtime_error("expected a JSON object");
    return doc;
  } catch (const std::exception& e) {
    notices_.push_back(path.string() + " could not be read (" + e.what() + "); " + set_aside(path) +
                       " and started from defaults.");
    return nullptr;
  }
}

std::string Store::write_json(const fs::path& path, const nlohmann::json& doc) {
  if (!writable) return "";
  std::string err = bp::write_file_atomically(path, doc.dump(2) + "\n");
  if (!err.empty()) notices_.push_back("Could not save " + err);
  return err;
}

void Store::load() {
  settings = Settings{};
  best_.clear();
  // A field of the wrong type is treated like a broken file: set aside whole,
  // rather than half-trusted.
  const fs::path settings_file = paths_.config / "settings.json";
  if (auto doc = read_or_set_aside(settings_file); !doc.is_null()) {
    try {
      Settings s;
      s.window_width = std::clamp(doc.value("window_width", s.window_width), 640, 16384);
      s.window_height = std::clamp(doc.value("window_height", s.window_height), 480, 16384);
      s.maximized = doc.value("maximized", s.maximized);
      s.presenter = doc.value("presenter", s.presenter);
      s.speed = doc.value("speed", s.speed);
      if (!(s.speed >= 0 && s.speed <= 3600)) throw std::runtime_error("speed must be between 0 and 3600");
      settings = s;
    } catch (const std::exception& e) {
      notices_.push_back(settings_file.string() + " has a bad value (" + e.what() + "); " + set_aside(settings_file) +
                         " and started from defaults.");
    }
  }
  const fs::path grades_file = paths_.data / "best_grades.json";
  if (auto doc = read_or_set_aside(grades_file); !doc.is_null()) {
    try {
      std::map<std::string, BestGrade> best;
      for (const auto& [id, g] : doc.at("scenarios").items())
        best[id] = BestGrade{g.at("letter").get<std::string>(), g.at("score").get<double>()};
      best_ = std::move(best);
    } catch (const std::exception& e) {
      notices_.push_back(grades_file.string() + " has a bad entry (" + e.what() + "); " + set_aside(grades_file) + ".");
    }
  }
}

const BestGrade* Store::best_grade(const std::string& scenario_id) const {
  auto it = best_.find(scenario_id);
  return it == best_.end() ? nullptr : &it->second;
}

std::string Store::save_settings() {
  nlohmann::json doc = {{"format_version", 1},
                        {"window_width", settings.window_width},
                        {"window_height", settings.window_height},
                        {"maximized", settings.maximized},
                        {"presenter", settings.presenter},
                        {"speed", settings.speed}};
  return write_json(paths_.config / "settings.json", doc);
}

std::string Store::record_grade(const std::string& scenario_id, const BestGrade& grade, bool* improved) {
  const BestGrade* old = best_grade(scenario_id);
  const bool better = !old || grade.score > old->score;
  if (improved) *improved = better;
  if (!better) return "";
  best_[scenario_id] = grade;
  nlohmann::json scenarios = nlohmann::json::object();
  for (const auto& [id, g] : best_) scenarios[id] = {{"letter", g.letter}, {"score", g.score}};
  return write_json(paths_.data / "best_grades.json", {{"format_version", 1}, {"scenarios", scenarios}});
}

std::string Store::save_run(const SavedRun& run, fs::path* written) {
  const fs::path dir = paths_.data / "runs";
  const std::string base = safe_name(run.scenario_id);
  std::error_code ec;
  fs::path path;
  // Never overwrite an earlier save: the next free number wins.
  for (int n = 1;; ++n) {
    path = dir / (base + "-" + std::to_string(n) + ".json");
    if (!fs::exists(path, ec) && !fs::exists(commands_file_for(path), ec)) break;
  }
  nlohmann::json doc = {{"format_version", 1},
                        {"scenario", run.scenario_path},
                        {"scenario_id", run.scenario_id},
                        {"seed", run.seed},
                        {"simulated_seconds", run.simulated_seconds},
                        {"command_log", run.command_log}};
  std::string err = write_json(path, doc);
  // The log alone, beside it, is a command script: backpressure-sim
  // --seed SEED --commands FILE replays the run as it was played.
  if (err.empty()) err = write_json(commands_file_for(path), run.command_log);
  if (err.empty() && written) *written = path;
  return err;
}

std::string Store::save_design(const std::string& scenario_id, const nlohmann::json& doc, fs::path* written) {
  const fs::path dir = paths_.data / "designs";
  const std::string base = safe_name(scenario_id);
  std::error_code ec;
  fs::path path;
  for (int n = 1;; ++n) {
    path = dir / (base + "-" + std::to_string(n) + ".json");
    if (!fs::exists(path, ec)) break;
  }
  std::string err = write_json(path, doc);
  if (err.empty() && written) *written = path;
  return err;
}

std::vector<SavedDesignFile> Store::list_designs(const std::string& scenario_id) const {
  std::vector<std::pair<fs::file_time_type, SavedDesignFile>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(paths_.data / "designs", ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".json") continue;
    SavedDesignFile f;
    f.path = entry.path();
    try {
      const auto doc = bp::read_json_file(f.path.string());
      const auto scenario = doc.is_object() ? doc.find("scenario") : doc.end();
      if (!doc.is_object() || scenario == doc.end() || !scenario->is_string())
        f.error = f.path.string() + ": not a design (it names no \"scenario\")";
      else
        f.scenario_id = scenario->get<std::string>();
      if (doc.is_object() && doc.contains("title") && doc["title"].is_string()) f.title = doc["title"].get<std::string>();
    } catch (const bp::InputError& e) {
      f.error = e.what();
    } catch (const std::exception&) {
      f.error = f.path.string() + ": cannot be read";
    }
    if (f.error.empty() && f.scenario_id != scenario_id) continue;
    found.emplace_back(entry.last_write_time(ec), std::move(f));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.path < b.second.path;
  });
  std::vector<SavedDesignFile> out;
  for (auto& [when, f] : found) out.push_back(std::move(f));
  return out;
}

fs::path commands_file_for(const fs::path& saved_run) {
  fs::path p = saved_run;
  return p.replace_extension(".commands.json");
}

SavedRun Store::load_run(const fs::path& path) {
  const std::string file = path.string();
  const auto doc = bp::read_json_file(file);
  if (!doc.is_object()) throw bp::InputError(file, "", "not a saved run (expected an object)");
  // Each field is checked by hand, so a wrong type is named with its place
  // rather than passed on as the JSON library's exception text.
  auto field = [&](const char* key, bool required) -> const nlohmann::json* {
    const auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
      if (required) throw bp::InputError(file, "", std::string("not a saved run (no \"") + key + "\")");
      return nullptr;
    }
    return &*it;
  };
  auto refuse = [&](const char* key, const char* expected) {
    throw bp::InputError(file, std::string("/") + key, std::string("expected ") + expected);
  };
  SavedRun run;
  const auto* scenario = field("scenario", true);
  if (!scenario->is_string()) refuse("scenario", "the scenario's path, a string");
  run.scenario_path = scenario->get<std::string>();
  if (const auto* id = field("scenario_id", false)) {
    if (!id->is_string()) refuse("scenario_id", "a string");
    run.scenario_id = id->get<std::string>();
  }
  // get<uint64_t> would wrap -1 silently; the parser reads a whole number
  // of 0 or more as unsigned, so anything else is not a seed.
  const auto* seed = field("seed", true);
  if (!seed->is_number_unsigned()) refuse("seed", "a whole number from 0 to 18446744073709551615");
  run.seed = seed->get<std::uint64_t>();
  if (const auto* seconds = field("simulated_seconds", false)) {
    if (!seconds->is_number() || seconds->get<double>() < 0) refuse("simulated_seconds", "a number of seconds, 0 or more");
    run.simulated_seconds = seconds->get<double>();
  }
  run.command_log = *field("command_log", true);
  return run;
}

}  // namespace app
