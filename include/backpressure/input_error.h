#pragma once
// The one error type for bad input: it always names the file, the JSON path
// (a JSON Pointer, "" for the whole document) and what is wrong.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bp {

// Text from a file as it may be printed: control characters (C0, DEL and
// C1, which terminals act on) become JSON-style escapes, a '"' and a '\'
// too when `quotes` is set, and at most `max_bytes` of the input are kept,
// cut at a UTF-8 character boundary with "..." marking the cut.
inline std::string escape_for_message(std::string_view text, std::size_t max_bytes, bool quotes) {
  static const char* const hex = "0123456789abcdef";
  std::string out;
  std::size_t end = text.size();
  if (end > max_bytes) {
    end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  out.reserve(end + 8);
  for (std::size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    unsigned code = 0x100;  // none
    if (c < 0x20 || c == 0x7f) code = c;
    else if (c == 0xC2 && i + 1 < end && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
             static_cast<unsigned char>(text[i + 1]) <= 0x9f)
      code = static_cast<unsigned char>(text[++i]);
    if (code == '\n') out += "\\n";
    else if (code == '\t') out += "\\t";
    else if (code == '\r') out += "\\r";
    else if (code != 0x100) (out += "\\u00") += std::string{hex[code >> 4], hex[code & 15]};
    else if (quotes && (c == '"' || c == '\\')) (out += '\\') += static_cast<char>(c);
    else out += static_cast<char>(c);
  }
  if (end < text.size()) out += "...";
  return out;
}

class InputError : public std::runtime_error {
 public:
  // A hostile file can put anything in an id or a key, and messages quote
  // them: each part of the message is bounded and escaped here, so no error
  // line is huge or carries a terminal escape sequence, whoever built it.
  // file() and path() stay as given (callers compare them); problem() is
  // already bounded, as it is often passed on inside another message.
  static constexpr std::size_t kMaxFileChars = 400, kMaxPathChars = 300, kMaxProblemChars = 1000;

  InputError(std::string file, std::string path, std::string problem)
      : std::runtime_error(format(file, path, problem)),
        file_(std::move(file)), path_(std::move(path)),
        problem_(escape_for_message(problem, kMaxProblemChars, false)) {}

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  static std::string format(const std::string& file, const std::string& path, const std::string& problem) {
    return escape_for_message(file, kMaxFileChars, false) + ": " +
           (path.empty() ? std::string("/") : escape_for_message(path, kMaxPathChars, false)) + ": " +
           escape_for_message(problem, kMaxProblemChars, false);
  }
  std::string file_, path_, problem_;
};

}  // namespace bp
