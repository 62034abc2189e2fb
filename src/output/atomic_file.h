#pragma once
#include <filesystem>
#include <string>

namespace bp {

// Writes `content` to `path` so that a reader finds the old file or the new
// one, never half of one: a temporary beside it (same folder, so the rename
// is atomic on POSIX), flushed, then renamed over it. Missing folders are
// made. A path that exists but is not a regular file (/dev/stdout, a pipe)
// is written straight through. Returns "" or the problem, naming the path.
std::string write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace bp
