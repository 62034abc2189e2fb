#pragma once
// Where the shipped scenarios, designs and scripts are: both programs look
// in the same places, in the same order (docs/desktop.md, "Files").
#include <filesystem>
#include <string>
#include <vector>

namespace bp {

struct DataDirSearch {
  std::string option;                 // --data-dir, "" when not given
  std::string environment;            // $BACKPRESSURE_DATA, "" when unset
  std::filesystem::path executable;   // this program, to find PREFIX/share/backpressure beside PREFIX/bin
  std::filesystem::path source_tree;  // the tree a build folder was configured from
};

// The places to look, in order: the option, the environment, the install
// prefix's share/backpressure, then the source tree. Each is a candidate
// only when it is given.
std::vector<std::filesystem::path> data_dir_candidates(const DataDirSearch& search);

// The first candidate holding a scenarios/ folder. An option or environment
// value that names no such folder is an error of its own (the user asked
// for it). Otherwise a miss throws an InputError naming every place looked.
std::filesystem::path find_data_dir(const DataDirSearch& search);

// The running program's own path (/proc/self/exe), or "" when unknown.
std::filesystem::path this_executable();

// A scenario named on a command line: an existing file as it is; otherwise
// a name ("silent_backlog" or "silent_backlog.json") in DATA/scenarios/.
std::filesystem::path resolve_scenario(const std::string& name_or_file, const std::filesystem::path& data_dir);

}  // namespace bp
