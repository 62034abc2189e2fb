#include "screens/debrief_parts.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <backpressure/command_handlers.h>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

struct ItemText {
  const char* label;
  const char* why;  // the tooltip: what it measures and why it matters
};

ItemText describe(const std::string& item) {
  if (item == "uptime")
    return {"Uptime", "Share of user requests answered successfully over the whole shift. Every failure is a person who saw an error page."};
  if (item == "p95_latency")
    return {"P95 latency", "95% of requests were answered at least this fast over the shift. First breach is the first whole hour whose P95 passed the target."};
  if (item == "budget")
    return {"Budget", "Average monthly cost of the design over the shift. Scaling up for a surge is fine; forgetting to scale back is not."};
  if (item == "job_freshness")
    return {"Job freshness", "Share of background jobs finished within the contract's age limit. Jobs still waiting past it, lost or dead-lettered count against you. This is where a silent backlog shows."};
  return {"", ""};
}

std::string fmt_measure(double v, const std::string& unit) {
  if (unit == "%") return fmt::format("{:.2f}%", v);
  if (unit == "ms") return fmt_ms(v);
  if (unit == "$/month") return fmt_money(v) + "/mo";
  return fmt::format("{:g} {}", v, unit);
}

double seconds_or(const nlohmann::json& j, const char* key, double fallback) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : fallback;
}

bp::SimTime at(double s) { return static_cast<bp::SimTime>(std::llround(s * bp::kSecond)); }

}  // namespace

void draw_contract_cards(Game& game, const nlohmann::json& report, float width, float height) {
  (void)game;
  const nlohmann::json& g = report["grade"];
  if (!g.value("graded", false) || !g.contains("items")) {
    ImGui::Dummy(ImVec2(width, height * 0.3f));
    return;
  }
  const auto& items = g["items"];
  const float gap = px(16);
  const int n = static_cast<int>(items.size());
  const float cw = (width - (n - 1) * gap) / static_cast<float>(std::max(1, n));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int i = 0;
  for (const auto& item : items) {
    if (i++) ImGui::SameLine(0, gap);
    const std::string name = item.value("item", std::string());
    const ItemText text = describe(name);
    const std::string unit = item.value("unit", std::string());
    const bool pass = item.value("pass", false);
    const ImU32 col = pass ? colour::good : colour::bad;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p1(p0.x + cw, p0.y + height);
    dl->AddRectFilled(p0, p1, colour::card, px(10));
    dl->AddRectFilled(p0, ImVec2(p0.x + px(5), p1.y), col, px(10), ImDrawFlags_RoundCornersLeft);
    const float x = p0.x + px(18);
    ImGui::PushFont(fonts.small);
    dl->AddText(ImVec2(x, p0.y + px(10)), colour::dim, *text.label ? text.label : name.c_str());
    const char* verdict = pass ? "KEPT" : "BROKEN";
    dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(verdict).x - px(14), p0.y + px(10)), col, verdict);
    ImGui::PopFont();
    ImGui::PushFont(fonts.big);
    const std::string measured = fmt_measure(item.value("measured", 0.0), unit);
    dl->AddText(ImVec2(x, p0.y + px(30)), col, measured.c_str());
    ImGui::PopFont();
    ImGui::PushFont(fonts.small);
    const std::string target = "target " + std::string(name == "budget" || name == "p95_latency" ? "<= " : ">= ") +
                               fmt_measure(item.value("target", 0.0), unit);
    dl->AddText(ImVec2(x, p0.y + px(70)), colour::text, target.c_str());
    const std::string pts = fmt::format("{:.1f} / {:.0f} pts", item.value("points", 0.0), item.value("max_points", 0.0));
    dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(pts.c_str()).x - px(14), p0.y + px(70)), colour::dim, pts.c_str());
    std::string breach = "never broken";
    if (item.contains("first_breach_s") && item["first_breach_s"].is_number())
      breach = "first broken " + fmt_clock(at(item["first_breach_s"].get<double>()));
    else if (!pass)
      breach = "broken over the shift as a whole";
    dl->AddText(ImVec2(x, p0.y + px(94)), pass ? colour::dim : colour::warn, breach.c_str());
    ImGui::PopFont();
    ImGui::PushID(name.c_str());
    ImGui::Dummy(ImVec2(cw, height));
    ImGui::PopID();
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(px(380));
      ImGui::TextUnformatted(text.why);
      const std::string detail = item.value("detail", std::string());
      if (!detail.empty()) text_coloured(colour::dim, detail.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  ImGui::Dummy(ImVec2(0, px(4)));
}

namespace {

struct Moment {
  bp::SimTime at = 0;
  ImU32 colour = 0;
  const char* icon = "";
  std::string text;
};

std::vector<Moment> timeline(const Game& game, const nlohmann::json& report) {
  std::vector<Moment> out;
  const nlohmann::json& g = report["grade"];
  if (g.contains("incidents"))
    for (const auto& inc : g["incidents"]) {
      if (!inc["started_s"].is_number()) continue;
      std::string text = "Incident: " + humanize(inc.value("kind", std::string("incident")));
      if (inc.contains("target")) text += " on " + inc["target"].get<std::string>();
      if (inc.contains("detection_delay_s") && inc["detection_delay_s"].is_number())
        text += ". Alert after " + fmt_duration_s(inc["detection_delay_s"].get<double>());
      else
        text += ". No alert fired";
      if (inc.contains("response_delay_s") && inc["response_delay_s"].is_number())
        text += ", you acted " + fmt_duration_s(inc["response_delay_s"].get<double>()) + " later";
      out.push_back({at(inc["started_s"].get<double>()), colour::accent2, icon::bolt, text + "."});
    }
  if (report.contains("alerts"))
    for (const auto& a : report["alerts"]) {
      const bool crit = a.value("severity", std::string()) == "critical";
      const std::string id = a.value("id", std::string());
      out.push_back({at(seconds_or(a, "fired_s", 0)), crit ? colour::bad : colour::warn, icon::bell,
                     fmt::format("Alert {} fired ({} {})", id, a.value("metric", std::string()),
                                 fmt_count(a.value("value_at_fire", 0.0)))});
      if (a["acknowledged_s"].is_number())
        out.push_back({at(a["acknowledged_s"].get<double>()), colour::accent, icon::check, "You acknowledged " + id});
      if (a["resolved_s"].is_number())
        out.push_back({at(a["resolved_s"].get<double>()), colour::good, icon::check, "Alert " + id + " cleared"});
    }
  const bp::SimTime step = game.sim().step();
  for (const auto& c : game.sim().command_log()) {
    if (c.kind == bp::CommandKind::AckAlert) continue;  // shown with its alert
    out.push_back({c.step * step, colour::accent, icon::sliders, "You " + bp::describe_command(c)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Moment& a, const Moment& b) { return a.at < b.at; });
  return out;
}

// Talking points are strings; root causes are objects with a title, where,
// when, a summary and the run's own numbers as evidence.
void bullet_list(const char* title, const char* ic, const nlohmann::json& list) {
  if (!list.is_array() || list.empty()) return;
  ImGui::Spacing();
  ImGui::PushFont(fonts.heading);
  text_coloured(colour::accent, ic);
  ImGui::SameLine();
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  for (const auto& e : list) {
    if (e.is_string()) {
      ImGui::Bullet();  // leaves the cursor on the same line
      text_wrapped(e.get<std::string>());
      continue;
    }
    // A root cause: {title, component, from_s, until_s, summary, evidence}.
    std::string head = e.value("title", std::string("Cause"));
    if (e.contains("component") && e["component"].is_string()) head += " at " + e["component"].get<std::string>();
    if (e.contains("from_s") && e["from_s"].is_number()) {
      head += ", from " + fmt_clock(at(e["from_s"].get<double>()));
      head += e.contains("until_s") && e["until_s"].is_number() ? " to " + fmt_clock(at(e["until_s"].get<double>()))
                                                                 : std::string(" to the end");
    }
    ImGui::Bullet();
    text_coloured(colour::warn, head.c_str());
    ImGui::PushFont(fonts.small);
    ImGui::Indent(px(22));
    if (e.contains("summary") && e["summary"].is_string()) text_wrapped(e["summary"].get<std::string>());
    for (const char* k : {"evidence"}) {
      if (!e.contains(k)) continue;
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::dim));
      if (e[k].is_string()) text_wrapped(e[k].get<std::string>());
      else if (e[k].is_array())
        for (const auto& line : e[k]) text_wrapped("- " + (line.is_string() ? line.get<std::string>() : line.dump()));
      ImGui::PopStyleColor();
    }
    ImGui::Unindent(px(22));
    ImGui::PopFont();
  }
}

}  // namespace

void draw_run_story(Game& game, const nlohmann::json& report) {
  // Top-level report fields from the grading code (docs/report-format.md).
  const nlohmann::json causes = report.value("root_causes", nlohmann::json());
  const nlohmann::json points = report.value("talking_points", nlohmann::json());
  bullet_list("Talking points", icon::info, points);
  bullet_list("Root causes", icon::warning, causes);
  if (!causes.empty() || !points.empty()) {
    ImGui::Spacing();
    ImGui::PushFont(fonts.heading);
    text_coloured(colour::accent, icon::clock);
    ImGui::SameLine();
    ImGui::TextUnformatted("Timeline");
    ImGui::PopFont();
  }
  const auto moments = timeline(game, report);
  ImGui::PushFont(fonts.small);
  if (moments.empty())
    text_coloured(colour::dim, "Nothing fired and you changed nothing: a quiet shift, or an unwatched one.");
  if (ImGui::BeginTable("timeline", 2, ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Day 00 00:00:00").x);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& m : moments) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text_coloured(colour::dim, fmt_clock(m.at).c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(m.colour));
      text_wrapped(std::string(m.icon) + "  " + m.text);
      ImGui::PopStyleColor();
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();
}

}  // namespace app
