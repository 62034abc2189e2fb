#pragma once
// Reading a JSON object field by field, with errors that name the file and
// the JSON path, and with unknown fields reported when the object is done.
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/input_error.h"
#include "backpressure/time.h"

namespace bp {

// Short, single-line rendering of a JSON value for error messages.
std::string describe_json(const nlohmann::json& value);
// "scenario", "design" or "command script", by the fields only that format
// has; "" when the document is none of them plainly.
std::string document_kind(const nlohmann::json& doc);
// Refuses a document that is plainly another format than `expected`, saying
// which it is, before its version or fields are judged by the wrong rules.
void check_document_kind(const nlohmann::json& doc, const std::string& expected, const std::string& file);
// Escapes a key for use in a JSON Pointer ("a/b" -> "a~1b").
std::string pointer_escape(const std::string& key);

class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::string file, std::string path);

  [[noreturn]] void fail(const std::string& problem) const;
  [[noreturn]] void fail_at(const std::string& key, const std::string& problem) const;
  std::string path_of(const std::string& key) const { return path_ + "/" + pointer_escape(key); }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

  // Present with a value; null counts as absent (docs/scenario-format.md).
  bool has(const std::string& key) const;
  // Present at all, null included: for the places where null is an error.
  bool present(const std::string& key) const { return object_.contains(key); }
  // Marks the field as known and returns it (null json if absent).
  const nlohmann::json& field(const std::string& key);
  const nlohmann::json& required(const std::string& key);

  std::string string(const std::string& key, const std::string& fallback);
  std::string required_string(const std::string& key);
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  double number(const std::string& key, double fallback, double min, double max);
  bool flag(const std::string& key, bool fallback);
  SimTime duration(const std::string& key, SimTime fallback, SimTime min, SimTime max);

  // Reports the first field that was never asked for.
  void finish() const;

 private:
  const nlohmann::json& object_;
  std::string file_, path_;
  std::set<std::string> known_;
};

// Value checks shared by the loader and the catalogue.
std::int64_t expect_integer(const nlohmann::json& v, std::int64_t min, std::int64_t max,
                            const std::string& file, const std::string& path);
double expect_number(const nlohmann::json& v, double min, double max, const std::string& file,
                     const std::string& path);
SimTime expect_duration(const nlohmann::json& v, SimTime min, SimTime max, const std::string& file,
                        const std::string& path);
std::string format_duration(SimTime t);

}  // namespace bp
