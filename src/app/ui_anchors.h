#pragma once
// Named screen rectangles for scripted input (--input, docs/desktop.md):
// a widget that a test may want to click calls anchor("palette/worker")
// right after it is submitted, and a script then says where to click by
// name instead of by pixel. Nothing is recorded unless a script runs.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace app {

struct AnchorRect {
  ImVec2 min, max;
  ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};

// Records the last submitted item's rectangle (the part of it that is
// visible in its window) under `name` for this frame.
void anchor(std::string_view name);
// After ImGui::InputInt (or any input with step buttons): the text field as
// `name`, its buttons as `name`/minus and `name`/plus.
void anchor_stepper(std::string_view name);
// Records an explicit rectangle, for things drawn without an item.
void anchor_rect(std::string_view name, ImVec2 min, ImVec2 max);

// The registry: enabled by the input driver, swapped once per frame.
void enable_anchors(bool on);
bool anchors_enabled();
// Starts a new frame: what the last frame recorded becomes what find_anchor sees.
void anchors_new_frame();
// Where `name` was in the last complete frame, if it was drawn and visible.
std::optional<AnchorRect> find_anchor(std::string_view name);
// Every name the last frame recorded, for "no such anchor" messages.
std::vector<std::string> anchor_names();
// "Save run" -> "save_run": a label as an anchor name part.
std::string anchor_slug(std::string_view label);

}  // namespace app
