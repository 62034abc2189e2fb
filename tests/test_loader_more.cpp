// Scenario loader, continued: job types, queues and workers, files on disk,
// --set overrides and catalogue documents. Every error test checks the file,
// the exact JSON pointer and the problem text (see loader_support.h).
#include <catch2/catch.hpp>

#include "loader_support.h"

using namespace loader_test;

// ---------------------------------------------------------------- jobs, queues, workers

namespace {
// The base document plus the async path: an "order" action that enqueues a
// "ship" job into queue "q" (components/5), drained by worker "w" (components/6).
json async_doc() {
  json doc = base_doc();
  doc["jobs"] = json::parse(R"([{"name": "ship", "lane": "live", "max_attempts": 3, "backoff": "fixed",
                                 "backoff_base": "1s", "backoff_cap": "10s", "jitter": 0.1, "poison_share": 0}])");
  doc["traffic"]["actions"][1]["calls"].push_back({{"enqueue", "ship"}});
  doc["components"][1]["targets"].push_back("q");
  doc["components"].push_back({{"id", "q"}, {"type", "queue"}, {"targets", {"w"}}});
  doc["components"].push_back({{"id", "w"}, {"type", "worker"}, {"targets", {"db"}}});
  return doc;
}
}  // namespace

TEST_CASE("loader: the async test document loads", "[loader]") {
  const bp::Scenario s = bp::load_scenario(async_doc(), kFile);
  REQUIRE(s.jobs.size() == 1);
  CHECK(s.jobs[0].name == "ship");
  CHECK(s.jobs[0].max_attempts == 3);
  CHECK(s.jobs[0].backoff_cap == 10 * bp::kSecond);
  CHECK(s.traffic.actions[1].calls[2].kind == bp::CallSpec::Kind::Enqueue);
}

TEST_CASE("loader: job types", "[loader]") {
  json dup = async_doc();
  dup["jobs"].push_back({{"name", "ship"}});
  check_all({
      {"jobs not a list", with(async_doc(), "/jobs", json::object()), "/jobs", {"expected a list of job types", "an object {}"}},
      {"job not an object", with(async_doc(), "/jobs/0", "ship"), "/jobs/0", {"expected an object"}},
      {"job without name", without(async_doc(), "/jobs/0/name"), "/jobs/0", {"missing required field \"name\""}},
      {"duplicate job", dup, "/jobs/1/name", {"job type \"ship\" is defined twice"}},
      {"unknown lane", with(async_doc(), "/jobs/0/lane", "urgent"), "/jobs/0/lane", {"expected \"live\" or \"batch\"", "\"urgent\""}},
      {"lane not a string", with(async_doc(), "/jobs/0/lane", 1), "/jobs/0/lane", {"expected a string"}},
      {"negative attempts", with(async_doc(), "/jobs/0/max_attempts", -1), "/jobs/0/max_attempts", {"from 0 to 1000", "got -1"}},
      {"absurd attempts", with(async_doc(), "/jobs/0/max_attempts", 1e300), "/jobs/0/max_attempts", {"whole number", "1e+300"}},
      {"unknown backoff", with(async_doc(), "/jobs/0/backoff", "linear"), "/jobs/0/backoff",
       {"expected \"fixed\" or \"exponential\"", "\"linear\""}},
      {"backoff_base too long", with(async_doc(), "/jobs/0/backoff_base", "2d"), "/jobs/0/backoff_base", {"from 0ms to 24h", "got 2d"}},
      {"backoff_base a number", with(async_doc(), "/jobs/0/backoff_base", 1000), "/jobs/0/backoff_base", {"expected a duration such as"}},
      {"backoff_cap below base", with(async_doc(), "/jobs/0/backoff_cap", "500ms"), "/jobs/0/backoff_cap",
       {"must not be shorter than backoff_base"}},
      {"jitter above 1", with(async_doc(), "/jobs/0/jitter", 1.5), "/jobs/0/jitter", {"from 0 to 1", "got 1.5"}},
      {"negative poison", with(async_doc(), "/jobs/0/poison_share", -0.1), "/jobs/0/poison_share", {"from 0 to 1"}},
      {"unknown job field", with(async_doc(), "/jobs/0/priority", 1), "/jobs/0/priority", {"unknown field \"priority\"", "lane"}},
  });
}

TEST_CASE("loader: enqueue calls", "[loader]") {
  const std::string call = "/traffic/actions/1/calls/2";
  check_all({
      {"unknown job", with(async_doc(), call + "/enqueue", "deliver"), call + "/enqueue", {"no job type named \"deliver\""}},
      {"job not a string", with(async_doc(), call + "/enqueue", 3), call + "/enqueue", {"expected a string"}},
      {"job empty", with(async_doc(), call + "/enqueue", ""), call + "/enqueue", {"must not be empty"}},
      {"zero count", with(async_doc(), call + "/count", 0), call + "/count", {"from 1 to 1000", "got 0"}},
      {"enqueue and read", with(async_doc(), call + "/read", 1), call, {"a call is"}},
      {"enqueue with cacheable", with(async_doc(), call + "/cacheable", true), call + "/cacheable", {"unknown field \"cacheable\""}},
      {"enqueue without jobs", without(async_doc(), "/jobs"), call + "/enqueue", {"no job type named \"ship\""}},
  });
}

TEST_CASE("loader: queue and worker wiring", "[loader]") {
  json two_queues = async_doc();
  two_queues["components"].push_back({{"id", "q2"}, {"type", "queue"}, {"targets", {"w"}}});
  json worker_two_pg = without(async_doc(), "/components/4");  // no replica: q is 4, w is 5
  worker_two_pg["components"][1]["targets"] = {"db", "cache", "q"};
  worker_two_pg["components"][5]["targets"] = {"db", "db2"};
  worker_two_pg["components"].push_back({{"id", "db2"}, {"type", "postgres"}});
  check_all({
      {"server to worker", with(async_doc(), "/components/1/targets/3", "w"), "/components/1/targets/3",
       {"a server cannot send work to a worker (\"w\")"}},
      {"queue to postgres", with(async_doc(), "/components/5/targets/0", "db"), "/components/5/targets/0",
       {"a queue cannot send work to a postgres"}},
      {"worker to redis", with(async_doc(), "/components/6/targets/0", "cache"), "/components/6/targets/0",
       {"a worker cannot send work to a redis"}},
      {"lb to queue", with(async_doc(), "/components/0/targets/0", "q"), "/components/0/targets/0", {"a lb cannot send work to a queue"}},
      {"worker to two postgres", worker_two_pg, "/components/5/targets/1", {"a worker talks to at most one postgres"}},
      {"worker writes without postgres", with(async_doc(), "/components/6/targets", json::array()), "/components/6/targets",
       {"worker \"w\"", "db_writes", "points at no postgres"}},
      {"worker fed by two queues", two_queues, "/components/7/targets/0",
       {"worker \"w\" already takes jobs from queue \"q\"", "a worker drains one queue"}},
      {"server enqueues without queue", with(async_doc(), "/components/1/targets", {"db", "cache", "ro"}), "/components/1/targets",
       {"server \"web\"", "enqueue jobs", "points at no queue"}},
      {"entry is a queue", with(async_doc(), "/traffic/entry", "q"), "/traffic/entry", {"not a queue"}},
      {"bad full_policy", with(async_doc(), "/components/5/full_policy", "wait"), "/components/5/full_policy",
       {"expected one of block, reject, drop_oldest", "\"wait\""}},
      {"bad batch_share", with(async_doc(), "/components/5/batch_share", 2), "/components/5/batch_share", {"from 0 to 1", "got 2"}},
      {"publish_time too long", with(async_doc(), "/components/5/publish_time", "20s"), "/components/5/publish_time", {"from 0ms to 10s"}},
      {"zero concurrency", with(async_doc(), "/components/6/concurrency", 0), "/components/6/concurrency", {"from 1 to 10000"}},
      {"pool_timeout zero", with(async_doc(), "/components/6/pool_timeout", "0s"), "/components/6/pool_timeout", {"from 1ms to 1h"}},
  });
  SECTION("a worker without database writes needs no postgres") {
    json doc = with(with(async_doc(), "/components/6/targets", json::array()), "/components/6/db_writes", 0);
    CHECK_NOTHROW(bp::load_scenario(doc, kFile));
  }
}

// The simulator's own figures use the ids "traffic" (the users' source) and
// "run" (run-wide series); a component may not take them.
TEST_CASE("loader: reserved component ids", "[loader]") {
  for (const char* id : {"traffic", "run"}) {
    INFO(id);
    json doc = base_doc();
    doc["components"][1]["id"] = id;
    doc["components"][0]["targets"] = {id};
    check_error(load_error(doc), kFile, "/components/1/id", {std::string("\"") + id + "\"", "reserved"});
  }
  // Ids that merely contain the words are fine.
  json doc = base_doc();
  doc["components"][1]["id"] = "traffic-web";
  doc["components"][0]["targets"] = {"traffic-web"};
  CHECK_NOTHROW(bp::load_scenario(doc, kFile));
}

// ---------------------------------------------------------------- files

TEST_CASE("loader: a missing file", "[loader]") {
  const Scratch scratch;
  const std::string path = (scratch.dir / "no-such-file.json").string();
  check_error(file_error(path), path, "", {"cannot open the file"});
}

TEST_CASE("loader: invalid JSON gives line and column", "[loader]") {
  const Scratch scratch;
  const auto& dir = scratch.dir;
  SECTION("a stray comma") {
    const std::string path = write_file(dir, "comma.json", "{\n\"id\": \"x\",\n\"t\": [1,\n 2,,\n3]}");
    check_error(file_error(path), path, "", {"not valid JSON", "line 4, column 4"});
  }
  SECTION("a missing value on the first line") {
    const std::string path = write_file(dir, "value.json", "{\"a\": }");
    check_error(file_error(path), path, "", {"not valid JSON", "line 1, column 7"});
  }
  SECTION("a truncated document") {
    const std::string path = write_file(dir, "cut.json", "{\n  \"id\": \"x\"");
    check_error(file_error(path), path, "", {"not valid JSON", "line 2"});
  }
  SECTION("an empty file") {
    const std::string path = write_file(dir, "empty.json", "");
    check_error(file_error(path), path, "", {"not valid JSON", "line 1, column 1"});
  }
  SECTION("a trailing comment-like text") {
    const std::string path = write_file(dir, "tail.json", base_doc().dump(2) + "\n// done\n");
    const Caught e = file_error(path);
    check_error(e, path, "", {"not valid JSON", "column 1"});
  }
  SECTION("an error inside a valid file is reported with the file's path") {
    const std::string path = write_file(dir, "bad-seed.json", with(base_doc(), "/seed", -5).dump(2));
    check_error(file_error(path), path, "/seed", {"got -5"});
  }
}

TEST_CASE("loader: a directory is not reported as invalid JSON", "[loader]") {
  const Scratch scratch;
  const std::string path = scratch.dir.string();
  const Caught e = file_error(path);
  REQUIRE(e.thrown);
  CHECK(e.file == path);
  CHECK_THAT(e.problem, !Contains("not valid JSON"));
}

// ---------------------------------------------------------------- overrides

TEST_CASE("parse_override", "[loader]") {
  SECTION("malformed") {
    for (const char* text : {"components/1/instances=3", "/components/1/instances", "=3", "", "instances"}) {
      INFO("\"" << text << "\"");
      try {
        bp::parse_override(text);
        FAIL("no error");
      } catch (const bp::InputError& e) {
        CHECK(e.file() == "--set");
        CHECK(e.path() == text);
        CHECK_THAT(e.problem(), Contains("expected PATH=VALUE") && Contains("JSON pointer"));
      }
    }
  }
  SECTION("values are JSON when they parse and strings otherwise") {
    auto o = bp::parse_override("/components/1/instances=3");
    CHECK(o.pointer == "/components/1/instances");
    CHECK(o.value == json(3));
    CHECK(bp::parse_override("/a=3s").value == json("3s"));
    CHECK(bp::parse_override("/a=true").value == json(true));
    CHECK(bp::parse_override("/a=2.5").value == json(2.5));
    CHECK(bp::parse_override("/a=\"3\"").value == json("3"));
    CHECK(bp::parse_override("/a={\"dist\":\"exponential\",\"mean\":\"5ms\"}").value ==
          json({{"dist", "exponential"}, {"mean", "5ms"}}));
    CHECK(bp::parse_override("/a=").value == json(""));
    auto eq = bp::parse_override("/a=b=c");
    CHECK(eq.pointer == "/a");
    CHECK(eq.value == json("b=c"));
  }
}

TEST_CASE("overrides change the loaded values", "[loader]") {
  const bp::Scenario plain = bp::load_scenario_file(kShippedScenario);
  const bp::Scenario changed = bp::load_scenario_file(
      kShippedScenario, {bp::parse_override("/components/1/instances=3"), bp::parse_override("/components/1/timeout=3s"),
                         bp::parse_override("/seed=99")});
  CHECK(plain.components[1].settings.integer("instances") != 3);
  CHECK(changed.components[1].settings.integer("instances") == 3);
  CHECK(changed.components[1].settings.duration("timeout") == 3 * bp::kSecond);
  CHECK(changed.seed == 99);
  CHECK(changed.source["components"][1]["instances"] == 3);
  // Applied in order: the last one wins.
  const bp::Scenario twice = bp::load_scenario_file(
      kShippedScenario, {bp::parse_override("/components/1/instances=3"), bp::parse_override("/components/1/instances=5")});
  CHECK(twice.components[1].settings.integer("instances") == 5);
  // A new field under an existing parent.
  const bp::Scenario added = bp::load_scenario_file(kShippedScenario, {bp::parse_override("/components/1/slots=7")});
  CHECK(added.components[1].settings.integer("slots") == 7);
}

TEST_CASE("overrides that fail validation report the overridden path", "[loader]") {
  const std::string& f = kShippedScenario;
  auto err = [&](const std::string& text) { return file_error(f, {bp::parse_override(text)}); };
  check_error(err("/components/1/instances=-1"), f, "/components/1/instances", {"from 0 to 1000", "got -1"});
  check_error(err("/components/1/instances=1e300"), f, "/components/1/instances", {"whole number", "1e+300"});
  check_error(err("/components/1/timeout=3 seconds"), f, "/components/1/timeout", {"expected a duration such as", "\"3 seconds\""});
  check_error(err("/components/1/timeout=2000"), f, "/components/1/timeout", {"expected a duration such as", "got 2000"});
  check_error(err("/components/1/colour=red"), f, "/components/1/colour", {"unknown field \"colour\""});
  check_error(err("/traffic/actions/0/calls/0/read=0"), f, "/traffic/actions/0/calls/0/read", {"from 1 to 1000"});
  check_error(err("/components/1/cpu={\"dist\":\"lognormal\",\"mean\":\"5ms\",\"sigma\":0.5,\"p99\":\"9ms\"}"), f,
              "/components/1/cpu", {"exactly one of"});
  check_error(err("/format_version=3"), f, "/format_version", {"newer"});
  check_error(err("/step=1h"), f, "/step", {"from 1ms to 1m"});
}

TEST_CASE("overrides under a missing parent or a bad pointer", "[loader]") {
  const std::string& f = kShippedScenario;
  check_error(file_error(f, {bp::parse_override("/components/9/instances=3")}), f, "/components/9/instances",
              {"--set", "nothing at /components/9"});
  check_error(file_error(f, {bp::parse_override("/nope/x=1")}), f, "/nope/x", {"--set", "nothing at /nope"});
  check_error(file_error(f, {bp::parse_override("/components/x/instances=3")}), f, "/components/x/instances",
              {"--set", "nothing at /components/x"});
  check_error(file_error(f, {bp::parse_override("/id/x=3")}), f, "/id/x", {"--set", "cannot set a value here"});
  check_error(file_error(f, {bp::parse_override("/components/x=3")}), f, "/components/x", {"--set", "cannot set a value here"});
  check_error(file_error(f, {bp::Override{"/a~2", 1}}), f, "/a~2", {"--set", "not a valid JSON pointer"});
  check_error(file_error(f, {bp::Override{"no-slash", 1}}), f, "no-slash", {"--set", "not a valid JSON pointer"});
  // A new top-level field is set and then reported as unknown.
  check_error(file_error(f, {bp::parse_override("/colour=red")}), f, "/colour", {"unknown field \"colour\""});
}

// nlohmann would pad the list with nulls and the error would name the padding.
TEST_CASE("an override past the end of a list is reported at the override's path", "[loader]") {
  const Scratch scratch;
  const auto& dir = scratch.dir;
  const std::string path = write_file(dir, "base.json", base_doc().dump(2));
  const Caught e = file_error(path, {bp::parse_override("/traffic/users/100={\"at\": \"9s\", \"users\": 1}")});
  REQUIRE(e.thrown);
  CHECK(e.file == path);
  CHECK(e.path == "/traffic/users/100");
}

// ---------------------------------------------------------------- catalogue documents

namespace {
json small_catalogue() {
  return json::parse(R"({
    "format_version": 1,
    "components": [
      {"type": "widget", "label": "Widget", "summary": "s", "cost_per_month": 5,
       "settings": [
         {"key": "count", "kind": "integer", "default": 1, "min": 0, "max": 10, "unit": "u", "help": "h"},
         {"key": "wait", "kind": "duration", "default": "1s", "min": "0s", "max": "1h"},
         {"key": "mode", "kind": "choice", "default": "a", "choices": ["a", "b"]}
       ]}
    ]
  })");
}
}  // namespace

TEST_CASE("catalogue documents are validated", "[loader]") {
  const std::string f = "cat.json";
  REQUIRE_NOTHROW(bp::Catalogue::parse(small_catalogue(), f));
  const auto cat = bp::Catalogue::parse(small_catalogue(), f);
  REQUIRE(cat.find("widget") != nullptr);
  CHECK(cat.find("widget")->cost_per_month == 5);
  const std::string s0 = "/components/0/settings/0";
  struct Bad {
    const char* name;
    json doc;
    std::string path;
    std::vector<std::string> says;
  };
  json dup_type = small_catalogue();
  dup_type["components"].push_back(dup_type["components"][0]);
  const std::vector<Bad> cases = {
      {"not an object", json::array(), "", {"expected an object"}},
      {"newer format", with(small_catalogue(), "/format_version", 2), "/format_version", {"from 1 to 1", "got 2"}},
      {"components missing", without(small_catalogue(), "/components"), "", {"missing required field \"components\""}},
      {"components not a list", with(small_catalogue(), "/components", json::object()), "/components", {"expected a list of component types"}},
      {"type not object", with(small_catalogue(), "/components/0", 1), "/components/0", {"expected an object"}},
      {"type missing", without(small_catalogue(), "/components/0/type"), "/components/0", {"missing required field \"type\""}},
      {"type twice", dup_type, "/components/1/type", {"\"widget\" is listed twice"}},
      {"label missing", without(small_catalogue(), "/components/0/label"), "/components/0", {"missing required field \"label\""}},
      {"summary not string", with(small_catalogue(), "/components/0/summary", 1), "/components/0/summary", {"expected a string"}},
      {"negative cost", with(small_catalogue(), "/components/0/cost_per_month", -1), "/components/0/cost_per_month",
       {"from 0 to 1e+07", "got -1"}},
      {"settings missing", without(small_catalogue(), "/components/0/settings"), "/components/0", {"missing required field \"settings\""}},
      {"settings not a list", with(small_catalogue(), "/components/0/settings", json::object()), "/components/0/settings",
       {"expected a list of settings"}},
      {"setting not object", with(small_catalogue(), s0, "count"), s0, {"expected an object"}},
      {"key missing", without(small_catalogue(), s0 + "/key"), s0, {"missing required field \"key\""}},
      {"kind missing", without(small_catalogue(), s0 + "/kind"), s0, {"missing required field \"kind\""}},
      {"unknown kind", with(small_catalogue(), s0 + "/kind", "text"), s0 + "/kind", {"unknown setting kind \"text\""}},
      {"default missing", without(small_catalogue(), s0 + "/default"), s0, {"missing required field \"default\""}},
      {"default out of range", with(small_catalogue(), s0 + "/default", 50), s0 + "/default", {"from 0 to 10", "got 50"}},
      {"min not a number", with(small_catalogue(), s0 + "/min", "0"), s0 + "/min", {"expected a number"}},
      {"unit not a string", with(small_catalogue(), s0 + "/unit", 3), s0 + "/unit", {"expected a string"}},
      {"duration min not a duration", with(small_catalogue(), "/components/0/settings/1/min", 0), "/components/0/settings/1/min",
       {"expected a duration such as"}},
      {"duration default out of range", with(small_catalogue(), "/components/0/settings/1/default", "2h"),
       "/components/0/settings/1/default", {"from 0ms to 1h", "got 2h"}},
      {"choice without choices", without(small_catalogue(), "/components/0/settings/2/choices"), "/components/0/settings/2/choices",
       {"non-empty list of options"}},
      {"choice with empty choices", with(small_catalogue(), "/components/0/settings/2/choices", json::array()),
       "/components/0/settings/2/choices", {"non-empty list of options"}},
      {"choice default not a choice", with(small_catalogue(), "/components/0/settings/2/default", "c"),
       "/components/0/settings/2/default", {"expected one of a, b", "got \"c\""}},
      {"unknown setting field", with(small_catalogue(), s0 + "/colour", 1), s0 + "/colour", {"unknown field \"colour\""}},
      {"unknown type field", with(small_catalogue(), "/components/0/colour", 1), "/components/0/colour", {"unknown field \"colour\""}},
      {"unknown top field", with(small_catalogue(), "/colour", 1), "/colour", {"unknown field \"colour\""}},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    check_error(catalogue_error(c.doc, f), f, c.path, c.says);
  }
}

TEST_CASE("catalogue: non-string choices are an InputError", "[loader]") {
  const json doc = with(small_catalogue(), "/components/0/settings/2/choices", {1, 2});
  Caught e;
  CHECK_NOTHROW(e = catalogue_error(doc));
  check_error(e, "cat.json", "/components/0/settings/2/choices/0", {"expected a string"});
}
