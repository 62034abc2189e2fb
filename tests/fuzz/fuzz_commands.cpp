// libFuzzer target: the command-script loader, against a shipped scenario
// (scripts/fuzz).
#include "backpressure/command.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::run_one(data, size, [](const nlohmann::json& doc) {
    bp::parse_command_script(doc, "fuzz.json", fuzz::shipped_scenarios().front());
  });
}
