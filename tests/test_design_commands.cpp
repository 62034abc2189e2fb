// Design changes mid-run: add_component, remove_component, connect and
// disconnect. Each is applied and refused (with its reason and no change),
// and changes what the run does: a new worker drains a backlog, a removed
// component fails or hands back its work, edges move requests, a log of
// design changes replays byte for byte, and a new component leaves the
// random numbers every other component sees as they were.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/command.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"

#include "autoscale_docs.h"

using nlohmann::json;
using Catch::Matchers::Contains;

namespace {

// Users view (one read) and sign up (a write and a welcome email): 100 users
// make 10 actions/s, 2 of them signups. One worker with one slot takes 1 s
// per email, so the queue backs up by about one job a second from the start.
json shop_doc() {
  return json::parse(R"({
    "format_version": 1,
    "id": "design-test",
    "seed": 7,
    "duration": "20m",
    "step": "1s",
    "traffic": {"entry": "lb", "users": [{"at": "0s", "users": 100}], "actions_per_user_per_minute": 6,
                "actions": [{"name": "view", "weight": 4, "calls": [{"read": 1}]},
                            {"name": "signup", "weight": 1, "calls": [{"write": 1}, {"enqueue": "email"}]}]},
    "jobs": [{"name": "email", "max_attempts": 0}],
    "components": [
      {"id": "lb", "type": "lb", "targets": ["web"]},
      {"id": "web", "type": "server", "instances": 2, "targets": ["db", "jobs"]},
      {"id": "db", "type": "postgres"},
      {"id": "jobs", "type": "queue", "targets": ["w"]},
      {"id": "w", "type": "worker", "instances": 1, "concurrency": 1, "job_time": "1s", "db_writes": 0}
    ]
  })");
}

bp::Scenario load(const json& doc) { return bp::load_scenario(doc, "design-test.json"); }

bp::Command add_cmd(json component) { return {bp::CommandKind::AddComponent, "", "", std::move(component)}; }
bp::Command remove_cmd(const std::string& id) { return {bp::CommandKind::RemoveComponent, id, "", nullptr}; }
bp::Command connect_cmd(const std::string& from, const std::string& to) { return {bp::CommandKind::Connect, from, to, nullptr}; }
bp::Command disconnect_cmd(const std::string& from, const std::string& to) { return {bp::CommandKind::Disconnect, from, to, nullptr}; }

const bp::DesignComponent* find(const std::vector<bp::DesignComponent>& design, const std::string& id) {
  for (const auto& c : design)
    if (c.id == id) return &c;
  return nullptr;
}

std::vector<std::string> targets_of(const bp::Simulator& sim, const std::string& id) {
  const auto design = sim.design();
  const auto* c = find(design, id);
  return c ? c->targets : std::vector<std::string>{"<absent>"};
}

double last(const bp::Simulator& sim, const std::string& component, const std::string& series) {
  const bp::Series* s = sim.find_series(component, series);
  REQUIRE(s);
  return s->last();
}

// Steps, applies what was submitted, and checks it was applied.
void apply(bp::Simulator& sim, const bp::Command& c) {
  INFO(c.to_json().dump());
  REQUIRE(sim.submit(c) == "");
  const auto logged = sim.command_log().size();
  sim.advance(1);
  REQUIRE(sim.command_log().size() == logged + 1);
}

std::string design_text(const bp::Simulator& sim) {
  json out = json::array();
  for (const auto& c : sim.design()) out.push_back({c.id, c.type, c.targets, c.added_at_step, c.removed_at_step});
  return out.dump();
}

}  // namespace

TEST_CASE("each design command applies at the next step and shows in the design", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.advance(10);

  apply(sim, add_cmd({{"id", "w2"}, {"type", "worker"}, {"db_writes", 0}}));
  const auto design = sim.design();
  const auto* w2 = find(design, "w2");
  REQUIRE(w2);
  CHECK(w2->type == "worker");
  CHECK(w2->added_at_step == 10);
  CHECK_FALSE(w2->removed());
  CHECK_FALSE(find(design, "web")->added());

  apply(sim, connect_cmd("jobs", "w2"));
  CHECK(targets_of(sim, "jobs") == std::vector<std::string>{"w", "w2"});
  apply(sim, disconnect_cmd("jobs", "w"));
  CHECK(targets_of(sim, "jobs") == std::vector<std::string>{"w2"});
  apply(sim, remove_cmd("w"));
  const auto after = sim.design();
  CHECK(find(after, "w")->removed_at_step == 13);
  // Scaling still goes through `set instances`, on an added component too.
  apply(sim, {bp::CommandKind::Set, "w2", "instances", 3});
  const auto statuses = sim.components();
  for (const auto& s : statuses)
    if (s.id == "w2") CHECK(s.units == 3);
  CHECK(bp::make_report(sim)["components"]["w2"]["scaling_events"].size() == 2);  // 0 -> 1 when added, 1 -> 3

  CHECK(sim.command_log().size() == 5);
  CHECK(sim.command_log()[0].step == 10);
  CHECK(sim.command_log()[0].kind == bp::CommandKind::AddComponent);
}

TEST_CASE("refused design commands say why and change nothing", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.advance(5);
  apply(sim, remove_cmd("w"));
  const std::string before = design_text(sim);
  struct Refused {
    bp::Command command;
    std::string says;
  };
  const std::vector<Refused> cases = {
      {remove_cmd("cdn"), "no component has the id \"cdn\""},
      {remove_cmd("w"), "\"w\" was removed at step 5"},
      {connect_cmd("lb", "nowhere"), "no component has the id \"nowhere\""},
      {add_cmd({{"id", "web"}, {"type", "server"}}), "/value/id: something is already called \"web\""},
      {add_cmd({{"id", "w"}, {"type", "worker"}}), "/value/id: \"w\" belonged to a component removed at step 5"},
      {add_cmd({{"id", "edge"}, {"type", "cdn"}}), "/value/type: unknown component type \"cdn\""},
      {add_cmd({{"id", "Big Web"}, {"type", "server"}}), "/value/id: ids use lowercase letters"},
      {add_cmd({{"id", "web2"}, {"type", "server"}, {"slots", 0}}), "/value/slots: "},
      {add_cmd({{"id", "web2"}, {"type", "server"}, {"colour", "red"}}), "/value/colour"},
      {add_cmd({{"id", "web2"}, {"type", "server"}, {"targets", {"lb"}}}),
       "/value/targets/0: a server cannot send work to a lb (\"lb\")"},
      {add_cmd({{"id", "w3"}, {"type", "worker"}, {"db_writes", 2}}),
       "worker \"w3\" writes to the database (db_writes), but points at no postgres"},
      {connect_cmd("jobs", "web"), "a queue cannot send work to a server (\"web\")"},
      {connect_cmd("web", "web"), "a component cannot point at itself"},
      {connect_cmd("lb", "web"), "\"lb\" already sends work to \"web\""},
      {disconnect_cmd("lb", "db"), "\"lb\" does not send work to \"db\""},
      {{bp::CommandKind::Set, "w", "instances", 2}, "\"w\" was removed at step 5"},
  };
  for (const auto& c : cases) {
    INFO(c.command.to_json().dump());
    CHECK_THAT(sim.submit(c.command), Contains(c.says));
  }
  const auto logged = sim.command_log().size();
  sim.advance(1);
  CHECK(sim.command_log().size() == logged);
  CHECK(design_text(sim) == before);
}

TEST_CASE("design changes are held to the loader's rules on the design they leave", "[design]") {
  json doc = shop_doc();
  doc["components"][4]["db_writes"] = 1;
  doc["components"][4]["targets"] = {"db"};
  doc["components"].push_back({{"id", "ro"}, {"type", "replica"}});
  bp::Simulator sim(load(doc));
  CHECK_THAT(sim.check(remove_cmd("db")),
             Contains("cannot remove \"db\": without it, worker \"w\" writes to the database (db_writes), but points at no postgres"));
  CHECK_THAT(sim.check(disconnect_cmd("w", "db")), Contains("cannot disconnect: without the link, worker \"w\" writes"));
  CHECK_THAT(sim.check(add_cmd({{"id", "db2"}, {"type", "postgres"}})),
             Contains("a replica copies the primary, so the design needs exactly one postgres"));
  CHECK(sim.check(connect_cmd("web", "ro")) == "");
  CHECK(sim.check(add_cmd({{"id", "w2"}, {"type", "worker"}, {"targets", {"db"}}})) == "");
  CHECK_THAT(sim.check(connect_cmd("web", "db")), Contains("\"web\" already sends work to \"db\""));
  // A worker that scales on its queue needs one, mid-run as in a file.
  apply(sim, {bp::CommandKind::Set, "w", "autoscale", "queue_depth"});
  CHECK_THAT(sim.check(remove_cmd("jobs")),
             Contains("cannot remove \"jobs\": without it, worker \"w\" scales on the queue_depth of the queue that feeds it"));
  // A worker that starts writing needs a postgres, as in a file.
  apply(sim, add_cmd({{"id", "w3"}, {"type", "worker"}, {"db_writes", 0}}));
  CHECK_THAT(sim.check({bp::CommandKind::Set, "w3", "db_writes", 2}),
             Contains("db_writes: worker \"w3\" writes to the database (db_writes), but points at no postgres"));
}

TEST_CASE("a worker added to a backlogged queue drains it", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.run_until(5 * bp::kMinute);
  const double backlog = last(sim, "jobs", "queue");
  REQUIRE(backlog > 100);  // about one email a second more than the worker does

  apply(sim, add_cmd({{"id", "w2"}, {"type", "worker"}, {"instances", 4}, {"concurrency", 4}, {"job_time", "1s"},
                  {"db_writes", 0}}));
  apply(sim, connect_cmd("jobs", "w2"));
  sim.run_until(10 * bp::kMinute);
  CHECK(last(sim, "jobs", "queue") < 5);
  const json report = bp::make_report(sim);
  CHECK(report["components"]["w2"]["completions"].get<std::uint64_t>() > static_cast<std::uint64_t>(backlog));
  CHECK(report["components"]["w2"]["added_at_step"] == 300);
}

TEST_CASE("a component added mid-run has padded series and pays only while it exists", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.advance(60);
  apply(sim, add_cmd({{"id", "w2"}, {"type", "worker"}, {"db_writes", 0}}));
  apply(sim, connect_cmd("jobs", "w2"));
  sim.advance(100);
  const bp::Series* s = sim.find_series("w2", "completions");
  REQUIRE(s);
  CHECK(s->steps() == sim.step_index());
  REQUIRE(s->points().size() == 162);  // one point per step this early in a run
  for (std::size_t i = 0; i < 60; ++i) CHECK(s->points()[i].samples == 0);
  CHECK(s->points()[60].samples == 1);
  // One instance each at the same price: w2 is billed for the 102 of the 162
  // steps it existed.
  double w_cost = 0, w2_cost = 0;
  for (const auto& c : sim.components()) {
    if (c.id == "w") w_cost = c.cost;
    if (c.id == "w2") w2_cost = c.cost;
  }
  REQUIRE(w_cost > 0);
  CHECK(w2_cost == Approx(w_cost * 102.0 / 162.0).epsilon(1e-9));
}

TEST_CASE("removing a worker hands its jobs back and stops its bill", "[design]") {
  json doc = shop_doc();
  doc["components"][3]["targets"] = {"w", "w2"};
  // w2 is always busy: the two together do 1.4 of the 2 emails a second.
  doc["components"].push_back(
      {{"id", "w2"}, {"type", "worker"}, {"instances", 2}, {"concurrency", 2}, {"job_time", "10s"}, {"db_writes", 0}});
  bp::Simulator sim(load(doc));
  sim.advance(120);
  apply(sim, remove_cmd("w2"));
  const auto changes = sim.design_changes();
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].step == 120);
  CHECK(changes[0].change == "remove_component w2");
  CHECK_THAT(changes[0].note, Contains("jobs in progress go back to queue \"jobs\""));
  CHECK(targets_of(sim, "jobs") == std::vector<std::string>{"w"});
  const double cost_at_removal = bp::make_report(sim)["components"]["w2"]["cost_usd"].get<double>();
  const auto done_at_removal = bp::make_report(sim)["components"]["w2"]["completions"].get<std::uint64_t>();
  sim.advance(200);
  const json report = bp::make_report(sim);
  CHECK(report["components"]["w2"]["cost_usd"].get<double>() == cost_at_removal);
  CHECK(report["components"]["w2"]["completions"].get<std::uint64_t>() == done_at_removal);
  CHECK(report["components"]["w2"]["removed_at_step"] == 120);
  CHECK(report["components"]["w2"]["units_at_end"] == 0);
  CHECK(report["design_changes"].size() == 1);
  // Its history stays: every series still has a value slot per step, empty
  // from the removal on.
  const bp::Series* s = sim.find_series("w2", "completions");
  REQUIRE(s);
  CHECK(s->steps() == sim.step_index());
  CHECK(std::isnan(s->last()));
  // Nothing was lost: every job is waiting, being worked or done.
  const auto& q = report["components"]["jobs"];
  CHECK(q["lost"] == 0);
  CHECK(q["published"].get<double>() ==
        q["done"].get<double>() + q["depth_at_end"].get<double>() + last(sim, "w", "in_flight"));
}

TEST_CASE("removing the only server fails requests with no_server and is reported", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.advance(30);
  const auto no_server_before = sim.totals().no_server;
  apply(sim, remove_cmd("web"));
  const auto changes = sim.design_changes();
  REQUIRE(changes.size() == 1);
  CHECK_THAT(changes[0].note, Contains("the load balancer \"lb\" points at no server"));
  CHECK(targets_of(sim, "lb").empty());
  const auto ok = sim.totals().ok;
  sim.advance(60);
  CHECK(sim.totals().ok == ok);
  CHECK(sim.totals().no_server > no_server_before + 100);
  // Put a server back: requests succeed again.
  apply(sim, add_cmd({{"id", "web2"}, {"type", "server"}, {"targets", {"db", "jobs"}}}));
  apply(sim, connect_cmd("lb", "web2"));
  CHECK_THAT(sim.design_changes().back().note, Contains("every request can be served again"));
  sim.advance(60);
  CHECK(sim.totals().ok > ok + 100);
}

TEST_CASE("removing a queue with jobs loses them and fails the requests that enqueue", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.advance(180);
  const double waiting = last(sim, "jobs", "queue");
  REQUIRE(waiting > 50);
  apply(sim, remove_cmd("jobs"));
  const auto note = sim.design_changes().back().note;
  CHECK_THAT(note, Contains("waiting jobs lost"));
  CHECK_THAT(note, Contains("server \"web\" handles actions that enqueue jobs, but points at no queue"));
  sim.advance(120);
  const json report = bp::make_report(sim);
  CHECK(report["components"]["jobs"]["lost_on_removal"].get<double>() >= waiting);
  CHECK(report["requests"]["errors"]["not_connected"].get<std::uint64_t>() > 10);
  CHECK(sim.totals().not_connected == report["requests"]["errors"]["not_connected"].get<std::uint64_t>());
  // Views still work.
  CHECK(sim.totals().ok > 0);
}

TEST_CASE("connect and disconnect change where requests go", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.advance(30);
  apply(sim, add_cmd({{"id", "web2"}, {"type", "server"}, {"targets", {"db", "jobs"}}}));
  sim.advance(30);
  const auto arrivals = [&](const std::string& id) {
    for (const auto& s : sim.components())
      if (s.id == id) return s.arrivals;
    return std::uint64_t{0};
  };
  CHECK(arrivals("web2") == 0);  // not behind the balancer yet
  apply(sim, connect_cmd("lb", "web2"));
  sim.advance(60);
  const auto web_before = arrivals("web"), web2_before = arrivals("web2");
  CHECK(web2_before > 100);
  apply(sim, disconnect_cmd("lb", "web"));
  sim.advance(60);
  CHECK(arrivals("web") == web_before);
  CHECK(arrivals("web2") > web2_before + 200);
}

TEST_CASE("a component added mid-run leaves the arrivals every source sees unchanged", "[design]") {
  // Common random numbers: the new server draws from its own stream, so the
  // users' arrivals and the action mix are the same draw for draw.
  bp::Simulator plain(load(shop_doc()));
  bp::Simulator changed(load(shop_doc()));
  plain.advance(100);
  changed.advance(100);
  apply(changed, add_cmd({{"id", "web2"}, {"type", "server"}, {"targets", {"db", "jobs"}}}));
  apply(changed, connect_cmd("lb", "web2"));
  plain.run_to_end();
  changed.run_to_end();
  const bp::Series* a = plain.find_series("traffic", "arrivals");
  const bp::Series* b = changed.find_series("traffic", "arrivals");
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(a->points().size() == b->points().size());
  for (std::size_t i = 0; i < a->points().size(); ++i) {
    INFO("point " << i);
    CHECK(a->points()[i].mean == b->points()[i].mean);
  }
  // ...and the change did change the run.
  CHECK(bp::make_report(plain)["components"]["web"]["arrivals"] != bp::make_report(changed)["components"]["web"]["arrivals"]);
}

TEST_CASE("a command log with design changes replays to the same report", "[design]") {
  const bp::Scenario scenario = load(shop_doc());
  bp::Simulator first(scenario);
  first.advance(40);
  first.submit(add_cmd({{"id", "w2"}, {"type", "worker"}, {"instances", 2}, {"db_writes", 0}}));
  first.advance(1);
  first.submit(connect_cmd("jobs", "w2"));
  first.advance(100);
  first.submit(remove_cmd("w"));
  first.submit(add_cmd({{"id", "web2"}, {"type", "server"}, {"targets", {"db"}}}));
  first.advance(1);
  first.submit(connect_cmd("lb", "web2"));
  first.advance(50);
  first.submit(disconnect_cmd("web", "jobs"));
  first.run_to_end();
  REQUIRE(first.command_log().size() == 6);

  // Entries at one step apply in order, each checked after the ones before.
  const json log = bp::command_log_json(first.command_log());
  bp::Simulator replay(scenario);
  replay.set_script(bp::parse_command_script(log, "log.json", scenario), "log.json");
  replay.run_to_end();
  CHECK(bp::make_report(replay).dump(2) == bp::make_report(first).dump(2));
  CHECK(bp::command_log_json(replay.command_log()).dump() == log.dump());
}

TEST_CASE("a script may add a component and connect it at the same step", "[design]") {
  const bp::Scenario scenario = load(shop_doc());
  const json script = json::parse(R"({"format_version": 1, "commands": [
    {"at": "1m", "type": "add_component", "value": {"id": "w2", "type": "worker", "db_writes": 0}},
    {"at": "1m", "type": "connect", "target": "jobs", "key": "w2"},
    {"at": "2m", "type": "connect", "target": "jobs", "key": "lb"}
  ]})");
  bp::Simulator sim(scenario);
  sim.set_script(bp::parse_command_script(script, "s.json", scenario), "s.json");
  try {
    sim.run_to_end();
    FAIL("the third command should be refused");
  } catch (const bp::InputError& e) {
    CHECK(e.file() == "s.json");
    CHECK(e.path() == "/commands/2");
    CHECK_THAT(e.problem(), Contains("a queue cannot send work to a lb (\"lb\")"));
  }
  CHECK(targets_of(sim, "jobs") == std::vector<std::string>{"w", "w2"});
}

TEST_CASE("taking the default scenario apart piece by piece keeps the run consistent", "[design]") {
  const bp::Scenario scenario = bp::load_scenario_file(std::string(BACKPRESSURE_SOURCE_DIR) + "/scenarios/silent_backlog.json");
  bp::Simulator sim(scenario);
  sim.run_until(30 * bp::kMinute);
  // The database goes last: the worker writes to it, so it is refused first.
  CHECK_THAT(sim.check(remove_cmd("db")), Contains("cannot remove \"db\": without it, worker \"fulfilment\" writes"));
  const std::vector<std::string> order = {"cache", "fulfilment", "jobs", "web", "lb", "db"};
  for (const auto& id : order) {
    INFO("removing " << id);
    apply(sim, remove_cmd(id));
    sim.advance(3000);
    const bp::RequestTotals t = sim.totals();
    std::uint64_t sent = 0;
    for (const auto& c : sim.components())
      if (c.id == "traffic") sent = c.arrivals;
    // Every request the users sent is answered or still in progress.
    CHECK(t.ok + t.failed <= sent);
    CHECK(t.ok + t.failed + sim.live_requests() >= sent);
  }
  for (const auto& c : sim.design()) CHECK(c.removed());
  const auto ok = sim.totals().ok;
  sim.advance(600);
  CHECK(sim.totals().ok == ok);
  CHECK_THAT(sim.design_changes()[4].note, Contains("users arrive at \"lb\", which is gone"));
  const json report = bp::make_report(sim);
  CHECK(report["design_changes"].size() == order.size());
  CHECK(report["components"]["db"]["removed_at_step"].get<std::int64_t>() > 0);
}

TEST_CASE("removing the queue a batch upload feeds, and its autoscaled worker, mid-upload", "[design]") {
  bp::Simulator sim(bp::load_scenario(autoscale_test::backlog_doc(), "autoscale-test.json"));
  sim.run_until(3 * bp::kMinute);
  REQUIRE(last(sim, "jobs", "queue") > 1000);
  apply(sim, remove_cmd("w"));
  CHECK_THAT(sim.design_changes().back().note, Contains("jobs in progress go back to queue \"jobs\""));
  apply(sim, remove_cmd("jobs"));
  CHECK_THAT(sim.design_changes().back().note, Contains("waiting jobs lost"));
  sim.run_to_end();
  const json report = bp::make_report(sim);
  CHECK(report["components"]["jobs"]["lost_on_removal"].get<double>() > 1000);
  CHECK(report["components"]["jobs"]["depth_at_end"] == 0);
  // The worker's bill stopped: it never scaled again after it went.
  CHECK(report["components"]["w"]["units_at_end"] == 0);
  for (const auto& e : report["components"]["w"]["scaling_events"])
    CHECK(e["at_s"].get<double>() <= 181.0);
}

TEST_CASE("a worker disconnected from its queue still reports the jobs it holds", "[design]") {
  json doc = shop_doc();
  doc["components"][4]["job_time"] = "20s";
  doc["components"][4]["concurrency"] = 8;
  bp::Simulator sim(load(doc));
  sim.advance(60);
  REQUIRE(last(sim, "w", "in_flight") == 8);
  apply(sim, add_cmd({{"id", "w2"}, {"type", "worker"}, {"concurrency", 40}, {"job_time", "100ms"}, {"db_writes", 0},
                      {"cold_start", "0s"}}));
  apply(sim, connect_cmd("jobs", "w2"));
  apply(sim, disconnect_cmd("jobs", "w"));
  sim.advance(60);
  // w finished its 8 jobs after the cut and took no more; the queue heard of
  // every one, so nothing was lost and every job is accounted for.
  CHECK(last(sim, "w", "in_flight") == 0);
  const json report = bp::make_report(sim);
  const auto& q = report["components"]["jobs"];
  CHECK(q["lost"] == 0);
  CHECK(q["published"].get<double>() ==
        q["done"].get<double>() + q["depth_at_end"].get<double>() + last(sim, "w2", "in_flight"));
  CHECK(report["components"]["w"]["completions"].get<std::uint64_t>() ==
        report["components"]["w"]["arrivals"].get<std::uint64_t>());
}

TEST_CASE("a player can add a component and connect it before the clock moves", "[design]") {
  bp::Simulator sim(load(shop_doc()));
  sim.advance(5);
  CHECK(sim.submit(add_cmd({{"id", "w2"}, {"type", "worker"}, {"db_writes", 0}})) == "");
  CHECK(sim.submit(connect_cmd("jobs", "w2")) == "");
  CHECK(sim.submit(remove_cmd("w")) == "");
  // Checked against the design the accepted commands will leave.
  CHECK_THAT(sim.submit(add_cmd({{"id", "w2"}, {"type", "worker"}})), Contains("something is already called \"w2\""));
  CHECK_THAT(sim.submit(connect_cmd("jobs", "w")), Contains("\"w\" is already being removed"));
  CHECK_THAT(sim.submit(connect_cmd("jobs", "w2")), Contains("\"jobs\" already sends work to \"w2\""));
  CHECK(sim.design().size() == 5);  // nothing applies before the boundary
  sim.advance(1);
  CHECK(sim.command_log().size() == 3);
  CHECK(targets_of(sim, "jobs") == std::vector<std::string>{"w2"});
}

TEST_CASE("random design changes keep the run consistent", "[design]") {
  // Whatever a player builds or tears down, every request the users send is
  // answered or still in progress, every edge joins two components that are
  // there, and the run replays from its log.
  const bp::Scenario scenario =
      bp::load_scenario_file(std::string(BACKPRESSURE_SOURCE_DIR) + "/scenarios/silent_backlog.json");
  const std::vector<std::string> types = {"lb", "server", "postgres", "replica", "redis", "queue", "worker"};
  std::mt19937 pick(2024);  // the engine's sequence is fixed by the standard
  const auto any = [&](std::size_t n) { return static_cast<std::size_t>(pick() % n); };
  bp::Simulator sim(scenario);
  sim.run_until(10 * bp::kMinute);
  int accepted = 0, added = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> live;
    for (const auto& c : sim.design())
      if (!c.removed()) live.push_back(c.id);
    bp::Command c;
    switch (any(5)) {
      case 0:
      case 1: {
        std::string id = "x";
        id += std::to_string(added++);
        json component = {{"id", id}, {"type", types[any(types.size())]}};
        if (component["type"] == "worker") component["db_writes"] = 0;
        c = add_cmd(component);
        break;
      }
      case 2:
        if (live.empty()) continue;
        c = remove_cmd(live[any(live.size())]);
        break;
      default:
        if (live.empty()) continue;
        c = any(3) ? connect_cmd(live[any(live.size())], live[any(live.size())])
                   : disconnect_cmd(live[any(live.size())], live[any(live.size())]);
    }
    accepted += sim.submit(c).empty();
    sim.advance(1 + static_cast<std::int64_t>(any(200)));
  }
  REQUIRE(accepted > 50);
  const bp::RequestTotals t = sim.totals();
  std::uint64_t sent = 0;
  for (const auto& c : sim.components())
    if (c.id == "traffic") sent = c.arrivals;
  CHECK(t.ok + t.failed <= sent);
  CHECK(t.ok + t.failed + sim.live_requests() >= sent);
  const auto design = sim.design();
  for (const auto& c : design) {
    if (c.removed()) CHECK(c.targets.empty());
    for (const auto& target : c.targets) {
      INFO(c.id << " -> " << target);
      const auto* to = find(design, target);
      REQUIRE(to);
      CHECK_FALSE(to->removed());
    }
  }
  const json log = bp::command_log_json(sim.command_log());
  const std::int64_t steps = sim.step_index();
  bp::Simulator replay(scenario);
  replay.set_script(bp::parse_command_script(log, "log.json", scenario), "log.json");
  replay.advance(steps);
  CHECK(bp::make_report(replay).dump() == bp::make_report(sim).dump());
}
