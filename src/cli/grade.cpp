#include "cli/grade.h"

#include <exception>

#include "backpressure/design_loader.h"
#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "cli/batch.h"

namespace bp {

int grade_command(const GradeOptions& o) {
  render_table({}, o.format);  // a bad format fails before minutes of runs
  const Scenario scenario = load_scenario_file(o.scenario);
  const std::vector<std::string> files = expand_folders(o.designs);
  if (files.empty()) throw InputError(o.designs.front(), "", "no design files (*.json) found");
  std::vector<Outcome> outcomes(files.size());
  std::vector<std::string> titles(files.size());
  run_parallel(files.size(), o.jobs, [&](std::size_t i) {
    try {
      const Design design = load_design_file(files[i]);
      titles[i] = design.title;
      outcomes[i] = run_outcome(apply_design(scenario, design), o.seed, o.commands_path);
    } catch (const std::exception& e) {
      outcomes[i].error = e.what();
    }
  });
  std::vector<std::vector<nlohmann::json>> lead;
  for (std::size_t i = 0; i < files.size(); ++i) lead.push_back({files[i], titles[i]});
  return emit_outcomes({"design", "title"}, std::move(lead), outcomes, o.format, o.output_path);
}

}  // namespace bp
