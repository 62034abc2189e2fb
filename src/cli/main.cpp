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

struct RunOptions {
  std::string file, report_path, series_path, commands_path, log_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  bool quiet = false;
};

int run_command(const RunOptions& o) {
  const auto& file = o.file;
  const auto& seed = o.seed;
  std::vector<bp::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(bp::parse_override(s));
  bp::Scenario scenario = bp::load_scenario_file(file, overrides);
  const std::uint64_t run_seed = seed.value_or(scenario.seed);
  std::vector<bp::ScriptedCommand> script;
  if (!o.commands_path.empty()) {
    script = bp::load_command_script(o.commands_path, scenario);
  }
  bp::Simulator sim(std::move(scenario), run_seed);
  // Each command is checked when its step comes, against the design as it
  // is then; a refused one stops the run with the script's file and index.
  sim.set_script(std::move(script), o.commands_path);
  sim.run_to_end();
  const nlohmann::json report = sim.report();
  if (!o.quiet) bp::print_summary(std::cout, sim, report);
  if (!o.report_path.empty()) bp::write_text_file(o.report_path, report.dump(2) + "\n");
  if (!o.series_path.empty()) bp::write_text_file(o.series_path, bp::series_csv(sim));
  if (!o.log_path.empty()) bp::write_text_file(o.log_path, bp::command_log_json(sim.command_log()).dump(2) + "\n");
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

  RunOptions o;
  auto* run = app.add_subcommand("run", "Run a scenario to the end and print its summary.");
  run->add_option("scenario", o.file, "Scenario file (JSON)")->required();
  run->add_option("--seed", o.seed, "Random seed (default: the scenario's)");
  run->add_option("--set", o.sets, "Override a value: PATH=VALUE, PATH a JSON pointer (repeatable)");
  run->add_option("--commands", o.commands_path, "Play this command script (or a saved command log)");
  run->add_option("--report", o.report_path, "Write the JSON report here");
  run->add_option("--series", o.series_path, "Write the time series as CSV here");
  run->add_option("--command-log", o.log_path, "Write the commands applied, replayable with --commands");
  run->add_flag("--quiet,-q", o.quiet, "Print nothing on success");

  std::vector<std::string> files;
  auto* validate = app.add_subcommand("validate", "Check scenario files without running them.");
  validate->add_option("files", files, "Scenario files")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the usage problem
    return code == 0 ? 0 : kExitBadInput;
  }
  try {
    if (*run) return run_command(o);
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
