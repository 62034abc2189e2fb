// backpressure-sim: the headless shell over the simulation core.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "backpressure/design_loader.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/report.h"
#include "backpressure/simulator.h"
#include "cli/batch.h"
#include "cli/compare.h"
#include "cli/grade.h"
#include "cli/sweep.h"
#include "output/data_dir.h"
#include "output/output.h"

namespace {

constexpr int kExitBadInput = 2;  // bad input or usage (docs/scenario-format.md#errors)
constexpr int kExitInternal = 1;  // could not write, out of memory, or a bug
constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as a shell reports it

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) { g_interrupted = 1; }

// "3d 04:12:09" or "04:12:09": simulated and wall times on the progress line.
std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(std::max(0.0, seconds));
  const long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
  return d > 0 ? fmt::format("{}d {:02}:{:02}:{:02}", d, h, m, sec) : fmt::format("{:02}:{:02}:{:02}", h, m, sec);
}

// Runs to the end in slices, so Ctrl+C is noticed within a slice and a
// terminal sees how far a long run is. Slicing changes nothing in the run:
// time moves in the same whole steps (run_until). Returns false if
// interrupted.
bool run_with_progress(bp::Simulator& sim, bool show) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto shown = start;
  bool drew = false;
  const bp::SimTime from = sim.now(), end = sim.duration();
  // 256 steps: a few milliseconds on the shipped scenarios, well under a
  // second at the arrival budget.
  const bp::SimTime slice = 256 * sim.step();
  while (!sim.finished()) {
    if (g_interrupted) break;
    sim.run_until(std::min(end, sim.now() + slice));
    const auto now = Clock::now();
    // The first line after a second: short runs print nothing.
    if (show && now - shown >= std::chrono::milliseconds(drew ? 250 : 1000)) {
      shown = now;
      drew = true;
      const double wall = std::chrono::duration<double>(now - start).count();
      const double done = bp::to_seconds(sim.now() - from), left = bp::to_seconds(end - sim.now());
      const double rate = wall > 0 ? done / wall : 0;
      fmt::print(stderr, "\r\x1b[Ksimulated {} of {} ({:.0f}%), {:.0f}x real time, about {} left",
                 clock_text(bp::to_seconds(sim.now())), clock_text(bp::to_seconds(end)),
                 100.0 * bp::to_seconds(sim.now()) / std::max(1e-9, bp::to_seconds(end)), rate,
                 rate > 0 ? clock_text(left / rate) : std::string("?"));
      std::fflush(stderr);
    }
  }
  if (drew) fmt::print(stderr, "\r\x1b[K");
  return !g_interrupted || sim.finished();
}

// A seed is a whole number from 0 to 2^64-1, written in decimal. The
// argument parser's own conversion wraps "-1" and refuses nothing, so the
// text is checked before it is converted.
const CLI::Validator kSeedText(
    [](std::string& text) -> std::string {
      constexpr std::string_view max = "18446744073709551615";
      const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      const std::string_view trimmed = digits ? std::string_view(text).substr(std::min(text.find_first_not_of('0'), text.size() - 1)) : "";
      if (!digits || trimmed.size() > max.size() || (trimmed.size() == max.size() && trimmed > max))
        return "expected a whole number from 0 to " + std::string(max) + ", got \"" + bp::escape_for_message(text, 40, true) + "\"";
      return "";
    },
    "SEED");

struct RunOptions {
  std::string file, design_path, report_path, series_path, commands_path, log_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  bool quiet = false;
};

int run_command(const RunOptions& o) {
  const auto& file = o.file;
  const auto& seed = o.seed;
  std::vector<bp::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(bp::parse_override(s));
  // With a design, --set paths point into the combined document, so they
  // apply after the design replaces the scenario's components.
  bp::Scenario scenario = o.design_path.empty()
                              ? bp::load_scenario_file(file, overrides)
                              : bp::apply_design(bp::load_scenario_file(file), bp::load_design_file(o.design_path), overrides);
  const std::uint64_t run_seed = seed.value_or(scenario.seed);
  std::vector<bp::ScriptedCommand> script;
  if (!o.commands_path.empty()) {
    script = bp::load_command_script(o.commands_path, scenario);
  }
  bp::Simulator sim(std::move(scenario), run_seed);
  // Each command is checked when its step comes, against the design as it
  // is then; a refused one stops the run with the script's file and index.
  sim.set_script(std::move(script), o.commands_path);
  // Ctrl+C ends the run where it is; the files asked for are still written,
  // for the part that ran, so an hour of a long run is not lost.
  g_interrupted = 0;
  std::signal(SIGINT, on_sigint);
  const bool complete = run_with_progress(sim, !o.quiet && isatty(STDERR_FILENO));
  std::signal(SIGINT, SIG_DFL);
  const nlohmann::json report = bp::make_report(sim);
  if (!o.quiet && complete) bp::print_summary(std::cout, sim, report);
  if (!o.report_path.empty()) bp::write_text_file(o.report_path, report.dump(2) + "\n");
  if (!o.series_path.empty()) bp::write_text_file(o.series_path, bp::series_csv(sim));
  if (!o.log_path.empty()) bp::write_text_file(o.log_path, bp::command_log_json(sim.command_log()).dump(2) + "\n");
  if (!complete) {
    fmt::print(stderr, "backpressure-sim: interrupted at {} of {}; {}\n", clock_text(bp::to_seconds(sim.now())),
               clock_text(bp::to_seconds(sim.duration())),
               o.report_path.empty() ? std::string("no --report was asked for")
                                     : "the report of the part that ran is in " + o.report_path);
    return kExitInterrupted;
  }
  return 0;
}

namespace fs = std::filesystem;

// A title as the terminal may see it: no escape sequences, not megabytes.
std::string printable(const std::string& text) { return bp::escape_for_message(text, 200, false); }

// The scenario a design was made for: the --scenario file when given,
// otherwise the first scenario file with that id, beside the design or one
// folder up (designs live in scenarios/designs/), that loads cleanly.
bp::Scenario find_scenario_for(const bp::Design& design, const std::string& given) {
  if (!given.empty()) return bp::load_scenario_file(given);
  const fs::path here = fs::path(design.file).parent_path();
  std::optional<bp::InputError> first_problem;
  for (const fs::path& folder : {here, here.parent_path()}) {
    std::error_code ec;
    std::vector<fs::path> candidates;
    for (const auto& entry : fs::directory_iterator(folder.empty() ? fs::path(".") : folder, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".json") candidates.push_back(entry.path());
    std::sort(candidates.begin(), candidates.end());
    for (const auto& candidate : candidates) {
      // Neighbours are anybody's files: one that cannot be read, or whose id
      // is not even a string, is simply not the scenario looked for.
      nlohmann::json doc;
      try {
        doc = bp::read_json_file(candidate.string());
      } catch (const bp::InputError&) {
        continue;
      }
      if (!doc.is_object() || !doc.contains("traffic")) continue;
      const auto id = doc.find("id");
      if (id == doc.end() || !id->is_string() || id->get_ref<const std::string&>() != design.scenario_id) continue;
      try {
        return bp::load_scenario(doc, candidate.string());
      } catch (const bp::InputError& e) {
        if (!first_problem) first_problem = e;
      }
    }
  }
  if (first_problem) throw *first_problem;
  throw bp::InputError(design.file, "/scenario",
                       "no scenario with the id \"" + design.scenario_id +
                           "\" beside this design or one folder up; name it with --scenario");
}

int validate_command(const std::vector<std::string>& args, const std::string& scenario_path) {
  int status = 0;
  for (const auto& f : bp::expand_folders(args)) {
    try {
      const nlohmann::json doc = bp::read_json_file(f);
      if (doc.is_object() && doc.contains("commands") && !doc.contains("traffic")) {
        // A script's steps only mean something against a scenario's clock.
        fmt::print("{}: skipped (a command script; check it with run --commands)\n", printable(f));
        continue;
      }
      if (bp::looks_like_design(doc)) {
        const bp::Design design = bp::parse_design(doc, f);
        const bp::Scenario s = bp::apply_design(find_scenario_for(design, scenario_path), design);
        bp::Simulator probe(s);
        fmt::print("{}: ok (design for {}, {} components)\n", printable(f), printable(s.title), s.components.size());
        continue;
      }
      const bp::Scenario s = bp::load_scenario(doc, f);
      bp::Simulator probe(s);  // building the model checks what the loader cannot
      fmt::print("{}: ok ({}, {} components)\n", printable(f), printable(s.title), s.components.size());
    } catch (const bp::InputError& e) {
      fmt::print(stderr, "{}\n", e.what());
      if (status == 0) status = kExitBadInput;
    } catch (const std::exception& e) {
      // Not the file's fault but ours (or out of memory): say so, and still
      // check the rest of the files.
      fmt::print(stderr, "{}: /: could not be checked: {}\n", bp::escape_for_message(f, 400, false),
                 bp::escape_for_message(e.what(), 400, false));
      status = kExitInternal;
    }
  }
  return status;
}

// A scenario on the command line is a file, or the name of a shipped one
// ("silent_backlog") looked up in the data folder.
std::string scenario_arg(const std::string& given, const bp::DataDirSearch& search) {
  std::error_code ec;
  if (given.empty() || fs::exists(given, ec) || given.find('/') != std::string::npos) return given;
  try {
    return bp::resolve_scenario(given, bp::find_data_dir(search)).string();
  } catch (const bp::InputError&) {
    return given;  // no data folder: the loader says the file is missing
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Backpressure headless simulator: run, check and measure scenarios.\n"
               "A SCENARIO is a file or the name of a shipped one (silent_backlog)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("backpressure-sim ") + BACKPRESSURE_VERSION);
  bp::DataDirSearch data;
  app.add_option("--data-dir", data.option,
                 "Folder with the shipped scenarios/ (default: $BACKPRESSURE_DATA, PREFIX/share/backpressure, the source tree)");
  app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
  app.option_defaults()->always_capture_default();

  RunOptions o;
  auto* run = app.add_subcommand("run", "Run a scenario to the end and print its summary.");
  run->add_option("scenario", o.file, "Scenario: a file, or a shipped name such as silent_backlog")->required();
  run->add_option("--design", o.design_path, "Play this design (components, wiring, settings) instead of the scenario's");
  run->add_option("--seed", o.seed, "Random seed (default: the scenario's)")->check(kSeedText);
  run->add_option("--set", o.sets, "Override a value: PATH=VALUE, PATH a JSON pointer (repeatable)");
  run->add_option("--commands", o.commands_path, "Play this command script (or a saved command log)");
  run->add_option("--report", o.report_path, "Write the JSON report here");
  run->add_option("--series", o.series_path, "Write the time series as CSV here");
  run->add_option("--command-log", o.log_path, "Write the commands applied, replayable with --commands");
  run->add_flag("--quiet,-q", o.quiet, "Print nothing on success");

  std::vector<std::string> files;
  std::string validate_scenario;
  auto* validate = app.add_subcommand("validate", "Check scenario and design files (or folders of them) without running them.");
  validate->add_option("files", files, "Scenario files, design files or folders (default: the shipped scenarios)");
  validate->add_option("--scenario", validate_scenario, "Check designs against this scenario (default: found by id nearby)");

  bp::SweepOptions sw;
  auto* sweep = app.add_subcommand("sweep", "Run a scenario once per value of the --set lists and tabulate the outcomes.");
  sweep->add_option("scenario", sw.file, "Scenario: a file, or a shipped name such as silent_backlog")->required();
  sweep->add_option("--set", sw.sets, "PATH=A,B,C: one run per value (repeatable: every combination)")->required();
  sweep->add_option("--design", sw.design_path, "Sweep this design instead of the scenario's");
  sweep->add_option("--seed", sw.seed, "Random seed for every run (default: the scenario's)")->check(kSeedText);
  sweep->add_option("--commands", sw.commands_path, "Play this command script in every run");
  sweep->add_option("--format", sw.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  sweep->add_option("--output,-o", sw.output_path, "Write the table here instead of standard output");
  sweep->add_option("--jobs,-j", sw.jobs, "Runs at once (default: one per core)");

  bp::GradeOptions gr;
  auto* grade = app.add_subcommand("grade", "Grade design files (or folders of them) against a scenario, one row each.");
  grade->add_option("scenario", gr.scenario, "Scenario: a file, or a shipped name such as silent_backlog")->required();
  grade->add_option("designs", gr.designs, "Design files or folders of them")->required();
  grade->add_option("--seed", gr.seed, "Random seed for every run (default: the scenario's)")->check(kSeedText);
  grade->add_option("--commands", gr.commands_path, "Play this command script in every run");
  grade->add_option("--format", gr.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  grade->add_option("--output,-o", gr.output_path, "Write the table here instead of standard output");
  grade->add_option("--jobs,-j", gr.jobs, "Runs at once (default: one per core)");

  bp::CompareOptions cmp;
  auto* compare = app.add_subcommand("compare", "Run a scenario two ways and show both report cards side by side, and when they split.");
  compare->add_option("scenario", cmp.scenario, "Scenario: a file, or a shipped name such as silent_backlog")->required();
  compare->add_option("--design,--design-b", cmp.design_b, "B plays this design (default: the scenario's)");
  compare->add_option("--design-a", cmp.design_a, "A plays this design (default: the scenario's)");
  compare->add_option("--commands", cmp.commands_a, "A plays this command script (and B too, without --commands-b)");
  compare->add_option("--commands-b", cmp.commands_b, "B plays this command script");
  compare->add_option("--from", cmp.from, "Branch B from A at this time (2h): both share the run before it");
  compare->add_option("--seed", cmp.seed, "Random seed for both runs (default: the scenario's)")->check(kSeedText);
  compare->add_option("--report", cmp.report_path, "Write both reports and their differences here (JSON)");
  compare->add_option("--series", cmp.series_path, "Write both runs' series side by side here (CSV)");
  compare->add_flag("--quiet,-q", cmp.quiet, "Print nothing on success");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the usage problem
    return code == 0 ? 0 : kExitBadInput;
  }
  try {
    if (const char* env = std::getenv("BACKPRESSURE_DATA")) data.environment = env;
    data.executable = bp::this_executable();
    data.source_tree = BACKPRESSURE_SOURCE_DIR;
    // A folder the user named must be right even when nothing needs it.
    if (!data.option.empty() || !data.environment.empty()) bp::find_data_dir(data);
    o.file = scenario_arg(o.file, data);
    sw.file = scenario_arg(sw.file, data);
    gr.scenario = scenario_arg(gr.scenario, data);
    cmp.scenario = scenario_arg(cmp.scenario, data);
    validate_scenario = scenario_arg(validate_scenario, data);
    if (*validate && files.empty()) files.push_back((bp::find_data_dir(data) / "scenarios").string());
    if (*run) return run_command(o);
    if (*validate) return validate_command(files, validate_scenario);
    if (*sweep) return bp::sweep_command(sw);
    if (*grade) return bp::grade_command(gr);
    if (*compare) return bp::compare_command(cmp);
  } catch (const bp::InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "backpressure-sim: {}\n", bp::escape_for_message(e.what(), 1000, false));
    return kExitInternal;
  }
  return 0;
}
