// Hostile input (docs/reliability.md): every class of bad file found by
// throwing ~1,400 broken inputs at the loaders ends as an InputError naming
// the file and the JSON pointer, with a short escaped quote, never as a
// crash, a raw library exception or a silently different scenario. Big
// inputs are built here, at test time.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "app/store/store.h"
#include "backpressure/command.h"
#include "backpressure/design_loader.h"
#include "backpressure/json_input.h"
#include "loader_support.h"
#include "scenario/json_reader.h"

using namespace loader_test;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("bp-hostile-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// The base scenario's text with one top-level field's value replaced by raw
// text, which may not be JSON the library would ever write itself.
std::string base_with_raw(const std::string& key, const std::string& raw_value) {
  json doc = base_doc();
  doc[key] = "@@";
  std::string text = doc.dump();
  const auto at = text.find("\"@@\"");
  return text.replace(at, 4, raw_value);
}

Caught parse_error_of(const std::string& text, const std::string& file = kFile) {
  try {
    bp::parse_json_text(text, file);
  } catch (const bp::InputError& e) {
    return caught_from(e);
  }
  return {};
}

bool has_control_bytes(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

}  // namespace

TEST_CASE("JSON nested 100,000 deep is refused where the limit is passed, in every loader", "[hostile]") {
  TempDir dir;
  const std::string deep = nested(100000);

  const auto scenario = file_error(dir.write("deep.json", base_with_raw("title", deep)));
  REQUIRE(scenario.thrown);
  CHECK(scenario.path.rfind("/title/0/0/", 0) == 0);
  CHECK_THAT(scenario.problem, Contains("nested more than 64 deep"));

  const std::string design_file = dir.write("design.json", R"({"scenario": "base", "components": )" + deep + "}");
  try {
    bp::load_design_file(design_file);
    FAIL("a deep design loaded");
  } catch (const bp::InputError& e) {
    CHECK(e.file() == design_file);
    CHECK(e.path().rfind("/components/0/0", 0) == 0);
  }

  const bp::Scenario s = bp::load_scenario(base_doc(), kFile);
  const std::string script = dir.write("script.json", R"({"commands": [{"step": 1, "type": "set", "target": "web", "key": "instances", "value": )" +
                                                          deep + "}]}");
  try {
    bp::load_command_script(script, s);
    FAIL("a deep command value loaded");
  } catch (const bp::InputError& e) {
    CHECK(e.file() == script);
    CHECK(e.path().rfind("/commands/0/value/0/0", 0) == 0);
  }

  // --set values pass the same parser: a deep value is refused, not taken as
  // a plain string (which is what text that is not JSON becomes).
  try {
    bp::parse_override("/title=" + nested(5000));
    FAIL("a deep --set value was accepted");
  } catch (const bp::InputError& e) {
    CHECK_THAT(e.problem(), Contains("nested more than 64 deep"));
  }
  CHECK(bp::parse_override("/title=3 seconds").value == "3 seconds");
  CHECK(bp::parse_override("/title=" + nested(60)).value.is_array());
}

TEST_CASE("describe_json quotes a short prefix of any value without recursing", "[hostile]") {
  // Built by hand (the parser would refuse it): 100,000 lists in each other.
  json deep = json::array();
  json* inner = &deep;
  for (int i = 0; i < 100000; ++i) {
    inner->push_back(json::array());
    inner = &inner->back();
  }
  const std::string d = bp::describe_json(deep);
  CHECK(d.rfind("a list [[[[", 0) == 0);
  CHECK(d.size() < 80);

  const json huge = std::string(50'000'000, 'x');
  CHECK(bp::describe_json(huge).size() < 80);

  const json escapes = json::object({{"title", "\x1b[2J\x1b]0;owned\x07"}});
  const std::string e = bp::describe_json(escapes);
  CHECK_FALSE(has_control_bytes(e));
  CHECK_THAT(e, Contains("\\u001b[2J"));

  // Short values read as the library's own dump, as the messages always did.
  CHECK(bp::describe_json(json::parse(R"([1, "a", {"b": 2.5}])")) == R"(a list [1,"a",{"b":2.5}])");
}

TEST_CASE("Ids and keys from a file reach a message short and escaped", "[hostile]") {
  json doc = base_doc();
  doc["id"] = "\x1b[31m" + std::string(5'000'000, 'y');
  const auto e = load_error(doc);
  REQUIRE(e.thrown);
  CHECK(e.path == "/id");
  CHECK(e.what.size() < 300);
  CHECK_FALSE(has_control_bytes(e.what));
  CHECK_THAT(e.what, Contains("\\u001b[31myyy"));

  doc = base_doc();
  doc["traffic"]["\xc2\x9b" "2J" + std::string(100000, 'k')] = 1;  // C1 CSI: a terminal escape too
  const auto u = load_error(doc);
  REQUIRE(u.thrown);
  CHECK(u.what.size() < 1500);
  CHECK_THAT(u.what, Contains("\\u009b2J"));
  CHECK(u.what.find("\xc2\x9b") == std::string::npos);
}

TEST_CASE("Numbers beyond a double's range are refused with their place", "[hostile]") {
  for (const std::string& number : {std::string("1e400"), std::string("-1e400"), std::string(400, '9')}) {
    const auto e = parse_error_of(base_with_raw("seed", number));
    REQUIRE(e.thrown);
    CHECK(e.path == "/seed");
    CHECK_THAT(e.problem, Contains("out of range"));
    CHECK(e.problem.size() < 200);
  }
  // In range but past what a field takes: the field's own check answers.
  const auto big = load_error(json::parse(base_with_raw("seed", std::string(300, '9'))));
  REQUIRE(big.thrown);
  CHECK(big.path == "/seed");
  CHECK_THAT(big.problem, Contains("expected a whole number"));
}

TEST_CASE("A key given twice in one object is refused, wherever it is", "[hostile]") {
  const auto top = parse_error_of(R"({"seed": 1, "title": "a", "seed": 2})");
  REQUIRE(top.thrown);
  CHECK(top.path == "/seed");
  CHECK_THAT(top.problem, Contains("appears twice"));

  const auto inner = parse_error_of(R"({"components": [{"id": "a"}, {"id": "b", "instances": 1, "instances": 4}]})");
  REQUIRE(inner.thrown);
  CHECK(inner.path == "/components/1/instances");

  // Keys that only look alike are different keys.
  CHECK_NOTHROW(bp::parse_json_text(R"({"a/b": 1, "a~1b": 2, "A": 3, "a": 4})", kFile));
}

TEST_CASE("Files past the size limit are refused before they are parsed, devices too", "[hostile]") {
  TempDir dir;
  const std::string big = dir.write("big.json", std::string(bp::kMaxInputBytes, ' ') + "[]");
  const auto e = file_error(big);
  REQUIRE(e.thrown);
  CHECK(e.path.empty());
  CHECK_THAT(e.problem, Contains("limited to 8 MiB"));

  if (fs::exists("/dev/zero")) {
    const auto z = file_error("/dev/zero");
    REQUIRE(z.thrown);
    CHECK(z.file == "/dev/zero");
    CHECK_THAT(z.problem, Contains("larger than 8 MiB"));
  }
  // Just under the limit still reads.
  const std::string fits = dir.write("fits.json", std::string(bp::kMaxInputBytes - 2, ' ') + "[]");
  CHECK(bp::read_json_file(fits).is_array());
}

TEST_CASE("A --set list index the library cannot hold is a pointer error", "[hostile]") {
  TempDir dir;
  const std::string file = dir.write("s.json", base_doc().dump());
  for (const char* pointer : {"/components/99999999999999999999999/instances", "/components/18446744073709551616",
                                    "/traffic/users/01/users"}) {
    const auto e = file_error(file, {bp::parse_override(std::string(pointer) + "=3")});
    REQUIRE(e.thrown);
    CHECK(e.file == file);
    CHECK(e.path == pointer);
    CHECK_THAT(e.problem, Contains("--set"));
  }
}

TEST_CASE("null where a value decides something is refused, not a default", "[hostile]") {
  const auto read = load_error(with(base_doc(), "/traffic/actions/0/calls/0", json::parse(R"({"read": null})")));
  REQUIRE(read.thrown);
  CHECK(read.path == "/traffic/actions/0/calls/0");
  CHECK_THAT(read.problem, Contains("a call is one of"));

  json doc = base_doc();
  doc["alerts"] = json::parse(R"([{"id": "slow", "metric": "run/p95", "above": null}])");
  const auto alert = load_error(doc);
  REQUIRE(alert.thrown);
  CHECK(alert.path == "/alerts/0");
  CHECK_THAT(alert.problem, Contains("exactly one of \"above\" or \"below\""));

  const auto id = load_error(with(base_doc(), "/id", nullptr));
  REQUIRE(id.thrown);
  CHECK(id.path == "/id");
  CHECK_THAT(id.problem, Contains("expected a string, got null"));

  // Optional fields keep the documented rule: null is the same as absent.
  CHECK_NOTHROW(bp::load_scenario(with(base_doc(), "/summary", nullptr), kFile));
}

TEST_CASE("A file of the wrong kind says what it is", "[hostile]") {
  try {
    bp::parse_design(base_doc(), "s.json");
    FAIL("a scenario was read as a design");
  } catch (const bp::InputError& e) {
    CHECK(e.path().empty());
    CHECK_THAT(e.problem(), Contains("this is a scenario file, not a design"));
  }
  const auto design = load_error(json::parse(R"({"format_version": 9, "scenario": "base", "components": []})"));
  REQUIRE(design.thrown);
  CHECK_THAT(design.problem, Contains("this is a design file, not a scenario"));
  const auto script = load_error(json::parse(R"({"commands": []})"));
  REQUIRE(script.thrown);
  CHECK_THAT(script.problem, Contains("this is a command script file, not a scenario"));
}

TEST_CASE("Traffic that no run could work through is refused by the loader", "[hostile]") {
  json doc = base_doc();
  doc["traffic"]["users"] = json::parse(R"([{"at": "0s", "users": 10000000}])");
  doc["traffic"]["actions_per_user_per_minute"] = 10000;
  const auto e = load_error(doc);
  REQUIRE(e.thrown);
  CHECK(e.path == "/traffic/actions_per_user_per_minute");
  CHECK_THAT(e.problem, Contains("1.67e+09 arrivals a second") && Contains("at most 100000"));
  doc["traffic"]["actions_per_user_per_minute"] = 0.6;  // 100,000 a second: the most allowed
  CHECK_NOTHROW(bp::load_scenario(doc, kFile));

  // A spike multiplies the peak: ten times 20 users at 6 a minute is fine,
  // 1,000 times 100,000 a second is not.
  doc = base_doc();
  doc["incidents"] = json::parse(R"([{"id": "rush", "kind": "traffic_spike", "at": "2s", "duration": "1s", "factor": 10}])");
  CHECK_NOTHROW(bp::load_scenario(doc, kFile));
  doc["traffic"]["users"] = json::parse(R"([{"at": "0s", "users": 1000000}])");
  doc["incidents"][0]["factor"] = 1000;
  const auto spike = load_error(doc);
  REQUIRE(spike.thrown);
  CHECK(spike.path == "/incidents/0/factor");
  CHECK_THAT(spike.problem, Contains("at most 100000"));
}

TEST_CASE("The users curve is read in logarithmic time and the same as before", "[hostile]") {
  bp::TrafficSpec t;
  std::mt19937_64 rng(7);
  bp::SimTime at = 0;
  for (int i = 0; i < 200; ++i) {
    at += static_cast<bp::SimTime>(rng() % 3) * bp::kSecond;  // equal times: a step in the curve
    t.users.push_back({at, static_cast<double>(rng() % 1000)});
  }
  // The definition, read front to back.
  auto linear = [&](bp::SimTime x) {
    if (x <= t.users.front().at) return t.users.front().users;
    for (std::size_t i = 1; i < t.users.size(); ++i)
      if (x < t.users[i].at) {
        const auto& a = t.users[i - 1];
        const auto& b = t.users[i];
        return a.users + static_cast<double>(x - a.at) / static_cast<double>(b.at - a.at) * (b.users - a.users);
      }
    return t.users.back().users;
  };
  for (bp::SimTime x = -bp::kSecond; x <= at + bp::kSecond; x += 100 * bp::kMillisecond)
    REQUIRE(t.users_at(x) == linear(x));

  // 100,000 keyframes over a day, read at 200,000 times: each step reads the
  // curve, so a long run does this. A front-to-back reading took ~10 s here.
  bp::TrafficSpec many;
  for (int i = 0; i < 100000; ++i) many.users.push_back({i * 864 * bp::kMillisecond, 10.0 + i % 7});
  const auto start = std::chrono::steady_clock::now();
  double sum = 0;
  for (int i = 0; i < 200000; ++i) sum += many.users_at(static_cast<bp::SimTime>(i) * 432 * bp::kMillisecond);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(sum > 0);
  CHECK(seconds < 2);

  // And a run with such a list loads and finishes.
  json doc = base_doc();
  doc["duration"] = "1h";
  json users = json::array();
  for (int i = 0; i < 100000; ++i) users.push_back({{"at", fmt::format("{}ms", i * 36)}, {"users", 10 + i % 7}});
  doc["traffic"]["users"] = users;
  bp::Simulator sim(bp::load_scenario(doc, kFile));
  sim.run_to_end();
  CHECK(sim.measurements().contains("requests"));
}

TEST_CASE("The game's files go through the same limits and say where", "[hostile][store]") {
  TempDir dir;
  const app::StorePaths paths{dir.path / "config", dir.path / "data"};
  fs::create_directories(paths.config);
  std::ofstream(paths.config / "settings.json") << R"({"speed": 10, "speed": 3000})";
  app::Store store(paths);
  store.load();
  REQUIRE(store.notices().size() == 1);
  CHECK_THAT(store.notices()[0], Contains("/speed") && Contains("appears twice"));
  CHECK(fs::exists(paths.config / "settings.json.corrupt"));

  const std::string run = dir.write("run.json", R"({"scenario": "s.json", "seed": -1, "command_log": {"commands": []}})");
  try {
    app::Store::load_run(run);
    FAIL("a negative seed was read");
  } catch (const bp::InputError& e) {
    CHECK(e.path() == "/seed");
  }
  const std::string typed = dir.write("typed_run.json", R"({"scenario": 5, "seed": 1, "command_log": {}})");
  try {
    app::Store::load_run(typed);
    FAIL("a numeric scenario path was read");
  } catch (const bp::InputError& e) {
    CHECK(e.path() == "/scenario");
    CHECK_THAT(e.what(), !Contains("json.exception"));
  }
  const std::string deep = dir.write("deep_run.json", R"({"scenario": "s.json", "seed": 1, "command_log": )" + nested(100000) + "}");
  CHECK_THROWS_AS(app::Store::load_run(deep), bp::InputError);

  dir.write("data/designs/deep.json", R"({"scenario": "base", "components": )" + nested(100000) + "}");
  const auto listed = store.list_designs("base");
  REQUIRE(listed.size() == 1);
  CHECK_THAT(listed[0].error, Contains("deep.json: /components/0/0") && Contains("nested more than 64 deep"));
}
