// Scenario loader, catalogue setting validation and JSON reader: every error
// path, plus the positive cases (shipped scenarios, durations, overrides).
//
// Each error test checks three things: the error names the file, it names the
// exact JSON pointer of the bad value, and its problem text says what is wrong.
#include <catch2/catch.hpp>

#include "loader_support.h"

using namespace loader_test;

// ---------------------------------------------------------------- positive

TEST_CASE("the base test document loads with its values and defaults", "[loader]") {
  const bp::Scenario s = bp::load_scenario(base_doc(), kFile);
  CHECK(s.file == kFile);
  CHECK(s.id == "base");
  CHECK(s.seed == 3);
  CHECK(s.duration == 10 * bp::kSecond);
  CHECK(s.step == 100 * bp::kMillisecond);
  REQUIRE(s.traffic.users.size() == 2);
  CHECK(s.traffic.users[1].at == 5 * bp::kSecond);
  CHECK(s.traffic.users[1].users == 20);
  REQUIRE(s.traffic.actions.size() == 2);
  CHECK(s.traffic.actions[1].calls[0].cacheable == false);
  CHECK(s.traffic.actions[1].calls[1].kind == bp::CallSpec::Kind::Write);
  REQUIRE(s.components.size() == 5);
  const bp::ComponentSpec* web = s.find("web");
  REQUIRE(web != nullptr);
  CHECK(web->json_path == "/components/1");
  CHECK(web->settings.integer("instances") == 2);
  // Defaults from the catalogue are filled in.
  const auto* schema = bp::Catalogue::builtin().find("server")->find("slots");
  REQUIRE(schema != nullptr);
  CHECK(web->settings.integer("slots") == schema->default_value.get<std::int64_t>());
}

TEST_CASE("every shipped scenario loads and builds (command scripts and designs excluded)", "[loader]") {
  const std::filesystem::path root = std::filesystem::path(BACKPRESSURE_SOURCE_DIR) / "scenarios";
  REQUIRE(std::filesystem::is_directory(root));
  int count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    // scenarios/scripts/ holds command scripts and scenarios/designs/ design
    // files (different formats, checked in test_scenarios.cpp), not scenarios.
    const auto folder = entry.path().parent_path().filename();
    if (folder == "scripts" || folder == "designs") continue;
    ++count;
    INFO("scenario: " << entry.path().string());
    bp::Scenario s;
    try {
      s = bp::load_scenario_file(entry.path().string());
    } catch (const bp::InputError& e) {
      FAIL("does not load: " << e.what());
    }
    CHECK(s.file == entry.path().string());
    CHECK_FALSE(s.components.empty());
    CHECK_NOTHROW(bp::Simulator(s));
  }
  CHECK(count >= 2);
}

TEST_CASE("the built-in catalogue knows every component type", "[loader]") {
  const auto& cat = bp::Catalogue::builtin();
  for (const char* type : {"lb", "server", "postgres", "replica", "redis"}) {
    INFO(type);
    CHECK(cat.find(type) != nullptr);
  }
  CHECK(cat.find("kafka") == nullptr);
}

TEST_CASE("parse_duration accepts the documented forms", "[loader]") {
  struct Good {
    const char* text;
    bp::SimTime us;
  };
  const Good good[] = {
      {"250ms", 250 * bp::kMillisecond}, {"2s", 2 * bp::kSecond},         {"1.5m", 90 * bp::kSecond},
      {"36h", 36 * bp::kHour},           {"2d", 2 * bp::kDay},            {"800us", 800},
      {"10h30m", 10 * bp::kHour + 30 * bp::kMinute},                      {"0s", 0},
      {"2min", 2 * bp::kMinute},         {"0.5ms", 500},                  {"1h0m0s", bp::kHour},
  };
  for (const auto& g : good) {
    INFO(g.text);
    bp::SimTime t = -1;
    CHECK(bp::parse_duration(g.text, t));
    CHECK(t == g.us);
  }
}

TEST_CASE("parse_duration rejects junk", "[loader]") {
  const char* bad[] = {"",    "2",     "s",    "2 seconds", "2S",     "-1s", "1e3s", "2sec", "1..5s", ".s",
                       "2s ", " 2s",   "abc",  "2ms5",      "5x",     "2h-30m", "1,5s", "ms", "2 s", "+2s"};
  for (const char* text : bad) {
    INFO("\"" << text << "\"");
    bp::SimTime t = 12345;
    CHECK_FALSE(bp::parse_duration(text, t));
  }
  bp::SimTime t = 0;
  // Too large for the clock.
  CHECK_FALSE(bp::parse_duration("999999999999d", t));
}

// ---------------------------------------------------------------- top level

TEST_CASE("loader: the document must be an object", "[loader]") {
  check_error(load_error(json::array()), kFile, "", {"expected an object", "a list []"});
  check_error(load_error(json("hello")), kFile, "", {"expected an object", "\"hello\""});
  check_error(load_error(json(nullptr)), kFile, "", {"expected an object", "null"});
  // The file name given to load_scenario is the one in the message.
  check_error(load_error(json::array(), "file-name"), "file-name", "", {"expected an object"});
}

TEST_CASE("loader: format_version", "[loader]") {
  check_all({
      {"string", with(base_doc(), "/format_version", "1"), "/format_version", {"expected a whole number from 1 to 1000000", "\"1\""}},
      {"zero", with(base_doc(), "/format_version", 0), "/format_version", {"from 1 to 1000000", "got 0"}},
      {"fraction", with(base_doc(), "/format_version", 1.5), "/format_version", {"whole number", "1.5"}},
      {"negative", with(base_doc(), "/format_version", -1), "/format_version", {"got -1"}},
  });
  SECTION("a newer format says that a newer Backpressure is needed") {
    const Caught e = load_error(with(base_doc(), "/format_version", 3));
    check_error(e, kFile, "/format_version", {"newer", "format 3", "up to 2"});
  }
  SECTION("absent or 1 is fine") {
    CHECK_NOTHROW(bp::load_scenario(without(base_doc(), "/format_version"), kFile));
    CHECK_NOTHROW(bp::load_scenario(with(base_doc(), "/format_version", 1.0), kFile));
  }
}

TEST_CASE("loader: scenario id title and summary", "[loader]") {
  check_all({
      {"id missing", without(base_doc(), "/id"), "", {"missing required field \"id\""}},
      {"id not a string", with(base_doc(), "/id", 5), "/id", {"expected a string", "got 5"}},
      {"id empty", with(base_doc(), "/id", ""), "/id", {"must not be empty"}},
      {"id uppercase", with(base_doc(), "/id", "Base"), "/id", {"lowercase", "\"Base\""}},
      {"id with space", with(base_doc(), "/id", "my scenario"), "/id", {"lowercase", "\"my scenario\""}},
      {"id with dot", with(base_doc(), "/id", "a.b"), "/id", {"lowercase", "\"a.b\""}},
      {"title not a string", with(base_doc(), "/title", 3), "/title", {"expected a string", "got 3"}},
      {"summary not a string", with(base_doc(), "/summary", json::array()), "/summary", {"expected a string", "a list []"}},
      {"long values are shortened in messages", with(base_doc(), "/summary", json(std::vector<int>(40, 7))), "/summary",
       {"expected a string, got a list [7,7,7", "..."}},
  });
  CHECK_NOTHROW(bp::load_scenario(with(base_doc(), "/id", std::string(40, 'a')), kFile));
  CHECK_NOTHROW(bp::load_scenario(with(base_doc(), "/id", "a-b_c9"), kFile));
  CHECK(bp::load_scenario(without(base_doc(), "/title"), kFile).title == "base");
}

TEST_CASE("loader: a too long scenario id says the length limit", "[loader]") {
  check_error(load_error(with(base_doc(), "/id", std::string(41, 'a'))), kFile, "/id", {"at most 40"});
}

TEST_CASE("loader: seed", "[loader]") {
  check_all({
      {"negative", with(base_doc(), "/seed", -1), "/seed", {"from 0 to 9007199254740992", "got -1"}},
      {"string", with(base_doc(), "/seed", "7"), "/seed", {"whole number", "\"7\""}},
      {"fraction", with(base_doc(), "/seed", 1.5), "/seed", {"whole number", "1.5"}},
      {"absurd float", with(base_doc(), "/seed", 1e300), "/seed", {"whole number", "1e+300"}},
      {"above 2^53", with(base_doc(), "/seed", (std::int64_t{1} << 53) + 1), "/seed", {"got 9007199254740993"}},
      {"huge unsigned", with(base_doc(), "/seed", std::uint64_t{18446744073709551615ull}), "/seed", {"whole number", "18446744073709551615"}},
      {"bool", with(base_doc(), "/seed", true), "/seed", {"whole number", "true"}},
  });
  CHECK(bp::load_scenario(with(base_doc(), "/seed", std::int64_t{1} << 53), kFile).seed == (std::uint64_t{1} << 53));
  CHECK(bp::load_scenario(with(base_doc(), "/seed", 0), kFile).seed == 0);
}

TEST_CASE("loader: duration and step", "[loader]") {
  check_all({
      {"number", with(base_doc(), "/duration", 2000), "/duration", {"expected a duration such as", "got 2000"}},
      {"words", with(base_doc(), "/duration", "2 seconds"), "/duration", {"expected a duration such as", "\"2 seconds\""}},
      {"empty", with(base_doc(), "/duration", ""), "/duration", {"expected a duration such as"}},
      {"too short", with(base_doc(), "/duration", "0.5s"), "/duration", {"from 1s to 8760h", "got 0.5s"}},
      {"too long", with(base_doc(), "/duration", "400d"), "/duration", {"from 1s to 8760h", "got 400d"}},
      {"absurd", with(base_doc(), "/duration", "999999999999d"), "/duration", {"expected a duration such as"}},
      {"step number", with(base_doc(), "/step", 100), "/step", {"expected a duration such as", "got 100"}},
      {"step too short", with(base_doc(), "/step", "500us"), "/step", {"from 1ms to 1m", "got 500us"}},
      {"step too long", with(base_doc(), "/step", "2m"), "/step", {"from 1ms to 1m", "got 2m"}},
      {"step longer than run", with(with(base_doc(), "/duration", "5s"), "/step", "10s"), "/step",
       {"must not be longer than the run"}},
      {"duration not whole steps", with(with(base_doc(), "/duration", "10s"), "/step", "300ms"), "/duration",
       {"must be a whole number of steps (300ms)", "got 10s"}},
      {"duration not whole steps, 1s", with(base_doc(), "/duration", "1050ms"), "/duration",
       {"whole number of steps (100ms)", "got 1050ms"}},
  });
  // At the limits.
  const json at_limits = with(with(with(base_doc(), "/duration", "5s"), "/step", "5s"), "/traffic/users/1/at", "5s");
  CHECK(bp::load_scenario(at_limits, kFile).step == 5 * bp::kSecond);
}

// Overflowing digits must be a clear error at the field, not an escaped
// std::out_of_range.
TEST_CASE("parse_duration returns false for a number too large for a double", "[loader]") {
  const std::string huge = "1" + std::string(400, '0') + "s";
  bp::SimTime t = 0;
  bool ok = true;
  CHECK_NOTHROW(ok = bp::parse_duration(huge, t));
  CHECK_FALSE(ok);
  Caught e;
  CHECK_NOTHROW(e = load_error(with(base_doc(), "/duration", huge)));
  check_error(e, kFile, "/duration", {"expected a duration such as"});
}

TEST_CASE("loader: top-level required fields and unknown fields", "[loader]") {
  check_all({
      {"traffic missing", without(base_doc(), "/traffic"), "", {"missing required field \"traffic\""}},
      {"traffic not an object", with(base_doc(), "/traffic", json::array()), "/traffic", {"expected an object", "a list []"}},
      {"traffic null", with(base_doc(), "/traffic", nullptr), "/traffic", {"expected an object", "null"}},
      {"components missing", without(base_doc(), "/components"), "", {"missing required field \"components\""}},
      {"components empty", with(base_doc(), "/components", json::array()), "/components",
       {"expected a non-empty list of components", "a list []"}},
      {"components an object", with(base_doc(), "/components", json::object()), "/components",
       {"expected a non-empty list of components", "an object {}"}},
      {"unknown top field", with(base_doc(), "/colour", "red"), "/colour",
       {"unknown field \"colour\"", "known fields here", "components", "traffic"}},
      {"unknown field with a slash", with(base_doc(), "/a~1b", 1), "/a~1b", {"unknown field \"a/b\""}},
      {"unknown field with a tilde", with(base_doc(), "/m~0n", 1), "/m~0n", {"unknown field \"m~n\""}},
      {"misspelt field", with(without(base_doc(), "/seed"), "/sead", 3), "/sead", {"unknown field \"sead\"", "seed"}},
  });
}

// ---------------------------------------------------------------- traffic

TEST_CASE("loader: traffic entry and rate", "[loader]") {
  check_all({
      {"entry missing", without(base_doc(), "/traffic/entry"), "/traffic", {"missing required field \"entry\""}},
      {"entry not a string", with(base_doc(), "/traffic/entry", 3), "/traffic/entry", {"expected a string", "got 3"}},
      {"entry empty", with(base_doc(), "/traffic/entry", ""), "/traffic/entry", {"must not be empty"}},
      {"rate zero", with(base_doc(), "/traffic/actions_per_user_per_minute", 0), "/traffic/actions_per_user_per_minute",
       {"expected a number from 1e-06 to 10000", "got 0"}},
      {"rate absurd", with(base_doc(), "/traffic/actions_per_user_per_minute", 1e300), "/traffic/actions_per_user_per_minute",
       {"from 1e-06 to 10000", "got 1e+300"}},
      {"rate string", with(base_doc(), "/traffic/actions_per_user_per_minute", "fast"), "/traffic/actions_per_user_per_minute",
       {"expected a number", "\"fast\""}},
      {"unknown traffic field", with(base_doc(), "/traffic/burst", 2), "/traffic/burst", {"unknown field \"burst\"", "entry"}},
  });
}

TEST_CASE("loader: user keyframes", "[loader]") {
  check_all({
      {"users missing", without(base_doc(), "/traffic/users"), "/traffic", {"missing required field \"users\""}},
      {"users empty", with(base_doc(), "/traffic/users", json::array()), "/traffic/users", {"non-empty list", "keyframes", "a list []"}},
      {"users object", with(base_doc(), "/traffic/users", json::object()), "/traffic/users", {"non-empty list", "an object {}"}},
      {"users number", with(base_doc(), "/traffic/users", 100), "/traffic/users", {"non-empty list", "got 100"}},
      {"keyframe not object", with(base_doc(), "/traffic/users/0", 5), "/traffic/users/0", {"expected an object", "got 5"}},
      {"keyframe without at", without(base_doc(), "/traffic/users/1/at"), "/traffic/users/1", {"missing required field \"at\""}},
      {"keyframe without users", without(base_doc(), "/traffic/users/1/users"), "/traffic/users/1",
       {"missing required field \"users\""}},
      {"at a number", with(base_doc(), "/traffic/users/1/at", 5000), "/traffic/users/1/at", {"expected a duration such as", "got 5000"}},
      {"at in words", with(base_doc(), "/traffic/users/1/at", "5 seconds"), "/traffic/users/1/at", {"expected a duration such as"}},
      {"at beyond a year", with(base_doc(), "/traffic/users/1/at", "400d"), "/traffic/users/1/at", {"expected a duration from 0ms to", "got 400d"}},
      {"negative users", with(base_doc(), "/traffic/users/0/users", -1), "/traffic/users/0/users",
       {"expected a number from 0 to 1e+07", "got -1"}},
      {"absurd users", with(base_doc(), "/traffic/users/0/users", 1e300), "/traffic/users/0/users", {"from 0 to 1e+07", "got 1e+300"}},
      {"users as string", with(base_doc(), "/traffic/users/0/users", "10"), "/traffic/users/0/users", {"expected a number", "\"10\""}},
      {"unknown keyframe field", with(base_doc(), "/traffic/users/0/rate", 3), "/traffic/users/0/rate", {"unknown field \"rate\"", "at", "users"}},
  });
  SECTION("keyframes out of order") {
    json doc = base_doc();
    doc["traffic"]["users"].push_back({{"at", "2s"}, {"users", 5}});
    check_error(load_error(doc), kFile, "/traffic/users/2/at", {"time order", "2s comes after 5s"});
  }
  SECTION("keyframes past the end of the run are allowed, so a shorter --set /duration still loads") {
    json doc = base_doc();
    doc["traffic"]["users"].push_back({{"at", "20s"}, {"users", 5}});
    CHECK_NOTHROW(bp::load_scenario(doc, kFile));
  }
  SECTION("equal times are in order") {
    json doc = base_doc();
    doc["traffic"]["users"].push_back({{"at", "5s"}, {"users", 5}});
    CHECK_NOTHROW(bp::load_scenario(doc, kFile));
  }
}

TEST_CASE("loader: actions", "[loader]") {
  json dup = base_doc();
  dup["traffic"]["actions"][1]["name"] = "browse";
  json zero = with(with(base_doc(), "/traffic/actions/0/weight", 0), "/traffic/actions/1/weight", 0);
  check_all({
      {"actions missing", without(base_doc(), "/traffic/actions"), "/traffic", {"missing required field \"actions\""}},
      {"actions empty", with(base_doc(), "/traffic/actions", json::array()), "/traffic/actions",
       {"expected a non-empty list of actions", "a list []"}},
      {"actions a string", with(base_doc(), "/traffic/actions", "browse"), "/traffic/actions",
       {"expected a non-empty list of actions", "\"browse\""}},
      {"action not object", with(base_doc(), "/traffic/actions/0", 3), "/traffic/actions/0", {"expected an object", "got 3"}},
      {"action without name", without(base_doc(), "/traffic/actions/0/name"), "/traffic/actions/0", {"missing required field \"name\""}},
      {"action name empty", with(base_doc(), "/traffic/actions/0/name", ""), "/traffic/actions/0/name", {"must not be empty"}},
      {"negative weight", with(base_doc(), "/traffic/actions/0/weight", -1), "/traffic/actions/0/weight",
       {"expected a number from 0 to 1e+09", "got -1"}},
      {"absurd weight", with(base_doc(), "/traffic/actions/0/weight", 1e300), "/traffic/actions/0/weight", {"got 1e+300"}},
      {"weight string", with(base_doc(), "/traffic/actions/0/weight", "heavy"), "/traffic/actions/0/weight", {"expected a number"}},
      {"calls not a list", with(base_doc(), "/traffic/actions/0/calls", json::object()), "/traffic/actions/0/calls",
       {"expected a list of calls", "an object {}"}},
      {"unknown action field", with(base_doc(), "/traffic/actions/0/label", "x"), "/traffic/actions/0/label",
       {"unknown field \"label\"", "calls", "name", "weight"}},
      {"duplicate name", dup, "/traffic/actions/1/name", {"\"browse\" is defined twice"}},
      {"zero total weight", zero, "/traffic/actions", {"at least one action needs a positive weight"}},
  });
  SECTION("an action with no calls and a zero weight beside a positive one is fine") {
    json doc = with(base_doc(), "/traffic/actions/1/weight", 0);
    doc["traffic"]["actions"].push_back({{"name", "ping"}});
    CHECK_NOTHROW(bp::load_scenario(doc, kFile));
  }
}

TEST_CASE("loader: calls", "[loader]") {
  check_all({
      {"call not object", with(base_doc(), "/traffic/actions/0/calls/0", 2), "/traffic/actions/0/calls/0", {"expected an object", "got 2"}},
      {"call empty", with(base_doc(), "/traffic/actions/0/calls/0", json::object()), "/traffic/actions/0/calls/0",
       {"a call is", "{\"read\": N}", "{\"write\": N}"}},
      {"read and write", with(base_doc(), "/traffic/actions/0/calls/0/write", 1), "/traffic/actions/0/calls/0", {"a call is", "{\"read\": N}", "{\"write\": N}"}},
      {"read zero", with(base_doc(), "/traffic/actions/0/calls/0/read", 0), "/traffic/actions/0/calls/0/read",
       {"expected a whole number from 1 to 1000", "got 0"}},
      {"read too many", with(base_doc(), "/traffic/actions/0/calls/0/read", 1001), "/traffic/actions/0/calls/0/read", {"from 1 to 1000", "got 1001"}},
      {"read fraction", with(base_doc(), "/traffic/actions/0/calls/0/read", 1.5), "/traffic/actions/0/calls/0/read", {"whole number", "1.5"}},
      {"read string", with(base_doc(), "/traffic/actions/0/calls/0/read", "2"), "/traffic/actions/0/calls/0/read", {"whole number", "\"2\""}},
      {"read absurd", with(base_doc(), "/traffic/actions/0/calls/0/read", 1e300), "/traffic/actions/0/calls/0/read", {"whole number", "1e+300"}},
      {"write negative", with(base_doc(), "/traffic/actions/1/calls/1/write", -2), "/traffic/actions/1/calls/1/write", {"from 1 to 1000", "got -2"}},
      {"cacheable not a flag", with(base_doc(), "/traffic/actions/1/calls/0/cacheable", "no"), "/traffic/actions/1/calls/0/cacheable",
       {"expected true or false", "\"no\""}},
      {"cacheable on a write", with(base_doc(), "/traffic/actions/1/calls/1/cacheable", true), "/traffic/actions/1/calls/1/cacheable",
       {"unknown field \"cacheable\"", "write"}},
      {"unknown call field", with(base_doc(), "/traffic/actions/0/calls/0/count", 2), "/traffic/actions/0/calls/0/count",
       {"unknown field \"count\"", "read"}},
  });
}

// ---------------------------------------------------------------- components

TEST_CASE("loader: component shape id and type", "[loader]") {
  check_all({
      {"not an object", with(base_doc(), "/components/1", "web"), "/components/1", {"expected an object", "\"web\""}},
      {"id missing", without(base_doc(), "/components/1/id"), "/components/1", {"missing required field \"id\""}},
      {"id not a string", with(base_doc(), "/components/1/id", 7), "/components/1/id", {"expected a string", "got 7"}},
      {"id uppercase", with(base_doc(), "/components/1/id", "Web"), "/components/1/id", {"lowercase", "at most 40", "\"Web\""}},
      {"id with space", with(base_doc(), "/components/1/id", "web server"), "/components/1/id", {"lowercase", "\"web server\""}},
      {"id too long", with(base_doc(), "/components/1/id", std::string(41, 'w')), "/components/1/id", {"at most 40"}},
      {"type missing", without(base_doc(), "/components/1/type"), "/components/1", {"missing required field \"type\""}},
      {"type not a string", with(base_doc(), "/components/1/type", 1), "/components/1/type", {"expected a string"}},
      {"unknown type", with(base_doc(), "/components/1/type", "kafka"), "/components/1/type",
       {"unknown component type \"kafka\"", "known:", "server", "postgres", "replica", "redis", "lb"}},
      {"targets not a list", with(base_doc(), "/components/0/targets", "web"), "/components/0/targets",
       {"expected a list of component ids", "\"web\""}},
      {"target not a string", with(base_doc(), "/components/0/targets/0", 3), "/components/0/targets/0",
       {"expected a component id", "got 3"}},
      {"unknown component field", with(base_doc(), "/components/1/colour", "red"), "/components/1/colour",
       {"unknown field \"colour\"", "known fields here", "id", "targets", "type"}},
      {"setting of another type", with(base_doc(), "/components/2/slots", 4), "/components/2/slots",
       {"unknown field \"slots\""}},
      {"unknown lb field", with(base_doc(), "/components/0/instances", 2), "/components/0/instances", {"unknown field \"instances\""}},
      {"unknown redis field", with(base_doc(), "/components/3/size", "1GB"), "/components/3/size", {"unknown field \"size\""}},
      {"unknown replica field", with(base_doc(), "/components/4/lag", "1s"), "/components/4/lag", {"unknown field \"lag\""}},
  });
  // A 40-character component id is fine.
  json long_id = base_doc();
  long_id["components"][1]["id"] = std::string(40, 'w');
  long_id["components"][0]["targets"] = {std::string(40, 'w')};
  CHECK_NOTHROW(bp::load_scenario(long_id, kFile));
}

// A misspelt setting is listed against every setting of the type, not only
// the fields the object happens to contain.
TEST_CASE("loader: unknown component fields list the type's settings", "[loader]") {
  check_error(load_error(with(base_doc(), "/components/2/slots", 4)), kFile, "/components/2/slots",
              {"unknown field \"slots\"", "max_connections", "cores"});
  check_error(load_error(with(base_doc(), "/components/1/colour", "red")), kFile, "/components/1/colour",
              {"unknown field \"colour\"", "slots", "timeout", "queue_limit"});
}

TEST_CASE("loader: integer number ratio and flag settings", "[loader]") {
  check_all({
      {"negative instances", with(base_doc(), "/components/1/instances", -1), "/components/1/instances",
       {"expected a whole number from 0 to 1000", "got -1"}},
      {"too many instances", with(base_doc(), "/components/1/instances", 1001), "/components/1/instances", {"from 0 to 1000", "got 1001"}},
      {"absurd instances", with(base_doc(), "/components/1/instances", 1e300), "/components/1/instances", {"whole number", "1e+300"}},
      {"fractional instances", with(base_doc(), "/components/1/instances", 2.5), "/components/1/instances", {"whole number", "2.5"}},
      {"instances as string", with(base_doc(), "/components/1/instances", "3"), "/components/1/instances", {"whole number", "\"3\""}},
      {"instances as bool", with(base_doc(), "/components/1/instances", true), "/components/1/instances", {"whole number", "true"}},
      {"instances null", with(base_doc(), "/components/1/instances", nullptr), "/components/1/instances", {"whole number", "null"}},
      {"instances INT64_MAX", with(base_doc(), "/components/1/instances", std::int64_t{9223372036854775807}), "/components/1/instances",
       {"from 0 to 1000", "9223372036854775807"}},
      {"instances UINT64_MAX", with(base_doc(), "/components/1/instances", std::uint64_t{18446744073709551615ull}), "/components/1/instances",
       {"from 0 to 1000", "18446744073709551615"}},
      {"instances INT64_MIN", with(base_doc(), "/components/1/instances", std::int64_t{INT64_MIN}), "/components/1/instances",
       {"from 0 to 1000", "-9223372036854775808"}},
      {"zero slots", with(base_doc(), "/components/1/slots", 0), "/components/1/slots", {"from 1 to 100000", "got 0"}},
      {"negative replicas", with(base_doc(), "/components/4/instances", -3), "/components/4/instances", {"from 0 to 100", "got -3"}},
      {"zero connections", with(base_doc(), "/components/2/max_connections", 0), "/components/2/max_connections", {"from 1 to 100000", "got 0"}},
      {"absurd cores", with(base_doc(), "/components/2/cores", 1e18), "/components/2/cores", {"from 1 to 1024"}},
      {"apply_rate zero", with(base_doc(), "/components/4/apply_rate", 0), "/components/4/apply_rate",
       {"expected a number from 1 to 1e+07", "got 0"}},
      {"apply_rate absurd", with(base_doc(), "/components/4/apply_rate", 1e300), "/components/4/apply_rate", {"got 1e+300"}},
      {"apply_rate string", with(base_doc(), "/components/4/apply_rate", "fast"), "/components/4/apply_rate", {"expected a number", "\"fast\""}},
      {"hit_ratio above 1", with(base_doc(), "/components/3/hit_ratio", 1.5), "/components/3/hit_ratio",
       {"expected a number from 0 to 1", "got 1.5"}},
      {"hit_ratio negative", with(base_doc(), "/components/3/hit_ratio", -0.1), "/components/3/hit_ratio", {"from 0 to 1", "got -0.1"}},
      {"hit_ratio percent string", with(base_doc(), "/components/3/hit_ratio", "85%"), "/components/3/hit_ratio", {"expected a number"}},
      {"warmup_misses zero", with(base_doc(), "/components/3/warmup_misses", 0), "/components/3/warmup_misses", {"from 1 to 1000000000"}},
      {"flag as string", with(base_doc(), "/components/3/start_warm", "yes"), "/components/3/start_warm", {"expected true or false", "\"yes\""}},
      {"flag as number", with(base_doc(), "/components/3/start_warm", 1), "/components/3/start_warm", {"expected true or false", "got 1"}},
  });
  // Whole numbers written as floats are fine.
  CHECK(bp::load_scenario(with(base_doc(), "/components/1/instances", 3.0), kFile).find("web")->settings.integer("instances") == 3);
}

TEST_CASE("loader: duration and choice settings", "[loader]") {
  check_all({
      {"timeout as number", with(base_doc(), "/components/1/timeout", 2000), "/components/1/timeout",
       {"expected a duration such as", "got 2000"}},
      {"timeout in words", with(base_doc(), "/components/1/timeout", "2 seconds"), "/components/1/timeout",
       {"expected a duration such as", "\"2 seconds\""}},
      {"timeout too long", with(base_doc(), "/components/1/timeout", "2h"), "/components/1/timeout", {"from 0ms to 1h", "got 2h"}},
      {"timeout negative", with(base_doc(), "/components/1/timeout", "-1s"), "/components/1/timeout", {"expected a duration such as"}},
      {"lb latency too long", with(base_doc(), "/components/0/latency", "2s"), "/components/0/latency", {"from 0ms to 1s", "got 2s"}},
      {"base_lag number", with(base_doc(), "/components/4/base_lag", 50), "/components/4/base_lag", {"expected a duration such as"}},
      {"unknown algorithm", with(base_doc(), "/components/0/algorithm", "random"), "/components/0/algorithm",
       {"expected one of round_robin, least_connections", "got \"random\""}},
      {"algorithm not a string", with(base_doc(), "/components/0/algorithm", 1), "/components/0/algorithm",
       {"expected one of round_robin, least_connections", "got 1"}},
  });
  CHECK(bp::load_scenario(with(base_doc(), "/components/1/timeout", "0s"), kFile).find("web")->settings.duration("timeout") == 0);
}

TEST_CASE("loader: distributions", "[loader]") {
  const std::string cpu = "/components/1/cpu";
  auto dist = [](json d) { return with(base_doc(), "/components/1/cpu", std::move(d)); };
  check_all({
      {"duration in words", dist("2 seconds"), cpu, {"expected a duration such as", "\"2 seconds\""}},
      {"number", dist(2000), cpu, {"got 2000"}},
      {"list", dist(json::array({1, 2})), cpu, {"a list [1,2]"}},
      {"dist missing", dist({{"mean", "5ms"}}), cpu, {"missing required field \"dist\""}},
      {"dist not a string", dist({{"dist", 3}}), cpu + "/dist", {"expected a string"}},
      {"unknown dist", dist({{"dist", "normal"}, {"mean", "5ms"}}), cpu + "/dist",
       {"expected one of constant, exponential, lognormal, uniform", "got \"normal\""}},
      {"constant without value", dist({{"dist", "constant"}}), cpu, {"missing required field \"value\""}},
      {"constant bad value", dist({{"dist", "constant"}, {"value", 5}}), cpu + "/value", {"expected a duration such as"}},
      {"constant with mean", dist({{"dist", "constant"}, {"value", "5ms"}, {"mean", "5ms"}}), cpu + "/mean",
       {"unknown field \"mean\"", "value"}},
      {"exponential without mean", dist({{"dist", "exponential"}}), cpu, {"missing required field \"mean\""}},
      {"exponential zero mean", dist({{"dist", "exponential"}, {"mean", "0ms"}}), cpu + "/mean", {"from 1us to 8760h", "got 0ms"}},
      {"exponential numeric mean", dist({{"dist", "exponential"}, {"mean", 5}}), cpu + "/mean", {"expected a duration such as", "got 5"}},
      {"exponential with sigma", dist({{"dist", "exponential"}, {"mean", "5ms"}, {"sigma", 0.5}}), cpu + "/sigma",
       {"unknown field \"sigma\""}},
      {"lognormal sigma and p99", dist({{"dist", "lognormal"}, {"mean", "5ms"}, {"sigma", 0.5}, {"p99", "20ms"}}), cpu,
       {"exactly one of \"sigma\" or \"p99\""}},
      {"lognormal neither", dist({{"dist", "lognormal"}, {"mean", "5ms"}}), cpu, {"exactly one of \"sigma\" or \"p99\""}},
      {"lognormal without mean", dist({{"dist", "lognormal"}, {"sigma", 0.5}}), cpu, {"missing required field \"mean\""}},
      {"lognormal sigma zero", dist({{"dist", "lognormal"}, {"mean", "5ms"}, {"sigma", 0}}), cpu + "/sigma",
       {"expected a number from 0.01 to 3", "got 0"}},
      {"lognormal sigma huge", dist({{"dist", "lognormal"}, {"mean", "5ms"}, {"sigma", 1e300}}), cpu + "/sigma", {"from 0.01 to 3", "1e+300"}},
      {"lognormal sigma string", dist({{"dist", "lognormal"}, {"mean", "5ms"}, {"sigma", "wide"}}), cpu + "/sigma", {"expected a number"}},
      {"lognormal p99 below mean", dist({{"dist", "lognormal"}, {"mean", "10ms"}, {"p99", "5ms"}}), cpu + "/p99",
       {"between 1x and 14x the mean", "0.5x"}},
      {"lognormal p99 equal to mean", dist({{"dist", "lognormal"}, {"mean", "10ms"}, {"p99", "10ms"}}), cpu + "/p99",
       {"between 1x and 14x the mean", "got 1x"}},
      {"lognormal p99 far above", dist({{"dist", "lognormal"}, {"mean", "10ms"}, {"p99", "200ms"}}), cpu + "/p99",
       {"between 1x and 14x the mean", "20x"}},
      {"lognormal p99 number", dist({{"dist", "lognormal"}, {"mean", "10ms"}, {"p99", 20}}), cpu + "/p99", {"expected a duration such as"}},
      {"uniform max below min", dist({{"dist", "uniform"}, {"min", "10ms"}, {"max", "5ms"}}), cpu + "/max",
       {"must not be smaller than \"min\""}},
      {"uniform without max", dist({{"dist", "uniform"}, {"min", "10ms"}}), cpu, {"missing required field \"max\""}},
      {"uniform without min", dist({{"dist", "uniform"}, {"max", "10ms"}}), cpu, {"missing required field \"min\""}},
      {"uniform numeric min", dist({{"dist", "uniform"}, {"min", 3}, {"max", "10ms"}}), cpu + "/min", {"expected a duration such as"}},
      {"unknown distribution field", dist({{"dist", "exponential"}, {"mean", "5ms"}, {"shape", 2}}), cpu + "/shape",
       {"unknown field \"shape\"", "dist", "mean"}},
      {"postgres write dist", with(base_doc(), "/components/2/write", {{"dist", "gamma"}}), "/components/2/write/dist",
       {"got \"gamma\""}},
      {"redis latency dist", with(base_doc(), "/components/3/latency", "fast"), "/components/3/latency", {"expected a duration such as"}},
      {"replica read dist", with(base_doc(), "/components/4/read", {{"dist", "uniform"}, {"min", "2ms"}, {"max", "1ms"}}),
       "/components/4/read/max", {"must not be smaller"}},
  });
  SECTION("the valid forms load") {
    for (const json& d : {json("3ms"), json({{"dist", "constant"}, {"value", "0us"}}), json({{"dist", "exponential"}, {"mean", "1us"}}),
                          json({{"dist", "lognormal"}, {"mean", "5ms"}, {"sigma", 3}}),
                          json({{"dist", "lognormal"}, {"mean", "5ms"}, {"p99", "69ms"}}),
                          json({{"dist", "uniform"}, {"min", "5ms"}, {"max", "5ms"}})}) {
      INFO(d.dump());
      CHECK_NOTHROW(bp::load_scenario(dist(d), kFile));
    }
    const auto s = bp::load_scenario(dist({{"dist", "uniform"}, {"min", "2ms"}, {"max", "4ms"}}), kFile);
    CHECK(s.find("web")->settings.dist("cpu").mean() == Approx(3000));
  }
}

TEST_CASE("loader: a numeric distribution says a duration is expected", "[loader]") {
  check_error(load_error(with(base_doc(), "/components/1/cpu", 2000)), kFile, "/components/1/cpu", {"duration"});
}

// ---------------------------------------------------------------- wiring

TEST_CASE("loader: component ids and targets", "[loader]") {
  json dup = base_doc();
  dup["components"][3]["id"] = "web";
  json self = base_doc();
  self["components"][1]["targets"].push_back("web");
  json server_to_lb = base_doc();
  server_to_lb["components"][1]["targets"].push_back("lb");
  json server_to_server = base_doc();
  server_to_server["components"].push_back({{"id", "api"}, {"type", "server"}, {"targets", {"db"}}});
  server_to_server["components"][1]["targets"].push_back("api");
  check_all({
      {"duplicate id", dup, "/components/3/id", {"component id \"web\" is used twice"}},
      {"missing target", with(base_doc(), "/components/1/targets/0", "dbx"), "/components/1/targets/0", {"no component has the id \"dbx\""}},
      {"lb to missing server", with(base_doc(), "/components/0/targets/0", "www"), "/components/0/targets/0", {"no component has the id \"www\""}},
      {"self", self, "/components/1/targets/3", {"cannot point at itself"}},
      {"lb to postgres", with(base_doc(), "/components/0/targets/0", "db"), "/components/0/targets/0",
       {"a lb cannot send work to a postgres (\"db\")"}},
      {"server to lb", server_to_lb, "/components/1/targets/3", {"a server cannot send work to a lb (\"lb\")"}},
      {"server to server", server_to_server, "/components/1/targets/3", {"a server cannot send work to a server (\"api\")"}},
      {"postgres to redis", with(base_doc(), "/components/2/targets", {"cache"}), "/components/2/targets/0",
       {"a postgres cannot send work to a redis (\"cache\")"}},
      {"redis to postgres", with(base_doc(), "/components/3/targets", {"db"}), "/components/3/targets/0",
       {"a redis cannot send work to a postgres"}},
      {"replica to postgres", with(base_doc(), "/components/4/targets", {"db"}), "/components/4/targets/0",
       {"a replica cannot send work to a postgres"}},
      {"lb to lb", [] {
         json d = base_doc();
         d["components"].push_back({{"id", "edge"}, {"type", "lb"}, {"targets", {"lb"}}});
         return d;
       }(),
       "/components/5/targets/0", {"a lb cannot send work to a lb"}},
  });
  SECTION("a server talks to at most one of each kind") {
    json two_pg = without(base_doc(), "/components/4");  // no replica
    two_pg["components"][1]["targets"] = {"db", "cache", "db2"};
    two_pg["components"].push_back({{"id", "db2"}, {"type", "postgres"}});
    check_error(load_error(two_pg), kFile, "/components/1/targets/2", {"at most one postgres"});

    json two_redis = base_doc();
    two_redis["components"][1]["targets"].push_back("cache2");
    two_redis["components"].push_back({{"id", "cache2"}, {"type", "redis"}});
    check_error(load_error(two_redis), kFile, "/components/1/targets/3", {"at most one redis"});
  }
}

TEST_CASE("loader: replicas need exactly one postgres", "[loader]") {
  SECTION("no postgres") {
    json doc = base_doc();
    doc["traffic"]["actions"] = json::parse(R"([{"name": "browse", "calls": [{"read": 1}]}])");
    doc["components"] = json::parse(R"([
      {"id": "web", "type": "server", "targets": ["cache", "ro"]},
      {"id": "cache", "type": "redis"},
      {"id": "ro", "type": "replica"}])");
    doc["traffic"]["entry"] = "web";
    check_error(load_error(doc), kFile, "/components/2", {"replica", "exactly one postgres"});
  }
  SECTION("two postgres") {
    json doc = base_doc();
    doc["components"].push_back({{"id", "db2"}, {"type", "postgres"}});
    check_error(load_error(doc), kFile, "/components/4", {"exactly one postgres"});
  }
}

TEST_CASE("loader: traffic entry wiring", "[loader]") {
  check_all({
      {"missing entry", with(base_doc(), "/traffic/entry", "gateway"), "/traffic/entry", {"no component has the id \"gateway\""}},
      {"entry is postgres", with(base_doc(), "/traffic/entry", "db"), "/traffic/entry",
       {"load balancer or a server", "not a postgres"}},
      {"entry is redis", with(base_doc(), "/traffic/entry", "cache"), "/traffic/entry", {"not a redis"}},
      {"entry is replica", with(base_doc(), "/traffic/entry", "ro"), "/traffic/entry", {"not a replica"}},
      {"lb with empty targets", with(base_doc(), "/components/0/targets", json::array()), "/traffic/entry",
       {"the load balancer \"lb\" points at no server"}},
      {"lb without targets", without(base_doc(), "/components/0/targets"), "/traffic/entry", {"points at no server"}},
  });
  CHECK_NOTHROW(bp::load_scenario(with(base_doc(), "/traffic/entry", "web"), kFile));
}

TEST_CASE("loader: servers must reach the data their actions touch", "[loader]") {
  SECTION("writes but no postgres") {
    // The design keeps its postgres (the replica needs it) but the server does not point at it.
    const json doc = with(base_doc(), "/components/1/targets", {"cache", "ro"});
    check_error(load_error(doc), kFile, "/components/1/targets",
                {"server \"web\"", "handles actions that write", "points at no postgres"});
  }
  SECTION("reads but no postgres or replica") {
    json doc = with(base_doc(), "/components/1/targets", {"cache"});
    doc["traffic"]["actions"] = json::parse(R"([{"name": "browse", "calls": [{"read": 1}]}])");
    check_error(load_error(doc), kFile, "/components/1/targets",
                {"server \"web\"", "handles actions that read", "no postgres or replica"});
  }
  SECTION("every server behind the balancer is checked") {
    json doc = base_doc();
    doc["components"][0]["targets"].push_back("web2");
    doc["components"].push_back({{"id", "web2"}, {"type", "server"}, {"targets", {"ro"}}});
    check_error(load_error(doc), kFile, "/components/5/targets", {"server \"web2\"", "write", "no postgres"});
  }
  SECTION("a server entry is checked too") {
    json doc = with(with(base_doc(), "/traffic/entry", "web"), "/components/1/targets", json::array());
    check_error(load_error(doc), kFile, "/components/1/targets", {"server \"web\""});
  }
  SECTION("reads from a replica alone are fine, and actions without calls need nothing") {
    json reads = with(base_doc(), "/components/1/targets", {"ro"});
    reads["traffic"]["actions"] = json::parse(R"([{"name": "browse", "calls": [{"read": 1}]}])");
    CHECK_NOTHROW(bp::load_scenario(reads, kFile));
    json cpu_only = with(base_doc(), "/components/1/targets", json::array());
    cpu_only["traffic"]["actions"] = json::parse(R"([{"name": "ping"}])");
    CHECK_NOTHROW(bp::load_scenario(cpu_only, kFile));
  }
}
