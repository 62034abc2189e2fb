// The root-cause classifier, one runbook category at a time: each test runs
// the small design of rca_scenario.h with one kind of trouble and checks the
// classifier names it from the run's own numbers. The classifier never sees
// the incident list (it reads the world's series), so these tests would fail
// if a category were recognised by anything but its symptoms.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "backpressure/command.h"
#include "backpressure/design_loader.h"
#include "backpressure/report.h"
#include "backpressure/scenario_loader.h"
#include "world/world.h"
#include "grading/root_causes.h"
#include "rca_scenario.h"

using nlohmann::json;

namespace {

std::vector<std::string> categories_of(const json& report) {
  std::vector<std::string> out;
  for (const auto& c : report["root_causes"]) out.push_back(c["category"].get<std::string>());
  return out;
}

bool names(const json& report, const std::string& category) {
  const auto all = categories_of(report);
  return std::find(all.begin(), all.end(), category) != all.end();
}

const json& cause(const json& report, const std::string& category) {
  for (const auto& c : report["root_causes"])
    if (c["category"] == category) return c;
  FAIL("no " << category << " in " << report["root_causes"].dump(2));
  static const json none;
  return none;
}

json run(const json& doc) {
  bp::Simulator sim(rca_test::load(doc));
  sim.run_to_end();
  return bp::make_report(sim);
}

std::string joined(const json& cause) {
  std::string all = cause["summary"].get<std::string>();
  for (const auto& e : cause["evidence"]) all += " | " + e.get<std::string>();
  return all;
}

}  // namespace

TEST_CASE("A healthy run names no root cause", "[rca]") {
  const json r = run(rca_test::base_doc());
  INFO(r["root_causes"].dump(2));
  CHECK(r["root_causes"].empty());
}

TEST_CASE("A batch upload on top of normal load is a producer storm", "[rca]") {
  const json r = run(rca_test::with_incident(
      {{"kind", "batch_upload"}, {"target", "jobs"}, {"job", "work"}, {"jobs", 40000}, {"per_second", 60}}));
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "producer_storm"));
  CHECK_FALSE(names(r, "too_few_consumers"));
  CHECK_FALSE(names(r, "consumer_outage"));
  const json& c = cause(r, "producer_storm");
  CHECK(c["component"] == "jobs");
  // The storm begins when the batch does, within a window or two.
  CHECK(c["from_s"].get<double>() >= 540);
  CHECK(c["from_s"].get<double>() <= 660);
  CHECK(joined(c).find("enqueue rate") != std::string::npos);
}

TEST_CASE("Crashed workers are a consumer outage", "[rca]") {
  const json r = run(rca_test::with_incident(
      {{"kind", "worker_crash"}, {"target", "workers"}, {"instances", 2}, {"duration", "8m"}}));
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "consumer_outage"));
  CHECK_FALSE(names(r, "too_few_consumers"));
  CHECK_FALSE(names(r, "producer_storm"));
  const json& c = cause(r, "consumer_outage");
  CHECK(c["component"] == "workers");
  CHECK(c["from_s"].get<double>() >= 540);
  CHECK(c["until_s"].get<double>() <= 1200);
  CHECK(joined(c).find("0 of 2 instances up") != std::string::npos);
}

TEST_CASE("Jobs taking longer is slow processing", "[rca]") {
  const json r = run(rca_test::with_incident(
      {{"kind", "slow_processing"}, {"target", "workers"}, {"factor", 6}, {"duration", "10m"}}));
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "slow_processing"));
  CHECK_FALSE(names(r, "consumer_outage"));
  CHECK_FALSE(names(r, "too_few_consumers"));
  CHECK(joined(cause(r, "slow_processing")).find("job time") != std::string::npos);
}

TEST_CASE("A slow database shows up as slow processing with the database named", "[rca]") {
  json doc = rca_test::with_incident({{"kind", "slow_database"}, {"target", "db"}, {"factor", 60}, {"duration", "10m"}});
  const json r = run(doc);
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "slow_processing"));
  CHECK_FALSE(names(r, "database_exhaustion"));
}

TEST_CASE("Malformed jobs that fail every attempt are poison messages", "[rca]") {
  const json r = run(rca_test::with_incident({{"kind", "poison_jobs"}, {"job", "work"}, {"share", 0.02}}));
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "poison_messages"));
  CHECK_FALSE(names(r, "downstream_outage"));
  CHECK_FALSE(names(r, "retry_storm"));  // 2% of jobs: a nuisance, not a flood
  CHECK(joined(cause(r, "poison_messages")).find("dead-letter") != std::string::npos);
}

TEST_CASE("A failing downstream service is named, and endless quick retries are a retry storm", "[rca]") {
  json doc = rca_test::with_incident({{"kind", "downstream_outage"}, {"job", "work"}, {"duration", "10m"}});
  SECTION("bounded retries: a downstream outage") {
    const json r = run(doc);
    INFO(r["root_causes"].dump(2));
    REQUIRE(names(r, "downstream_outage"));
    CHECK_FALSE(names(r, "poison_messages"));
  }
  SECTION("retrying forever without backoff: a retry storm as well") {
    doc["jobs"][0]["max_attempts"] = 0;
    doc["jobs"][0]["backoff"] = "fixed";
    doc["jobs"][0]["backoff_base"] = "200ms";
    const json r = run(doc);
    INFO(r["root_causes"].dump(2));
    REQUIRE(names(r, "retry_storm"));
    REQUIRE(names(r, "downstream_outage"));
    CHECK(joined(cause(r, "retry_storm")).find("retries") != std::string::npos);
  }
}

TEST_CASE("Users retrying failed requests are a retry storm", "[rca]") {
  json doc = rca_test::base_doc();
  doc["incidents"] = json::array(
      {{{"id", "crash"}, {"kind", "server_crash"}, {"target", "web"}, {"instances", 2}, {"at", "10m"}, {"duration", "5m"}},
       {{"id", "retries"}, {"kind", "retry_storm"}, {"at", "10m"}, {"retries", 3}, {"retry_delay", "2s"}}});
  const json r = run(doc);
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "retry_storm"));
  CHECK(cause(r, "retry_storm")["component"] == "traffic");
}

TEST_CASE("Scaling workers past the database's connections is database exhaustion", "[rca]") {
  bp::Simulator sim(rca_test::load(rca_test::base_doc()));
  sim.run_until(10 * bp::kMinute);
  bp::Command more;
  more.kind = bp::CommandKind::Set;
  more.target = "workers";
  more.key = "instances";
  more.value = 30;  // 30 x 4 pooled connections against a limit of 60
  REQUIRE(sim.submit(more).empty());
  sim.run_to_end();
  const json r = bp::make_report(sim);
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "database_exhaustion"));
  const json& c = cause(r, "database_exhaustion");
  CHECK(c["component"] == "db");
  CHECK(joined(c).find("of 60 connections") != std::string::npos);
}

TEST_CASE("Too few workers for ordinary load is too few consumers", "[rca]") {
  json doc = rca_test::base_doc();
  doc["components"][3]["instances"] = 1;
  doc["components"][3]["concurrency"] = 1;  // about 5 jobs a second against 10 arriving
  const json r = run(doc);
  INFO(r["root_causes"].dump(2));
  REQUIRE(names(r, "too_few_consumers"));
  CHECK_FALSE(names(r, "producer_storm"));
  CHECK_FALSE(names(r, "slow_processing"));
  const json& c = cause(r, "too_few_consumers");
  CHECK(c["until_s"].is_null());  // still behind at the end
  CHECK(joined(c).find("busy") != std::string::npos);
}

TEST_CASE("Every category has a title and the classifier's list is the documented one", "[rca]") {
  for (const auto& c : bp::root_cause_categories()) CHECK(bp::root_cause_title(c) != c);
  CHECK(bp::root_cause_categories().size() == 8);
}

TEST_CASE("A pool left at zero instances beside one that consumes is not an outage", "[rca]") {
  // partner_batch's reference design keeps a triage pool at zero on purpose,
  // for the player to raise during the upload; the scoring pool consumes.
  const std::string root = std::string(BACKPRESSURE_SOURCE_DIR) + "/scenarios/";
  const bp::Scenario scenario = bp::apply_design(bp::load_scenario_file(root + "partner_batch.json"),
                                                 bp::load_design_file(root + "designs/partner_batch.reference.json"));
  REQUIRE(scenario.find("triage") != nullptr);
  REQUIRE(scenario.find("triage")->settings.integer("instances") == 0);
  bp::Simulator sim(scenario);
  sim.run_to_end();
  const json r = bp::make_report(sim);
  for (const auto& c : r["root_causes"]) {
    INFO(c.dump());
    CHECK_FALSE((c["category"] == "consumer_outage" && c["component"] == "triage"));
  }
}
