#pragma once
// The run report: what the run measured (Simulator::measurements) with the
// verdicts on it: the grade, the root causes and the talking points, all
// worked out from the run's RunRecord (docs/report-format.md).
#include <nlohmann/json.hpp>

#include "backpressure/run_record.h"
#include "backpressure/simulator.h"

namespace bp {

// The whole report of a run as it stands.
nlohmann::json make_report(const Simulator& sim);
// Adds "grade", "root_causes" and "talking_points" to a run's measurements.
void add_verdicts(nlohmann::json& measurements, const RunRecord& run);

}  // namespace bp
