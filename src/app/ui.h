#pragma once
// Every screen and panel is a free function drawing into the current ImGui
// frame from the Game's state; each lives in its own file.
#include <imgui.h>

#include "game.h"

namespace app {

// screens (full window)
void draw_picker(Game& game);
void draw_briefing(Game& game);
void draw_play(Game& game);
void draw_debrief(Game& game);

// panels of the play screen (each fills the child region it is given)
void draw_top_bar(Game& game);
void draw_palette(Game& game);
void draw_canvas(Game& game);
void draw_inspector(Game& game);
void draw_charts(Game& game, bool whole_run);
void draw_pager(Game& game);
void draw_event_log(Game& game);

// small shared widgets
// A titled panel region: a child window with a heading row.
bool begin_panel(const char* id, const char* icon, const char* title, ImVec2 size);
void end_panel();
void text_coloured(ImU32 colour, const char* text);
// A line chart of one or two series over [t0, t1] seconds.
struct ChartLine {
  const bp::Series* series = nullptr;
  ImU32 colour = 0;
  const char* label = "";
  double scale = 1;  // multiply values (e.g. share -> percent)
};
void line_chart(const char* id, const char* title, const std::string& value_text, ImU32 value_colour,
                const ChartLine* lines, int count, double t0, double t1, double step_s, ImVec2 size,
                double threshold = -1);

}  // namespace app
