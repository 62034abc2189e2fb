#include "input_driver.h"

#include <cfloat>
#include <cmath>

#include <fmt/format.h>

#include "format.h"
#include "ui.h"
#include "ui_anchors.h"

namespace app {

namespace {

// A drag moves in this many frames from start to end, well past
// io.MouseDragThreshold on the first of them for any real distance.
constexpr int kDragMoves = 12;
// Frames held still over the drop target before letting go: a payload is
// delivered only to a target that accepted it on an earlier frame.
constexpr int kDragHover = 3;

const char* screen_name(Screen s) {
  switch (s) {
    case Screen::Picker: return "picker";
    case Screen::Briefing: return "briefing";
    case Screen::Play: return "play";
    case Screen::Debrief: return "debrief";
  }
  return "?";
}

std::pair<std::string, std::string> split(const std::string& s) {
  const auto slash = s.find('/');
  return {s.substr(0, slash), s.substr(slash + 1)};
}

}  // namespace

bool condition_holds(const Condition& c, const Game& game, std::string& seen) {
  switch (c.kind) {
    case Condition::Kind::Screen:
      seen = std::string("the screen is ") + screen_name(game.screen);
      return c.name == screen_name(game.screen);
    case Condition::Kind::Paused:
      seen = fmt::format("the speed is {:g}x", game.speed());
      return game.speed() == 0;
    case Condition::Kind::Finished:
      seen = game.has_run() ? "the run is at " + fmt_clock(game.sim().now()) : "no run is loaded";
      return game.has_run() && game.sim().finished();
    case Condition::Kind::SimTime:
      seen = game.has_run() ? "the run is at " + fmt_clock(game.sim().now()) : "no run is loaded";
      return game.has_run() && game.sim().now() >= c.at_least;
    case Condition::Kind::Metric: {
      if (!game.has_run()) { seen = "no run is loaded"; return false; }
      const auto [component, series] = split(c.name);
      const bp::Series* s = game.sim().find_series(component, series);
      if (!s) { seen = "the run has no series " + c.name; return false; }
      const double v = s->last();
      seen = fmt::format("{} is {:g}", c.name, v);
      return v > c.above && v < c.below;
    }
    case Condition::Kind::Setting: {
      if (!game.has_run()) { seen = "no run is loaded"; return false; }
      const auto [component, key] = split(c.name);
      const nlohmann::json v = game.setting_value(component, key);
      seen = c.name + " is " + v.dump();
      return v == c.equals;
    }
    case Condition::Kind::Anchor:
      seen = "\"" + c.name + "\" is not on screen";
      return find_anchor(c.name).has_value();
    case Condition::Kind::Notice:
      seen = game.notices.empty() ? "no notices" : "notices:";
      for (const auto& n : game.notices) seen += " [" + n.text + "]";
      for (const auto& n : game.notices)
        if (n.text.find(c.name) != std::string::npos) return true;
      return false;
  }
  return false;
}

InputDriver::InputDriver(InputScript script) : script_(std::move(script)) { enable_anchors(true); }

void InputDriver::fail(const std::string& why) {
  const Step& s = script_.steps[step_];
  error_ = fmt::format("{}: {} {}: {}", script_.file, s.path, s.what, why);
  done_ = true;
}

void InputDriver::next_step() {
  ++step_;
  phase_ = 0;
  waited_ = 0;
}

bool InputDriver::target_missing(const std::string& anchor) {
  if (find_anchor(anchor)) return false;
  if (++waited_ > script_.steps[step_].timeout_frames) {
    std::string known;
    int n = 0;
    for (const auto& name : anchor_names())
      if (n++ < 40) known += (known.empty() ? "" : ", ") + name;
    fail(fmt::format("no anchor \"{}\" appeared within {} frames (on screen: {})", anchor,
                     script_.steps[step_].timeout_frames, known.empty() ? "none" : known));
  }
  return true;
}

bool InputDriver::run_step(Game& game, ImGuiIO& io) {
  const Step& s = script_.steps[step_];
  switch (s.kind) {
    case Step::Kind::Move:
      if (phase_ == 0 && s.target == kPointerAway) {
        // Off the window: no hover effects or tooltips in a screenshot.
        mouse_ = ImVec2(-FLT_MAX, -FLT_MAX);
        ++phase_;
        return false;
      }
      if (phase_ == 0) {
        if (target_missing(s.target)) return false;
        mouse_ = find_anchor(s.target)->centre();
        ++phase_;
        return false;
      }
      return true;
    case Step::Kind::Click:
      // Hover first (ImGui decides what is under the pointer from the
      // frame's position), then press, hold a frame, release.
      switch (phase_++) {
        case 0:
          if (target_missing(s.target)) { phase_ = 0; return false; }
          mouse_ = find_anchor(s.target)->centre();
          return false;
        case 1: mouse_down_[s.button] = true; return false;
        case 2: return false;
        case 3: mouse_down_[s.button] = false; return false;
        default: return true;
      }
    case Step::Kind::Drag: {
      if (phase_ == 0) {
        if (target_missing(s.target)) return false;
        drag_from_ = mouse_ = find_anchor(s.target)->centre();
        phase_ = 1;
        return false;
      }
      if (phase_ == 1) {
        mouse_down_[0] = true;
        phase_ = 2;
        waited_ = 0;
        return false;
      }
      if (phase_ == 2) {  // held, waiting for the drop target to be there
        if (target_missing(s.to)) return false;
        drag_to_ = find_anchor(s.to)->centre();
        phase_ = 3;
      }
      const int move = phase_ - 2;  // 1..kDragMoves
      if (move <= kDragMoves) {
        const float f = static_cast<float>(move) / kDragMoves;
        mouse_ = ImVec2(drag_from_.x + (drag_to_.x - drag_from_.x) * f, drag_from_.y + (drag_to_.y - drag_from_.y) * f);
        ++phase_;
        return false;
      }
      if (move <= kDragMoves + kDragHover) { ++phase_; return false; }
      if (move == kDragMoves + kDragHover + 1) { mouse_down_[0] = false; ++phase_; return false; }
      return true;
    }
    case Step::Kind::Key:
      switch (phase_++) {
        case 0:
          held_key_ = s.key;
          ctrl_ = s.ctrl, shift_ = s.shift, alt_ = s.alt;
          return false;
        case 1: return false;
        case 2:
          release_key_ = held_key_;
          held_key_ = -1;
          ctrl_ = shift_ = alt_ = false;
          return false;
        default: return true;
      }
    case Step::Kind::Type:
      if (phase_++ == 0) {
        io.AddInputCharactersUTF8(s.text.c_str());
        return false;
      }
      return true;
    case Step::Kind::WaitFrames:
      return phase_++ >= s.frames;
    case Step::Kind::WaitUntil: {
      std::string seen;
      if (condition_holds(s.condition, game, seen)) return true;
      if (++waited_ > s.timeout_frames) fail(fmt::format("still not true after {} frames: {}", s.timeout_frames, seen));
      return false;
    }
    case Step::Kind::Check: {
      std::string seen;
      if (condition_holds(s.condition, game, seen)) return true;
      fail("check failed: " + seen);
      return false;
    }
    case Step::Kind::Screenshot:
      if (phase_++ == 0) {
        // The whole window, after this frame renders (main.cpp writes it).
        shell.capture = Shell::Capture{s.text, ImVec2(0, 0), io.DisplaySize};
        return false;
      }
      return true;
  }
  return true;
}

void InputDriver::frame(Game& game, ImGuiIO& io) {
  anchors_new_frame();
  // Steps that take no input (checks, conditions already true) chain
  // within one frame; each input step takes the frames it needs.
  while (!done_ && step_ < script_.steps.size() && run_step(game, io)) next_step();
  if (step_ >= script_.steps.size()) done_ = true;
  // The script owns the pointer and the keys while it runs: whatever the
  // platform reported (a stray real pointer in the window) is replaced.
  io.MousePos = mouse_;
  for (int b = 0; b < 3; ++b) io.MouseDown[b] = mouse_down_[b];
  if (release_key_ >= 0) io.KeysDown[release_key_] = false;
  release_key_ = -1;
  if (held_key_ >= 0) io.KeysDown[held_key_] = true;
  io.KeyCtrl = ctrl_;
  io.KeyShift = shift_;
  io.KeyAlt = alt_;
  io.KeySuper = false;
}

}  // namespace app
