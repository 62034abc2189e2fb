#pragma once
// Number formatting shared by every panel, so a figure reads the same
// wherever it appears.
#include <string>

#include <nlohmann/json.hpp>

#include <backpressure/time.h>

namespace app {

std::string humanize(const std::string& id);            // "batch_upload" -> "Batch upload"
std::string json_brief(const nlohmann::json& v);         // a setting value, short
std::string fmt_percent(double ratio);                   // 0.0123 -> "1.23%"
std::string fmt_ms(double ms);                           // "182 ms", "2.4 s"
std::string fmt_count(double n);                         // "12,345", "1.2M"
std::string fmt_duration_s(double s);                    // "45 s", "12 min", "3.5 h"
std::string fmt_money(double usd);                       // "$1,234"
std::string fmt_clock(bp::SimTime t);                    // "Day 1 08:42:10"
std::string fmt_rate(double per_s);                      // "1,234/s"

}  // namespace app
