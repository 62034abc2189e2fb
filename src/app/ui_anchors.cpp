#include "ui_anchors.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace app {

namespace {

bool enabled = false;
// Names are few (tens per frame): a sorted map keeps lookups and the
// "known anchors" listing simple.
std::map<std::string, AnchorRect, std::less<>> recording, last_frame;

}  // namespace

void enable_anchors(bool on) { enabled = on; }
bool anchors_enabled() { return enabled; }

void anchors_new_frame() {
  if (!enabled) return;
  last_frame.swap(recording);
  recording.clear();
}

void anchor_rect(std::string_view name, ImVec2 min, ImVec2 max) {
  if (!enabled) return;
  // Only what the player could see: clipped by the window (and table
  // cell) the item sits in. A scrolled-away item is not there to click.
  const ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 cmin = dl->GetClipRectMin(), cmax = dl->GetClipRectMax();
  const ImVec2 a(std::max(min.x, cmin.x), std::max(min.y, cmin.y));
  const ImVec2 b(std::min(max.x, cmax.x), std::min(max.y, cmax.y));
  if (b.x - a.x < 1 || b.y - a.y < 1) return;
  recording.insert_or_assign(std::string(name), AnchorRect{a, b});
}

void anchor(std::string_view name) {
  if (!enabled) return;
  anchor_rect(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void anchor_stepper(std::string_view name) {
  if (!enabled) return;
  // ImGui lays the buttons out square, frame-high, right of the field and
  // ItemInnerSpacing apart (InputScalar in imgui_widgets.cpp).
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const float b = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemInnerSpacing.x;
  const std::string base(name);
  anchor_rect(base, min, ImVec2(max.x - 2 * (b + gap), max.y));
  anchor_rect(base + "/minus", ImVec2(max.x - 2 * b - gap, min.y), ImVec2(max.x - b - gap, max.y));
  anchor_rect(base + "/plus", ImVec2(max.x - b, min.y), max);
}

std::optional<AnchorRect> find_anchor(std::string_view name) {
  const auto it = last_frame.find(name);
  if (it == last_frame.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> anchor_names() {
  std::vector<std::string> names;
  for (const auto& [name, rect] : last_frame) names.push_back(name);
  return names;
}

std::string anchor_slug(std::string_view label) {
  std::string out;
  for (const char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

}  // namespace app
