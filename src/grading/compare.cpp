#include "grading/compare.h"

#include <algorithm>
#include <cstdio>
#include <cstring>


namespace bp {

namespace {

bool same_bits(double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }

}  // namespace

bool series_differ_now(const std::deque<Series>& a, const std::deque<Series>& b) {
  if (a.size() != b.size()) return true;
  // Series are created in design order, so the same design gives the same
  // order; a different name at one place means a different design.
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Series& x = a[i];
    const Series& y = b[i];
    if (x.name() != y.name() || x.component() != y.component()) return true;
    if (x.steps() != y.steps()) return true;
    if (x.steps() == 0) continue;
    // The recent ring holds floats; the point being filled holds the same
    // samples in double, so a difference too small for a float shows there.
    if (!same_bits(x.last(), y.last()) || x.has_pending() != y.has_pending() || x.points().size() != y.points().size())
      return true;
    const SeriesPoint p = x.has_pending() ? x.pending() : x.points().back();
    const SeriesPoint q = y.has_pending() ? y.pending() : y.points().back();
    if (!same_bits(p.mean, q.mean) || !same_bits(p.max, q.max) || p.samples != q.samples) return true;
  }
  return false;
}

}  // namespace bp

namespace bp {

namespace {

const nlohmann::json& at_path(const nlohmann::json& doc, const nlohmann::json::json_pointer& p) {
  static const nlohmann::json null_value;
  return doc.contains(p) ? doc.at(p) : null_value;
}

std::string value_text(const nlohmann::json& v, const std::string& unit) {
  if (v.is_null()) return "none";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number()) {
    const double x = v.get<double>();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return unit.empty() ? std::string(buf) : std::string(buf) + " " + unit;
  }
  return v.dump();
}

// Hours run past 24 ("31:05:00"), as the compare output's split line does,
// so a sentence and that line read alike.
std::string when_text(double seconds) {
  if (seconds < 0) return "never";
  const auto s = static_cast<long long>(seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

std::string split_clause(double split_s) {
  return split_s < 0 ? "the two runs never split" : "the futures split at " + when_text(split_s);
}

std::vector<std::string> categories(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const auto& rc : at_path(report, "/root_causes"_json_pointer))
    if (rc.contains("category")) out.push_back(rc["category"].get<std::string>());
  return out;
}

ReportDifference plain(const std::string& item, const std::string& label, const nlohmann::json& a,
                       const nlohmann::json& b, const std::string& unit) {
  ReportDifference d{item, label, a, b, a != b, ""};
  if (d.changed) d.sentence = label + " went from " + value_text(a, unit) + " to " + value_text(b, unit) + ".";
  return d;
}

}  // namespace

std::vector<ReportDifference> diff_reports(const nlohmann::json& a, const nlohmann::json& b, double split_s) {
  std::vector<ReportDifference> out;
  out.push_back(plain("grade", "Grade", at_path(a, "/grade/letter"_json_pointer), at_path(b, "/grade/letter"_json_pointer), ""));
  out.push_back(plain("score", "Score", at_path(a, "/grade/score"_json_pointer), at_path(b, "/grade/score"_json_pointer), ""));

  // Contract items by name: both reports come from the same scenario, so
  // the same contract, but a missing item is shown as "none" rather than
  // trusted to line up.
  const auto& items_a = at_path(a, "/grade/items"_json_pointer);
  const auto& items_b = at_path(b, "/grade/items"_json_pointer);
  std::vector<std::string> names;
  for (const auto* items : {&items_a, &items_b})
    for (const auto& it : *items)
      if (std::find(names.begin(), names.end(), it.value("item", "")) == names.end()) names.push_back(it.value("item", ""));
  for (const std::string& name : names) {
    nlohmann::json x, y;
    for (const auto& it : items_a)
      if (it.value("item", "") == name) x = it;
    for (const auto& it : items_b)
      if (it.value("item", "") == name) y = it;
    const std::string unit = x.is_object() ? x.value("unit", "") : y.value("unit", "");
    auto state = [&](const nlohmann::json& it) -> std::string {
      if (!it.is_object()) return "not graded";
      std::string s = value_text(it["measured"], unit) + (it.value("pass", false) ? " (kept)" : " (broken");
      if (!it.value("pass", false))
        s += it["first_breach_s"].is_number() ? " from " + when_text(it["first_breach_s"].get<double>()) + ")" : ")";
      return s;
    };
    ReportDifference d{"contract/" + name, name, x.is_object() ? x["measured"] : nlohmann::json(),
                       y.is_object() ? y["measured"] : nlohmann::json(), false, ""};
    d.changed = x != y;
    if (d.changed) {
      const bool pass_a = x.is_object() && x.value("pass", false), pass_b = y.is_object() && y.value("pass", false);
      const std::string verdict = pass_a != pass_b ? (pass_b ? "B keeps the promise A broke" : "B breaks the promise A kept")
                                  : pass_a         ? "kept by both, at another level"
                                                   : "broken by both, differently";
      d.sentence = name + ": " + verdict + "; A " + state(x) + ", B " + state(y) + "; " + split_clause(split_s) + ".";
    }
    out.push_back(std::move(d));
  }

  out.push_back(plain("p95", "P95", at_path(a, "/latency_ms/p95"_json_pointer), at_path(b, "/latency_ms/p95"_json_pointer), "ms"));
  out.push_back(plain("worst_hourly_p95", "Worst hourly P95", at_path(a, "/grade/worst_hourly_p95_ms"_json_pointer),
                      at_path(b, "/grade/worst_hourly_p95_ms"_json_pointer), "ms"));
  out.push_back(plain("success_ratio", "Success ratio", at_path(a, "/requests/success_ratio"_json_pointer),
                      at_path(b, "/requests/success_ratio"_json_pointer), ""));
  out.push_back(plain("cost", "Cost", at_path(a, "/cost/total_usd"_json_pointer), at_path(b, "/cost/total_usd"_json_pointer), "USD"));
  out.push_back(plain("monthly_cost", "Monthly cost", at_path(a, "/cost/monthly_usd"_json_pointer),
                      at_path(b, "/cost/monthly_usd"_json_pointer), "USD"));

  const std::vector<std::string> ca = categories(a), cb = categories(b);
  ReportDifference rc{"root_causes", "Root causes", ca, cb, ca != cb, ""};
  if (rc.changed) {
    auto missing = [](const std::vector<std::string>& from, const std::vector<std::string>& in) {
      std::string s;
      for (const auto& c : from)
        if (std::find(in.begin(), in.end(), c) == in.end() && s.find(c) == std::string::npos) s += (s.empty() ? "" : ", ") + c;
      return s;
    };
    const std::string gone = missing(ca, cb), added = missing(cb, ca);
    // Categories in both but found a different number of times (a cause
    // that came back, or one cut short and not seen again).
    std::string recount;
    for (const auto& c : ca) {
      if (std::find(cb.begin(), cb.end(), c) == cb.end() || recount.find(c) != std::string::npos) continue;
      const auto na = std::count(ca.begin(), ca.end(), c), nb = std::count(cb.begin(), cb.end(), c);
      if (na != nb)
        recount += (recount.empty() ? "" : ", ") + c + " " + std::to_string(na) + " time" + (na == 1 ? "" : "s") + " in A, " +
                   std::to_string(nb) + " in B";
    }
    std::vector<std::string> parts;
    if (!gone.empty()) parts.push_back("B is free of " + gone);
    if (!added.empty()) parts.push_back("B adds " + added);
    if (!recount.empty()) parts.push_back(recount);
    if (parts.empty()) parts.push_back("the same causes, found at other times");
    rc.sentence = "Root causes: ";
    for (std::size_t i = 0; i < parts.size(); ++i) rc.sentence += (i ? "; " : "") + parts[i];
    rc.sentence += ".";
  }
  out.push_back(std::move(rc));

  // Incidents come from the scenario, so both runs list the same ones in
  // the same order; their delays are the player's (or the design's) doing.
  const auto& inc_a = at_path(a, "/grade/incidents"_json_pointer);
  const auto& inc_b = at_path(b, "/grade/incidents"_json_pointer);
  for (std::size_t i = 0; i < std::max(inc_a.size(), inc_b.size()); ++i) {
    const nlohmann::json x = i < inc_a.size() ? inc_a[i] : nlohmann::json::object();
    const nlohmann::json y = i < inc_b.size() ? inc_b[i] : nlohmann::json::object();
    const std::string id = x.value("id", y.value("id", std::to_string(i)));
    for (const char* field : {"detection_delay_s", "response_delay_s"}) {
      const std::string what = std::string(field) == "detection_delay_s" ? "detection" : "response";
      out.push_back(plain("incident/" + id + "/" + what, "Incident " + id + " " + what + " delay",
                          x.contains(field) ? x[field] : nlohmann::json(), y.contains(field) ? y[field] : nlohmann::json(), "s"));
    }
  }
  return out;
}

nlohmann::json differences_json(const std::vector<ReportDifference>& diffs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : diffs)
    out.push_back({{"item", d.item}, {"label", d.label}, {"a", d.a}, {"b", d.b}, {"changed", d.changed}, {"sentence", d.sentence}});
  return out;
}

}  // namespace bp
