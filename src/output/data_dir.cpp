#include "output/data_dir.h"

#include <system_error>

#include "backpressure/input_error.h"

namespace bp {

namespace fs = std::filesystem;

namespace {
bool holds_scenarios(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "scenarios", ec);
}
}  // namespace

std::vector<fs::path> data_dir_candidates(const DataDirSearch& s) {
  std::vector<fs::path> out;
  if (!s.option.empty()) out.emplace_back(s.option);
  if (!s.environment.empty()) out.emplace_back(s.environment);
  // PREFIX/bin/backpressure -> PREFIX/share/backpressure: relative, so a
  // staged install (DESTDIR) or a moved prefix works as well as /usr.
  if (!s.executable.empty()) out.push_back(s.executable.parent_path().parent_path() / "share" / "backpressure");
  if (!s.source_tree.empty()) out.push_back(s.source_tree);
  return out;
}

fs::path find_data_dir(const DataDirSearch& s) {
  if (!s.option.empty() && !holds_scenarios(s.option))
    throw InputError(s.option, "", "--data-dir names no folder with a scenarios/ folder in it");
  if (!s.environment.empty() && !holds_scenarios(s.environment))
    throw InputError(s.environment, "", "BACKPRESSURE_DATA names no folder with a scenarios/ folder in it");
  std::string looked;
  for (const fs::path& dir : data_dir_candidates(s)) {
    if (holds_scenarios(dir)) return dir;
    // Appended piecewise: `"literal" + std::string` trips GCC 12's
    // -Wstringop-overflow under link-time optimisation.
    if (!looked.empty()) looked += ", ";
    looked += dir.string();
  }
  throw InputError("backpressure data", "",
                   "no scenarios/ folder found (looked in: " + (looked.empty() ? std::string("nowhere") : looked) +
                       "); name the folder with --data-dir or BACKPRESSURE_DATA");
}

fs::path this_executable() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : p;
}

fs::path resolve_scenario(const std::string& name, const fs::path& data_dir) {
  std::error_code ec;
  if (fs::exists(name, ec)) return name;
  // Only a bare name is looked up: a path with folders that does not exist
  // stays as typed, so the loader's error names what the user wrote.
  if (name.find('/') != std::string::npos) return name;
  fs::path candidate = data_dir / "scenarios" / name;
  if (candidate.extension() != ".json") candidate += ".json";
  return fs::exists(candidate, ec) ? candidate : fs::path(name);
}

}  // namespace bp
