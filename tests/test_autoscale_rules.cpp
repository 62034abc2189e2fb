// Autoscaling settings: the loader's checks of every new setting and of the
// rules between settings, and the same rules applied to commands. Expected
// messages name the settings' values from the documents built here.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/command.h"
#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"

#include "autoscale_docs.h"

using nlohmann::json;
using Catch::Matchers::Contains;
using autoscale_test::backlog_doc;
using autoscale_test::kWorker;

namespace {

const char* const kFile = "autoscale-test.json";

bp::Scenario load(const json& doc) { return bp::load_scenario(doc, kFile); }

}  // namespace

TEST_CASE("commands are held to the same rules between settings as scenario files", "[autoscale]") {
  json doc = backlog_doc();
  doc["components"][2]["targets"] = json::array();
  doc["components"][3]["autoscale"] = "off";
  doc["components"][3]["db_writes"] = 0;
  doc["components"].push_back({{"id", "fed"}, {"type", "worker"}, {"db_writes", 0}});
  doc["components"][2]["targets"].push_back("fed");
  bp::Simulator sim(load(doc));
  struct Refused {
    bp::Command command;
    std::vector<std::string> says;
  };
  const std::vector<Refused> cases = {
      {{bp::CommandKind::Set, "w", "min_instances", 9}, {"min_instances: must not be above max_instances (6), got 9"}},
      {{bp::CommandKind::Set, "w", "max_instances", 0}, {"max_instances: must not be below min_instances (1), got 0"}},
      {{bp::CommandKind::Set, "w", "scale_in_at", 200}, {"scale_in_at: must be below scale_out_at (200)", "got 200"}},
      {{bp::CommandKind::Set, "w", "scale_out_at", 5}, {"scale_out_at: must be above scale_in_at (10)", "got 5"}},
      {{bp::CommandKind::Set, "w", "autoscale", "utilization"}, {"autoscale:", "shares from 0 to 1", "scale_out_at is 200"}},
      {{bp::CommandKind::Set, "w", "autoscale", "queue_depth"}, {"autoscale: no queue points at \"w\"", "no queue_depth"}},
      {{bp::CommandKind::Set, "w", "cooldown", "2d"}, {"cooldown: expected a duration from 0ms to 24h"}},
      {{bp::CommandKind::Set, "w", "scale_step", 0}, {"scale_step: ", "from 1 to 1000"}},
      {{bp::CommandKind::Set, "web", "autoscale", "queue_depth"}, {"autoscale: expected one of off, utilization"}},
      {{bp::CommandKind::Set, "web", "min_instances", 20}, {"min_instances: must not be above max_instances (10), got 20"}},
  };
  for (const auto& c : cases) {
    INFO(c.command.to_json().dump());
    const std::string problem = sim.check(c.command);
    for (const auto& phrase : c.says) CHECK_THAT(problem, Contains(phrase));
  }
  CHECK(sim.check({bp::CommandKind::Set, "fed", "autoscale", "oldest_age"}) == "");
  CHECK(sim.check({bp::CommandKind::Set, "web", "scale_out_at", 0.9}) == "");
}

// ---------------------------------------------------------------- loader

namespace {
struct Caught {
  bool thrown = false;
  std::string file, path, problem;
};

Caught load_error(const json& doc) {
  try {
    bp::load_scenario(doc, kFile);
  } catch (const bp::InputError& e) {
    return {true, e.file(), e.path(), e.problem()};
  }
  return {};
}

json with(json doc, const std::string& pointer, json value) {
  doc[json::json_pointer(pointer)] = std::move(value);
  return doc;
}

json without(json doc, const std::string& pointer) {
  const json::json_pointer ptr(pointer);
  doc[ptr.parent_pointer()].erase(ptr.back());
  return doc;
}
}  // namespace

TEST_CASE("loader: the autoscaling settings and their defaults", "[autoscale][loader]") {
  json doc = backlog_doc();
  doc["components"][3] = json::parse(R"({"id": "w", "type": "worker", "targets": ["db"]})");
  const bp::Scenario s = load(doc);
  for (const char* type : {"worker", "server"}) {
    INFO(type);
    const bp::ComponentType* t = bp::Catalogue::builtin().find(type);
    REQUIRE(t != nullptr);
    const bp::ComponentSpec& c = *s.find(std::string(type) == "worker" ? "w" : "web");
    for (const char* key : {"autoscale", "scale_out_at", "scale_in_at", "min_instances", "max_instances", "scale_step",
                            "cooldown", "cold_start"}) {
      INFO(key);
      REQUIRE(t->find(key) != nullptr);
      CHECK(!t->find(key)->help.empty());
      CHECK(c.settings.has(key));
    }
    CHECK(c.settings.choice("autoscale") == "off");
    CHECK(t->find("autoscale")->default_value == "off");
  }
  // Servers scale on utilization only.
  CHECK(bp::Catalogue::builtin().find("server")->find("autoscale")->choices == std::vector<std::string>{"off", "utilization"});
}

TEST_CASE("loader: every autoscaling setting is checked and errors name its path", "[autoscale][loader]") {
  const std::string w = kWorker;
  const std::string web = "/components/0";
  json web_utilization = with(backlog_doc(), web + "/autoscale", "utilization");
  json no_queue = with(backlog_doc(), "/components/2/targets", json::array());
  struct Bad {
    const char* name;
    json doc;
    std::string path;
    std::vector<std::string> says;
  };
  const std::vector<Bad> cases = {
      {"unknown metric", with(backlog_doc(), w + "/autoscale", "cpu"), w + "/autoscale",
       {"expected one of off, queue_depth, oldest_age, utilization", "\"cpu\""}},
      {"metric not a string", with(backlog_doc(), w + "/autoscale", true), w + "/autoscale", {"expected one of", "true"}},
      {"server on queue depth", with(backlog_doc(), web + "/autoscale", "queue_depth"), web + "/autoscale",
       {"expected one of off, utilization", "\"queue_depth\""}},
      {"negative scale_out_at", with(backlog_doc(), w + "/scale_out_at", -1), w + "/scale_out_at", {"from 0 to", "got -1"}},
      {"scale_out_at as text", with(backlog_doc(), w + "/scale_out_at", "200"), w + "/scale_out_at", {"expected a number"}},
      {"negative scale_in_at", with(backlog_doc(), w + "/scale_in_at", -5), w + "/scale_in_at", {"from 0 to", "got -5"}},
      {"negative min_instances", with(backlog_doc(), w + "/min_instances", -1), w + "/min_instances",
       {"from 0 to 1000", "got -1"}},
      {"too many max_instances", with(backlog_doc(), w + "/max_instances", 1001), w + "/max_instances",
       {"from 0 to 1000", "got 1001"}},
      {"fractional max_instances", with(backlog_doc(), w + "/max_instances", 2.5), w + "/max_instances", {"whole number"}},
      {"zero scale_step", with(backlog_doc(), w + "/scale_step", 0), w + "/scale_step", {"from 1 to 1000", "got 0"}},
      {"cooldown too long", with(backlog_doc(), w + "/cooldown", "2d"), w + "/cooldown", {"from 0ms to 24h", "got 2d"}},
      {"cooldown as a number", with(backlog_doc(), w + "/cooldown", 30), w + "/cooldown", {"expected a duration such as"}},
      {"cold_start too long", with(backlog_doc(), w + "/cold_start", "2h"), w + "/cold_start", {"from 0ms to 1h", "got 2h"}},
      {"server cold_start as a number", with(backlog_doc(), web + "/cold_start", 10), web + "/cold_start",
       {"expected a duration such as"}},
      // Rules between settings, pinned on a setting the author wrote.
      {"min above max", with(backlog_doc(), w + "/min_instances", 8), w + "/min_instances",
       {"must not be above max_instances (6), got 8"}},
      {"max below the default min", with(without(backlog_doc(), w + "/min_instances"), w + "/max_instances", 0),
       w + "/max_instances", {"must not be below min_instances (1), got 0"}},
      {"server min above max, autoscale off", with(backlog_doc(), web + "/min_instances", 11), web + "/min_instances",
       {"must not be above max_instances (10), got 11"}},
      {"scale_in_at above scale_out_at", with(backlog_doc(), w + "/scale_in_at", 300), w + "/scale_in_at",
       {"must be below scale_out_at (200)", "got 300"}},
      {"equal thresholds", with(backlog_doc(), w + "/scale_in_at", 200), w + "/scale_in_at",
       {"must be below scale_out_at (200)", "holds between the two"}},
      {"scale_out_at below the default scale_in_at", with(without(backlog_doc(), w + "/scale_in_at"), w + "/scale_out_at", 50),
       w + "/scale_out_at", {"must be above scale_in_at (100)", "got 50"}},
      {"utilization threshold above 1", with(web_utilization, web + "/scale_out_at", 80), web + "/scale_out_at",
       {"shares from 0 to 1", "got 80"}},
      {"utilization with the worker's depth thresholds",
       with(without(without(backlog_doc(), w + "/scale_out_at"), w + "/scale_in_at"), w + "/autoscale", "utilization"),
       w + "/autoscale", {"shares from 0 to 1", "scale_out_at is 1000"}},
      {"utilization with min 0", with(web_utilization, web + "/min_instances", 0), web + "/min_instances",
       {"at least 1", "no utilization to scale out on"}},
      {"queue metric without a queue", no_queue, w + "/autoscale",
       {"worker \"w\" scales on the queue_depth of the queue that feeds it", "no queue points at it"}},
      {"oldest_age without a queue", with(no_queue, w + "/autoscale", "oldest_age"), w + "/autoscale",
       {"oldest_age", "no queue points at it"}},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    const Caught e = load_error(c.doc);
    REQUIRE(e.thrown);
    CHECK(e.file == kFile);
    CHECK(e.path == c.path);
    for (const auto& phrase : c.says) CHECK_THAT(e.problem, Contains(phrase));
  }
  SECTION("utilization needs no queue, and a worker without a queue may autoscale on it") {
    json ok = with(no_queue, w + "/autoscale", "utilization");
    ok = with(with(ok, w + "/scale_out_at", 0.8), w + "/scale_in_at", 0.2);
    CHECK_NOTHROW(load(ok));
    CHECK_NOTHROW(load(with(web_utilization, web + "/scale_out_at", 1)));
  }
}
