#pragma once
// A scripted input file (--input SCRIPT.json, docs/desktop.md): what a
// player does, step by step, with targets named by anchor (ui_anchors.h)
// rather than by pixel. This file only reads and checks the script;
// input_driver.h plays it into Dear ImGui.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <backpressure/time.h>

namespace app {

// Something the game's state can be asked: used by wait_until and check.
struct Condition {
  enum class Kind { Screen, Paused, Finished, SimTime, Metric, Setting, Anchor, Notice };
  Kind kind = Kind::Screen;
  std::string name;           // screen, "component/series", "component/key", anchor, notice text
  double above = -1e300, below = 1e300;  // Metric: strictly between
  bp::SimTime at_least = 0;   // SimTime
  nlohmann::json equals;      // Setting
  std::string text;           // the condition as written, for messages
};

// {"move": "away"} takes the pointer off the window (before a screenshot).
inline constexpr const char* kPointerAway = "away";

struct Step {
  enum class Kind { Move, Click, Drag, Key, Type, WaitFrames, WaitUntil, Check, Screenshot };
  Kind kind = Kind::WaitFrames;
  std::string target;         // anchor: move, click, drag's start
  std::string to;             // drag's end anchor
  int button = 0;             // 0 left, 1 right, 2 middle
  int key = -1;               // GLFW key code
  bool ctrl = false, shift = false, alt = false;
  std::string text;           // type: characters; screenshot: file
  int frames = 0;             // wait_frames: how many
  int timeout_frames = 0;     // how long a target or a condition may take to appear
  Condition condition;        // wait_until, check
  std::string what;           // the step as written, for messages
  std::string path;           // its JSON path in the script ("/3")
};

struct InputScript {
  std::string file;
  std::vector<Step> steps;
};

// Reads and checks a script; throws bp::InputError naming the file, the
// JSON path of the step and the problem.
InputScript load_input_script(const std::string& path);

// "space", "5", "ctrl+s", "f3", "enter": the GLFW key code and modifiers,
// or key -1 when the name is unknown.
struct KeyChord {
  int key = -1;
  bool ctrl = false, shift = false, alt = false;
};
KeyChord parse_key(const std::string& name);

}  // namespace app
