#include "scenario/scenario_metadata.h"

#include <algorithm>

#include <fmt/format.h>

#include "backpressure/json_input.h"

namespace bp {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void require_version(ObjectReader& top, std::int64_t version, const std::string& key) {
  if (version < 2 && top.has(key))
    top.fail_at(key, fmt::format("\"{}\" needs \"format_version\": 2 (this file declares {})", key, version));
}

std::vector<std::string> read_text_list(ObjectReader& top, const std::string& key, const std::string& file) {
  std::vector<std::string> out;
  const auto& v = top.field(key);
  if (v.is_null()) return out;
  if (!v.is_array()) top.fail_at(key, "expected a list of sentences, got " + describe_json(v));
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string path = fmt::format("/{}/{}", key, i);
    if (!v[i].is_string() || v[i].get<std::string>().empty())
      throw InputError(file, path, "expected a non-empty string, got " + describe_json(v[i]));
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

}  // namespace

const std::vector<std::string>& difficulty_levels() {
  static const std::vector<std::string> levels = {"introductory", "intermediate", "advanced"};
  return levels;
}

bool Scenario::allows(const std::string& type) const {
  return allowed_components.empty() ||
         std::find(allowed_components.begin(), allowed_components.end(), type) != allowed_components.end();
}

void read_scenario_metadata(ObjectReader& top, std::int64_t version, Scenario& s, const Catalogue& catalogue) {
  for (const char* key : {"pitch", "briefing", "difficulty", "hints", "interview_questions"}) require_version(top, version, key);
  s.pitch = top.string("pitch", "");
  // The pitch is a single line in lists and on the picker.
  if (s.pitch.find('\n') != std::string::npos) top.fail_at("pitch", "must be one line (no line breaks)");
  s.briefing = top.string("briefing", "");
  s.difficulty = top.string("difficulty", "");
  const auto& levels = difficulty_levels();
  if (!s.difficulty.empty() && std::find(levels.begin(), levels.end(), s.difficulty) == levels.end())
    top.fail_at("difficulty", fmt::format("expected one of {}, got {}", join(levels), quote_text(s.difficulty)));
  s.hints = read_text_list(top, "hints", s.file);
  s.interview_questions = read_text_list(top, "interview_questions", s.file);
  require_version(top, version, "allowed_components");
  const auto& allowed = top.field("allowed_components");
  if (!allowed.is_null()) {
    if (!allowed.is_array() || allowed.empty())
      top.fail_at("allowed_components",
                  "expected a non-empty list of component types such as [\"server\", \"queue\"], got " +
                      describe_json(allowed));
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      const std::string path = fmt::format("/allowed_components/{}", i);
      if (!allowed[i].is_string()) throw InputError(s.file, path, "expected a component type, got " + describe_json(allowed[i]));
      const std::string type = allowed[i].get<std::string>();
      if (!catalogue.find(type))
        throw InputError(s.file, path, fmt::format("unknown component type {} (known: {})", quote_text(type), catalogue.type_names()));
      if (s.allows(type) && !s.allowed_components.empty())
        throw InputError(s.file, path, quote_text(type) + " is listed twice");
      s.allowed_components.push_back(type);
    }
  }
}

void check_allowed_components(const Scenario& s) {
  for (const auto& c : s.components)
    if (!s.allows(c.type))
      throw InputError(s.file, c.json_path + "/type",
                       fmt::format("this scenario does not offer a {} (it allows: {})", c.type, join(s.allowed_components)));
}

}  // namespace bp
