#pragma once
// Every screen and panel is a free function drawing into the current ImGui
// frame from the Game and the frame's UiState (its snapshot of the run and
// the panels' own state, ui_state.h); each lives in its own file.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "game.h"
#include "ui_anchors.h"
#include "ui_state.h"

namespace app {

// The platform shell's state that screens can read or toggle: presenter
// mode, the debug overlay, fullscreen, the real clock, a PNG to write.
// main.cpp acts on the requests. Global because px() and the theme need it
// everywhere; what screens and panels keep lives in UiState instead.
struct Shell {
  bool presenter = false;
  bool overlay = false;          // debug overlay (F3 or `)
  bool want_fullscreen = false;  // toggled by F11; main.cpp applies it
  bool fonts_dirty = false;      // presenter mode changed: rebuild the font atlas
  float content_scale = 1;       // the monitor's, from GLFW
  // Real seconds since start (fixed 1/60 s a frame for screenshots and
  // scripts, so what fades in a shot does not depend on the machine).
  double clock = 0;
  std::string font_note;         // set when Inter was not found
  // A screen region to write as PNG after this frame renders (charts export).
  struct Capture {
    std::string path;
    ImVec2 min, max;
  };
  std::optional<Capture> capture;
};
extern Shell shell;
// Layout pixels scaled for HiDPI and presenter mode.
float px(float logical);

// Keyboard shortcuts that work on every screen (space, 1-6, Ctrl+S, Ctrl+Z, F3,
// F11, P); called once per frame before the screens draw.
void handle_shortcuts(Game& game);
// Frame time, steps per frame and simulation rate, bottom right.
void draw_debug_overlay(const Game& game);
// Messages for the player (a corrupt file set aside, a run saved), top centre.
void draw_notices(Game& game);

// Debrief exports into the data folder; each returns a message for the player.
std::string export_report(Game& game, const nlohmann::json& report);
std::string export_series(Game& game);
// Asks main.cpp to write the given screen rectangle as PNG after rendering.
std::string export_charts(Game& game, ImVec2 min, ImVec2 max);

// The flags of a screen's full-window ImGui window. No background: the
// frame is already cleared to the same colour, and under a software
// renderer (Mesa's llvmpipe) every full-window layer costs milliseconds.
inline constexpr ImGuiWindowFlags kScreenFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground;

// screens (full window)
void draw_picker(Game& game);
void draw_briefing(Game& game, UiState& ui);
void draw_play(Game& game, UiState& ui);
void draw_debrief(Game& game, UiState& ui);

// panels of the play screen (each fills the child region it is given)
void draw_top_bar(Game& game, const UiState& ui);
void draw_palette(Game& game, UiState& ui);
void draw_canvas(Game& game, UiState& ui);
void draw_inspector(Game& game, const UiState& ui);
void draw_charts(Game& game, UiState& ui, bool whole_run);
void draw_pager(Game& game);
void draw_event_log(Game& game);

// Design editing (palette and canvas): the ImGui drag-and-drop payload for a
// component type, and adding one (at a canvas spot, or null: anywhere free),
// pointing at `target` when it was dropped onto a card ("" for none).
inline constexpr const char* kComponentTypePayload = "BP_COMPONENT_TYPE";
std::string place_component(Game& game, const std::string& type, const Game::Place* at,
                            const std::string& target = "");
// Undo and redo buttons for mouse players: enabled only when paused and
// there is something to take back, the tooltip naming it.
void draw_undo_buttons(Game& game);

// small shared widgets
// Mean of a series over its last `steps` steps: per-step rates are lumpy
// (a worker finishes a job or it does not), so figures read an average.
double recent_mean(const bp::Series* s, std::size_t steps);
// A titled panel region: a child window with a heading row.
bool begin_panel(const char* id, const char* icon, const char* title, ImVec2 size);
void end_panel();
void text_coloured(ImU32 colour, const char* text);
// Wrapped text that breaks lines only at spaces (ImGui's own wrap also
// breaks after '.' and ','), at the pushed wrap position or the region edge.
void text_wrapped(std::string_view text);
// A time range shaded on a chart (seconds; end < 0: still going).
struct ChartSpan {
  double start = 0, end = -1;
  ImU32 colour = 0;
};
// A line chart of one or two series over [t0, t1] seconds.
struct ChartLine {
  const bp::Series* series = nullptr;
  ImU32 colour = 0;
  const char* label = "";
  double scale = 1;  // multiply values (e.g. share -> percent)
  double min_top = 0;  // the scale never tops out lower (1 for whole things: jobs waiting)
};
// `tip` explains the metric in the hover tooltip, under the values.
void line_chart(const char* id, const char* title, const std::string& value_text, ImU32 value_colour,
                const ChartLine* lines, int count, double t0, double t1, double step_s, ImVec2 size,
                const std::vector<ChartSpan>& spans, double threshold = -1, const char* tip = nullptr,
                double pace_per_s = -1);
// threshold: a flat dashed red line (a contract's target); pace_per_s: a
// dashed red line rising from zero at that rate (a budget's burn rate);
// spans: time ranges shaded behind the lines (incidents, alerts).

}  // namespace app
