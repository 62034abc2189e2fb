#pragma once
// What the game's screens and panels keep between frames, all in one object
// that main.cpp's frame loop owns: each panel's own state, and the snapshot
// of the run that every panel of a frame draws from. A new run (a scenario
// or design loaded, a retry) starts every panel afresh. No ImGui here, so
// the tests can check that.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <backpressure/simulator.h>

#include "canvas_layout.h"
#include "design_view.h"
#include "game.h"
#include "saved_designs.h"

namespace app {

// The run as this frame draws it, taken once after the tick. The run only
// moves in the tick, but the player's edits change the pending design as
// panels draw: from the snapshot, the canvas, palette, inspector and charts
// agree about which components there are until the next frame.
struct FrameSnapshot {
  std::uint64_t run_id = 0;  // 0: no run loaded
  bp::SimTime now = 0;
  bool finished = false;
  std::vector<bp::ComponentStatus> components;
  std::vector<DesignNode> design;  // the live design with pending changes (design_view.h)
  std::vector<std::string> queues;  // queue ids, in design order
  // Billed units once pending changes apply (planned_units), where they change.
  std::map<std::string, double> planned_units;
  double monthly_cost = 0;
  double planned_cost = 0;  // once pending changes apply

  const bp::ComponentStatus* status(const std::string& id) const;  // a running (not removed) component
  const DesignNode* node(const std::string& id) const;
  double planned(const std::string& id) const;  // -1: no pending change
};
FrameSnapshot take_snapshot(const Game& game);

struct CanvasState {
  CanvasView view;
  bool panning = false;        // a press on empty space, held
  double phase = 0;            // of the moving dots; runs with the clock
  std::string card_on_top;     // the card moved last
  std::string dragging_from;   // a port being dragged to connect
  std::string menu_node;       // the right-click menus' subjects
  std::pair<std::string, std::string> menu_edge;
};

struct BriefingState {
  std::vector<DesignChoice> choices;  // read from disk when the briefing appears
  std::uint64_t drawn_frame = 0;      // the frame it was last drawn in; 0: never
  bool show_hints = false;
};

struct DebriefState {
  // The report walks every component and grades the run: built once per
  // moment of a run. Keyed on the run id, which no later run reuses.
  nlohmann::json report;
  std::uint64_t run_id = 0;
  bp::SimTime at = -1;
  // The report for the game's run now; a finished run's grade is recorded
  // (best grades) when its report is first built.
  const nlohmann::json& report_for(Game& game);
};

struct ChartsState {
  int window = 2;  // the last hour, the last six, the whole shift
  // The queue the queue charts follow: the one picked in the header, or
  // the queue card the player last selected on the canvas; by default the
  // first queue. A removed queue drops out of the choice.
  std::string picked_queue, last_selected;
  const std::string& follow(const std::vector<std::string>& queues, const std::string& selected);
};

struct PaletteState {
  std::array<char, 96> title{};  // Save design's title field
};

class UiState {
 public:
  CanvasState canvas;
  BriefingState briefing;
  DebriefState debrief;
  ChartsState charts;
  PaletteState palette;
  FrameSnapshot frame;

  // Once a frame, after the tick and before anything is drawn.
  void begin_frame(const Game& game);
  std::uint64_t frame_number() const { return frames_; }  // from 1

 private:
  std::uint64_t frames_ = 0;
};

}  // namespace app
