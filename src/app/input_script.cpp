#include "input_script.h"

#include <cctype>
#include <fstream>
#include <sstream>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <fmt/format.h>

#include <backpressure/input_error.h>
#include <backpressure/scenario_loader.h>

#include "scenario/json_reader.h"

namespace app {

namespace {

// Frames a target may take to appear before the step fails: two seconds of
// the fixed 60 Hz clock covers a screen change and a panel's first layout.
constexpr int kDefaultTargetTimeout = 120;
// A condition usually waits on the simulation: ten seconds of frames.
constexpr int kDefaultConditionTimeout = 600;

using nlohmann::json;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const std::string& expect_string(const json& v, const std::string& file, const std::string& path) {
  if (!v.is_string() || v.get_ref<const std::string&>().empty())
    throw bp::InputError(file, path, "expected a non-empty string, got " + bp::describe_json(v));
  return v.get_ref<const std::string&>();
}

Condition read_condition(const json& v, const std::string& file, const std::string& path) {
  Condition c;
  c.text = v.dump();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.rfind("screen:", 0) == 0) {
      c.kind = Condition::Kind::Screen;
      c.name = s.substr(7);
      if (c.name != "picker" && c.name != "briefing" && c.name != "play" && c.name != "debrief")
        throw bp::InputError(file, path, "unknown screen \"" + c.name + "\"; expected picker, briefing, play or debrief");
      return c;
    }
    if (s == "finished" || s == "paused") {
      c.kind = s == "paused" ? Condition::Kind::Paused : Condition::Kind::Finished;
      return c;
    }
    throw bp::InputError(file, path,
                         "expected \"screen:NAME\", \"paused\", \"finished\" or an object condition, got " + bp::describe_json(v));
  }
  if (!v.is_object() || v.empty())
    throw bp::InputError(file, path, "expected a condition (a string or an object), got " + bp::describe_json(v));
  auto only = [&](std::initializer_list<const char*> allowed) {
    for (const auto& [key, value] : v.items()) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || key == a;
      if (!ok) throw bp::InputError(file, path + "/" + bp::pointer_escape(key), "unknown field in this condition");
    }
  };
  if (v.contains("sim_time_at_least")) {
    only({"sim_time_at_least"});
    c.kind = Condition::Kind::SimTime;
    c.at_least = bp::expect_duration(v["sim_time_at_least"], 0, 1000 * bp::kDay, file, path + "/sim_time_at_least");
  } else if (v.contains("metric")) {
    only({"metric", "above", "below"});
    c.kind = Condition::Kind::Metric;
    c.name = expect_string(v["metric"], file, path + "/metric");
    if (c.name.find('/') == std::string::npos)
      throw bp::InputError(file, path + "/metric", "expected \"component/series\", got \"" + c.name + "\"");
    if (!v.contains("above") && !v.contains("below"))
      throw bp::InputError(file, path, "a metric condition needs \"above\" or \"below\"");
    if (v.contains("above")) c.above = bp::expect_number(v["above"], -1e300, 1e300, file, path + "/above");
    if (v.contains("below")) c.below = bp::expect_number(v["below"], -1e300, 1e300, file, path + "/below");
  } else if (v.contains("setting")) {
    only({"setting", "equals"});
    c.kind = Condition::Kind::Setting;
    c.name = expect_string(v["setting"], file, path + "/setting");
    if (c.name.find('/') == std::string::npos)
      throw bp::InputError(file, path + "/setting", "expected \"component/key\", got \"" + c.name + "\"");
    if (!v.contains("equals")) throw bp::InputError(file, path, "a setting condition needs \"equals\"");
    c.equals = v["equals"];
  } else if (v.contains("anchor")) {
    only({"anchor"});
    c.kind = Condition::Kind::Anchor;
    c.name = expect_string(v["anchor"], file, path + "/anchor");
  } else if (v.contains("notice_contains")) {
    only({"notice_contains"});
    c.kind = Condition::Kind::Notice;
    c.name = expect_string(v["notice_contains"], file, path + "/notice_contains");
  } else {
    throw bp::InputError(file, path,
                         "unknown condition; expected one of sim_time_at_least, metric, setting, anchor, notice_contains");
  }
  return c;
}

Step read_step(const json& v, const std::string& file, const std::string& path) {
  if (!v.is_object()) throw bp::InputError(file, path, "expected a step object, got " + bp::describe_json(v));
  static const char* const actions[] = {"move", "click", "right_click", "drag", "key", "type",
                                        "wait_frames", "wait_until", "check", "screenshot"};
  static const char* const options[] = {"timeout_frames", "note"};
  std::string action;
  for (const auto& [key, value] : v.items()) {
    bool is_action = false, is_option = false;
    for (const char* a : actions) is_action = is_action || key == a;
    for (const char* o : options) is_option = is_option || key == o;
    if (is_action) {
      if (!action.empty())
        throw bp::InputError(file, path, "a step does one thing; it has both \"" + action + "\" and \"" + key + "\"");
      action = key;
    } else if (!is_option) {
      throw bp::InputError(file, path + "/" + bp::pointer_escape(key),
                           "unknown field; a step is one of move, click, right_click, drag, key, type, wait_frames, "
                           "wait_until, check, screenshot (with optional timeout_frames and note)");
    }
  }
  if (action.empty())
    throw bp::InputError(file, path,
                         "a step needs one of move, click, right_click, drag, key, type, wait_frames, wait_until, check, screenshot");
  const std::string at = path + "/" + action;
  const json& a = v[action];
  Step s;
  s.what = fmt::format("{{\"{}\": {}}}", action, a.dump());
  s.path = path;
  s.timeout_frames = kDefaultTargetTimeout;
  if (action == "move" || action == "click" || action == "right_click") {
    s.kind = action == "move" ? Step::Kind::Move : Step::Kind::Click;
    s.button = action == "right_click" ? 1 : 0;
    s.target = expect_string(a, file, at);
  } else if (action == "drag") {
    if (!a.is_object() || !a.contains("from") || !a.contains("to") || a.size() != 2)
      throw bp::InputError(file, at, "expected {\"from\": ANCHOR, \"to\": ANCHOR}, got " + bp::describe_json(a));
    s.kind = Step::Kind::Drag;
    s.target = expect_string(a["from"], file, at + "/from");
    s.to = expect_string(a["to"], file, at + "/to");
  } else if (action == "key") {
    s.kind = Step::Kind::Key;
    const KeyChord k = parse_key(expect_string(a, file, at));
    if (k.key < 0)
      throw bp::InputError(file, at,
                           "unknown key \"" + a.get<std::string>() +
                               "\"; expected a letter, a digit, space, enter, escape, tab, backspace, delete, "
                               "left, right, up, down, home, end, grave, f1-f12, optionally after ctrl+, shift+ or alt+");
    s.key = k.key;
    s.ctrl = k.ctrl;
    s.shift = k.shift;
    s.alt = k.alt;
  } else if (action == "type") {
    s.kind = Step::Kind::Type;
    s.text = expect_string(a, file, at);
  } else if (action == "wait_frames") {
    s.kind = Step::Kind::WaitFrames;
    s.frames = static_cast<int>(bp::expect_integer(a, 1, 1000000, file, at));
  } else if (action == "wait_until" || action == "check") {
    s.kind = action == "check" ? Step::Kind::Check : Step::Kind::WaitUntil;
    s.condition = read_condition(a, file, at);
    s.timeout_frames = kDefaultConditionTimeout;
  } else if (action == "screenshot") {
    s.kind = Step::Kind::Screenshot;
    s.text = expect_string(a, file, at);
    if (s.text.size() < 5 || lower(s.text.substr(s.text.size() - 4)) != ".png")
      throw bp::InputError(file, at, "expected a file name ending in .png, got \"" + s.text + "\"");
  }
  if (v.contains("timeout_frames"))
    s.timeout_frames = static_cast<int>(bp::expect_integer(v["timeout_frames"], 1, 10000000, file, path + "/timeout_frames"));
  if (v.contains("note") && !v["note"].is_string())
    throw bp::InputError(file, path + "/note", "expected a string, got " + bp::describe_json(v["note"]));
  return s;
}

}  // namespace

KeyChord parse_key(const std::string& name) {
  KeyChord k;
  std::string rest = lower(name);
  for (bool more = true; more;) {
    more = false;
    for (const auto& [prefix, flag] : {std::pair<const char*, bool*>{"ctrl+", &k.ctrl}, {"shift+", &k.shift}, {"alt+", &k.alt}})
      if (rest.rfind(prefix, 0) == 0 && rest.size() > std::char_traits<char>::length(prefix)) {
        *flag = true;
        rest = rest.substr(std::char_traits<char>::length(prefix));
        more = true;
      }
  }
  if (rest.size() == 1 && rest[0] >= 'a' && rest[0] <= 'z') k.key = GLFW_KEY_A + (rest[0] - 'a');
  else if (rest.size() == 1 && rest[0] >= '0' && rest[0] <= '9') k.key = GLFW_KEY_0 + (rest[0] - '0');
  else if (rest.size() >= 2 && rest[0] == 'f' && std::isdigit(static_cast<unsigned char>(rest[1]))) {
    const int n = std::atoi(rest.c_str() + 1);
    if (n >= 1 && n <= 12 && rest == "f" + std::to_string(n)) k.key = GLFW_KEY_F1 + n - 1;
  } else {
    static const std::pair<const char*, int> named[] = {
        {"space", GLFW_KEY_SPACE},   {"enter", GLFW_KEY_ENTER}, {"escape", GLFW_KEY_ESCAPE},
        {"tab", GLFW_KEY_TAB},       {"backspace", GLFW_KEY_BACKSPACE}, {"delete", GLFW_KEY_DELETE},
        {"left", GLFW_KEY_LEFT},     {"right", GLFW_KEY_RIGHT}, {"up", GLFW_KEY_UP},
        {"down", GLFW_KEY_DOWN},     {"grave", GLFW_KEY_GRAVE_ACCENT}, {"home", GLFW_KEY_HOME},
        {"end", GLFW_KEY_END}};
    for (const auto& [n, code] : named)
      if (rest == n) k.key = code;
  }
  return k;
}

InputScript load_input_script(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw bp::InputError(path, "", "cannot open the input script");
  std::stringstream text;
  text << in.rdbuf();
  json doc;
  try {
    doc = json::parse(text.str());
  } catch (const json::parse_error& e) {
    throw bp::InputError(path, "", std::string("not valid JSON: ") + e.what());
  }
  // A bare list of steps, or {"steps": [...]} with room for a note.
  std::string base;
  if (doc.is_object()) {
    for (const auto& [key, value] : doc.items())
      if (key != "steps" && key != "note")
        throw bp::InputError(path, "/" + bp::pointer_escape(key), "unknown field; an input script has \"steps\" (and an optional \"note\")");
    if (!doc.contains("steps")) throw bp::InputError(path, "", "expected \"steps\": a list of steps");
    doc = doc["steps"];
    base = "/steps";
  }
  if (!doc.is_array() || doc.empty())
    throw bp::InputError(path, base, "expected a non-empty list of steps, got " + bp::describe_json(doc));
  InputScript script;
  script.file = path;
  for (std::size_t i = 0; i < doc.size(); ++i) script.steps.push_back(read_step(doc[i], path, base + "/" + std::to_string(i)));
  return script;
}

}  // namespace app
