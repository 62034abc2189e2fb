#pragma once
// Simulated time is an integer count of microseconds: exact, comparable and
// identical on every machine, which floating-point seconds would not be.
#include <cstdint>

namespace bp {

using SimTime = std::int64_t;  // microseconds since the start of the run

constexpr SimTime kMicrosecond = 1;
constexpr SimTime kMillisecond = 1000;
constexpr SimTime kSecond = 1000 * kMillisecond;
constexpr SimTime kMinute = 60 * kSecond;
constexpr SimTime kHour = 60 * kMinute;
constexpr SimTime kDay = 24 * kHour;
// Monthly prices are spread over a 30-day month.
constexpr SimTime kMonth = 30 * kDay;

constexpr double to_seconds(SimTime t) { return static_cast<double>(t) / kSecond; }
constexpr double to_millis(SimTime t) { return static_cast<double>(t) / kMillisecond; }

}  // namespace bp
