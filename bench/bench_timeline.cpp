#include "bench_timeline.h"

#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/timeline.h"

namespace {

std::size_t heap_bytes() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

// The VM's other builds make wall times swing; CPU time of this thread is
// what a seek costs when it has a core to itself.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TimelineFigures measure_timeline(const std::string& path, double hours, std::size_t seeks) {
  bp::Scenario s = bp::load_scenario_file(path);
  if (hours > 0) s.duration = static_cast<bp::SimTime>(std::llround(hours * static_cast<double>(bp::kHour)));
  TimelineFigures f;
  f.sim_hours = bp::to_seconds(s.duration) / 3600.0;

  const std::size_t before = heap_bytes();
  bp::Timeline tl{bp::Simulator(s)};
  tl.run_to_end();
  const std::size_t with_timeline = heap_bytes();
  std::size_t head_bytes = 0;
  {
    const bp::Simulator probe(tl.head());
    head_bytes = heap_bytes() - with_timeline;
  }
  f.snapshot_mb = static_cast<double>(with_timeline - before - std::min(head_bytes, with_timeline - before)) / 1e6;
  f.snapshots = tl.snapshot_steps().size();
  f.snapshot_every_min = bp::to_seconds(tl.snapshot_every() * s.step) / 60.0;

  // Fixed seed: the same targets every time the benchmark runs.
  std::mt19937_64 rng(12);
  std::uniform_int_distribution<std::int64_t> target(0, tl.head().step_index());
  std::vector<double> times, cpu_times;
  for (std::size_t i = 0; i < seeks; ++i) {
    const std::int64_t at = target(rng);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    const bp::Simulator sim = tl.seek(at);
    cpu_times.push_back(cpu_ms() - c0);
    times.push_back(ms_since(t0));
    if (sim.step_index() != at) std::abort();
  }
  f.seeks = seeks;
  f.seek_ms_p50 = quantile(times, 0.5);
  f.seek_ms_p95 = quantile(times, 0.95);
  f.seek_ms_max = *std::max_element(times.begin(), times.end());
  f.seek_cpu_ms_p50 = quantile(cpu_times, 0.5);
  f.seek_cpu_ms_p95 = quantile(cpu_times, 0.95);

  // A branch is usable once its first step with the new decision has run.
  bp::Command c;
  c.kind = bp::CommandKind::Set;
  c.target = "traffic";
  c.key = s.traffic.actions.front().name + ".rate_limit";
  c.value = 40;
  std::vector<double> branch_times, branch_cpu;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, seeks / 4); ++i) {
    const std::int64_t at = std::min(target(rng), tl.head().step_index() - 1);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    bp::Simulator b = tl.branch(at);
    if (!b.submit(c).empty()) std::abort();
    b.advance(1);
    branch_cpu.push_back(cpu_ms() - c0);
    branch_times.push_back(ms_since(t0));
  }
  f.branch_ms = quantile(branch_times, 0.5);
  f.branch_ms_p95 = quantile(branch_times, 0.95);
  f.branch_cpu_ms = quantile(branch_cpu, 0.5);
  f.branch_cpu_ms_p95 = quantile(branch_cpu, 0.95);
  return f;
}
