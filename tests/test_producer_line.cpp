// A batch producer that meets a full, blocking queue waits in the same line
// as the requests that publish: first come, first served. A user's publish
// behind a flood of bulk publishes therefore waits for all of them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "backpressure/command.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"

using nlohmann::json;

namespace {

// Two user publishes a second; a worker that finishes 10 jobs a second; a
// queue that blocks at 100; and, from 10 s, 3,000 bulk jobs at 200 a second.
json flood_doc() {
  return json::parse(R"({
    "format_version": 2, "id": "flood", "duration": "120s", "step": "100ms", "seed": 3,
    "traffic": {"entry": "web", "users": [{"at": "0s", "users": 2}], "actions_per_user_per_minute": 60,
                "actions": [{"name": "submit", "calls": [{"enqueue": "user-job"}]}]},
    "jobs": [{"name": "user-job"}, {"name": "bulk-job"}],
    "incidents": [{"id": "bulk", "kind": "batch_upload", "at": "10s", "target": "q", "job": "bulk-job",
                   "jobs": 3000, "per_second": 200}],
    "components": [
      {"id": "web", "type": "server", "slots": 64, "timeout": "2s", "targets": ["q"]},
      {"id": "q", "type": "queue", "max_depth": 100, "full_policy": "block", "targets": ["w"]},
      {"id": "w", "type": "worker", "concurrency": 1, "job_time": "100ms", "db_writes": 0, "db_pool": 0}
    ]
  })");
}

}  // namespace

TEST_CASE("bulk publishes wait in the broker's line ahead of later user publishes", "[queue]") {
  bp::Simulator sim(bp::load_scenario(flood_doc(), "flood.json"));
  sim.run_until(20 * bp::kSecond);
  const auto before = sim.totals();
  sim.run_until(100 * bp::kSecond);
  const auto during = sim.totals();
  // From 20 s to 100 s about 160 users publish; each is behind hundreds of
  // bulk publishes that leave at 10 a second, so every one times out.
  const auto failed = during.failed - before.failed;
  const auto ok = during.ok - before.ok;
  INFO("failed " << failed << ", ok " << ok);
  CHECK(failed > 120);
  CHECK(ok == 0);
  CHECK(during.timeouts - before.timeouts == failed);

  const json producer = bp::make_report(sim)["components"]["bulk"];
  const auto sent = producer["sent"].get<std::int64_t>();
  const auto waiting = producer["waiting_in_line"].get<std::int64_t>();
  const auto unsent = producer["unsent"].get<std::int64_t>();
  // Nothing is lost while it waits, and a loader keeps at most 1,000
  // publishes outstanding.
  CHECK(sent + waiting + unsent == 3000);
  CHECK(waiting > 0);
  CHECK(waiting <= 1000);
  CHECK(unsent > 0);
}

TEST_CASE("a paused bulk producer leaves the line to the users", "[queue]") {
  bp::Simulator sim(bp::load_scenario(flood_doc(), "flood.json"));
  bp::Command pause;
  pause.kind = bp::CommandKind::PauseProducer;
  pause.target = "bulk";
  sim.run_until(10 * bp::kSecond + 500 * bp::kMillisecond);
  REQUIRE(sim.submit(pause).empty());
  // What the producer had already put in line still goes first; after it,
  // the users publish again.
  sim.run_until(60 * bp::kSecond);
  const auto before = sim.totals();
  sim.run_to_end();
  const auto after = sim.totals();
  INFO("ok " << after.ok - before.ok << ", failed " << after.failed - before.failed);
  CHECK(after.failed == before.failed);
  CHECK(after.ok - before.ok > 100);
}
