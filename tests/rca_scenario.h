#pragma once
// A small asynchronous design shared by the root-cause and talking-point
// tests: users place orders that publish a job; two workers with room to
// spare drain the queue into Postgres. Left alone it is healthy; each test
// adds one incident (or one command) and checks how the run is explained.
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"

namespace rca_test {

// 10 orders a second; workers can finish about 32 jobs a second.
inline nlohmann::json base_doc() {
  return nlohmann::json::parse(R"({
    "format_version": 1,
    "id": "rca-test",
    "title": "Root-cause test",
    "seed": 3,
    "duration": "40m",
    "step": "100ms",
    "contract": {"uptime_percent": 99, "p95": "300ms", "budget_per_month": 2000, "job_age": "2m", "freshness_percent": 95},
    "traffic": {
      "entry": "web",
      "users": [{"at": "0s", "users": 600}],
      "actions_per_user_per_minute": 1,
      "actions": [{"name": "order", "calls": [{"write": 1}, {"enqueue": "work"}]}]
    },
    "jobs": [{"name": "work", "max_attempts": 5, "backoff": "exponential", "backoff_base": "1s", "backoff_cap": "1m"}],
    "components": [
      {"id": "web", "type": "server", "instances": 2, "slots": 32, "timeout": "2s", "targets": ["db", "jobs"]},
      {"id": "db", "type": "postgres", "max_connections": 60},
      {"id": "jobs", "type": "queue", "dead_letter": true, "targets": ["workers"]},
      {"id": "workers", "type": "worker", "instances": 2, "concurrency": 4,
       "job_time": {"dist": "lognormal", "mean": "200ms", "sigma": 0.3}, "db_pool": 4, "targets": ["db"]}
    ]
  })");
}

// The base design with one incident at 10 minutes.
inline nlohmann::json with_incident(nlohmann::json incident) {
  nlohmann::json doc = base_doc();
  incident["id"] = "trouble";
  incident["at"] = "10m";
  doc["incidents"] = nlohmann::json::array({std::move(incident)});
  return doc;
}

inline bp::Scenario load(const nlohmann::json& doc) { return bp::load_scenario(doc, "rca-test.json"); }

}  // namespace rca_test
