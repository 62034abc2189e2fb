#pragma once
// The scenario the autoscaling tests share (test_autoscale.cpp and
// test_autoscale_rules.cpp).
#include <nlohmann/json.hpp>

namespace autoscale_test {

// A quiet web tier and a batch upload of 30,000 jobs at 100/s from 1 minute.
// The worker (components/3) handles about 4 / 205 ms = 19.5 jobs/s per
// instance, so one instance cannot keep up and the backlog builds until about
// six are running. Job types retry forever, so every job is eventually done.
inline nlohmann::json backlog_doc() {
  return nlohmann::json::parse(R"({
    "format_version": 1,
    "id": "autoscale-test",
    "seed": 21,
    "duration": "40m",
    "step": "1s",
    "traffic": {"entry": "web", "users": [{"at": "0s", "users": 1}], "actions_per_user_per_minute": 6,
                "actions": [{"name": "ping"}]},
    "jobs": [{"name": "ship", "max_attempts": 0, "backoff": "fixed", "backoff_base": "1s", "jitter": 0}],
    "components": [
      {"id": "web", "type": "server"},
      {"id": "db", "type": "postgres", "max_connections": 100, "cores": 64, "write": "5ms"},
      {"id": "jobs", "type": "queue", "max_depth": 0, "targets": ["w"]},
      {"id": "w", "type": "worker", "instances": 1, "concurrency": 4, "job_time": "200ms", "db_pool": 4,
       "targets": ["db"], "autoscale": "queue_depth", "scale_out_at": 200, "scale_in_at": 10,
       "min_instances": 1, "max_instances": 6, "scale_step": 1, "cooldown": "30s", "cold_start": "10s"}
    ],
    "incidents": [{"kind": "batch_upload", "id": "upload", "at": "1m", "target": "jobs", "job": "ship",
                   "jobs": 30000, "per_second": 100}]
  })");
}
inline constexpr const char* kWorker = "/components/3";

}  // namespace autoscale_test
