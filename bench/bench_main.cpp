// backpressure-bench: how fast the simulation core is, and whether its memory
// stays flat as simulated time grows.
//
// Every figure is printed on its own "name: value" line (see
// docs/performance.md for the meaning of each). Sections:
//   lab.*      the lab M/M/c scenario run through the engine to N customers
//   ref.*      a minimal hand-written M/M/c event loop with the same lambda,
//              mu, c, RNG family and N, as the yardstick for lab.*
//   default.*  the default scenario (silent_backlog.json) end to end
//   mem.*      peak RSS of child processes running the default scenario for
//              increasing simulated durations
//   snapshot.* the size of a Simulator copy of the default scenario at its
//              busiest, and the time to take and to restore one
//   timeline.* seek and branch times on a finished default run kept in a
//              Timeline, and the memory its snapshots hold
//
// Flags: --customers N   customers for lab/ref (default 10,000,000)
//        --quick         small sizes, for a smoke run
//        --repeat N      run each timed section N times, report the fastest
//        --hours H       simulated hours for the default section (default: the
//                        scenario's 36; 3 with --quick), e.g. for profiling
//        --only LIST     comma-separated sections to run: mem,lab,ref,default,snapshot,timeline
//        --root DIR      source tree holding scenarios/ (default: build-time path)
#include <malloc.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <queue>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pcg_random.hpp>

#include "backpressure/queueing.h"
#include "backpressure/report.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "bench_timeline.h"

#ifndef BACKPRESSURE_SOURCE_DIR
#define BACKPRESSURE_SOURCE_DIR "."
#endif

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU time of this process; next to wall time it shows when other load on
// the machine stretched a measurement.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// One "name: value" line; flushed so a parent and its forked children never
// duplicate buffered output.
void line(const std::string& name, const std::string& value) {
  std::fputs((name + ": " + value + "\n").c_str(), stdout);
  std::fflush(stdout);
}
void line(const std::string& name, double value) { line(name, fmt::format("{:.6g}", value)); }
void line_int(const std::string& name, std::uint64_t value) { line(name, std::to_string(value)); }

struct Options {
  std::uint64_t customers = 10'000'000;
  bool customers_given = false;
  bool quick = false;
  int repeat = 1;  // timed sections run this often; the fastest run is kept
  double hours = 0;  // > 0: simulated hours for the default section
  std::set<std::string> only;  // empty: everything
  std::string root = BACKPRESSURE_SOURCE_DIR;

  bool wants(const std::string& section) const { return only.empty() || only.count(section) != 0; }
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "backpressure-bench: %s\n"
               "usage: backpressure-bench [--customers N] [--quick] [--repeat N] [--hours H] [--only mem,lab,ref,default,snapshot,timeline] [--root DIR]\n",
               why);
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--customers") {
      const std::string v = value();
      char* end = nullptr;
      const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n == 0) usage("--customers needs a positive integer");
      o.customers = n;
      o.customers_given = true;
    } else if (a == "--quick") {
      o.quick = true;
    } else if (a == "--only") {
      std::string list = value();
      std::size_t start = 0;
      while (start <= list.size()) {
        const std::size_t comma = list.find(',', start);
        const std::string s = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (s != "mem" && s != "lab" && s != "ref" && s != "default" && s != "snapshot" && s != "timeline") usage(("unknown section " + s).c_str());
        o.only.insert(s);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (a == "--repeat") {
      const std::string v = value();
      o.repeat = std::atoi(v.c_str());
      if (o.repeat < 1 || o.repeat > 100) usage("--repeat needs an integer from 1 to 100");
    } else if (a == "--hours") {
      const std::string v = value();
      char* end = nullptr;
      o.hours = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || !(o.hours > 0)) usage("--hours needs a positive number");
    } else if (a == "--root") {
      o.root = value();
    } else if (a == "--help" || a == "-h") {
      usage("help");
    } else {
      usage(("unknown argument " + a).c_str());
    }
  }
  if (o.quick && !o.customers_given) o.customers = 200'000;
  return o;
}

std::string seconds_text(bp::SimTime t) {
  // Whole microseconds, so any duration survives exactly.
  return std::to_string(t) + "us";
}

// Loads `path` with its duration set to `duration`. If the loader refuses
// keyframes past the new end, they are dropped and replaced by one at the end
// carrying the interpolated user count, so the traffic over the shortened run
// follows the same curve as the first part of the full run.
bp::Scenario load_with_duration(const std::string& path, bp::SimTime duration) {
  const bp::Scenario full = bp::load_scenario_file(path);
  if (duration == full.duration) return full;
  const bp::Override set_duration{"/duration", seconds_text(duration)};
  try {
    return bp::load_scenario_file(path, {set_duration});
  } catch (const bp::InputError&) {
    // an older loader: keyframes must lie within the run
  }
  nlohmann::json users = nlohmann::json::array();
  const auto& src = full.source.at("traffic").at("users");
  for (std::size_t i = 0; i < full.traffic.users.size(); ++i)
    if (full.traffic.users[i].at <= duration) users.push_back(src.at(i));
  if (full.traffic.users.back().at > duration && (users.empty() || full.traffic.users[users.size() - 1].at < duration))
    users.push_back({{"at", seconds_text(duration)}, {"users", full.traffic.users_at(duration)}});
  return bp::load_scenario_file(path, {set_duration, bp::Override{"/traffic/users", users}});
}

// ---------------------------------------------------------------- M/M/c ----

struct MmcParams {
  double lambda_per_us = 0;  // arrival rate
  double service_mean_us = 0;
  int c = 0;
};

MmcParams mmc_params(const bp::Scenario& s) {
  if (s.traffic.users.size() != 1 || s.components.size() != 1 || s.components[0].type != "server")
    throw std::runtime_error(s.file + ": expected one steady user level and one server (an M/M/c station)");
  const auto& station = s.components[0].settings;
  const bp::Distribution& cpu = station.dist("cpu");
  if (cpu.kind != bp::Distribution::Kind::Exponential)
    throw std::runtime_error(s.file + ": the station's cpu is not exponential");
  MmcParams p;
  p.lambda_per_us = s.traffic.users[0].users * s.traffic.actions_per_user_per_minute / static_cast<double>(bp::kMinute);
  p.service_mean_us = cpu.mean();
  p.c = static_cast<int>(station.integer("slots") * station.integer("instances"));
  return p;
}

// Mean response time of M/M/c by Erlang C, in microseconds.
double erlang_c_response_us(const MmcParams& p) {
  return bp::mmc_mean_response(p.c, p.lambda_per_us, 1.0 / p.service_mean_us);
}

struct RefResult {
  std::uint64_t customers = 0;
  std::uint64_t events = 0;
  double mean_response_us = 0;
  double wall_s = 0, cpu_s = 0;
};

// The yardstick: the smallest honest M/M/c event loop. One pending arrival
// and up to c departures live in a binary heap (std::priority_queue); a
// departure carries its customer's arrival time; waiting customers are a FIFO
// of arrival times. Variates use the engine's generator family (pcg32) and
// its transforms (53-bit uniform, exponential by inversion), inline.
RefResult reference_mmc(const MmcParams& p, std::uint64_t customers, std::uint64_t seed) {
  struct Ev {
    double time;
    double born;  // < 0: an arrival; else a departure of a customer born then
  };
  struct Later {
    bool operator()(const Ev& a, const Ev& b) const { return a.time > b.time; }
  };
  pcg32 rng(seed, 0x5eed);
  const auto uniform01 = [&rng]() {
    const std::uint64_t hi = rng() >> 5;
    const std::uint64_t lo = rng() >> 6;
    return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);
  };
  const auto exponential = [&](double mean) { return -mean * std::log(1.0 - uniform01()); };
  const double interarrival_mean = 1.0 / p.lambda_per_us;
  const double service_mean = p.service_mean_us;

  const auto t0 = Clock::now();
  const double c0 = cpu_seconds();
  std::vector<Ev> storage;
  storage.reserve(static_cast<std::size_t>(p.c) + 2);
  std::priority_queue<Ev, std::vector<Ev>, Later> heap(Later{}, std::move(storage));
  std::deque<double> waiting;
  int busy = 0;
  std::uint64_t served = 0, events = 0;
  double response_sum = 0;
  heap.push({exponential(interarrival_mean), -1.0});
  while (served < customers) {
    const Ev e = heap.top();
    heap.pop();
    ++events;
    if (e.born < 0) {
      if (busy < p.c) {
        ++busy;
        heap.push({e.time + exponential(service_mean), e.time});
      } else {
        waiting.push_back(e.time);
      }
      heap.push({e.time + exponential(interarrival_mean), -1.0});
    } else {
      ++served;
      response_sum += e.time - e.born;
      if (waiting.empty()) {
        --busy;
      } else {
        const double born = waiting.front();
        waiting.pop_front();
        heap.push({e.time + exponential(service_mean), born});
      }
    }
  }
  RefResult r;
  r.wall_s = seconds_since(t0);
  r.cpu_s = cpu_seconds() - c0;
  r.customers = served;
  r.events = events;
  r.mean_response_us = response_sum / static_cast<double>(served);
  return r;
}

// ------------------------------------------------------------- memory ----

// Forks; the child runs `work` and exits; returns the child's peak RSS in KiB
// (ru_maxrss from wait4), or 0 when the child failed.
template <class Work>
long child_peak_rss_kib(Work work) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    return 0;
  }
  if (pid == 0) {
    int status = 0;
    try {
      work();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "backpressure-bench (child): %s\n", e.what());
      status = 1;
    }
    std::fflush(stderr);
    _exit(status);
  }
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) < 0) {
    std::perror("wait4");
    return 0;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 0;
  return ru.ru_maxrss;  // KiB on Linux
}

struct MemFigures {
  long baseline = 0, setup = 0;
  std::vector<std::pair<std::string, long>> runs;
};

MemFigures measure_memory(const std::string& path, const std::vector<std::pair<std::string, bp::SimTime>>& durations) {
  MemFigures m;
  // What a child costs before simulating anything: the parent's pages it
  // starts with (fork shares them, and they count towards the child's RSS).
  m.baseline = child_peak_rss_kib([] {});
  // Loading the scenario and building the model, no steps run.
  m.setup = child_peak_rss_kib([&] {
    bp::Simulator sim(load_with_duration(path, durations.front().second));
    if (sim.step_index() != 0) std::abort();
  });
  for (const auto& [name, d] : durations) {
    const long kib = child_peak_rss_kib([&, d = d] {
      bp::Simulator sim(load_with_duration(path, d));
      sim.run_to_end();
      const nlohmann::json report = bp::make_report(sim);
      if (report.is_null()) std::abort();
    });
    m.runs.emplace_back(name, kib);
  }
  return m;
}

struct EngineRun {
  double wall_s = 0, cpu_s = 0;          // load + build + run (+ report)
  double run_wall_s = 0, run_cpu_s = 0;  // run_to_end() alone
  std::uint64_t steps = 0, requests = 0, failed = 0, events = 0, series = 0;
  double mean_latency_us = 0;
};

// Times one engine run. `load` yields the scenario (and is timed: it is part
// of "end to end"); `with_report` also builds the JSON report.
template <class Load>
EngineRun run_engine(Load load, bool with_report) {
  EngineRun r;
  const auto t0 = Clock::now();
  const double c0 = cpu_seconds();
  bp::Simulator sim(load());
  const auto t_run = Clock::now();
  const double c_run = cpu_seconds();
  sim.run_to_end();
  r.run_wall_s = seconds_since(t_run);
  r.run_cpu_s = cpu_seconds() - c_run;
  if (with_report) {
    const nlohmann::json report = bp::make_report(sim);
    if (report.is_null()) std::abort();
  }
  r.wall_s = seconds_since(t0);
  r.cpu_s = cpu_seconds() - c0;
  const bp::RequestTotals totals = sim.totals();
  r.steps = static_cast<std::uint64_t>(sim.step_index());
  r.requests = totals.ok + totals.failed;
  r.failed = totals.failed;
  r.events = sim.events_processed();
  r.series = sim.series().size();
  r.mean_latency_us = totals.latency.mean();
  return r;
}

// Heap bytes in use, large mmapped blocks included: the growth while holding
// copies is what they occupy, allocator overhead and all.
std::size_t heap_in_use() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

struct SnapshotFigures {
  double at_hours = 0;
  std::size_t bytes = 0, series_bytes = 0, series = 0;
  double take_ms = 0, take_cpu_ms = 0, restore_ms = 0, restore_cpu_ms = 0;
  std::size_t hourly_count = 0, hourly_bytes = 0;  // one copy per simulated hour, all held
};

// Copies of the default scenario's Simulator every half hour over the job
// queue's peak (9 h to 13 h); the figures are those of the largest.
SnapshotFigures measure_snapshots(const std::string& path, bool quick) {
  constexpr int kCopies = 8;
  bp::Simulator sim(bp::load_scenario_file(path));
  SnapshotFigures worst;
  const bp::SimTime from = quick ? bp::kHour : 9 * bp::kHour, to = quick ? 2 * bp::kHour : 13 * bp::kHour;
  for (bp::SimTime t = from; t <= to; t += 30 * bp::kMinute) {
    sim.run_until(t);
    std::vector<bp::Simulator> copies;
    copies.reserve(kCopies);
    const std::size_t before = heap_in_use();
    const auto t_take = Clock::now();
    const double c_take = cpu_seconds();
    for (int k = 0; k < kCopies; ++k) copies.emplace_back(sim);
    const double take_s = seconds_since(t_take), take_cpu_s = cpu_seconds() - c_take;
    const std::size_t bytes = (heap_in_use() - before) / kCopies;
    const auto t_restore = Clock::now();
    const double c_restore = cpu_seconds();
    for (const bp::Simulator& c : copies) sim = c;
    const double restore_s = seconds_since(t_restore), restore_cpu_s = cpu_seconds() - c_restore;
    if (bytes <= worst.bytes) continue;
    worst.at_hours = bp::to_seconds(t) / 3600.0;
    worst.bytes = bytes;
    worst.take_ms = take_s * 1e3 / kCopies;
    worst.take_cpu_ms = take_cpu_s * 1e3 / kCopies;
    worst.restore_ms = restore_s * 1e3 / kCopies;
    worst.restore_cpu_ms = restore_cpu_s * 1e3 / kCopies;
    worst.series = sim.series().size();
    worst.series_bytes = 0;
    for (const bp::Series& s : sim.series())
      worst.series_bytes += sizeof(bp::Series) + s.points().size() * sizeof(bp::SeriesPoint);
  }
  // What a rewind feature keeping one snapshot per simulated hour would hold.
  bp::Simulator run(quick ? load_with_duration(path, 3 * bp::kHour) : bp::load_scenario_file(path));
  std::vector<bp::Simulator> hourly;
  hourly.reserve(static_cast<std::size_t>(run.duration() / bp::kHour) + 1);
  const std::size_t before = heap_in_use();
  for (bp::SimTime t = 0; t < run.duration(); t += bp::kHour) {
    run.run_until(t);
    hourly.emplace_back(run);
  }
  worst.hourly_count = hourly.size();
  worst.hourly_bytes = heap_in_use() - before;
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);
  const std::string lab_path = opt.root + "/scenarios/lab/mmc.json";
  const std::string default_path = opt.root + "/scenarios/silent_backlog.json";

  try {
    line("bench.mode", opt.quick ? "quick" : "full");
    line("bench.build", BP_BENCH_BUILD_TYPE);

    // Memory first, while this process is still small: a forked child starts
    // with the parent's resident pages, which would otherwise swamp the figure.
    MemFigures mem;
    std::vector<std::pair<std::string, bp::SimTime>> mem_durations;
    if (opt.quick) mem_durations = {{"30m", 30 * bp::kMinute}, {"1h", bp::kHour}, {"3h", 3 * bp::kHour}};
    else mem_durations = {{"6h", 6 * bp::kHour}, {"12h", 12 * bp::kHour}, {"36h", 36 * bp::kHour}};
    if (opt.wants("mem")) mem = measure_memory(default_path, mem_durations);

    // ---- the lab M/M/c station through the engine
    const bp::Scenario lab_base = bp::load_scenario_file(lab_path);
    const MmcParams mmc = mmc_params(lab_base);
    line("mmc.lambda_per_s", mmc.lambda_per_us * bp::kSecond);
    line("mmc.mu_per_s", bp::kSecond / mmc.service_mean_us);
    line_int("mmc.c", static_cast<std::uint64_t>(mmc.c));
    line("mmc.rho", mmc.lambda_per_us * mmc.service_mean_us / mmc.c);
    line("mmc.theory_mean_response_ms", erlang_c_response_us(mmc) / bp::kMillisecond);
    line_int("mmc.customers_target", opt.customers);

    double engine_rate = 0, ref_rate = 0, engine_cpu_rate = 0, ref_cpu_rate = 0;
    if (opt.wants("lab")) {
      // Long enough that the expected number of arrivals is the target.
      const auto duration = static_cast<bp::SimTime>(
          std::ceil(static_cast<double>(opt.customers) / mmc.lambda_per_us / bp::kSecond)) * bp::kSecond;
      const bp::Scenario lab = bp::load_scenario_file(lab_path, {bp::Override{"/duration", seconds_text(duration)}});
      EngineRun best;
      for (int rep = 0; rep < opt.repeat; ++rep) {
        EngineRun r = run_engine([&] { return lab; }, false);
        if (rep == 0 || r.run_wall_s < best.run_wall_s) best = r;
      }
      engine_rate = static_cast<double>(best.requests) / best.run_wall_s;
      engine_cpu_rate = static_cast<double>(best.requests) / best.run_cpu_s;
      line("lab.sim_hours", bp::to_seconds(duration) / 3600.0);
      line_int("lab.steps", best.steps);
      line_int("lab.series", best.series);
      line_int("lab.customers", best.requests);
      line("lab.wall_s", best.run_wall_s);
      line("lab.cpu_s", best.run_cpu_s);
      line("lab.customers_per_s", engine_rate);
      line("lab.customers_per_cpu_s", engine_cpu_rate);
      line_int("lab.events", best.events);
      line("lab.events_per_s", static_cast<double>(best.events) / best.run_wall_s);
      line("lab.mean_response_ms", best.mean_latency_us / bp::kMillisecond);
    }

    // ---- the hand-written reference loop
    if (opt.wants("ref")) {
      RefResult ref;
      for (int rep = 0; rep < opt.repeat; ++rep) {
        RefResult r = reference_mmc(mmc, opt.customers, lab_base.seed);
        if (rep == 0 || r.wall_s < ref.wall_s) ref = r;
      }
      ref_rate = static_cast<double>(ref.customers) / ref.wall_s;
      ref_cpu_rate = static_cast<double>(ref.customers) / ref.cpu_s;
      line_int("ref.customers", ref.customers);
      line("ref.wall_s", ref.wall_s);
      line("ref.cpu_s", ref.cpu_s);
      line("ref.customers_per_s", ref_rate);
      line("ref.customers_per_cpu_s", ref_cpu_rate);
      line("ref.events_per_s", static_cast<double>(ref.events) / ref.wall_s);
      line("ref.mean_response_ms", ref.mean_response_us / bp::kMillisecond);
    }
    if (engine_rate > 0 && ref_rate > 0) {
      line("lab.ratio_engine_to_ref", engine_rate / ref_rate);
      line("lab.ratio_engine_to_ref_cpu", engine_cpu_rate / ref_cpu_rate);
      line("lab.ratio_target", 0.5);
    }

    // ---- the default scenario, end to end: load, build, run, report
    if (opt.wants("default")) {
      const bp::SimTime full = bp::load_scenario_file(default_path).duration;
      bp::SimTime duration = opt.quick ? std::min<bp::SimTime>(3 * bp::kHour, full) : full;
      if (opt.hours > 0) duration = static_cast<bp::SimTime>(std::llround(opt.hours * static_cast<double>(bp::kHour)));
      EngineRun best;
      for (int rep = 0; rep < opt.repeat; ++rep) {
        EngineRun r = run_engine([&] { return load_with_duration(default_path, duration); }, true);
        if (rep == 0 || r.wall_s < best.wall_s) best = r;
      }
      line("default.sim_hours", bp::to_seconds(duration) / 3600.0);
      line_int("default.steps", best.steps);
      line_int("default.series", best.series);
      line("default.wall_s", best.wall_s);
      line("default.cpu_s", best.cpu_s);
      line("default.run_wall_s", best.run_wall_s);
      line_int("default.requests", best.requests);
      line_int("default.requests_failed", best.failed);
      line("default.requests_per_s", static_cast<double>(best.requests) / best.wall_s);
      line_int("default.events", best.events);
      line("default.events_per_s", static_cast<double>(best.events) / best.wall_s);
      line("default.steps_per_s", static_cast<double>(best.steps) / best.wall_s);
      line("default.mean_latency_ms", best.mean_latency_us / bp::kMillisecond);
      line("default.wall_target_s", 1.0);
    }

    if (opt.wants("snapshot")) {
      const SnapshotFigures snap = measure_snapshots(default_path, opt.quick);
      line("snapshot.at_hours", snap.at_hours);
      line_int("snapshot.bytes", snap.bytes);
      line_int("snapshot.series", snap.series);
      line_int("snapshot.series_bytes", snap.series_bytes);
      line("snapshot.take_ms", snap.take_ms);
      line("snapshot.take_cpu_ms", snap.take_cpu_ms);
      line("snapshot.restore_ms", snap.restore_ms);
      line("snapshot.restore_cpu_ms", snap.restore_cpu_ms);
      line_int("snapshot.hourly_count", snap.hourly_count);
      line_int("snapshot.hourly_bytes", snap.hourly_bytes);
    }

    if (opt.wants("timeline")) {
      const TimelineFigures tl = measure_timeline(default_path, opt.quick ? 3 : opt.hours, opt.quick ? 40 : 200);
      line("timeline.sim_hours", tl.sim_hours);
      line_int("timeline.snapshots", tl.snapshots);
      line("timeline.snapshot_every_min", tl.snapshot_every_min);
      line("timeline.snapshot_mb", tl.snapshot_mb);
      line_int("timeline.seeks", tl.seeks);
      line("timeline.seek_ms_p50", tl.seek_ms_p50);
      line("timeline.seek_ms_p95", tl.seek_ms_p95);
      line("timeline.seek_ms_max", tl.seek_ms_max);
      line("timeline.seek_cpu_ms_p50", tl.seek_cpu_ms_p50);
      line("timeline.seek_cpu_ms_p95", tl.seek_cpu_ms_p95);
      line("timeline.branch_ms", tl.branch_ms);
      line("timeline.branch_ms_p95", tl.branch_ms_p95);
      line("timeline.branch_cpu_ms", tl.branch_cpu_ms);
      line("timeline.branch_cpu_ms_p95", tl.branch_cpu_ms_p95);
    }

    if (opt.wants("mem")) {
      line_int("mem.baseline_child_maxrss_kib", static_cast<std::uint64_t>(mem.baseline));
      line_int("mem.setup_maxrss_kib", static_cast<std::uint64_t>(mem.setup));
      for (const auto& [name, kib] : mem.runs)
        line_int("mem.default_" + name + "_maxrss_kib", static_cast<std::uint64_t>(kib));
      // Growth of the longest run over each shorter one: flat memory shows 0
      // (give or take a page or two) against runs past the scenario's peak.
      const auto& longest = mem.runs.back();
      for (std::size_t i = 0; i + 1 < mem.runs.size(); ++i)
        if (mem.runs[i].second > 0 && longest.second > 0)
          line("mem.growth_" + longest.first + "_over_" + mem.runs[i].first + "_kib",
               static_cast<double>(longest.second - mem.runs[i].second));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "backpressure-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
