// Rules between settings of one component. They live beside the catalogue
// (which checks each setting alone) so that a scenario file and a command
// mid-run are held to exactly the same rules.
#include <fmt/format.h>

#include "backpressure/catalogue.h"

namespace bp {

std::string check_setting_rules(const std::string& type, const Settings& s,
                                const std::function<bool(const std::string&)>& given, std::string& key) {
  if (type != "worker" && type != "server") return "";
  // Of two settings that disagree, blame the first one the author wrote.
  const auto blame = [&](const char* a, const char* b) { return std::string(given(a) || !given(b) ? a : b); };

  const std::int64_t lo = s.integer("min_instances"), hi = s.integer("max_instances");
  if (lo > hi) {
    key = blame("min_instances", "max_instances");
    return key == "min_instances" ? fmt::format("must not be above max_instances ({}), got {}", hi, lo)
                                  : fmt::format("must not be below min_instances ({}), got {}", lo, hi);
  }
  const double in = s.number("scale_in_at"), out = s.number("scale_out_at");
  if (in >= out) {
    // Equal thresholds would leave no band in which the count holds.
    key = blame("scale_in_at", "scale_out_at");
    return key == "scale_in_at"
               ? fmt::format("must be below scale_out_at ({}) so the count holds between the two, got {}", out, in)
               : fmt::format("must be above scale_in_at ({}) so the count holds between the two, got {}", in, out);
  }
  if (s.choice("autoscale") == "utilization") {
    if (out > 1) {
      key = blame("scale_out_at", "autoscale");
      return key == "scale_out_at"
                 ? fmt::format("under autoscale \"utilization\" thresholds are shares from 0 to 1, got {}", out)
                 : fmt::format("\"utilization\" compares with thresholds that are shares from 0 to 1, but scale_out_at "
                               "is {}; give scale_out_at and scale_in_at as shares",
                               out);
    }
    if (lo < 1) {
      key = blame("min_instances", "autoscale");
      return key == "min_instances"
                 ? "must be at least 1 under autoscale \"utilization\": with no instance there is no utilization to scale out on"
                 : "\"utilization\" needs min_instances of at least 1: with no instance there is no utilization to scale out on";
    }
  }
  return "";
}

}  // namespace bp
