#pragma once
// A run's command log, written as JSON text (as --command-log writes it) and
// replayed on a fresh simulator, must give the same report and the same log.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/command.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"

namespace replay_test {

inline void check_replays_identically(const bp::Scenario& scenario, const bp::Simulator& played) {
  const std::string report = bp::make_report(played).dump();
  const std::string log_text = bp::command_log_json(played.command_log()).dump(2);
  bp::Simulator replayed(scenario);
  replayed.set_script(bp::parse_command_script(nlohmann::json::parse(log_text), "log.json", scenario), "log.json");
  replayed.run_to_end();
  CHECK(bp::make_report(replayed).dump() == report);
  CHECK(bp::command_log_json(replayed.command_log()).dump(2) == log_text);
}

}  // namespace replay_test
