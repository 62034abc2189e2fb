// The inspector: the selected component's live figures and every one of its
// settings, generated from the catalogue schema (kind, unit, range, help).
// Edits become "set" commands through Game::submit; the inspector never
// touches the model.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include <backpressure/catalogue.h>
#include <backpressure/scenario_loader.h>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

double duration_us(const nlohmann::json& v) {
  bp::SimTime t = 0;
  if (v.is_string() && bp::parse_duration(v.get<std::string>(), t)) return static_cast<double>(t);
  return v.is_number() ? v.get<double>() : 0;
}

// Durations go back to the core as whole microseconds: exact, no rounding.
nlohmann::json us_text(double ms) { return fmt::format("{}us", std::llround(std::max(0.0, ms) * 1000)); }

void stat(const char* label, const std::string& value, ImU32 c = colour::text) {
  ImGui::TableNextColumn();
  ImGui::PushFont(fonts.small);
  text_coloured(colour::dim, label);
  ImGui::PopFont();
  text_coloured(c, value.c_str());
}

void live_figures(const Game& game, const bp::ComponentStatus& st) {
  const bp::Simulator& sim = game.sim();
  auto last = [&](const char* name) {
    const auto* s = sim.find_series(st.id, name);
    return s ? s->last() : NAN;
  };
  if (!ImGui::BeginTable("figures", 3, ImGuiTableFlags_SizingStretchSame)) return;
  // Rates over the last ten simulated seconds, so a lumpy step does not flicker.
  auto rate = [&](const char* name) { return recent_mean(sim.find_series(st.id, name), 100); };
  stat("in / s", fmt_count(rate("arrivals")));
  stat("out / s", fmt_count(rate("completions")));
  const double errs = rate("errors");
  stat("errors / s", fmt_count(errs), errs > 0 ? colour::bad : colour::text);
  if (st.type == "queue") {
    const double age = last("oldest_age");
    const double g = last("growth");
    stat("waiting", fmt_count(static_cast<double>(st.queued)), st.queued > 1000 ? colour::warn : colour::text);
    stat("oldest job", fmt_duration_s(age), age > 600 ? colour::bad : colour::text);
    // Built front to back: "literal" + std::string trips GCC 12's -Wrestrict false positive.
    std::string growth = g > 0 ? "+" : "";
    growth += fmt_count(g);
    stat("growth / min", growth, g > 1 ? colour::warn : colour::good);
    stat("drains in", fmt_duration_s(last("time_to_drain")));
  } else {
    const double u = last("utilization");
    stat("busy", fmt_percent(u), health_colour(health_of(u, 0.9)));
    stat("in system", fmt_count(static_cast<double>(st.in_system)));
  }
  stat("cost so far", fmt_money(st.cost));
  ImGui::EndTable();
}

// `price`: the monthly price of one unit when this setting is the billed
// count (instances, a stream's partitions); 0 otherwise.
void setting_row(Game& game, const std::string& id, const bp::SettingSchema& s, double price) {
  const nlohmann::json cur = [&] {
    nlohmann::json v = game.setting_value(id, s.key);
    return v.is_null() ? s.default_value : v;
  }();
  ImGui::PushID(s.key.c_str());
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(humanize(s.key).c_str());
  if (!s.help.empty() && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(360);
    ImGui::TextUnformatted(s.help.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (game.is_pending(id, s.key)) {
    ImGui::SameLine();
    text_coloured(colour::warn, icon::clock);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Applies when the clock next moves");
  }
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-FLT_MIN);
  auto set = [&](nlohmann::json v) { game.submit({bp::CommandKind::Set, id, s.key, std::move(v)}); };
  // Typed numbers apply on Enter; +/- buttons, sliders and toggles at once.
  const auto enter = ImGuiInputTextFlags_EnterReturnsTrue;
  std::string unit = s.unit;
  switch (s.kind) {
    case bp::SettingKind::Integer: {
      int v = cur.is_number() ? cur.get<int>() : 0;
      // +/- suit small counts; on a wide range (a queue's 100,000 jobs) they
      // would only squeeze the digits out of sight.
      const int step = s.max - s.min > 1000 ? 0 : 1;
      if (ImGui::InputInt("##v", &v, step, step * 10, enter))
        set(std::clamp<int>(v, static_cast<int>(s.min), static_cast<int>(s.max)));
      break;
    }
    case bp::SettingKind::Number: {
      double v = cur.is_number() ? cur.get<double>() : 0;
      if (ImGui::InputDouble("##v", &v, 0, 0, "%.6g", enter)) set(std::clamp(v, s.min, s.max));
      break;
    }
    case bp::SettingKind::Ratio: {
      float v = cur.is_number() ? cur.get<float>() * 100 : 0;
      ImGui::SliderFloat("##v", &v, 0, 100, "%.1f%%");
      if (ImGui::IsItemDeactivatedAfterEdit()) set(std::clamp(v / 100.0, 0.0, 1.0));
      break;
    }
    case bp::SettingKind::Flag: {
      bool v = cur.is_boolean() ? cur.get<bool>() : false;
      if (ImGui::Checkbox("##v", &v)) set(v);
      break;
    }
    case bp::SettingKind::Duration: {
      double ms = duration_us(cur) / 1000.0;
      if (ImGui::InputDouble("##v", &ms, 0, 0, "%.4g", enter)) set(us_text(ms));
      unit = "ms";
      break;
    }
    case bp::SettingKind::Choice: {
      const std::string v = cur.is_string() ? cur.get<std::string>() : "";
      if (ImGui::BeginCombo("##v", humanize(v).c_str())) {
        for (const auto& c : s.choices)
          if (ImGui::Selectable(humanize(c).c_str(), c == v) && c != v) set(c);
        ImGui::EndCombo();
      }
      break;
    }
    case bp::SettingKind::Distribution: {
      // The mean is what players tune; the shape (sigma, p99) is kept.
      nlohmann::json d = cur;
      const char* field = d.is_object() ? (d.contains("mean") ? "mean" : d.contains("value") ? "value" : nullptr) : nullptr;
      double ms = duration_us(field ? d[field] : d) / 1000.0;
      if (ImGui::InputDouble("##v", &ms, 0, 0, "%.4g", enter)) {
        if (field) d[field] = us_text(ms);
        else d = us_text(ms);
        set(d);
      }
      unit = "ms " + (d.is_object() ? d.value("dist", std::string("")) : std::string("constant")) + " mean";
      break;
    }
  }
  (s.kind == bp::SettingKind::Integer && s.max - s.min <= 1000 ? anchor_stepper : anchor)("inspector/" + id + "/" + s.key);
  ImGui::TableNextColumn();
  ImGui::PushFont(fonts.small);
  ImGui::AlignTextToFramePadding();
  if (price > 0 && cur.is_number()) {
    // The cost impact, where a setting has one: the count times the price.
    text_coloured(colour::dim, (fmt_money(cur.get<double>() * price) + "/mo").c_str());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s a month for each of the %s; autoscaling bills the instances actually running.",
                        fmt_money(price).c_str(), humanize(s.key).c_str());
  } else {
    // Units can be phrases ("jobs per instance"): wrapped, not cut off.
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::dim));
    text_wrapped(unit);
    ImGui::PopStyleColor();
  }
  ImGui::PopFont();
  ImGui::PopID();
}

// The component's name and type line, for live and pending components alike.
void heading(const std::string& id, const std::string& type_name, const bp::ComponentType* type) {
  ImGui::PushFont(fonts.heading);
  text_coloured(colour::accent, type_icon(type_name.c_str()));
  ImGui::SameLine();
  ImGui::TextUnformatted(id.c_str());
  ImGui::PopFont();
  if (type) {
    ImGui::SameLine();
    ImGui::PushFont(fonts.small);
    ImGui::AlignTextToFramePadding();
    text_coloured(colour::dim, (type->label + "  " + fmt_money(type->cost_per_month) + "/mo each").c_str());
    ImGui::PopFont();
  }
}

void settings_table(Game& game, const std::string& id, const bp::ComponentType& type) {
  ImGui::BeginChild("settings", ImVec2(0, 0), false);
  if (ImGui::BeginTable("settings", 3, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 0.95f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthStretch, 0.85f);
    for (const auto& s : type.settings)
      setting_row(game, id, s, s.key == "instances" || s.key == "partitions" ? type.cost_per_month : 0.0);
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace

void draw_inspector(Game& game, const UiState& ui) {
  const bp::ComponentStatus* it = ui.frame.status(game.selected);
  if (!it) {
    // Waiting to join (added while paused), by this frame's snapshot.
    if (const DesignNode* n = ui.frame.node(game.selected); n && n->pending) {
      const std::string& type_name = n->type;
      // Not running yet, so no figures; its settings can be changed before
      // it joins, and the changes join with it.
      const bp::ComponentType* type = bp::Catalogue::builtin().find(type_name);
      heading(game.selected, type_name, type);
      ImGui::PushTextWrapPos(0);
      text_coloured(colour::warn, icon::clock);
      ImGui::SameLine();
      text_coloured(colour::dim, (game.selected + " joins the design at the next step; what you set here joins with it.").c_str());
      ImGui::PopTextWrapPos();
      ImGui::Separator();
      if (type) settings_table(game, game.selected, *type);
      return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::dim));
    text_wrapped("Click a component on the canvas to see and change its settings.");
    ImGui::PopStyleColor();
    return;
  }
  const bp::ComponentType* type = bp::Catalogue::builtin().find(it->type);
  heading(it->id, it->type, type);
  live_figures(game, *it);
  ImGui::Separator();
  if (type) settings_table(game, it->id, *type);
}

}  // namespace app
