#pragma once
// Byte-for-byte comparison of two runs, for the tests that copy, rewind or
// branch a Simulator and expect it to go on exactly as the original did.
#include <cstring>
#include <string>

#include "backpressure/command.h"
#include "backpressure/report.h"
#include "backpressure/scenario.h"
#include "backpressure/series.h"
#include "backpressure/simulator.h"

namespace same_run {

inline std::string report(const bp::Simulator& sim) { return bp::make_report(sim).dump(); }

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

inline bool same_point(const bp::SeriesPoint& a, const bp::SeriesPoint& b) {
  return same_bits(a.mean, b.mean) && same_bits(a.max, b.max) && a.samples == b.samples;
}

// Every series the same, point for point and bit for bit, recent steps included.
inline bool same_series(const bp::Simulator& a, const bp::Simulator& b) {
  if (a.series().size() != b.series().size()) return false;
  for (std::size_t i = 0; i < a.series().size(); ++i) {
    const bp::Series& x = a.series()[i];
    const bp::Series& y = b.series()[i];
    if (x.component() != y.component() || x.name() != y.name() || x.steps() != y.steps() ||
        x.points().size() != y.points().size() || x.has_pending() != y.has_pending())
      return false;
    for (std::size_t p = 0; p < x.points().size(); ++p)
      if (!same_point(x.points()[p], y.points()[p])) return false;
    if (x.has_pending() && !same_point(x.pending(), y.pending())) return false;
    for (std::size_t r = 0; r < x.recent_size(); ++r)
      if (!same_bits(x.recent(r), y.recent(r))) return false;
  }
  return true;
}

// A command every scenario accepts and feels: a tight rate limit on its
// first action.
inline bp::Command probe_command(const bp::Scenario& s) {
  bp::Command c;
  c.kind = bp::CommandKind::Set;
  c.target = "traffic";
  c.key = s.traffic.actions.front().name + ".rate_limit";
  c.value = 40;
  return c;
}

}  // namespace same_run
