// backpressure-sim: the headless shell over the simulation core.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "cli/batch.h"
#include "cli/output.h"
#include "cli/table.h"

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

struct SweepOptions {
  std::string file, commands_path, format = "table", output_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  unsigned jobs = 0;
};

// Every combination of the --set values, the first --set varying slowest.
std::vector<std::vector<bp::Override>> combinations(const std::vector<std::string>& sets,
                                                    std::vector<std::string>& varied) {
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw bp::InputError("--set", "", "expected PATH=VALUE[,VALUE...], got \"" + s + "\"");
    axes.emplace_back(s.substr(0, eq), bp::split_values(s.substr(eq + 1)));
    if (axes.back().second.size() > 1) varied.push_back(axes.back().first);
  }
  std::vector<std::vector<bp::Override>> out{{}};
  for (const auto& [path, values] : axes) {
    std::vector<std::vector<bp::Override>> next;
    for (const auto& prefix : out)
      for (const auto& v : values) {
        next.push_back(prefix);
        next.back().push_back(bp::parse_override(path + "=" + v));
      }
    out = std::move(next);
  }
  return out;
}

int sweep_command(const SweepOptions& o) {
  std::vector<std::string> varied;
  const auto combos = combinations(o.sets, varied);
  // Check the format before spending minutes on runs.
  bp::render_table({}, o.format);
  std::vector<bp::Outcome> outcomes(combos.size());
  bp::run_parallel(combos.size(), o.jobs, [&](std::size_t i) {
    try {
      outcomes[i] = bp::run_outcome(bp::load_scenario_file(o.file, combos[i]), o.seed, o.commands_path);
    } catch (const std::exception& e) {
      outcomes[i].error = e.what();
    }
  });
  bp::Table table;
  table.columns = varied;
  for (const auto& c : bp::outcome_columns()) table.columns.push_back(c);
  int status = 0;
  for (std::size_t i = 0; i < combos.size(); ++i) {
    std::vector<nlohmann::json> row;
    for (const auto& path : varied)
      for (const auto& ov : combos[i])
        if (ov.pointer == path) row.push_back(ov.value);
    for (auto& cell : bp::outcome_cells(outcomes[i])) row.push_back(std::move(cell));
    table.rows.push_back(std::move(row));
    if (!outcomes[i].error.empty()) status = kExitBadInput;
  }
  const std::string text = bp::render_table(table, o.format);
  if (o.output_path.empty()) std::cout << text;
  else bp::write_text_file(o.output_path, text);
  return status;
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

  SweepOptions sw;
  auto* sweep = app.add_subcommand("sweep", "Run a scenario once per value of the --set lists and tabulate the outcomes.");
  sweep->add_option("scenario", sw.file, "Scenario file (JSON)")->required();
  sweep->add_option("--set", sw.sets, "PATH=A,B,C: one run per value (repeatable: every combination)")->required();
  sweep->add_option("--seed", sw.seed, "Random seed for every run (default: the scenario's)");
  sweep->add_option("--commands", sw.commands_path, "Play this command script in every run");
  sweep->add_option("--format", sw.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  sweep->add_option("--output,-o", sw.output_path, "Write the table here instead of standard output");
  sweep->add_option("--jobs,-j", sw.jobs, "Runs at once (default: one per core)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the usage problem
    return code == 0 ? 0 : kExitBadInput;
  }
  try {
    if (*run) return run_command(o);
    if (*validate) return validate_command(files);
    if (*sweep) return sweep_command(sw);
  } catch (const bp::InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "backpressure-sim: {}\n", e.what());
    return 1;
  }
  return 0;
}
