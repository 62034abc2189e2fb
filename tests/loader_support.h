#pragma once
// Shared by the loader tests: a valid base scenario, ways to break it, and
// checks that an error names the file, the JSON pointer and the problem.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"

using nlohmann::json;
using Catch::Matchers::Contains;

namespace loader_test {

inline const char* const kFile = "test-scenario.json";

// A valid scenario using every component type:
// 0 lb, 1 web (server), 2 db (postgres), 3 cache (redis), 4 ro (replica).
inline json base_doc() {
  return json::parse(R"({
    "format_version": 1,
    "id": "base",
    "title": "Base",
    "summary": "A scenario for the loader tests.",
    "seed": 3,
    "duration": "10s",
    "step": "100ms",
    "traffic": {
      "entry": "lb",
      "users": [{"at": "0s", "users": 10}, {"at": "5s", "users": 20}],
      "actions_per_user_per_minute": 6,
      "actions": [
        {"name": "browse", "weight": 3, "calls": [{"read": 2}]},
        {"name": "order", "weight": 1, "calls": [{"read": 1, "cacheable": false}, {"write": 1}]}
      ]
    },
    "components": [
      {"id": "lb", "type": "lb", "targets": ["web"]},
      {"id": "web", "type": "server", "instances": 2, "targets": ["db", "cache", "ro"],
       "cpu": {"dist": "lognormal", "mean": "5ms", "p99": "20ms"}},
      {"id": "db", "type": "postgres"},
      {"id": "cache", "type": "redis"},
      {"id": "ro", "type": "replica"}
    ]
  })");
}

// Copy of `doc` with the value at `pointer` replaced (or added).
inline json with(json doc, const std::string& pointer, json value) {
  doc[json::json_pointer(pointer)] = std::move(value);
  return doc;
}

// Copy of `doc` without the field at `pointer`.
inline json without(json doc, const std::string& pointer) {
  const json::json_pointer ptr(pointer);
  json& parent = doc[ptr.parent_pointer()];
  const std::string last = ptr.back();
  if (parent.is_array()) parent.erase(static_cast<std::size_t>(std::stoul(last)));
  else parent.erase(last);
  return doc;
}

struct Caught {
  bool thrown = false;
  std::string what, file, path, problem;
};

inline Caught caught_from(const bp::InputError& e) {
  return Caught{true, e.what(), e.file(), e.path(), e.problem()};
}

inline Caught load_error(const json& doc, const std::string& file = kFile) {
  try {
    bp::load_scenario(doc, file);
  } catch (const bp::InputError& e) {
    return caught_from(e);
  }
  return {};
}

inline Caught file_error(const std::string& path, const std::vector<bp::Override>& overrides = {}) {
  try {
    bp::load_scenario_file(path, overrides);
  } catch (const bp::InputError& e) {
    return caught_from(e);
  }
  return {};
}

inline Caught catalogue_error(const json& doc, const std::string& file = "cat.json") {
  try {
    bp::Catalogue::parse(doc, file);
  } catch (const bp::InputError& e) {
    return caught_from(e);
  }
  return {};
}

// Checks one error: thrown as InputError, names `file` and `path`, and the
// problem contains every phrase in `says`.
inline void check_error(const Caught& e, const std::string& file, const std::string& path,
                 const std::vector<std::string>& says) {
  REQUIRE(e.thrown);
  CHECK(e.file == file);
  CHECK(e.path == path);
  for (const auto& phrase : says) CHECK_THAT(e.problem, Contains(phrase));
  CHECK(e.what == file + ": " + (path.empty() ? std::string("/") : path) + ": " + e.problem);
}

// One bad document: what it is, where the error must point, what it must say.
struct BadDoc {
  const char* name;
  json doc;
  std::string path;
  std::vector<std::string> says;
};

inline void check_all(const std::vector<BadDoc>& cases) {
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    check_error(load_error(c.doc), kFile, c.path, c.says);
  }
}

// A scratch directory for files the tests write, removed afterwards.
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    static std::atomic<int> counter{0};
    dir = std::filesystem::temp_directory_path() /
          ("bp-loader-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

inline std::string write_file(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

inline const std::string kShippedScenario = std::string(BACKPRESSURE_SOURCE_DIR) + "/scenarios/silent_backlog.json";

}  // namespace loader_test
