#include "format.h"

#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace app {

std::string humanize(const std::string& id) {
  std::string out = id;
  for (auto& ch : out)
    if (ch == '_') ch = ' ';
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string json_brief(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("mean")) return v.value("dist", std::string("dist")) + " mean " + json_brief(v["mean"]);
  return v.dump();
}

std::string fmt_percent(double r) {
  if (!std::isfinite(r)) return "-";
  const double p = r * 100;
  if (p != 0 && std::fabs(p) < 0.1) return fmt::format("{:.3f}%", p);
  if (std::fabs(p) < 10) return fmt::format("{:.2f}%", p);
  return fmt::format("{:.1f}%", p);
}

std::string fmt_ms(double ms) {
  if (!std::isfinite(ms)) return "-";
  if (ms < 10) return fmt::format("{:.1f} ms", ms);
  if (ms < 1000) return fmt::format("{:.0f} ms", ms);
  return fmt::format("{:.2f} s", ms / 1000);
}

std::string fmt_count(double n) {
  if (!std::isfinite(n)) return "-";
  const double a = std::fabs(n);
  if (a >= 1e9) return fmt::format("{:.1f}B", n / 1e9);
  if (a >= 1e6) return fmt::format("{:.1f}M", n / 1e6);
  if (a >= 1e4) return fmt::format("{:.1f}k", n / 1e3);
  if (a >= 100 || n == std::floor(n)) return fmt::format("{:.0f}", n);
  return fmt::format("{:.1f}", n);
}

std::string fmt_duration_s(double s) {
  if (!std::isfinite(s)) return "never";
  if (s < 1) return fmt::format("{:.0f} ms", s * 1000);
  if (s < 90) return fmt::format("{:.0f} s", s);
  if (s < 90 * 60) return fmt::format("{:.0f} min", s / 60);
  if (s < 48 * 3600) return fmt::format("{:.1f} h", s / 3600);
  return fmt::format("{:.1f} d", s / 86400);
}

std::string fmt_money(double usd) {
  if (!std::isfinite(usd)) return "-";
  if (usd < 10) return fmt::format("${:.2f}", usd);
  const auto whole = static_cast<long long>(std::llround(usd));
  std::string digits = std::to_string(whole), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return "$" + out;
}

std::string fmt_clock(bp::SimTime t) {
  const long long s = t / bp::kSecond;
  return fmt::format("Day {} {:02}:{:02}:{:02}", s / 86400 + 1, (s / 3600) % 24, (s / 60) % 60, s % 60);
}

std::string fmt_rate(double per_s) { return fmt_count(per_s) + "/s"; }

}  // namespace app
