#pragma once
// timeline.*: seeking and branching a finished run of the default scenario
// kept in a bp::Timeline, and what its snapshots hold.
#include <cstddef>
#include <string>

struct TimelineFigures {
  double sim_hours = 0;
  std::size_t seeks = 0, snapshots = 0;
  double snapshot_every_min = 0;
  double seek_ms_p50 = 0, seek_ms_p95 = 0, seek_ms_max = 0;
  double branch_ms = 0;  // p50 of branch + a command + the first new step
  double branch_ms_p95 = 0;
  double seek_cpu_ms_p50 = 0, seek_cpu_ms_p95 = 0, branch_cpu_ms = 0, branch_cpu_ms_p95 = 0;
  double snapshot_mb = 0;  // every snapshot held, the head excluded
};

// `hours` <= 0: the scenario's own length.
TimelineFigures measure_timeline(const std::string& path, double hours, std::size_t seeks);
