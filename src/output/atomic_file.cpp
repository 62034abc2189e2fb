#include "output/atomic_file.h"

#include <fstream>
#include <system_error>

#include <unistd.h>

namespace bp {

namespace fs = std::filesystem;

std::string write_file_atomically(const fs::path& path, const std::string& content) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
    std::ofstream through(path, std::ios::binary);
    return through << content && through.flush() ? "" : path.string() + ": cannot write";
  }
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) return path.parent_path().string() + ": " + ec.message();
  }
  // The process id keeps two programs saving the same file from sharing a
  // temporary.
  const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return tmp.string() + ": cannot open for writing";
    out << content;
    out.flush();
    if (!out) {
      out.close();
      fs::remove(tmp, ec);
      return tmp.string() + ": write failed";
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return path.string() + ": " + ec.message();
  }
  return "";
}

}  // namespace bp
