#include <fmt/format.h>

#include "backpressure/alerts.h"
#include "backpressure/input_error.h"
#include "backpressure/json_input.h"
#include "scenario/json_reader.h"

namespace bp {

AlertSpec parse_alert(const nlohmann::json& v, const std::string& file, const std::string& path,
                      const Scenario& scenario) {
  ObjectReader r(v, file, path);
  AlertSpec a;
  a.id = r.required_string("id");
  const std::string metric = r.required_string("metric");
  const auto slash = metric.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == metric.size())
    r.fail_at("metric", "expected COMPONENT/SERIES such as \"jobs/queue\" or \"run/p95\", got " + quote_text(metric));
  a.component = metric.substr(0, slash);
  a.series = metric.substr(slash + 1);
  if (a.component != "run" && a.component != "traffic" && !scenario.find(a.component))
    r.fail_at("metric", "no component has the id " + quote_text(a.component));
  if (r.has("above") == r.has("below")) r.fail("give exactly one of \"above\" or \"below\" (the threshold)");
  a.above = r.has("above");
  a.threshold = r.number(a.above ? "above" : "below", 0, -1e15, 1e15);
  a.hold = r.duration("for", 0, 0, kDay);
  a.severity = r.string("severity", "warning");
  if (a.severity != "warning" && a.severity != "critical")
    r.fail_at("severity", "expected \"warning\" or \"critical\", got " + quote_text(a.severity));
  a.summary = r.string("summary", "");
  r.finish();
  return a;
}

}  // namespace bp
