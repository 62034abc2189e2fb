#include "game.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <backpressure/catalogue.h>
#include <backpressure/command_handlers.h>
#include <backpressure/design_loader.h>
#include <backpressure/scenario_loader.h>

#include "format.h"
#include "saved_designs.h"

namespace app {

namespace fs = std::filesystem;

Game::Game(std::string scenario_dir, std::string player_dir)
    : scenario_dir_(std::move(scenario_dir)), player_dir_(std::move(player_dir)) {
  scan_scenarios();
}

void Game::scan_scenarios() {
  scenarios_.clear();
  scan_folder(scenario_dir_, false);
  // The player's own scenarios come after the shipped ones, marked as theirs.
  if (!player_dir_.empty()) scan_folder(player_dir_, true);
}

void Game::scan_folder(const std::string& dir, bool theirs) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  // The default scenario first, the rest by file name.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    const bool da = a.filename() == "silent_backlog.json", db = b.filename() == "silent_backlog.json";
    return da != db ? da : a < b;
  });
  for (const auto& f : files) {
    ScenarioEntry entry;
    entry.path = f.string();
    entry.theirs = theirs;
    try {
      const bp::Scenario s = bp::load_scenario_file(entry.path);
      entry.title = s.title;
      entry.summary = s.pitch.empty() ? s.summary : s.pitch;
      entry.id = s.id;
      entry.duration = s.duration;
      entry.components = s.components.size();
      entry.incidents = s.incidents.size();
      if (s.contract.present)
        entry.contract = "Uptime " + fmt_percent(s.contract.uptime) + "   P95 " + fmt_ms(bp::to_seconds(s.contract.p95) * 1000) +
                         "   " + fmt_money(s.contract.budget_per_month) + "/mo";
      for (const auto& c : s.components)
        if (std::find(entry.types.begin(), entry.types.end(), c.type) == entry.types.end()) entry.types.push_back(c.type);
      for (const auto& t : bp::Catalogue::builtin().types())
        if (s.allows(t.type)) entry.allowed.push_back(t.type);
      for (int i = 0; i < 64; ++i)
        entry.users.push_back(static_cast<float>(s.traffic.users_at(s.duration * i / 63)));
      // Users change linearly between keyframes: the peak is at one of them.
      entry.peak_users = std::max(s.traffic.users_at(0), s.traffic.users_at(s.duration));
      for (const auto& k : s.traffic.users)
        if (k.at <= s.duration) entry.peak_users = std::max(entry.peak_users, s.traffic.users_at(k.at));
    } catch (const std::exception& e) {
      entry.title = f.filename().string();
      entry.error = e.what();
    }
    scenarios_.push_back(std::move(entry));
  }
}

std::string Game::load(const std::string& path, const std::string& design_path) {
  std::map<std::string, Place> layout;  // where a saved design's cards were drawn
  try {
    bp::Scenario scenario = bp::load_scenario_file(path);
    if (!design_path.empty()) {
      const bp::Design design = bp::load_design_file(design_path);
      scenario = bp::apply_design(scenario, design);
      for (const auto& [id, at] : design.layout) layout[id] = {static_cast<float>(at.x), static_cast<float>(at.y)};
    }
    sim_ = std::make_unique<bp::Simulator>(std::move(scenario));
    run_error_.clear();
  } catch (const std::exception& e) {
    return e.what();
  }
  scenario_path_ = path;
  design_path_ = design_path;
  ++run_id_;
  clock_.reset();
  incidents_seen_ = commands_seen_ = 0;
  events_.clear();
  alerts_seen_.clear();
  stats = {};
  const bp::ContractSpec& c = sim_->scenario().contract;
  targets = Targets{};
  if (c.present) {
    targets.uptime = c.uptime;
    targets.error_ratio = 1 - c.uptime;
    targets.p95_ms = bp::to_seconds(c.p95) * 1000;
    targets.budget_per_month = c.budget_per_month;
    if (c.job_age > 0) targets.job_wait_s = bp::to_seconds(c.job_age);
    targets.provisional = false;
  }
  undo_.clear();
  undone_places_.clear();
  selected.clear();
  edge_from.clear();
  edge_to.clear();
  placed = std::move(layout);
  for (const auto& c : sim_->scenario().components)
    if (c.type == "queue") { selected = c.id; break; }
  log(Event::Kind::Info, "Shift starts: " + sim_->scenario().title);
  return "";
}

void Game::restart() {
  if (!scenario_path_.empty()) load(scenario_path_, design_path_);
}

std::string Game::load_script(const std::string& path) {
  try {
    sim_->set_script(bp::load_command_script(path, sim_->scenario()), path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void Game::toggle_pause() {
  if (speed_ > 0) {
    resume_speed_ = speed_;
    speed_ = 0;
  } else {
    speed_ = resume_speed_;
  }
}

void Game::request_next_event() {
  Request r;
  r.kind = Request::Kind::NextEvent;
  requests_.push_back(std::move(r));
}

void Game::request_finish() {
  Request r;
  r.kind = Request::Kind::Finish;
  requests_.push_back(std::move(r));
}

void Game::request_load(std::string path, std::string design_path, Screen then, std::string failure) {
  Request r;
  r.kind = Request::Kind::Load;
  r.path = std::move(path);
  r.design_path = std::move(design_path);
  r.then = then;
  r.failure = std::move(failure);
  requests_.push_back(std::move(r));
}

void Game::request_restart(Screen then) {
  Request r;
  r.kind = Request::Kind::Restart;
  r.then = then;
  requests_.push_back(std::move(r));
}

void Game::carry_out_requests() {
  // Taken first: carrying one out may not add to the list being walked.
  const std::vector<Request> requests = std::move(requests_);
  requests_.clear();
  for (const Request& r : requests) switch (r.kind) {
      case Request::Kind::NextEvent: skip_to_next_event(); break;
      case Request::Kind::Finish: finish_run(); break;
      case Request::Kind::Load:
        if (const std::string err = load(r.path, r.design_path); !err.empty()) warn(r.failure + err);
        else go(r.then);
        break;
      case Request::Kind::Restart:
        if (!scenario_path_.empty() && load(scenario_path_, design_path_).empty()) go(r.then);
        break;
    }
}

template <class F> bool Game::guarded(F&& step) {
  try {
    step();
    return true;
  } catch (const std::exception& e) {
    run_error_ = e.what();
    speed_ = 0;
    clock_.reset();
    warn("The run stopped: " + run_error_);  // lasting: it explains a frozen run
    return false;
  }
}

void Game::tick(double real_dt, double budget_s) {
  stats.steps = 0;
  stats.step_ms = 0;
  carry_out_requests();
  if (!sim_ || sim_->finished() || !run_error_.empty()) {
    stats.sim_rate = 0;
    clock_.reset();
    return;
  }
  const bp::SimTime before = sim_->now();
  StepClock::Tick t;
  guarded([&] {
    t = clock_.tick(real_dt, speed_, bp::to_seconds(sim_->step()), budget_s, [this](std::int64_t n) {
      const bp::SimTime from = sim_->now();
      sim_->advance(n);
      return static_cast<std::int64_t>((sim_->now() - from) / sim_->step());
    });
  });
  stats.steps = t.steps;
  stats.step_ms = t.wall_s * 1000;
  stats.sim_rate = real_dt > 0 ? bp::to_seconds(sim_->now() - before) / real_dt : 0;
  if (sim_->now() != before) after_steps();
}

std::optional<bp::SimTime> Game::next_event_time() const {
  if (!sim_) return std::nullopt;
  std::optional<bp::SimTime> best;
  for (const auto& i : sim_->scenario().incidents)
    if (i.at > sim_->now() && (!best || i.at < *best)) best = i.at;
  return best;
}

std::size_t Game::incidents_started() const {
  std::size_t n = 0;
  for (const auto& i : sim_->scenario().incidents) n += i.at <= sim_->now();
  for (const auto& c : sim_->command_log()) n += c.kind == bp::CommandKind::TriggerIncident;
  return n;
}

void Game::skip_to_next_event() {
  if (!sim_ || sim_->finished() || !run_error_.empty()) return;
  const std::size_t alerts_before = sim_->alerts().size();
  const std::size_t incidents_before = incidents_started();
  // Step by step: an alert can fire on any boundary, and stopping right
  // there is the point of the button.
  guarded([&] {
    while (!sim_->finished() && sim_->alerts().size() == alerts_before && incidents_started() == incidents_before)
      sim_->advance(1);
  });
  clock_.reset();
  speed_ = 0;
  after_steps();
}

void Game::finish_run() {
  if (!sim_ || !run_error_.empty()) return;
  if (!guarded([&] { sim_->run_to_end(); })) {
    after_steps();
    return;
  }
  clock_.reset();
  after_steps();
  log(Event::Kind::Info, "Shift over");
  go(Screen::Debrief);
}

std::string Game::submit(bp::Command c) {
  Edit edit{c, c.kind == bp::CommandKind::Set ? setting_before(c) : nlohmann::json(), false};
  std::string why = send(std::move(c));
  if (why.empty() && bp::is_undoable(edit.command.kind)) {
    undo_.record(std::move(edit));
    undo_.forget_redo();  // a fresh edit starts a new branch
  }
  return why;
}

std::string Game::send(bp::Command c) {
  if (!sim_) return "no run";
  std::string why = sim_->submit(std::move(c));
  if (!why.empty()) log(Event::Kind::Warning, "Refused: " + why);
  return why;
}

const std::vector<bp::Command>& Game::pending() const {
  static const std::vector<bp::Command> none;
  return sim_ ? sim_->pending() : none;
}

std::string Game::submit_design(bp::Command c) {
  const std::string what = bp::command_name(c.kind);
  std::string why = submit(std::move(c));
  if (!why.empty()) notify("Refused (" + humanize(what) + "): " + why);
  return why;
}

void Game::log(Event::Kind kind, std::string text) {
  events_.push_back({kind, sim_ ? sim_->now() : 0, std::move(text)});
}

void Game::after_steps() {
  const auto& logged = sim_->command_log();
  undo_.settle({logged.begin() + static_cast<std::ptrdiff_t>(commands_seen_), logged.end()});
  // Scheduled incidents that have started.
  std::vector<const bp::IncidentSpec*> started;
  for (const auto& i : sim_->scenario().incidents)
    if (i.at <= sim_->now()) started.push_back(&i);
  std::sort(started.begin(), started.end(), [](auto* a, auto* b) { return a->at < b->at; });
  for (; incidents_seen_ < started.size(); ++incidents_seen_) {
    const auto& i = *started[incidents_seen_];
    std::string text = "Incident: " + humanize(i.kind);
    if (!i.target.empty()) text += " on " + i.target;
    events_.push_back({Event::Kind::Incident, i.at, text});
  }
  // Commands the core applied, with the step they applied at.
  const auto& cmds = sim_->command_log();
  for (; commands_seen_ < cmds.size(); ++commands_seen_) {
    const auto& c = cmds[commands_seen_];
    if (c.kind == bp::CommandKind::AckAlert) continue;  // logged with the alert it silences
    // An incident the player triggers reads like a scheduled one; every
    // other command in the words the debrief's talking points use.
    const bool incident = c.kind == bp::CommandKind::TriggerIncident;
    std::string text = incident ? "Incident: " + humanize(c.value.value("kind", std::string("incident")))
                                : bp::describe_command(c);
    if (!incident && !text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    const auto kind = incident ? Event::Kind::Incident : Event::Kind::Action;
    events_.push_back({kind, c.step * sim_->step(), text});
  }
  watch_alerts();
}

void Game::watch_alerts() {
  const auto& eps = sim_->alerts();
  for (std::size_t i = 0; i < eps.size(); ++i) {
    const auto& e = eps[i];
    const auto kind = e.severity == "critical" ? Event::Kind::Critical : Event::Kind::Warning;
    if (i >= alerts_seen_.size()) {
      alerts_seen_.push_back({});
      events_.push_back({kind, e.fired, "Alert " + e.id + ": " + e.summary});
    }
    AlertSeen& seen = alerts_seen_[i];
    if (!seen.acked && e.acknowledged >= 0) {
      seen.acked = true;
      events_.push_back({Event::Kind::Action, e.acknowledged, "Acknowledged " + e.id});
    }
    if (!seen.resolved && e.resolved >= 0) {
      seen.resolved = true;
      events_.push_back({Event::Kind::Info, e.resolved, "Resolved " + e.id});
    }
  }
}

std::vector<const bp::AlertEpisode*> Game::paging() const {
  std::vector<const bp::AlertEpisode*> out;
  if (!sim_) return out;
  for (const auto& e : sim_->alerts())
    if (e.paging() && !is_pending("alert:" + e.id, "ack")) out.push_back(&e);
  return out;
}

std::string Game::acknowledge(const std::string& alert_id) {
  bp::Command c;
  c.kind = bp::CommandKind::AckAlert;
  c.target = alert_id;
  return submit(std::move(c));
}

nlohmann::json Game::setting_value(const std::string& component, const std::string& key) const {
  nlohmann::json v;
  if (!sim_) return v;
  // The live design holds components added by commands too.
  for (const auto& d : sim_->design())
    if (d.id == component) {
      const auto& all = d.settings.all();
      if (auto it = all.find(key); it != all.end()) v = it->second.source;
    }
  for (const auto& c : sim_->command_log())
    if (c.kind == bp::CommandKind::Set && c.target == component && c.key == key) v = c.value;
  for (const auto& c : pending()) {
    if (c.kind == bp::CommandKind::AddComponent && c.value.is_object() && c.value.value("id", std::string()) == component) {
      // Not in the design yet: it starts with what the add says, and the
      // catalogue's default for what it leaves out.
      v = c.value.contains(key) ? c.value[key] : nlohmann::json();
      if (v.is_null())
        if (const auto* type = bp::Catalogue::builtin().find(c.value.value("type", std::string())))
          if (const auto* s = type->find(key)) v = s->default_value;
    } else if (c.kind == bp::CommandKind::Set && c.target == component && c.key == key) {
      v = c.value;
    }
  }
  return v;
}

bool Game::is_pending(const std::string& component, const std::string& key) const {
  return std::any_of(pending().begin(), pending().end(), [&](const bp::Command& c) {
    if (c.kind == bp::CommandKind::AckAlert) return component == "alert:" + c.target && key == "ack";
    return c.target == component && c.key == key;
  });
}

double Game::monthly_cost() const {
  if (!sim_) return 0;
  double total = 0;
  for (const auto& c : sim_->components()) {
    if (c.removed) continue;  // no longer billed
    if (const auto* t = bp::Catalogue::builtin().find(c.type)) total += t->cost_per_month * static_cast<double>(c.units);
  }
  return total;
}

void Game::save_run() {
  if (!sim_) return;
  if (!store) {
    notify("Saving is off for this session.");
    return;
  }
  SavedRun run;
  run.scenario_path = fs::absolute(scenario_path_).string();
  run.scenario_id = sim_->scenario().id;
  run.seed = sim_->seed();
  run.simulated_seconds = bp::to_seconds(sim_->now());
  run.command_log = bp::command_log_json(sim_->command_log());
  fs::path written;
  if (store->save_run(run, &written).empty())
    notify("Run saved to " + written.string() + ". Replay it with: backpressure-sim run " + scenario_path_ + " --seed " +
           std::to_string(run.seed) + " --commands " + commands_file_for(written).string());
  else
    warn(store->notices().back());
}

void Game::record_grade(const nlohmann::json& grade) {
  if (!store || !sim_ || !grade.value("graded", false)) return;
  const std::string key = sim_->scenario().id.empty() ? scenario_path_ : sim_->scenario().id;
  bool improved = false;
  const BestGrade got{grade.value("letter", std::string("?")), grade.value("score", 0.0)};
  store->record_grade(key, got, &improved);
  // Per design too, so the briefing can show how each saved design did.
  if (!design_path_.empty()) store->record_grade(design_grade_key(key, design_path_), got);
  if (improved && store->writable) notify("New best for this scenario: " + grade.value("letter", std::string("?")));
}

}  // namespace app
