#include "cli/compare.h"

#include <iostream>

#include "backpressure/design_loader.h"
#include "backpressure/input_error.h"
#include "backpressure/report.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "output/comparison.h"
#include "output/output.h"

namespace bp {

namespace {

Scenario with_design(const Scenario& base, const std::string& design_path) {
  return design_path.empty() ? base : apply_design(base, load_design_file(design_path));
}

std::vector<ScriptedCommand> script_of(const std::string& path, const Scenario& s) {
  return path.empty() ? std::vector<ScriptedCommand>{} : load_command_script(path, s);
}

}  // namespace

int compare_command(const CompareOptions& o) {
  const Scenario base = load_scenario_file(o.scenario);
  const std::uint64_t seed = o.seed.value_or(base.seed);
  const Scenario scenario_a = with_design(base, o.design_a);
  // B plays A's script unless it has its own, so two designs meet the same
  // decisions.
  const std::string& commands_b = o.commands_b.empty() ? o.commands_a : o.commands_b;

  std::int64_t from_step = 0;
  if (!o.from.empty()) {
    SimTime t = 0;
    if (!parse_duration(o.from, t) || t < 0)
      throw InputError("--from", "", "expected a duration such as 2h or 90m, got \"" + o.from + "\"");
    if (!o.design_b.empty())
      throw InputError("--from", "",
                       "a branch shares A's run before the branch point, A's design included; give B's changes as --commands-b");
    if (t > base.duration) throw InputError("--from", "", "the branch point is after the run's end");
    // Rounded up to a step, as a script's "at" is.
    from_step = (t + base.step - 1) / base.step;
  }

  Simulator a(scenario_a, seed);
  a.set_script(script_of(o.commands_a, scenario_a), o.commands_a);
  std::optional<Simulator> b;
  if (from_step > 0) {
    a.advance(from_step);
    b.emplace(a);
    // Only B's commands from the branch point on: before it, B is A.
    std::vector<ScriptedCommand> future;
    for (auto& c : script_of(commands_b, scenario_a))
      if (c.step >= from_step) future.push_back(std::move(c));
    b->set_script(std::move(future), commands_b);
  } else {
    const Scenario scenario_b = with_design(base, o.design_b);
    b.emplace(scenario_b, seed);
    b->set_script(script_of(commands_b, scenario_b), commands_b);
  }

  // Side by side until the first step whose samples differ; after that
  // each runs on alone.
  Comparison c;
  c.from_step = from_step;
  if (series_differ_now(a.series(), b->series())) c.split_step = a.step_index();
  while (c.split_step < 0 && !a.finished()) {
    a.advance(1);
    b->advance(1);
    if (series_differ_now(a.series(), b->series())) c.split_step = a.step_index();
  }
  if (c.split_step >= 0) {
    // Step k's samples are taken over the step that starts at k - 1.
    const std::int64_t began = std::max<std::int64_t>(0, c.split_step - (c.split_step > from_step ? 1 : 0));
    c.split_step = began;
    c.split_s = to_seconds(began * base.step);
  }
  a.run_to_end();
  b->run_to_end();
  c.report_a = make_report(a);
  c.report_b = make_report(*b);
  c.differences = diff_reports(c.report_a, c.report_b, c.split_step < 0 ? -1.0 : c.split_s);
  if (!o.quiet) print_comparison(std::cout, c);
  if (!o.report_path.empty()) write_text_file(o.report_path, comparison_json(c).dump(2) + "\n");
  if (!o.series_path.empty()) write_text_file(o.series_path, series_csv_pair(a, *b));
  return 0;
}

}  // namespace bp
