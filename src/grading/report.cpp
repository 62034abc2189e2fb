#include "backpressure/report.h"

#include "grading/grade.h"
#include "grading/root_causes.h"
#include "grading/talking_points.h"

namespace bp {

void add_verdicts(nlohmann::json& r, const RunRecord& run) {
  r["grade"] = grade_run(run, r);
  nlohmann::json causes = nlohmann::json::array();
  for (const auto& c : find_root_causes(run)) causes.push_back(c.to_json());
  r["root_causes"] = std::move(causes);
  r["talking_points"] = talking_points(run, r);
}

nlohmann::json make_report(const Simulator& sim) {
  nlohmann::json r = sim.measurements();
  add_verdicts(r, sim.record());
  return r;
}

}  // namespace bp
