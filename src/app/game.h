#pragma once
// The game's state machine: which screen is showing, the running Simulator,
// and the fixed-step clock that turns real time into simulated steps.
//
// The UI never changes the model directly: every design change is a
// bp::Command handed to Game::submit, which passes it to Simulator::submit.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <backpressure/scenario.h>
#include <backpressure/simulator.h>

#include "step_clock.h"
#include "store/store.h"
#include "undo.h"

namespace app {

enum class Screen { Picker, Briefing, Play, Debrief };

// One row of the event log. Severity drives colour and the pager.
struct Event {
  enum class Kind { Info, Action, Incident, Warning, Critical };
  Kind kind = Kind::Info;
  bp::SimTime at = 0;
  std::string text;
};

// A scenario file found on disk, for the picker.
struct ScenarioEntry {
  std::string path;
  std::string title, summary, id;
  bp::SimTime duration = 0;
  std::size_t components = 0, incidents = 0;
  std::vector<std::string> types;  // component types in its design
  std::vector<std::string> allowed;  // component types the player may build with
  std::vector<float> users;        // traffic curve preview, evenly sampled
  double peak_users = 0;           // the curve's true peak (samples can miss it)
  std::string contract;            // one line, "" when it has none
  std::string error;               // set when the file does not load
  bool theirs = false;             // from the player's own scenarios folder, not shipped
  // The key best grades are stored under: the id, or the path without one.
  std::string grade_key() const { return id.empty() ? path : id; }
};

// The scenario's contract in display units. Without a contract the game
// still judges against house defaults, and says they are provisional.
struct Targets {
  double uptime = 0.995;        // share of requests that must succeed
  double error_ratio = 0.005;   // 1 - uptime
  double p95_ms = 250;
  double budget_per_month = 600;
  double job_wait_s = 15 * 60;  // freshness: no job should wait longer
  bool provisional = true;
};

// What the last frame cost, for the debug overlay and the "can't keep up"
// warning.
struct FrameStats {
  double frame_ms = 0;         // wall time of the whole frame
  double step_ms = 0;          // of which stepping the core
  double render_ms = 0;        // of which OpenGL drawing (the rest builds the UI)
  std::int64_t steps = 0;      // whole steps advanced this frame
  double sim_rate = 0;         // simulated seconds per real second achieved
  double worst_frame_ms = 0;   // over the last second
};

class Game {
 public:
  // Speeds offered in the top bar, in simulated seconds per real second.
  static constexpr double kSpeeds[] = {0, 1, 10, 60, 600, 3600};

  // scenario_dir: the shipped scenarios; player_dir: the player's own
  // ($XDG_DATA_HOME/backpressure/scenarios), "" for none.
  explicit Game(std::string scenario_dir, std::string player_dir = "");

  Screen screen = Screen::Picker;
  void go(Screen s) { screen = s; }

  // --- scenarios
  const std::vector<ScenarioEntry>& scenarios() const { return scenarios_; }
  // The shipped scenarios, then the player's own (if a folder is given).
  void scan_scenarios();
  // Loads and starts a fresh run; returns "" or the error.
  // With a design file (docs/design-format.md), the scenario runs that
  // design instead of its own.
  std::string load(const std::string& path, const std::string& design_path = "");
  void restart();
  bool has_run() const { return sim_ != nullptr; }
  // Which run this is: bumped by every load (a retry too), never reused, so
  // what the UI keeps about a run can tell it from the next one.
  std::uint64_t run_id() const { return run_id_; }
  bp::Simulator& sim() { return *sim_; }
  const bp::Simulator& sim() const { return *sim_; }
  const std::string& scenario_path() const { return scenario_path_; }
  const std::string& design_path() const { return design_path_; }  // "" for the scenario's own
  std::string load_script(const std::string& path);  // a command script for this run
  // Why the run stopped early: a scripted command refused at its step
  // ("f.json: /commands/3: …") or a run budget reached. "" while it runs.
  // A stopped run no longer advances; it stays on screen with a lasting
  // notice, and scripted and screenshot modes exit 2 with the message.
  const std::string& run_error() const { return run_error_; }

  // --- the clock
  double speed() const { return speed_; }
  void set_speed(double s) { speed_ = s; }
  // Space: pauses, or resumes at the speed it paused from.
  void toggle_pause();
  // Carries out the frame's requests (below), then advances by real_dt
  // seconds of wall time × speed in whole fixed steps (step_clock.h).
  // budget_s limits the wall time spent stepping (<= 0: no limit, used for
  // deterministic screenshots); the excess is dropped and behind() says so.
  // The only place the run moves: called once a frame, before drawing.
  void tick(double real_dt, double budget_s);
  bool behind() const { return clock_.behind(); }
  double achieved_speed() const { return stats.sim_rate; }
  FrameStats stats;
  std::optional<bp::SimTime> next_event_time() const;

  // --- requests: what the player asks for while a frame is being drawn.
  // The next tick() carries them out, in order, before it steps, so no
  // panel draws a different moment of the run than the panels before it.
  // Next: run ahead until an incident starts or a new alert fires (at most
  // to the end of the shift), then pause so the player sees it happen.
  void request_next_event();
  // Finish: run to the end of the shift and open the debrief.
  void request_finish();
  // Load a scenario (with a saved design, "" for its own) and open `then`;
  // a failure is a lasting notice, `failure` followed by the reason.
  void request_load(std::string path, std::string design_path, Screen then, std::string failure);
  // Start this run's scenario and design again and open `then`.
  void request_restart(Screen then);
  bool has_requests() const { return !requests_.empty(); }

  // --- commands: the only way the UI changes the design
  std::string submit(bp::Command c);
  // A design change (add/remove a component, connect/disconnect): a refusal
  // also shows as a notice, with the core's reason.
  std::string submit_design(bp::Command c);
  // Accepted, not yet applied: they apply at the next step boundary. The
  // core's list (Simulator::pending), so the game never keeps a copy that
  // could disagree with what will apply; empty without a run.
  const std::vector<bp::Command>& pending() const;

  // --- undo (Ctrl+Z) and redo (Ctrl+Shift+Z, Ctrl+Y): the player's design
  // edits and setting changes, only while paused. A pending edit is
  // withdrawn from the core (it never happened); an applied one is undone by
  // its inverse command, recorded like any other. The outcome is a notice
  // and an event.
  void undo();
  void redo();
  // Why undo or redo cannot happen now ("" when it can), and what it would
  // take back, for the button and its tooltip.
  std::string undo_blocker() const;
  std::string redo_blocker() const;
  std::string undo_label() const;
  std::string redo_label() const;

  // --- display state shared by panels
  std::string selected;  // component id
  std::string edge_from, edge_to;  // the selected edge, "" when none
  // Where the player dropped a component on the canvas, in canvas layout
  // pixels from its top left. UI layout state only: the model has no places.
  struct Place { float x = 0, y = 0; };
  std::map<std::string, Place> placed;
  const std::vector<Event>& events() const { return events_; }
  // Alerts paging now (fired, not resolved, not acknowledged).
  std::vector<const bp::AlertEpisode*> paging() const;
  std::string acknowledge(const std::string& alert_id);
  void log(Event::Kind kind, std::string text);
  Targets targets;

  // --- persistence and messages
  Store* store = nullptr;  // null when nothing should be remembered
  // Saves scenario + seed + command log (Ctrl+S); the outcome is a notice.
  void save_run();
  // Remembers the finished run's grade if it is the best so far.
  void record_grade(const nlohmann::json& grade);
  // A message for the player. Most fade after a while (longer ones stay
  // longer, and none fades while the mouse is on it); a lasting one, about
  // something the player must act on, stays until dismissed.
  struct Notice {
    std::string text;
    bool lasting = false;
    double shown_at = -1;  // Shell clock when first drawn; -1 until then
  };
  std::vector<Notice> notices;
  void notify(std::string text) { notices.push_back({std::move(text), false}); }
  void warn(std::string text) { notices.push_back({std::move(text), true}); }

  // Current value of one setting: the scenario's, updated by applied commands.
  nlohmann::json setting_value(const std::string& component, const std::string& key) const;
  double monthly_cost() const;
  bool is_pending(const std::string& component, const std::string& key) const;

 private:
  struct Request {
    enum class Kind { NextEvent, Finish, Load, Restart };
    Kind kind = Kind::NextEvent;
    std::string path, design_path;
    Screen then = Screen::Play;
    std::string failure;
  };
  std::vector<Request> requests_;
  void carry_out_requests();
  void skip_to_next_event();
  void finish_run();
  void after_steps();  // event log and conditions after the clock moved
  void watch_alerts();
  std::size_t incidents_started() const;

  std::string scenario_dir_, player_dir_;
  void scan_folder(const std::string& dir, bool theirs);
  std::vector<ScenarioEntry> scenarios_;
  std::string scenario_path_;
  std::string design_path_;
  std::unique_ptr<bp::Simulator> sim_;
  std::string run_error_;
  // Runs `step`, which advances the simulator; what the core throws there
  // (a refused scripted command, a run budget) stops the run instead of the
  // game. Returns false if it stopped.
  template <class F> bool guarded(F&& step);
  double speed_ = 60;
  double resume_speed_ = 60;  // what space resumes at: the speed it paused from
  StepClock clock_;
  std::uint64_t run_id_ = 0;
  std::size_t incidents_seen_ = 0;
  std::size_t commands_seen_ = 0;
  std::vector<Event> events_;
  // Per alert episode: whether its acknowledgement and resolution are logged.
  struct AlertSeen { bool acked = false, resolved = false; };
  std::vector<AlertSeen> alerts_seen_;
  std::string send(bp::Command c);  // submit without recording an edit
  nlohmann::json setting_before(const bp::Command& set) const;
  void drop_stale_selection();
  UndoHistory undo_;
  std::map<std::string, Place> undone_places_;  // where withdrawn cards sat, for redo
  // Undo's notices replace each other, so pressing Ctrl+Z ten times leaves
  // one line to dismiss, not ten.
  void notify_undo(std::string text);
  std::string undo_notice_;
};

}  // namespace app
