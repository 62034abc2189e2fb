#pragma once
// The one error type for bad input: it always names the file, the JSON path
// (a JSON Pointer, "" for the whole document) and what is wrong.
#include <stdexcept>
#include <string>

namespace bp {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string path, std::string problem)
      : std::runtime_error(format(file, path, problem)),
        file_(std::move(file)), path_(std::move(path)), problem_(std::move(problem)) {}

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  static std::string format(const std::string& file, const std::string& path, const std::string& problem) {
    return file + ": " + (path.empty() ? std::string("/") : path) + ": " + problem;
  }
  std::string file_, path_, problem_;
};

}  // namespace bp
