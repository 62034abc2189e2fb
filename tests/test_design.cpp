// Design files: saving a scenario's design, applying a design to its
// scenario, and every way a design can be wrong (each error names the design
// file and the JSON path inside it).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/command.h"
#include "backpressure/design_loader.h"
#include "backpressure/live_design.h"
#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"

using nlohmann::json;
using namespace bp;
using Catch::Matchers::Contains;

namespace {

const char* const kDesignFile = "my-design.json";

// A small scenario with a queue, an incident and an alert that name
// components, so a design can break them.
json scenario_doc() {
  return json::parse(R"({
    "format_version": 2,
    "id": "shop",
    "duration": "10s",
    "allowed_components": ["lb", "server", "postgres", "queue", "worker"],
    "traffic": {
      "entry": "web",
      "users": [{"at": "0s", "users": 60}],
      "actions": [{"name": "buy", "calls": [{"write": 1}, {"enqueue": "ship"}]}]
    },
    "jobs": [{"name": "ship", "max_attempts": 3}, {"name": "audit", "lane": "batch"}],
    "components": [
      {"id": "web", "type": "server", "targets": ["db", "jobs"]},
      {"id": "db", "type": "postgres"},
      {"id": "jobs", "type": "queue", "targets": ["packers"]},
      {"id": "packers", "type": "worker", "targets": ["db"]}
    ],
    "incidents": [{"id": "crash", "kind": "worker_crash", "at": "5s", "target": "packers"}],
    "alerts": [{"id": "deep", "metric": "jobs/queue", "above": 100, "for": "1s"}]
  })");
}

Scenario shop() { return load_scenario(scenario_doc(), "shop.json"); }

// The same wiring with more of everything, behind a load balancer.
json design_doc() {
  return json::parse(R"({
    "format_version": 1,
    "scenario": "shop",
    "title": "Bigger shop",
    "entry": "lb",
    "components": [
      {"id": "lb", "type": "lb", "targets": ["web"]},
      {"id": "web", "type": "server", "instances": 3, "timeout": "1s", "targets": ["db", "jobs"]},
      {"id": "db", "type": "postgres", "max_connections": 40},
      {"id": "jobs", "type": "queue", "dead_letter": true, "targets": ["packers"]},
      {"id": "packers", "type": "worker", "instances": 4, "targets": ["db"]}
    ],
    "jobs": [{"name": "ship", "max_attempts": 6, "backoff": "fixed"}]
  })");
}

json with(json doc, const std::string& pointer, const json& value) {
  doc[json::json_pointer(pointer)] = value;
  return doc;
}

struct Caught {
  std::string file, path, problem;
};

template <typename F>
Caught catch_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return {e.file(), e.path(), e.problem()};
  }
  FAIL("expected an InputError");
  return {};
}

Caught apply_error(const json& design, const json& scenario = scenario_doc()) {
  return catch_error([&] { apply_design(load_scenario(scenario, "shop.json"), parse_design(design, kDesignFile)); });
}

void check_error(const Caught& e, const std::string& file, const std::string& path,
                 const std::vector<std::string>& phrases) {
  INFO(e.file << ": " << e.path << ": " << e.problem);
  CHECK(e.file == file);
  CHECK(e.path == path);
  for (const auto& p : phrases) CHECK_THAT(e.problem, Contains(p));
}

}  // namespace

TEST_CASE("a design replaces the scenario's components, entry and job policies", "[design]") {
  const Scenario s = apply_design(shop(), parse_design(design_doc(), kDesignFile));
  REQUIRE(s.components.size() == 5);
  CHECK(s.traffic.entry == "lb");
  CHECK(s.find("web")->settings.integer("instances") == 3);
  CHECK(s.find("web")->settings.duration("timeout") == kSecond);
  CHECK(s.find("packers")->settings.integer("instances") == 4);
  CHECK(s.find("jobs")->settings.flag("dead_letter"));
  CHECK(s.jobs[0].max_attempts == 6);
  CHECK(s.jobs[0].backoff == JobSpec::Backoff::Fixed);
  // What the design does not mention stays the scenario's.
  CHECK(s.jobs[1].lane == JobSpec::Lane::Batch);
  CHECK(s.incidents.size() == 1);
  CHECK(s.alerts.size() == 1);
  CHECK(s.duration == 10 * kSecond);
}

TEST_CASE("overrides apply to the design, after it replaces the components", "[design]") {
  const Scenario s = apply_design(shop(), parse_design(design_doc(), kDesignFile),
                                  {parse_override("/components/4/instances=7")});
  CHECK(s.find("packers")->settings.integer("instances") == 7);
  const Caught e = catch_error([&] {
    apply_design(shop(), parse_design(design_doc(), kDesignFile), {parse_override("/components/4/instances=-1")});
  });
  check_error(e, kDesignFile, "/components/4/instances", {"got -1"});
}

TEST_CASE("a saved design applies back to the same design", "[design]") {
  const Scenario original = apply_design(shop(), parse_design(design_doc(), kDesignFile));
  const json saved = design_json(original, Catalogue::builtin(), "Saved");
  CHECK(saved["format_version"] == kDesignFormatVersion);
  CHECK(saved["scenario"] == "shop");
  CHECK(saved["title"] == "Saved");
  // Only settings that differ from the catalogue are written, as given.
  CHECK(saved["components"][1] ==
        json::parse(R"({"id": "web", "type": "server", "instances": 3, "timeout": "1s", "targets": ["db", "jobs"]})"));
  CHECK(saved["components"][0] == json::parse(R"({"id": "lb", "type": "lb", "targets": ["web"]})"));
  const Scenario again = apply_design(shop(), parse_design(saved, "saved.json"));
  REQUIRE(again.components.size() == original.components.size());
  for (std::size_t i = 0; i < again.components.size(); ++i) {
    const auto& a = again.components[i];
    const auto& b = original.components[i];
    CHECK(a.id == b.id);
    CHECK(a.type == b.type);
    CHECK(a.targets == b.targets);
    for (const auto& [key, value] : b.settings.all()) {
      INFO(a.id << "." << key);
      CHECK(a.settings.all().at(key).number == value.number);
      CHECK(a.settings.all().at(key).choice == value.choice);
    }
  }
  for (std::size_t j = 0; j < again.jobs.size(); ++j) {
    CHECK(again.jobs[j].max_attempts == original.jobs[j].max_attempts);
    CHECK(again.jobs[j].backoff == original.jobs[j].backoff);
    CHECK(again.jobs[j].backoff_base == original.jobs[j].backoff_base);
    CHECK(again.jobs[j].backoff_cap == original.jobs[j].backoff_cap);
    CHECK(again.jobs[j].jitter == original.jobs[j].jitter);
    CHECK(again.jobs[j].lane == original.jobs[j].lane);
  }
}

TEST_CASE("the shipped scenario's own design saves and applies", "[design]") {
  const Scenario s = load_scenario_file(std::string(BACKPRESSURE_SOURCE_DIR) + "/scenarios/silent_backlog.json");
  const Scenario again = apply_design(s, parse_design(design_json(s), "saved.json"));
  CHECK(again.components.size() == s.components.size());
  CHECK(again.find("fulfilment")->settings.integer("instances") == 1);
  CHECK(looks_like_design(design_json(s)));
  CHECK_FALSE(looks_like_design(s.source));
}

TEST_CASE("the live design saves as it stands after the player's commands", "[design]") {
  Simulator live(shop());
  auto submit = [&](Command c) {
    INFO(bp::command_name(c.kind) << " " << c.target);
    REQUIRE(live.submit(std::move(c)).empty());
  };
  live.advance(5);
  submit({bp::CommandKind::AddComponent, "", "", json::parse(R"({"id": "extra", "type": "worker", "targets": ["db"]})")});
  submit({bp::CommandKind::AddComponent, "", "", json::parse(R"({"id": "spare", "type": "worker", "targets": ["db"]})")});
  live.advance(1);
  submit({bp::CommandKind::Connect, "jobs", "extra", nullptr});
  submit({bp::CommandKind::Set, "web", "timeout", "1500ms"});
  submit({bp::CommandKind::Set, "extra", "instances", 3});
  submit({bp::CommandKind::SetJob, "ship", "max_attempts", 9});
  live.advance(1);
  submit({bp::CommandKind::RemoveComponent, "spare", "", nullptr});
  live.advance(1);

  const json saved = live_design_json(live, Catalogue::builtin(), "After the fire");
  CHECK(saved["title"] == "After the fire");
  std::vector<std::string> ids;
  for (const auto& c : saved["components"]) ids.push_back(c["id"].get<std::string>());
  CHECK(ids == std::vector<std::string>{"web", "db", "jobs", "packers", "extra"});  // "spare" was removed
  CHECK(saved["components"][0].value("timeout", json()) == json("1500ms"));  // written as the player gave it

  Simulator fresh(apply_design(live.scenario(), parse_design(saved, "saved.json")));
  std::vector<DesignComponent> now;
  for (const auto& c : live.design())
    if (!c.removed()) now.push_back(c);
  const auto again = fresh.design();
  REQUIRE(again.size() == now.size());
  for (std::size_t i = 0; i < again.size(); ++i) {
    INFO(now[i].id);
    CHECK(again[i].id == now[i].id);
    CHECK(again[i].type == now[i].type);
    CHECK(again[i].targets == now[i].targets);
    CHECK_FALSE(again[i].added());  // part of the fresh run's design from the start
    REQUIRE(again[i].settings.all().size() == now[i].settings.all().size());
    for (const auto& [key, value] : now[i].settings.all()) {
      INFO(key);
      CHECK(again[i].settings.all().at(key).number == value.number);
      CHECK(again[i].settings.all().at(key).choice == value.choice);
    }
  }
  REQUIRE(fresh.jobs().size() == live.jobs().size());
  CHECK(fresh.jobs()[0].max_attempts == 9);
  for (std::size_t j = 0; j < fresh.jobs().size(); ++j) {
    CHECK(fresh.jobs()[j].max_attempts == live.jobs()[j].max_attempts);
    CHECK(fresh.jobs()[j].backoff_base == live.jobs()[j].backoff_base);
    CHECK(fresh.jobs()[j].lane == live.jobs()[j].lane);
  }
}

TEST_CASE("a design saved while changes wait for the next step includes them", "[design]") {
  Simulator live(shop());
  live.advance(5);
  const json untouched = live_design_json(live);
  auto submit = [&](Command c) {
    INFO(bp::command_name(c.kind) << " " << c.target);
    REQUIRE(live.submit(std::move(c)).empty());
  };
  // A paused player: every change accepted, none applied yet.
  submit({bp::CommandKind::AddComponent, "", "", json::parse(R"({"id": "extra", "type": "worker", "instances": 3, "targets": ["db"]})")});
  submit({bp::CommandKind::Connect, "jobs", "extra", nullptr});
  submit({bp::CommandKind::Set, "web", "timeout", "1500ms"});
  submit({bp::CommandKind::Set, "packers", "instances", 4});
  submit({bp::CommandKind::SetJob, "ship", "max_attempts", 9});
  const json waiting = live_design_json(live);
  CHECK(waiting != untouched);
  live.advance(1);  // now they apply
  CHECK(waiting == live_design_json(live));
}

TEST_CASE("a design may carry the game's card layout, which the simulation ignores", "[design]") {
  const json with_layout = with(design_doc(), "/layout", json::parse(R"({"web": {"x": 120, "y": -8.5}, "gone": {"x": 1, "y": 2}})"));
  const Design d = parse_design(with_layout, kDesignFile);
  REQUIRE(d.layout.size() == 2);
  CHECK(d.layout.at("web").x == 120);
  CHECK(d.layout.at("web").y == -8.5);
  const Scenario s = apply_design(shop(), d);  // an id the design lacks is only a stale card
  CHECK(s.components.size() == 5);
  auto parse_error = [](const json& doc) { return catch_error([&] { parse_design(doc, kDesignFile); }); };
  check_error(parse_error(with(design_doc(), "/layout", json::array())), kDesignFile, "/layout", {"expected an object"});
  check_error(parse_error(with(design_doc(), "/layout", json::parse(R"({"web": {"x": "left", "y": 0}})"))), kDesignFile,
              "/layout/web/x", {"left"});
  check_error(parse_error(with(design_doc(), "/layout", json::parse(R"({"web": {"x": 1}})"))), kDesignFile,
              "/layout/web", {"\"y\""});
}

TEST_CASE("a design's own shape is checked when it is read", "[design]") {
  auto parse_error = [](const json& doc) { return catch_error([&] { parse_design(doc, kDesignFile); }); };
  check_error(parse_error(with(design_doc(), "/format_version", 2)), kDesignFile, "/format_version",
              {"newer Backpressure", "format 2"});
  json no_scenario = design_doc();
  no_scenario.erase("scenario");
  check_error(parse_error(no_scenario), kDesignFile, "", {"missing required field \"scenario\""});
  check_error(parse_error(with(design_doc(), "/components", json::array())), kDesignFile, "/components",
              {"non-empty list"});
  check_error(parse_error(with(design_doc(), "/colour", "blue")), kDesignFile, "/colour", {"unknown field"});
  check_error(parse_error(with(design_doc(), "/jobs/0/poison_share", 0.5)), kDesignFile, "/jobs/0/poison_share",
              {"unknown field", "max_attempts"});
  check_error(parse_error(with(design_doc(), "/jobs/1", json{{"name", "ship"}})), kDesignFile, "/jobs/1/name",
              {"listed twice"});
  check_error(parse_error(with(design_doc(), "/entry", 3)), kDesignFile, "/entry", {"expected a string"});
}

TEST_CASE("problems inside a design name the design file and its path", "[design]") {
  check_error(apply_error(with(design_doc(), "/components/4/instances", -2)), kDesignFile, "/components/4/instances",
              {"got -2"});
  check_error(apply_error(with(design_doc(), "/components/1/targets/0", "nowhere")), kDesignFile,
              "/components/1/targets/0", {"no component has the id \"nowhere\""});
  check_error(apply_error(with(design_doc(), "/jobs/0/max_attempts", -1)), kDesignFile, "/jobs/0/max_attempts",
              {"got -1"});
  check_error(apply_error(with(design_doc(), "/jobs/0/name", "parcel")), kDesignFile, "/jobs/0/name",
              {"no job type named \"parcel\""});
  check_error(apply_error(with(design_doc(), "/entry", "db")), kDesignFile, "/entry", {"not a postgres"});
  check_error(apply_error(with(design_doc(), "/scenario", "bank")), kDesignFile, "/scenario",
              {"made for scenario \"bank\"", "not \"shop\""});
}

TEST_CASE("a design must fit its scenario", "[design]") {
  SECTION("only the component types the scenario offers") {
    json d = design_doc();
    d["components"].push_back({{"id", "cache"}, {"type", "redis"}});
    check_error(apply_error(d), kDesignFile, "/components/5/type", {"does not offer a redis", "lb, server"});
  }
  SECTION("a scenario without a list offers every type") {
    json d = design_doc();
    d["components"].push_back({{"id", "cache"}, {"type", "redis"}});
    json open = scenario_doc();
    open.erase("allowed_components");
    CHECK_NOTHROW(apply_design(load_scenario(open, "shop.json"), parse_design(d, kDesignFile)));
  }
  SECTION("incidents and alerts aim at components the design must keep") {
    json renamed = with(design_doc(), "/components/4/id", "pickers");
    renamed["components"][3]["targets"] = {"pickers"};
    check_error(apply_error(renamed), kDesignFile, "/components",
                {"does not fit the scenario", "shop.json", "/incidents/0/target", "packers"});
  }
  SECTION("without an entry, the scenario's must still exist") {
    json d = design_doc();
    d.erase("entry");
    d["components"][1]["id"] = "front";
    d["components"][0]["targets"] = {"front"};
    check_error(apply_error(d), kDesignFile, "/components", {"no component has the id \"web\"", "\"entry\""});
  }
}

TEST_CASE("a scenario's own design must use allowed components", "[design]") {
  json doc = with(scenario_doc(), "/allowed_components", json{"server", "postgres", "queue"});
  const Caught e = catch_error([&] { load_scenario(doc, "shop.json"); });
  check_error(e, "shop.json", "/components/3/type", {"does not offer a worker"});
  check_error(catch_error([&] { load_scenario(with(scenario_doc(), "/allowed_components/0", "gpu"), "shop.json"); }),
              "shop.json", "/allowed_components/0", {"unknown component type \"gpu\""});
  check_error(catch_error([&] { load_scenario(with(scenario_doc(), "/format_version", 1), "shop.json"); }),
              "shop.json", "/allowed_components", {"needs \"format_version\": 2"});
}

TEST_CASE("format 2 metadata: pitch, briefing, difficulty, hints and interview questions", "[design][loader]") {
  json doc = scenario_doc();
  doc["pitch"] = "A shop that ships.";
  doc["briefing"] = "You run a shop.\nIt ships things.";
  doc["difficulty"] = "intermediate";
  doc["hints"] = {"Count the jobs.", "Watch the queue."};
  doc["interview_questions"] = {"What is backpressure?"};
  const Scenario s = load_scenario(doc, "shop.json");
  CHECK(s.pitch == "A shop that ships.");
  CHECK(s.briefing == "You run a shop.\nIt ships things.");
  CHECK(s.difficulty == "intermediate");
  CHECK(s.hints == std::vector<std::string>{"Count the jobs.", "Watch the queue."});
  CHECK(s.interview_questions == std::vector<std::string>{"What is backpressure?"});
  CHECK(s.allowed_components.size() == 5);

  const Scenario bare = load_scenario(json::parse(R"({"id": "bare", "traffic": {"entry": "web",
      "users": [{"at": "0s", "users": 1}], "actions": [{"name": "look"}]},
      "components": [{"id": "web", "type": "server"}]})"), "bare.json");
  CHECK(bare.pitch.empty());
  CHECK(bare.hints.empty());
  CHECK(bare.difficulty.empty());
  CHECK(bare.allowed_components.empty());
  CHECK(bare.allows("worker"));

  auto error = [&](const json& bad) { return catch_error([&] { load_scenario(bad, "shop.json"); }); };
  check_error(error(with(doc, "/pitch", "two\nlines")), "shop.json", "/pitch", {"one line"});
  check_error(error(with(doc, "/difficulty", "easy")), "shop.json", "/difficulty",
              {"introductory, intermediate, advanced", "\"easy\""});
  check_error(error(with(doc, "/hints", "Count the jobs.")), "shop.json", "/hints", {"list of sentences"});
  check_error(error(with(doc, "/hints/1", "")), "shop.json", "/hints/1", {"non-empty string"});
  check_error(error(with(doc, "/interview_questions/0", 3)), "shop.json", "/interview_questions/0",
              {"non-empty string", "3"});
  json old = with(doc, "/format_version", 1);
  old.erase("allowed_components");
  check_error(error(old), "shop.json", "/pitch", {"needs \"format_version\": 2", "declares 1"});
}
