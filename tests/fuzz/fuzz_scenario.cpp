// libFuzzer target: the scenario loader (scripts/fuzz).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::run_one(data, size, [](const nlohmann::json& doc) { bp::load_scenario(doc, "fuzz.json"); });
}
