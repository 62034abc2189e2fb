#pragma once
// Plays an input script (input_script.h) into Dear ImGui one frame at a
// time, as a player's mouse and keyboard would arrive: the pointer moves to
// a named anchor, the button goes down on one frame and up two frames
// later; a drag moves in small steps while held, so ImGui's drag-and-drop
// starts. main.cpp calls frame() after the platform backend has written
// its input and before ImGui::NewFrame, so the script has the last word.
#include <string>

#include <imgui.h>

#include "game.h"
#include "input_script.h"

namespace app {

class InputDriver {
 public:
  explicit InputDriver(InputScript script);

  // Advances the script by one frame and writes this frame's input into io.
  void frame(Game& game, ImGuiIO& io);
  // Every step done (exit 0), or a step failed (exit 1, error() says why).
  bool done() const { return done_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  // Runs the current step for this frame; true when it finished and the
  // next step may start in the same frame (non-input steps chain).
  bool run_step(Game& game, ImGuiIO& io);
  bool target_missing(const std::string& anchor);  // counts the wait; fails the run at the timeout
  void fail(const std::string& why);
  void next_step();

  InputScript script_;
  std::size_t step_ = 0;
  int phase_ = 0;         // where the current step is
  int waited_ = 0;        // frames the current step has waited
  ImVec2 mouse_{-FLT_MAX, -FLT_MAX};
  ImVec2 drag_from_, drag_to_;
  bool mouse_down_[3] = {false, false, false};
  int held_key_ = -1;     // a key the script holds down
  int release_key_ = -1;  // a key to let go of this frame
  bool ctrl_ = false, shift_ = false, alt_ = false;
  bool done_ = false;
  std::string error_;
};

// Whether a condition holds now; `why` says what was seen when it does not.
bool condition_holds(const Condition& c, const Game& game, std::string& seen);

}  // namespace app
