// Talking points: the sentences come from the run, so each test makes the
// run tell a different story (nothing wrong, a silent backlog, backpressure
// reaching users, a player's fix) and checks the sentences follow it, with
// numbers checked against the run's own report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <string>

#include "backpressure/command.h"
#include "backpressure/report.h"
#include "grading/talking_points.h"
#include "rca_scenario.h"

using nlohmann::json;

namespace {

std::string all_points(const json& report) {
  std::string out;
  for (const auto& p : report["talking_points"]) out += p.get<std::string>() + "\n";
  return out;
}

bool says(const json& report, const std::string& words) { return all_points(report).find(words) != std::string::npos; }

// One worker running one job at a time: about 5 jobs a second against 10.
json too_few_doc() {
  json doc = rca_test::base_doc();
  doc["components"][3]["instances"] = 1;
  doc["components"][3]["concurrency"] = 1;
  return doc;
}

json run(const json& doc) {
  bp::Simulator sim(rca_test::load(doc));
  sim.run_to_end();
  return bp::make_report(sim);
}

double number_after(const std::string& text, const std::string& lead) {
  const std::regex re(lead + " ([0-9,]+)");
  std::smatch m;
  REQUIRE(std::regex_search(text, m, re));
  std::string digits = m[1];
  digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  return std::stod(digits);
}

}  // namespace

TEST_CASE("A healthy run says nothing backed up, and nothing more", "[talking]") {
  const json r = run(rca_test::base_doc());
  INFO(all_points(r));
  REQUIRE(r["talking_points"].size() == 1);
  CHECK(says(r, "Nothing backed up"));
}

TEST_CASE("A silent backlog: the growth rate, that users never felt it, and that no one intervened", "[talking]") {
  const json r = run(too_few_doc());
  const std::string text = all_points(r);
  INFO(text);
  CHECK(says(r, "too few consumers on jobs"));
  // The stated growth rate matches the run's totals: what was published and
  // not done, over the run (the backlog grows from the first minute).
  const double rate = number_after(text, "grew by about");
  const auto& q = r["components"]["jobs"];
  const double per_minute = (q["published"].get<double>() - q["done"].get<double>()) / (r["simulated_seconds"].get<double>() / 60);
  CHECK(rate == Approx(per_minute).epsilon(0.15));
  CHECK(says(r, "Users never felt it"));
  CHECK(says(r, "No one intervened"));
  CHECK(says(r, "still waiting in the jobs queue at the end"));
}

TEST_CASE("When the queue blocks publishers, backpressure reaches users and the sentence says when", "[talking]") {
  json doc = too_few_doc();
  doc["components"][2]["max_depth"] = 300;  // full within a minute or two; publishers then wait and time out
  const json r = run(doc);
  const std::string text = all_points(r);
  INFO(text);
  REQUIRE(says(r, "Backpressure reached users at"));
  CHECK(says(r, "of requests failed"));
  CHECK_FALSE(says(r, "Users never felt it"));
}

TEST_CASE("The player's fix is named with its effect on the queue", "[talking]") {
  bp::Simulator sim(rca_test::load(too_few_doc()));
  sim.run_until(10 * bp::kMinute);
  bp::Command more;
  more.kind = bp::CommandKind::Set;
  more.target = "workers";
  more.key = "concurrency";
  more.value = 8;  // about 40 jobs a second: the backlog drains
  REQUIRE(sim.submit(more).empty());
  sim.run_to_end();
  const json r = bp::make_report(sim);
  const std::string text = all_points(r);
  INFO(text);
  CHECK(says(r, "What fixed it: at 00:10:00 the player set workers.concurrency to 8"));
  CHECK(says(r, "from growing"));
  CHECK(says(r, "to shrinking"));
  CHECK(says(r, "was empty by"));
  CHECK_FALSE(says(r, "No one intervened"));
}

TEST_CASE("A command that changes nothing is not called a fix", "[talking]") {
  bp::Simulator sim(rca_test::load(too_few_doc()));
  sim.run_until(10 * bp::kMinute);
  bp::Command same;
  same.kind = bp::CommandKind::Set;
  same.target = "workers";
  same.key = "pool_timeout";
  same.value = "6s";
  REQUIRE(sim.submit(same).empty());
  sim.run_to_end();
  const json r = bp::make_report(sim);
  INFO(all_points(r));
  CHECK_FALSE(says(r, "What fixed it"));
  CHECK(says(r, "did not turn the jobs queue around"));
}

TEST_CASE("Design changes read as sentences in the timeline and the fix", "[talking]") {
  bp::Command add;
  add.kind = bp::CommandKind::AddComponent;
  add.value = json{{"id", "worker2"}, {"type", "worker"}, {"targets", json::array({"db", "cache"})}};
  CHECK(bp::describe_command(add.to_json()) == "added worker worker2 pointing at db, cache");
  bp::Command bare;
  bare.kind = bp::CommandKind::AddComponent;
  bare.value = json{{"id", "q2"}, {"type", "queue"}};
  CHECK(bp::describe_command(bare.to_json()) == "added queue q2");
  bp::Command link;
  link.kind = bp::CommandKind::Connect;
  link.target = "jobs";
  link.key = "worker2";
  CHECK(bp::describe_command(link.to_json()) == "connected jobs to worker2");
  link.kind = bp::CommandKind::Disconnect;
  CHECK(bp::describe_command(link.to_json()) == "disconnected jobs from worker2");
  bp::Command gone;
  gone.kind = bp::CommandKind::RemoveComponent;
  gone.target = "web";
  CHECK(bp::describe_command(gone.to_json()) == "removed web");
}

TEST_CASE("A setting changed twice before the step applies reads as its final value", "[talking]") {
  bp::Simulator sim(rca_test::load(too_few_doc()));
  sim.run_until(10 * bp::kMinute);
  for (int value : {6, 8}) {  // two clicks on "+" while paused
    bp::Command more;
    more.kind = bp::CommandKind::Set;
    more.target = "workers";
    more.key = "concurrency";
    more.value = value;
    REQUIRE(sim.submit(more).empty());
  }
  sim.run_to_end();
  const json r = bp::make_report(sim);
  INFO(all_points(r));
  REQUIRE(r["commands"].size() == 2);  // the log keeps both, as they happened
  CHECK(says(r, "What fixed it: at 00:10:00 the player set workers.concurrency to 8;"));
  CHECK_FALSE(says(r, "concurrency to 6"));
}
