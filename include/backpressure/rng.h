#pragma once
// Random numbers: one independent, named stream per source of randomness.
//
// A stream is derived from the run seed and a name ("traffic", "web/service"),
// so adding a component never shifts the numbers another component draws.
// That is what makes two designs comparable on the same seed (common random
// numbers). Only our own transforms turn bits into variates: std::
// distributions differ between standard libraries and would break replays.
#include <cstdint>
#include <string_view>

#include <pcg_random.hpp>

namespace bp {

class RngStream {
 public:
  RngStream() = default;
  RngStream(std::uint64_t run_seed, std::string_view name);

  std::uint32_t next_u32() { return engine_(); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() {
    const std::uint64_t hi = engine_() >> 5;  // 27 bits
    const std::uint64_t lo = engine_() >> 6;  // 26 bits
    return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);
  }
  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniform01_open_low() { return 1.0 - uniform01(); }
  double exponential(double mean);
  double standard_normal();

 private:
  pcg32 engine_;
  bool have_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

// Stable 64-bit hash of a name (FNV-1a), used to pick a stream.
std::uint64_t stream_hash(std::string_view name);

}  // namespace bp
