#include "game.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <backpressure/catalogue.h>
#include <backpressure/scenario_loader.h>

#include "format.h"

namespace app {

namespace fs = std::filesystem;

Game::Game(std::string scenario_dir) : scenario_dir_(std::move(scenario_dir)) { scan_scenarios(); }

void Game::scan_scenarios() {
  scenarios_.clear();
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(scenario_dir_, ec))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    ScenarioEntry entry;
    entry.path = f.string();
    try {
      const bp::Scenario s = bp::load_scenario_file(entry.path);
      entry.title = s.title;
      entry.summary = s.summary;
      entry.id = s.id;
      entry.duration = s.duration;
      entry.components = s.components.size();
      entry.incidents = s.incidents.size();
      for (const auto& c : s.components)
        if (std::find(entry.types.begin(), entry.types.end(), c.type) == entry.types.end()) entry.types.push_back(c.type);
      for (int i = 0; i < 64; ++i)
        entry.users.push_back(static_cast<float>(s.traffic.users_at(s.duration * i / 63)));
    } catch (const std::exception& e) {
      entry.title = f.filename().string();
      entry.error = e.what();
    }
    scenarios_.push_back(std::move(entry));
  }
}

std::string Game::load(const std::string& path) {
  try {
    auto sim = std::make_unique<bp::Simulator>(bp::load_scenario_file(path));
    sim_ = std::move(sim);
  } catch (const std::exception& e) {
    return e.what();
  }
  scenario_path_ = path;
  accumulator_ = 0;
  behind_ = false;
  incidents_seen_ = commands_seen_ = 0;
  events_.clear();
  conditions_.clear();
  pending_.clear();
  selected.clear();
  for (const auto& c : sim_->scenario().components)
    if (c.type == "queue") { selected = c.id; break; }
  log(Event::Kind::Info, "Shift starts: " + sim_->scenario().title);
  return "";
}

void Game::restart() {
  if (!scenario_path_.empty()) load(scenario_path_);
}

std::string Game::load_script(const std::string& path) {
  try {
    sim_->set_script(bp::load_command_script(path, sim_->scenario()), path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void Game::tick(double real_dt, double budget_s) {
  if (!sim_ || sim_->finished()) {
    achieved_speed_ = 0;
    behind_ = false;
    return;
  }
  const double step_s = bp::to_seconds(sim_->step());
  accumulator_ += real_dt * speed_;
  const auto start = std::chrono::steady_clock::now();
  const bp::SimTime before = sim_->now();
  // Whole steps only: the core is deterministic per step, never per frame.
  behind_ = false;
  while (accumulator_ >= step_s && !sim_->finished()) {
    // Advance in small batches so the budget check stays cheap but responsive.
    const auto owed = static_cast<std::int64_t>(accumulator_ / step_s);
    const std::int64_t batch = std::min<std::int64_t>(owed, 64);
    sim_->advance(batch);
    accumulator_ -= static_cast<double>(batch) * step_s;
    if (budget_s > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budget_s) {
      // The core cannot keep up: drop what is owed rather than spiral.
      behind_ = accumulator_ >= step_s;
      accumulator_ = std::min(accumulator_, step_s);
      break;
    }
  }
  achieved_speed_ = real_dt > 0 ? bp::to_seconds(sim_->now() - before) / real_dt : 0;
  if (sim_->now() != before) after_steps();
}

std::optional<bp::SimTime> Game::next_event_time() const {
  if (!sim_) return std::nullopt;
  std::optional<bp::SimTime> best;
  for (const auto& i : sim_->scenario().incidents)
    if (i.at > sim_->now() && (!best || i.at < *best)) best = i.at;
  return best;
}

void Game::skip_to_next_event() {
  if (!sim_) return;
  // Without a scheduled incident ahead, skip an hour: long enough to matter.
  const bp::SimTime target = next_event_time().value_or(sim_->now() + bp::kHour);
  sim_->run_until(std::min(target, sim_->duration()));
  accumulator_ = 0;
  after_steps();
}

void Game::finish_run() {
  if (!sim_) return;
  sim_->run_to_end();
  after_steps();
  log(Event::Kind::Info, "Shift over");
  go(Screen::Debrief);
}

std::string Game::submit(bp::Command c) {
  if (!sim_) return "no run";
  std::string why = sim_->submit(c);
  if (!why.empty()) log(Event::Kind::Warning, "Refused: " + why);
  else pending_.push_back(std::move(c));
  return why;
}

void Game::log(Event::Kind kind, std::string text) {
  events_.push_back({kind, sim_ ? sim_->now() : 0, std::move(text)});
}

void Game::after_steps() {
  pending_.clear();  // the core applied them at the first step boundary
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
    std::string text;
    if (c.type == "set")
      text = "Set " + c.target + " " + c.key + " = " + json_brief(c.value);
    else if (c.type == "trigger_incident")
      text = "Incident: " + humanize(c.value.value("kind", std::string("incident")));
    else
      text = humanize(c.type) + " " + c.target;
    const auto kind = c.type == "trigger_incident" ? Event::Kind::Incident : Event::Kind::Action;
    events_.push_back({kind, c.step * sim_->step(), text});
  }
  watch_conditions();
}

void Game::watch_conditions() {
  // Judged on about the last minute of steps so one bad step does not page.
  auto recent_mean = [&](const bp::Series* s, std::size_t n) {
    if (!s) return 0.0;
    n = std::min(n, s->recent_size());
    double sum = 0;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = s->recent(i);
      if (v == v) { sum += v; ++k; }
    }
    return k ? sum / static_cast<double>(k) : 0.0;
  };
  const std::size_t window = static_cast<std::size_t>(std::max<bp::SimTime>(1, bp::kMinute / sim_->step()));
  std::vector<Condition> now;
  const double req = recent_mean(sim_->find_series("run", "requests"), window);
  const double err = recent_mean(sim_->find_series("run", "errors"), window);
  if (req > 0 && err / req > targets.error_ratio) {
    const bool crit = err / req > 5 * targets.error_ratio;
    now.push_back({"errors", "Users are seeing errors", fmt_percent(err / req) + " of requests failing", crit, 0});
  }
  const double p95 = recent_mean(sim_->find_series("run", "p95"), window);
  if (p95 > targets.p95_ms)
    now.push_back({"p95", "Slow responses", "P95 " + fmt_ms(p95) + " (target " + fmt_ms(targets.p95_ms) + ")",
                   p95 > 4 * targets.p95_ms, 0});
  for (const auto& c : sim_->scenario().components) {
    if (c.type != "queue") continue;
    const auto* depth = sim_->find_series(c.id, "queue");
    const auto* age = sim_->find_series(c.id, "oldest_age");
    const auto* growth = sim_->find_series(c.id, "growth");
    const double d = depth ? depth->last() : 0;
    const double a = age ? age->last() : 0;
    const double g = growth ? growth->last() : 0;
    if (d > 1000 && g > 0)
      now.push_back({"queue:" + c.id, "Queue " + c.id + " is backing up",
                     fmt_count(d) + " jobs waiting, oldest " + fmt_duration_s(a) + ", growing " + fmt_count(g) + "/min",
                     a > targets.job_wait_s, 0});
  }
  // Keep the start time of conditions that were already firing.
  for (auto& c : now) {
    auto it = std::find_if(conditions_.begin(), conditions_.end(), [&](const Condition& o) { return o.key == c.key; });
    if (it != conditions_.end()) {
      c.since = it->since;
      if (c.critical && !it->critical) log(Event::Kind::Critical, c.title + ": " + c.detail);
    } else {
      c.since = sim_->now();
      log(c.critical ? Event::Kind::Critical : Event::Kind::Warning, c.title + ": " + c.detail);
    }
  }
  for (const auto& o : conditions_)
    if (std::none_of(now.begin(), now.end(), [&](const Condition& c) { return c.key == o.key; }))
      log(Event::Kind::Info, "Recovered: " + o.title);
  conditions_ = std::move(now);
}

nlohmann::json Game::setting_value(const std::string& component, const std::string& key) const {
  nlohmann::json v;
  if (!sim_) return v;
  if (const auto* spec = sim_->scenario().find(component)) {
    const auto& all = spec->settings.all();
    if (auto it = all.find(key); it != all.end()) v = it->second.source;
  }
  for (const auto& c : sim_->command_log())
    if (c.type == "set" && c.target == component && c.key == key) v = c.value;
  for (const auto& c : pending_)
    if (c.type == "set" && c.target == component && c.key == key) v = c.value;
  return v;
}

bool Game::is_pending(const std::string& component, const std::string& key) const {
  return std::any_of(pending_.begin(), pending_.end(),
                     [&](const bp::Command& c) { return c.target == component && c.key == key; });
}

double Game::monthly_cost() const {
  if (!sim_) return 0;
  double total = 0;
  for (const auto& c : sim_->components())
    if (const auto* t = bp::Catalogue::builtin().find(c.type)) total += t->cost_per_month * static_cast<double>(c.units);
  return total;
}

}  // namespace app
