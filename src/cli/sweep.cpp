#include "cli/sweep.h"

#include <exception>
#include <utility>

#include <fmt/format.h>

#include "backpressure/design_loader.h"
#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "cli/batch.h"

namespace bp {

namespace {

// Every combination of the --set values, the first --set varying slowest.
// `varied` receives the paths with more than one value: the table's columns.
std::vector<std::vector<Override>> combinations(const std::vector<std::string>& sets, std::vector<std::string>& varied) {
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--set", "", "expected PATH=VALUE[,VALUE...], got \"" + s + "\"");
    axes.emplace_back(s.substr(0, eq), split_values(s.substr(eq + 1)));
    if (axes.back().second.size() > 1) varied.push_back(axes.back().first);
  }
  // Counted before any is built: lists whose product is a billion would
  // otherwise fill the memory with overrides before the first run.
  std::size_t runs = 1;
  for (const auto& axis : axes) {
    runs = axis.second.size() > kMaxSweepRuns ? kMaxSweepRuns + 1 : runs * axis.second.size();
    if (runs > kMaxSweepRuns)
      throw InputError("--set", "",
                       fmt::format("these value lists make more than {} runs, the most one sweep does; split it", kMaxSweepRuns));
  }
  std::vector<std::vector<Override>> out{{}};
  for (const auto& [path, values] : axes) {
    std::vector<std::vector<Override>> next;
    for (const auto& prefix : out)
      for (const auto& v : values) {
        next.push_back(prefix);
        next.back().push_back(parse_override(path + "=" + v));
      }
    out = std::move(next);
  }
  return out;
}

}  // namespace

int sweep_command(const SweepOptions& o) {
  std::vector<std::string> varied;
  const auto combos = combinations(o.sets, varied);
  render_table({}, o.format);  // a bad format fails before minutes of runs
  // The scenario (and design) are read once; each run applies its values.
  const Scenario base = load_scenario_file(o.file);
  std::optional<Design> design;
  if (!o.design_path.empty()) design = load_design_file(o.design_path);
  std::vector<Outcome> outcomes(combos.size());
  run_parallel(combos.size(), o.jobs, [&](std::size_t i) {
    try {
      const Scenario s = design ? apply_design(base, *design, combos[i]) : load_scenario_file(o.file, combos[i]);
      outcomes[i] = run_outcome(s, o.seed, o.commands_path);
    } catch (const std::exception& e) {
      outcomes[i].error = e.what();
    }
  });
  std::vector<std::vector<nlohmann::json>> lead(combos.size());
  for (std::size_t i = 0; i < combos.size(); ++i)
    for (const auto& path : varied)
      for (const auto& ov : combos[i])
        if (ov.pointer == path) lead[i].push_back(ov.value);
  return emit_outcomes(varied, std::move(lead), outcomes, o.format, o.output_path);
}

}  // namespace bp
