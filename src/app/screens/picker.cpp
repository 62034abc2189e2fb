// The scenario picker: a card for every scenarios/*.json with its summary,
// length, design and a preview of its traffic curve.
#include <algorithm>
#include <filesystem>
#include <string>

#include <backpressure/catalogue.h>
#include <fmt/format.h>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

// The curve stays below a caption line at the top, so the two never cross.
void traffic_preview(const std::vector<float>& users, ImVec2 p0, ImVec2 p1, float caption_h) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, colour::panel, 6);
  if (users.size() < 2) return;
  const float top = *std::max_element(users.begin(), users.end());
  if (!(top > 0)) return;
  const float plot_h = p1.y - p0.y - 12 - caption_h;
  std::vector<ImVec2> pts;
  for (std::size_t i = 0; i < users.size(); ++i)
    pts.emplace_back(p0.x + 6 + (p1.x - p0.x - 12) * static_cast<float>(i) / static_cast<float>(users.size() - 1),
                     p1.y - 6 - plot_h * users[i] / top);
  for (std::size_t k = 1; k < pts.size(); ++k)
    dl->AddQuadFilled(pts[k - 1], pts[k], ImVec2(pts[k].x, p1.y - 6), ImVec2(pts[k - 1].x, p1.y - 6),
                      (colour::accent & 0x00FFFFFF) | (50u << 24));
  dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), colour::accent, 0, 2);
}

}  // namespace

void draw_picker(Game& game) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("picker", nullptr, kScreenFlags);
  const float margin = 64;
  ImGui::SetCursorPos(ImVec2(margin, 48));
  ImGui::BeginGroup();
  ImGui::PushFont(fonts.big);
  ImGui::TextUnformatted("Backpressure");
  ImGui::PopFont();
  ImGui::PushFont(fonts.heading);
  text_coloured(colour::dim, "You are on call. Pick a shift.");
  ImGui::PopFont();
  ImGui::EndGroup();
  ImGui::SetCursorPos(ImVec2(margin, 150));

  const float width = ImGui::GetWindowWidth() - 2 * margin;
  const int per_row = std::max(1, static_cast<int>(width / 460));
  const float card_w = (width - (per_row - 1) * 24) / per_row, card_h = 300;
  // A grid placed explicitly: row and column from the card's index.
  const ImVec2 grid0 = ImGui::GetCursorScreenPos();
  int i = 0;
  for (const auto& s : game.scenarios()) {
    const int col = i % per_row, row = i / per_row;
    ImGui::SetCursorScreenPos(ImVec2(grid0.x + col * (card_w + 24), grid0.y + row * (card_h + 24)));
    ImGui::PushID(s.path.c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p1(p0.x + card_w, p0.y + card_h);
    const bool clicked = ImGui::InvisibleButton("card", ImVec2(card_w, card_h));
    anchor(std::string(s.theirs ? "picker/yours/" : "picker/") + std::filesystem::path(s.path).stem().string());
    const bool hovered = ImGui::IsItemHovered();
    dl->AddRectFilled(p0, p1, hovered ? colour::card_hover : colour::card, 12);
    dl->AddRect(p0, p1, hovered ? colour::accent : colour::border, 12, 0, hovered ? 2 : 1);
    ImGui::SetCursorScreenPos(ImVec2(p0.x + 20, p0.y + 16));
    ImGui::BeginGroup();
    ImGui::PushFont(fonts.heading);
    ImGui::TextUnformatted(s.title.c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(p1.x - 20 - vp->Pos.x);
    if (!s.error.empty()) {
      text_coloured(colour::bad, s.error.c_str());
    } else {
      text_coloured(colour::dim, s.summary.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (s.error.empty()) {
      ImGui::PushFont(fonts.small);
      traffic_preview(s.users, ImVec2(p0.x + 20, p0.y + 120), ImVec2(p1.x - 20, p0.y + 200), ImGui::GetFontSize() + 2);
      dl->AddText(ImVec2(p0.x + 26, p0.y + 123), colour::dim,
                  ("users over the shift, up to " + fmt_count(s.peak_users)).c_str());
      // What the player may build with, in the palette's order.
      std::string design, names;
      for (const auto& t : s.allowed) {
        design += type_icon(t.c_str());
        design += "  ";
        const auto* type = bp::Catalogue::builtin().find(t);
        if (!names.empty()) names += ", ";
        names += type ? type->label : t;
      }
      auto counted = [](std::size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
      };
      const std::string facts = fmt_duration_s(bp::to_seconds(s.duration)) + " shift   " +
                                counted(s.components, "component", "components") + "   " +
                                counted(s.incidents, "scheduled incident", "scheduled incidents");
      dl->AddText(ImVec2(p0.x + 20, p0.y + 206), colour::text, facts.c_str());
      if (!s.contract.empty())
        dl->AddText(ImVec2(p0.x + 20, p0.y + 226), colour::dim, ("Contract: " + s.contract).c_str());
      // Best grade so far, top right, from the player's data folder.
      const BestGrade* best = game.store ? game.store->best_grade(s.grade_key()) : nullptr;
      const std::string badge = best ? "Best " + best->letter : std::string("Not played");
      const ImVec2 bs = ImGui::CalcTextSize(badge.c_str());
      const ImVec2 b0(p1.x - bs.x - 36, p0.y + 18);
      dl->AddRectFilled(b0, ImVec2(p1.x - 16, b0.y + bs.y + 8), best ? colour::accent : colour::panel, 6);
      dl->AddText(ImVec2(b0.x + 10, b0.y + 4), best ? colour::rgb(255, 255, 255) : colour::dim, badge.c_str());
      if (s.theirs) {
        // A scenario from the player's own folder, not one we ship.
        const char* yours = "Yours";
        const ImVec2 ys = ImGui::CalcTextSize(yours);
        const ImVec2 y0(b0.x - ys.x - 28, b0.y);
        dl->AddRect(y0, ImVec2(b0.x - 8, y0.y + ys.y + 8), colour::accent, 6);
        dl->AddText(ImVec2(y0.x + 10, y0.y + 4), colour::accent, yours);
      }
      ImGui::PopFont();
      ImGui::PushFont(fonts.small);
      const char* build_with = "Build with";
      dl->AddText(ImVec2(p0.x + 20, p0.y + 258), colour::dim, build_with);
      const float icons_x = p0.x + 28 + ImGui::CalcTextSize(build_with).x;
      ImGui::PopFont();
      ImGui::PushFont(fonts.heading);
      dl->AddText(ImVec2(icons_x, p0.y + 252), colour::accent, design.c_str());
      const ImVec2 icons_size = ImGui::CalcTextSize(design.c_str());
      ImGui::PopFont();
      if (ImGui::IsMouseHoveringRect(ImVec2(p0.x + 20, p0.y + 250), ImVec2(icons_x + icons_size.x, p0.y + 252 + icons_size.y)))
        ImGui::SetTooltip("Components you may place in this scenario: %s.", names.c_str());
      ImGui::PushFont(fonts.small);
      const char* go = "Start  >";
      dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(go).x - 20, p1.y - 32), hovered ? colour::accent : colour::dim, go);
      ImGui::PopFont();
    }
    if (hovered && s.error.empty()) {
      const BestGrade* best = game.store ? game.store->best_grade(s.grade_key()) : nullptr;
      ImGui::SetTooltip("%s", best ? fmt::format("Your best: {} ({:.1f} points). Click to start.", best->letter, best->score).c_str()
                                   : "Click to read the briefing and start the shift.");
    }
    if (clicked && s.error.empty()) game.request_load(s.path, "", Screen::Briefing, "Could not load " + s.path + ": ");
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p1.y));
    ImGui::Dummy(ImVec2(card_w, 24));  // room below the last row, so the window scrolls to it
    ImGui::PopID();
    ++i;
  }
  ImGui::End();
}

}  // namespace app
