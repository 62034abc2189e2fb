#include "grading/talking_points.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "backpressure/command_handlers.h"
#include "backpressure/run_record.h"
#include "grading/root_causes.h"
#include "grading/run_metrics.h"
#include "grading/thresholds.h"

namespace bp {

namespace {

using namespace thresholds;

double or0(double v) { return known(v) ? v : 0.0; }

}  // namespace

std::string describe_command(const nlohmann::json& c) {
  const std::string type = c.value("type", "");
  const std::optional<CommandKind> kind = command_kind(type);
  if (!kind) return type + " " + c.value("target", "");
  return describe_command(Command{*kind, c.value("target", ""), c.value("key", ""), c.value("value", nlohmann::json())});
}

namespace {

bool acts_on_system(const nlohmann::json& c) {
  const std::optional<CommandKind> kind = command_kind(c.value("type", ""));
  return !kind || changes_system(*kind);
}

std::string growth_text(double per_second) {
  if (per_second >= 1.0 / 60.0) return "growing " + per_minute(per_second);
  if (per_second <= -1.0 / 60.0) return "shrinking " + per_minute(-per_second);
  return "flat";
}

class Writer {
 public:
  Writer(const RunRecord& run, const nlohmann::json& report) : run_(run), report_(report), grid_(run) {
    // The queue with the deepest backlog is the one the story is about.
    for (const auto& spec : run.scenario.components) {
      if (spec.type != "queue") continue;
      auto depth = grid_.values(spec.id, "queue");
      const double peak = or0(max_over(depth, 0, depth.size()));
      if (queue_.empty() || peak > peak_depth_) {
        queue_ = spec.id;
        peak_depth_ = peak;
        depth_ = std::move(depth);
      }
    }
    if (!queue_.empty()) {
      in_ = grid_.values(queue_, "arrivals");
      out_ = grid_.values(queue_, "completions");
      age_ = grid_.values(queue_, "oldest_age");
    }
  }

  std::vector<std::string> write() {
    std::vector<std::string> out;
    auto add = [&](std::string s) {
      if (!s.empty()) out.push_back(std::move(s));
    };
    add(cause());
    add(growth());
    add(users());
    add(detection());
    add(fix());
    return out;
  }

 private:
  std::string when(SimTime t) const { return clock_text(t, run_.now); }
  std::size_t window_of(SimTime t) const {
    return std::min(grid_.size() ? grid_.size() - 1 : 0, static_cast<std::size_t>(t / std::max<SimTime>(1, grid_.window())));
  }
  // As the root causes judge it: deep, with an old job waiting.
  bool backlogged() const {
    for (std::size_t i = 0; i < depth_.size(); ++i)
      if (or0(depth_[i]) >= kBacklogJobs && or0(age_[i]) >= kBacklogAgeS) return true;
    return false;
  }

  // The first window the queue held a backlog, and the peak.
  std::size_t backlog_start() const {
    for (std::size_t i = 0; i < depth_.size(); ++i)
      if (or0(depth_[i]) >= kBacklogJobs) {
        std::size_t from = i;
        while (from > 0 && or0(depth_[from - 1]) < or0(depth_[from]) && or0(depth_[from - 1]) >= kBacklogJobs / 10) --from;
        return from;
      }
    return 0;
  }
  std::size_t peak_window() const {
    std::size_t peak = 0;
    for (std::size_t i = 0; i < depth_.size(); ++i)
      if (or0(depth_[i]) > or0(depth_[peak])) peak = i;
    return peak;
  }

  std::string cause() const {
    const auto& causes = report_["root_causes"];
    if (causes.empty()) {
      if (queue_.empty() || backlogged()) return "";
      // No backlog in the queue, yet the freshness promise broke: the work
      // was held up or lost before or outside the queue (a producer told to
      // slow down, refusals, drops), so "nothing backed up" would mislead.
      const auto& contract = run_.scenario.contract;
      std::uint64_t on_time = 0, all = 0;
      const JobAccount* worst = nullptr;
      for (const JobAccount& a : run_.jobs) {
        on_time += a.on_time;
        all += a.on_time + a.late + a.stale_waiting + a.lost();
        if (!worst || a.late + a.lost() > worst->late + worst->lost()) worst = &a;
      }
      if (contract.job_age > 0 && worst && all > 0 &&
          static_cast<double>(on_time) < contract.freshness * static_cast<double>(all))
        return fmt::format("The {} queue never backed up, yet {} of {} {} jobs finished later than {}{}: the delay "
                           "came before the queue, or the work was turned away.",
                           worst->queue, count_text(static_cast<double>(worst->late)),
                           count_text(static_cast<double>(worst->offered)), worst->job, span_text(contract.job_age),
                           worst->lost() > 0 ? " and " + count_text(static_cast<double>(worst->lost())) +
                                                   " were never processed"
                                             : std::string());
      const std::string held = peak_depth_ < 1 ? "stayed all but empty"
                                               : "never held more than " + count_text(peak_depth_) + " jobs on average";
      const double oldest = or0(max_over(age_, 0, age_.size()));
      return fmt::format("Nothing backed up: the {} queue {} and {}.", queue_, held,
                         oldest < 1 ? std::string("no job waited even a second")
                                    : "no job waited longer than " + span_text(static_cast<SimTime>(oldest * kSecond)));
    }
    // One entry per cause and place; a cause that came back says so.
    std::vector<std::pair<std::string, std::string>> items;  // key, words
    for (const auto& c : causes) {
      const std::string key = c["category"].get<std::string>() + "/" + c["component"].get<std::string>();
      const std::string at = when(static_cast<SimTime>(c["from_s"].get<double>() * kSecond));
      auto it = std::find_if(items.begin(), items.end(), [&](const auto& i) { return i.first == key; });
      if (it != items.end()) {
        it->second.insert(it->second.size() - 1, ", again " + at);
        continue;
      }
      std::string title = root_cause_title(c["category"].get<std::string>());
      title[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(title[0])));
      items.emplace_back(key, fmt::format("{} on {} ({})", title, c["component"].get<std::string>(), at));
    }
    std::string list;
    const std::size_t shown = std::min<std::size_t>(items.size(), 3);
    for (std::size_t i = 0; i < shown; ++i) list += (i == 0 ? "" : i + 1 == shown ? " and " : ", ") + items[i].second;
    return fmt::format("What went wrong: {}. {}", list, causes[0]["summary"].get<std::string>());
  }

  std::string growth() const {
    if (!backlogged()) return "";
    const std::size_t from = backlog_start(), peak = peak_window();
    if (peak <= from) return "";
    const double minutes = to_seconds(grid_.start(peak) - grid_.start(from)) / 60.0;
    const double rate = minutes > 0 ? (or0(depth_[peak]) - or0(depth_[from])) / minutes : 0.0;
    std::string s = fmt::format(
        "The {} queue grew by about {} jobs a minute from {} (enqueued {} against {} completed) to a peak of {} jobs at {}, "
        "when the oldest job had waited {}.",
        queue_, count_text(rate), when(grid_.start(from)), per_minute(mean_over(in_, from, peak + 1)),
        per_minute(mean_over(out_, from, peak + 1)), count_text(depth_[peak]), when(grid_.start(peak)),
        span_text(static_cast<SimTime>(or0(age_[peak]) * kSecond)));
    return s;
  }

  std::string users() const {
    const auto requests = grid_.values("run", "requests");
    const auto errors = grid_.values("run", "errors");
    const auto p95 = grid_.values("run", "p95");
    const auto& contract = run_.scenario.contract;
    const double target = contract.present ? to_millis(contract.p95) : std::nan("");
    std::vector<bool> hurt(grid_.size());
    for (std::size_t i = 0; i < hurt.size(); ++i)
      hurt[i] = (or0(errors[i]) > 0 && or0(errors[i]) >= kUserErrorShare * or0(requests[i])) ||
                (known(target) && or0(p95[i]) > target);
    const auto found = spans(hurt, grid_.windows_for(kMinute));
    const double ok_share = report_["requests"]["success_ratio"].get<double>();
    const double p95_all = report_["latency_ms"]["p95"].get<double>();
    if (found.empty()) {
      if (!backlogged()) return "";
      return fmt::format(
          "Users never felt it: {:.2f}% of requests succeeded and P95 was {} ms{}, so the backlog was silent and only the queue's "
          "depth and the age of its oldest job showed it.",
          100 * ok_share, count_text(p95_all), known(target) ? fmt::format(" against a {} ms target", count_text(target)) : "");
    }
    const Span& s = found.front();
    const double err = mean_over(errors, s.from, s.to), req = mean_over(requests, s.from, s.to);
    std::string how = fmt::format("P95 rose to {} ms", count_text(max_over(p95, s.from, s.to)));
    if (known(target)) how += fmt::format(" (target {} ms)", count_text(target));
    if (req > 0 && err > 0) how += fmt::format(" and {:.1f}% of requests failed", 100 * err / req);
    const std::string lead = backlogged() && grid_.start(s.from) >= grid_.start(backlog_start())
                                 ? fmt::format("Backpressure reached users at {}, {} after {} began to back up", when(grid_.start(s.from)),
                                               span_text(grid_.start(s.from) - grid_.start(backlog_start())), queue_)
                                 : fmt::format("Users felt it from {}", when(grid_.start(s.from)));
    return fmt::format("{}: {}; over the whole run {:.2f}% of requests succeeded.", lead, how, 100 * ok_share);
  }

  std::string detection() const {
    const auto& alerts = report_["alerts"];
    SimTime problem = -1;
    if (!report_["root_causes"].empty())
      problem = static_cast<SimTime>(report_["root_causes"][0]["from_s"].get<double>() * kSecond);
    if (alerts.empty()) {
      if (problem < 0) return "";
      for (const auto& c : report_["commands"])
        if (acts_on_system(c)) return "No alert fired; the player acted on what the dashboards showed.";
      return "No alert fired: nothing watched the signals that moved, so the first sign would have been a user or a late job.";
    }
    const auto& first = alerts[0];
    const auto fired = static_cast<SimTime>(first["fired_s"].get<double>() * kSecond);
    std::string s = fmt::format("The first alert, {}, fired at {}", first["id"].get<std::string>(), when(fired));
    if (problem >= 0 && fired >= problem) s += fmt::format(", {} after the trouble began", span_text(fired - problem));
    for (const auto& c : report_["commands"]) {
      const SimTime at = c["step"].get<std::int64_t>() * run_.scenario.step;
      if (at >= fired && acts_on_system(c)) {
        s += fmt::format("; the first fix came {} later", span_text(at - fired));
        break;
      }
    }
    return s + ".";
  }

  std::string fix() const {
    // Commands applied at the same step count as one move.
    std::vector<std::pair<std::int64_t, std::string>> moves;
    std::vector<std::vector<std::string>> parts;  // each move's commands
    std::vector<std::vector<std::string>> keys;   // what each part set, "" when not a set
    for (const auto& c : report_["commands"]) {
      if (!acts_on_system(c)) continue;
      const auto step = c["step"].get<std::int64_t>();
      if (moves.empty() || moves.back().first != step) {
        moves.emplace_back(step, "");
        parts.emplace_back();
        keys.emplace_back();
      }
      // Clicking "+" twice sets a value twice in one step: only the last counts.
      const bool is_set = command_kind(c.value("type", "")) == CommandKind::Set;
      const std::string key = is_set ? c.value("target", "") + "." + c.value("key", "") : "";
      const auto same = key.empty() ? keys.back().end() : std::find(keys.back().begin(), keys.back().end(), key);
      if (same != keys.back().end()) {
        parts.back()[static_cast<std::size_t>(same - keys.back().begin())] = describe_command(c);
        continue;
      }
      parts.back().push_back(describe_command(c));
      keys.back().push_back(key);
    }
    // "a, b and c" reads as one move; "a and b and c" stumbles.
    for (std::size_t m = 0; m < moves.size(); ++m)
      for (std::size_t k = 0; k < parts[m].size(); ++k)
        moves[m].second += (k == 0 ? "" : k + 1 == parts[m].size() ? " and " : ", ") + parts[m][k];
    if (moves.empty()) {
      if (!backlogged()) return "";
      const double end_depth = or0(depth_.empty() ? 0.0 : depth_.back());
      if (end_depth >= kBacklogJobs)
        return fmt::format("No one intervened, and {} jobs were still waiting in the {} queue at the end.", count_text(end_depth), queue_);
      for (std::size_t i = peak_window(); i < depth_.size(); ++i)
        if (or0(depth_[i]) < 1) return fmt::format("No one intervened; {} drained on its own by {}.", queue_, when(grid_.start(i)));
      return fmt::format("No one intervened; {} shrank on its own.", queue_);
    }
    if (queue_.empty()) return fmt::format("The player {} at {}.", moves.front().second, when(moves.front().first * run_.scenario.step));
    // The move after which the queue's growth turned the most.
    const std::size_t look = grid_.windows_for(kEffectWindow, 1);
    double best_turn = -1e300;
    std::size_t best = 0;
    std::vector<double> before(moves.size()), after(moves.size());
    const std::size_t started = backlogged() ? backlog_start() : 0;
    for (std::size_t m = 0; m < moves.size(); ++m) {
      const std::size_t w = window_of(moves[m].first * run_.scenario.step);
      // Before the move, but not before the backlog began: calm minutes would dilute the growth.
      std::size_t b0 = w >= look ? w - look : 0;
      if (started > b0 && started < w) b0 = started;
      before[m] = or0(mean_over(in_, b0, w)) - or0(mean_over(out_, b0, w));
      after[m] = or0(mean_over(in_, w, w + look)) - or0(mean_over(out_, w, w + look));
      if (before[m] - after[m] > best_turn) {
        best_turn = before[m] - after[m];
        best = m;
      }
    }
    const SimTime at = moves[best].first * run_.scenario.step;
    // A fix stops the growth; a move that halves it only helped.
    const bool stopped = after[best] < 1.0 / 60.0;
    const bool helped = !stopped && best_turn > 1.0 / 60.0 && after[best] <= 0.5 * before[best];
    if (helped)
      return fmt::format("The move that helped most, at {}: the player {}; the {} queue went from {} to {}, which was not enough to stop it.",
                         when(at), moves[best].second, queue_, growth_text(before[best]), growth_text(after[best]));
    if (!stopped || best_turn <= 1.0 / 60.0)
      return fmt::format("The player's {} move{} did not turn the {} queue around (it was {} before the first and {} after the last).",
                         moves.size(), moves.size() == 1 ? "" : "s", queue_, growth_text(before.front()), growth_text(after.back()));
    std::string s = fmt::format("What fixed it: at {} the player {}; the {} queue went from {} to {}", when(at), moves[best].second, queue_,
                                growth_text(before[best]), growth_text(after[best]));
    for (std::size_t i = window_of(at); i < depth_.size(); ++i)
      if (or0(depth_[i]) < 1) {
        s += fmt::format(" and was empty by {}", when(grid_.start(i)));
        break;
      }
    return s + ".";
  }

  const RunRecord& run_;
  const nlohmann::json& report_;
  RunGrid grid_;
  std::string queue_;
  double peak_depth_ = 0;
  std::vector<double> depth_, in_, out_, age_;
};

}  // namespace

std::vector<std::string> talking_points(const RunRecord& run, const nlohmann::json& report) {
  return Writer(run, report).write();
}

}  // namespace bp
