// Small drawing helpers shared by the panels: titled panels and line charts.
// Charts are drawn by hand on the draw list because ImGui 1.86 has no plot
// widget worth showing a player (and ImPlot is not packaged here).
#include <algorithm>
#include <cmath>
#include <string>

#include <backpressure/series.h>
#include <fmt/format.h>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

double recent_mean(const bp::Series* s, std::size_t steps) {
  if (!s) return NAN;
  steps = std::min(steps, s->recent_size());
  double sum = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < steps; ++i)
    if (const double v = s->recent(i); v == v) { sum += v; ++k; }
  return k ? sum / static_cast<double>(k) : NAN;
}

bool begin_panel(const char* id, const char* ic, const char* title, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, to_vec4(colour::panel));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
  const bool open = ImGui::BeginChild(id, size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  if (title && *title) {
    ImGui::PushFont(fonts.heading);
    if (ic) {
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::accent));
      ImGui::TextUnformatted(ic);
      ImGui::PopStyleColor();
      ImGui::SameLine();
    }
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ImGui::Spacing();
  }
  return open;
}

void end_panel() { ImGui::EndChild(); }

void text_coloured(ImU32 c, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(c));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

namespace {

double nice_ceiling(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (v <= m * p) return m * p;
  return 10 * p;
}

// Series points as (time s, value): history points, then the pending one.
template <typename F>
void for_each_point(const bp::Series& s, double step_s, F&& f) {
  const double span = static_cast<double>(s.steps_per_point()) * step_s;
  const auto& pts = s.points();
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (pts[i].samples) f((static_cast<double>(i) + 1) * span, pts[i].mean);
  if (s.has_pending()) {
    const auto p = s.pending();
    if (p.samples) f(static_cast<double>(s.steps()) * step_s, p.mean);
  }
}

}  // namespace

void line_chart(const char* id, const char* title, const std::string& value_text, ImU32 value_colour,
                const ChartLine* lines, int count, double t0, double t1, double step_s, ImVec2 size,
                const std::vector<ChartSpan>& spans, double threshold, const char* tip, double pace_per_s) {
  ImGui::PushID(id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  dl->AddRectFilled(p0, p1, colour::card, 8);

  // Header: title left, the live figure right.
  ImGui::PushFont(fonts.heading);
  const ImVec2 vs = ImGui::CalcTextSize(value_text.c_str());
  ImGui::PopFont();
  ImGui::PushFont(fonts.small);
  // The title gives way to the live figure when the chart is narrow.
  dl->PushClipRect(p0, ImVec2(p1.x - vs.x - 20, p1.y), true);
  dl->AddText(ImVec2(p0.x + 12, p0.y + 9), colour::dim, title);
  dl->PopClipRect();
  float lx = p0.x + 12;
  const float legend_y = p0.y + 9 + ImGui::GetFontSize() + 3;
  if (count > 1)
    for (int i = 0; i < count; ++i) {
      dl->AddRectFilled(ImVec2(lx, legend_y + 5), ImVec2(lx + 10, legend_y + 9), lines[i].colour, 2);
      dl->AddText(ImVec2(lx + 14, legend_y), colour::dim, lines[i].label);
      lx += 22 + ImGui::CalcTextSize(lines[i].label).x;
    }
  ImGui::PopFont();
  ImGui::PushFont(fonts.heading);
  dl->AddText(ImVec2(p1.x - vs.x - 12, p0.y + 6), value_colour, value_text.c_str());
  ImGui::PopFont();

  const float top = p0.y + (count > 1 ? 52.0f : 40.0f);
  const ImVec2 a(p0.x + 12, top), b(p1.x - 12, p1.y - 22);
  if (t1 <= t0) t1 = t0 + 1;

  double vmax = threshold > 0 ? threshold * 1.15 : 0;
  // The pace line shows while the series is near it, not by forcing the scale
  // up to the budget when the spending is far below.
  double series_max = 0;
  for (int i = 0; i < count; ++i)
    if (lines[i].series)
      for_each_point(*lines[i].series, step_s, [&](double t, double v) {
        if (t >= t0 && std::isfinite(v)) series_max = std::max(series_max, v * lines[i].scale);
      });
  vmax = std::max(vmax, series_max);
  for (int i = 0; i < count; ++i) vmax = std::max(vmax, lines[i].min_top);
  if (pace_per_s > 0) vmax = std::max(vmax, std::min(pace_per_s * t1, series_max * 1.6));
  vmax = nice_ceiling(vmax * 1.05);

  // Grid: quarter lines with the top value labelled.
  for (int g = 0; g <= 4; ++g) {
    const float y = b.y - (b.y - a.y) * g / 4.0f;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), g == 0 ? colour::border : colour::grid, 1);
  }
  ImGui::PushFont(fonts.small);
  // fmt_count rounds small values to one decimal ("0.0"); a scale top is
  // always a round number, so %g shows it exactly (0.05, 2.5).
  const std::string scale_top = vmax >= 10 ? fmt_count(vmax) : fmt::format("{:g}", vmax);
  dl->AddText(ImVec2(a.x + 2, a.y - 2), colour::dim, scale_top.c_str());
  auto hours = [](double s) { return s <= 0 ? std::string("0") : s >= 3 * 3600 ? fmt_count(s / 3600) + " h" : fmt_duration_s(s); };
  dl->AddText(ImVec2(a.x, b.y + 3), colour::dim, hours(t0).c_str());
  const std::string end = hours(t1);
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(end.c_str()).x, b.y + 3), colour::dim, end.c_str());
  ImGui::PopFont();

  auto X = [&](double t) { return static_cast<float>(a.x + (b.x - a.x) * (t - t0) / (t1 - t0)); };
  auto Y = [&](double v) { return static_cast<float>(b.y - (b.y - a.y) * std::clamp(v / vmax, 0.0, 1.0)); };
  // Incidents and alerts shaded behind the lines, so cause and effect line up.
  for (const auto& sp : spans) {
    const double e = sp.end < 0 ? t1 : sp.end;
    if (e < t0 || sp.start > t1) continue;
    const float x0 = X(std::max(sp.start, t0)), x1 = std::max(X(std::min(e, t1)), x0 + 2);
    dl->AddRectFilled(ImVec2(x0, a.y), ImVec2(x1, b.y), (sp.colour & 0x00FFFFFF) | (34u << 24));
  }
  if (threshold > 0) {
    const float y = Y(threshold);
    for (float x = a.x; x < b.x; x += 10)
      dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 5, b.x), y), colour::bad, line_width(1.2f));
  }
  if (pace_per_s > 0) {
    // Dashes along the line from (t0, pace*t0) to (t1, pace*t1), clipped to the plot.
    dl->PushClipRect(a, ImVec2(b.x + 1, b.y + 1), true);
    const ImVec2 s(X(t0), Y(pace_per_s * t0)), e(X(t1), static_cast<float>(b.y - (b.y - a.y) * pace_per_s * t1 / vmax));
    const float len = std::hypot(e.x - s.x, e.y - s.y);
    for (float d = 0; d < len; d += 10) {
      const float f0 = d / len, f1 = std::min(d + 5, len) / len;
      dl->AddLine(ImVec2(s.x + (e.x - s.x) * f0, s.y + (e.y - s.y) * f0), ImVec2(s.x + (e.x - s.x) * f1, s.y + (e.y - s.y) * f1),
                  colour::bad, line_width(1.2f));
    }
    dl->PopClipRect();
  }

  dl->PushClipRect(a, ImVec2(b.x + 1, b.y + 1), true);
  // Average into pixel buckets (about one per 3 px): a readable line, and a
  // draw cost that does not grow with the run.
  const float bucket_px = 3.0f;
  for (int i = count - 1; i >= 0; --i) {
    if (!lines[i].series) continue;
    std::vector<ImVec2> pts;
    float cur_x = -1;
    double sum = 0, last_t = 0;
    int n = 0;
    auto flush = [&] {
      if (n) pts.emplace_back(X(last_t), Y(sum / n * lines[i].scale));
      sum = 0;
      n = 0;
    };
    for_each_point(*lines[i].series, step_s, [&](double t, double v) {
      if (t < t0 || !std::isfinite(v)) return;
      const float bx = std::floor(X(t) / bucket_px);
      if (bx != cur_x) {
        flush();
        cur_x = bx;
      }
      sum += v;
      last_t = t;
      ++n;
    });
    flush();
    if (pts.empty()) continue;
    if (i == 0) {
      // A soft fill under the main line makes the shape readable at a glance.
      // Without anti-aliasing, neighbouring quads meet without hairline seams.
      const ImU32 fill = (lines[i].colour & 0x00FFFFFF) | (40u << 24);
      const ImDrawListFlags flags = dl->Flags;
      dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
      for (std::size_t k = 1; k < pts.size(); ++k)
        dl->AddQuadFilled(pts[k - 1], pts[k], ImVec2(pts[k].x, b.y), ImVec2(pts[k - 1].x, b.y), fill);
      dl->Flags = flags;
    }
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), lines[i].colour, 0, line_width(2.0f));
    dl->AddCircleFilled(pts.back(), line_width(3.5f), lines[i].colour);
  }
  dl->PopClipRect();

  ImGui::Dummy(size);
  // Hover: the values at the time under the cursor, and what the chart means.
  if (ImGui::IsItemHovered()) {
    const float mx = ImGui::GetIO().MousePos.x;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
    if (mx >= a.x && mx <= b.x) {
      const double t = t0 + (t1 - t0) * (mx - a.x) / (b.x - a.x);
      dl->AddLine(ImVec2(mx, a.y), ImVec2(mx, b.y), colour::dim, 1);
      ImGui::TextUnformatted(fmt_clock(static_cast<bp::SimTime>(t * bp::kSecond)).c_str());
      for (int i = 0; i < count; ++i) {
        if (!lines[i].series) continue;
        double best_v = NAN, best_d = 1e300;
        for_each_point(*lines[i].series, step_s, [&](double pt, double v) {
          if (std::abs(pt - t) < best_d) {
            best_d = std::abs(pt - t);
            best_v = v * lines[i].scale;
          }
        });
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(lines[i].colour));
        ImGui::Text("%s: %s", lines[i].label, std::isfinite(best_v) ? fmt_count(best_v).c_str() : "-");
        ImGui::PopStyleColor();
      }
      if (threshold > 0) text_coloured(colour::bad, ("contract line: " + fmt_count(threshold)).c_str());
      if (pace_per_s > 0) text_coloured(colour::bad, ("budget pace: " + fmt_count(pace_per_s * t)).c_str());
    }
    if (tip) {
      ImGui::Separator();
      text_coloured(colour::dim, tip);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

}  // namespace app
