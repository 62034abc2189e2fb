#pragma once
// Shared by the fuzz targets: each feeds its input through the one reading
// path and a loader, and accepts exactly one way of refusing it, an
// InputError with a bounded, escaped message. Any other exception, a crash
// or a hang is a finding (docs/reliability.md, "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "backpressure/input_error.h"
#include "backpressure/json_input.h"
#include "backpressure/scenario_loader.h"

namespace fuzz {

// The shipped scenarios, loaded once: designs and scripts are checked
// against them.
inline const std::vector<bp::Scenario>& shipped_scenarios() {
  static const std::vector<bp::Scenario> all = [] {
    std::vector<bp::Scenario> out;
    for (const char* name : {"silent_backlog", "flash_sale", "db_exhaustion", "partner_batch", "retry_poison"})
      out.push_back(bp::load_scenario_file(std::string(BACKPRESSURE_SOURCE_DIR) + "/scenarios/" + name + ".json"));
    return out;
  }();
  return all;
}

// A refusal must keep the promise: one short line, nothing raw.
inline void check_refusal(const bp::InputError& e) {
  const std::string_view what = e.what();
  if (what.size() > 2000) std::abort();
  for (unsigned char c : what)
    if (c < 0x20 || c == 0x7f) std::abort();
}

template <typename Load>
int run_one(const std::uint8_t* data, std::size_t size, Load load) {
  try {
    load(bp::parse_json_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json"));
  } catch (const bp::InputError& e) {
    check_refusal(e);
  }
  return 0;
}

}  // namespace fuzz
