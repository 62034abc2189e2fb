// backpressure-sim: the headless shell over the simulation core.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "cli/output.h"

namespace {

constexpr int kExitBadInput = 2;

int run_command(const std::string& file, const std::optional<std::uint64_t>& seed, const std::vector<std::string>& sets,
                const std::string& report_path, const std::string& series_path, bool quiet) {
  std::vector<bp::Override> overrides;
  for (const auto& s : sets) overrides.push_back(bp::parse_override(s));
  bp::Scenario scenario = bp::load_scenario_file(file, overrides);
  const std::uint64_t run_seed = seed.value_or(scenario.seed);
  bp::Simulator sim(std::move(scenario), run_seed);
  sim.run_to_end();
  const nlohmann::json report = sim.report();
  if (!quiet) bp::print_summary(std::cout, sim, report);
  if (!report_path.empty()) bp::write_text_file(report_path, report.dump(2) + "\n");
  if (!series_path.empty()) bp::write_text_file(series_path, bp::series_csv(sim));
  return 0;
}

int validate_command(const std::vector<std::string>& files) {
  int status = 0;
  for (const auto& f : files) {
    try {
      const bp::Scenario s = bp::load_scenario_file(f);
      bp::Simulator probe(s);  // building the model checks what the loader cannot
      fmt::print("{}: ok ({}, {} components)\n", f, s.title, s.components.size());
    } catch (const bp::InputError& e) {
      fmt::print(stderr, "{}\n", e.what());
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Backpressure headless simulator: run, check and measure scenarios."};
  app.require_subcommand(1);

  std::string file, report_path, series_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  bool quiet = false;
  auto* run = app.add_subcommand("run", "Run a scenario to the end and print its summary.");
  run->add_option("scenario", file, "Scenario file (JSON)")->required();
  run->add_option("--seed", seed, "Random seed (default: the scenario's)");
  run->add_option("--set", sets, "Override a value: PATH=VALUE, PATH a JSON pointer (repeatable)");
  run->add_option("--report", report_path, "Write the JSON report here");
  run->add_option("--series", series_path, "Write the time series as CSV here");
  run->add_flag("--quiet,-q", quiet, "Print nothing on success");

  std::vector<std::string> files;
  auto* validate = app.add_subcommand("validate", "Check scenario files without running them.");
  validate->add_option("files", files, "Scenario files")->required();

  CLI11_PARSE(app, argc, argv);
  try {
    if (*run) return run_command(file, seed, sets, report_path, series_path, quiet);
    if (*validate) return validate_command(files);
  } catch (const bp::InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "backpressure-sim: {}\n", e.what());
    return 1;
  }
  return 0;
}
