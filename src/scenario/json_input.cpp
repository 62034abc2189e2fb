#include "backpressure/json_input.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "backpressure/input_error.h"
#include "scenario/json_reader.h"

namespace bp {

namespace {

using json = nlohmann::json;

// Builds the document from the parser's events, like the library's own DOM
// builder, but knows at every moment the JSON pointer of the value being
// read, so it can stop at the first value past a limit and say where it is.
// Its stack is the document's nesting, so it never recurses.
class BoundedBuilder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  BoundedBuilder(json& root, const std::string& file) : root_(root), file_(file) {}

  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(number_integer_t v) { return add(v); }
  bool number_unsigned(number_unsigned_t v) { return add(v); }
  bool number_float(number_float_t v, const string_t&) { return add(v); }
  bool string(string_t& v) { return add(std::move(v)); }
  bool binary(binary_t& v) { return add(std::move(v)); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    json& object = *stack_.back();
    if (object.contains(k))
      return refuse(pointer_of(k), "the key " + quote_text(k) +
                                       " appears twice in this object (a reader would silently keep one; say which)");
    key_ = std::move(k);
    return true;
  }

  bool parse_error(std::size_t byte, const std::string& token, const json::exception& ex) {
    if (error_) return false;  // a refusal stops the parser, which reports it again
    if (ex.id == 406) {
      // The lexer read a number whose value is beyond a double's range.
      return refuse(pointer_of_next(), "the number " + quote_text(token, 40) +
                                           " is out of range (numbers here must stay within ±1.8e308)");
    }
    error_byte_ = byte == 0 ? 1 : byte;
    return false;
  }

  // The refusal, when a limit was hit (thrown by the caller once the parser
  // has unwound, so nothing half-built escapes).
  const std::optional<InputError>& error() const { return error_; }
  std::size_t error_byte() const { return error_byte_; }

 private:
  bool refuse(const std::string& pointer, const std::string& problem) {
    error_.emplace(file_, pointer, problem);
    return false;
  }

  // Where the next value goes: the root, the end of a list or the last key.
  json* place(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool add(json&& value) {
    place(std::move(value));
    return true;
  }

  bool open(json&& container) {
    if (static_cast<int>(stack_.size()) >= kMaxJsonDepth)
      return refuse(pointer_of_next(), fmt::format("objects and lists are nested more than {} deep here (the limit)",
                                                   kMaxJsonDepth));
    tokens_.push_back(stack_.empty() ? std::string() : next_token());
    stack_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    stack_.pop_back();
    tokens_.pop_back();
    return true;
  }

  std::string next_token() const {
    const json& parent = *stack_.back();
    return parent.is_array() ? std::to_string(parent.size()) : pointer_escape(key_);
  }

  std::string pointer_of_open() const {
    std::string out;
    for (std::size_t i = 1; i < tokens_.size(); ++i) out += "/" + tokens_[i];
    return out;
  }

  std::string pointer_of(const std::string& key) const { return pointer_of_open() + "/" + pointer_escape(key); }
  std::string pointer_of_next() const { return stack_.empty() ? "" : pointer_of_open() + "/" + next_token(); }

  json& root_;
  const std::string& file_;
  std::vector<json*> stack_;
  std::vector<std::string> tokens_;  // tokens_[i]: where stack_[i] sits in its parent
  std::string key_;
  std::optional<InputError> error_;
  std::size_t error_byte_ = 0;
};

std::string line_and_column(std::string_view text, std::size_t byte) {
  // The parser's byte is one past where it stopped, counted from 1.
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return fmt::format("line {}, column {}", line, col);
}

std::string limit_text() { return fmt::format("{} MiB", kMaxInputBytes >> 20); }

}  // namespace

std::string quote_text(std::string_view text, std::size_t max_bytes) {
  // Built piecewise: "literal" + std::string trips a GCC 12 -Wrestrict false positive.
  std::string out(1, '"');
  out += escape_for_message(text, max_bytes, true);
  out += '"';
  return out;
}

json parse_json_text(std::string_view text, const std::string& file, bool* not_json) {
  if (text.size() > kMaxInputBytes)
    throw InputError(file, "", fmt::format("is {} bytes; JSON input is limited to {}", text.size(), limit_text()));
  json root;
  BoundedBuilder builder(root, file);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true, false);
  } catch (const json::exception&) {
    ok = false;  // the builder's own refusal, or a lexer error reported as such, is said below
  }
  if (builder.error()) throw *builder.error();
  if (!ok && not_json) {
    *not_json = true;
    return nullptr;
  }
  if (!ok) throw InputError(file, "", "not valid JSON (" + line_and_column(text, builder.error_byte()) + ")");
  if (not_json) *not_json = false;
  return root;
}

std::string read_bounded_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, "", "is a folder, not a JSON file");
  const auto status = fs::status(path, ec);
  if (!ec && fs::is_regular_file(status)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > kMaxInputBytes)
      throw InputError(path, "", fmt::format("is {} bytes; input files are limited to {}", size, limit_text()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open the file");
  // Devices and pipes have no size to check first: read in pieces and stop
  // one byte past the limit (reading /dev/zero ends here, not in bad_alloc).
  std::string text;
  char chunk[65536];
  while (in) {
    in.read(chunk, sizeof chunk);
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxInputBytes)
      throw InputError(path, "", fmt::format("is larger than {}, the limit for input files", limit_text()));
  }
  if (in.bad()) throw InputError(path, "", "cannot read the file");
  return text;
}

json read_json_file(const std::string& path) { return parse_json_text(read_bounded_file(path), path); }

}  // namespace bp
