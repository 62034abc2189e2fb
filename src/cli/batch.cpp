#include "cli/batch.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <iostream>
#include <thread>

#include "backpressure/command.h"
#include "backpressure/input_error.h"
#include "backpressure/simulator.h"
#include "backpressure/report.h"
#include "output/output.h"

namespace bp {

void run_parallel(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) job(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

Outcome run_outcome(const Scenario& scenario, std::optional<std::uint64_t> seed, const std::string& commands_path) {
  Outcome o;
  try {
    std::vector<ScriptedCommand> script;
    if (!commands_path.empty()) script = load_command_script(commands_path, scenario);
    Simulator sim(scenario, seed.value_or(scenario.seed));
    sim.set_script(std::move(script), commands_path);
    sim.run_to_end();
    o.report = bp::make_report(sim);
  } catch (const std::exception& e) {
    o.error = e.what();
  }
  return o;
}

std::vector<std::string> outcome_columns() {
  return {"score", "letter", "result", "uptime_%", "p95_ms", "cost_$/month", "job_freshness_%", "root_causes", "error"};
}

std::vector<nlohmann::json> outcome_cells(const Outcome& o) {
  using nlohmann::json;
  if (!o.error.empty()) return {nullptr, nullptr, "error", nullptr, nullptr, nullptr, nullptr, nullptr, o.error};
  const json& r = o.report;
  const json& g = r["grade"];
  json freshness = nullptr;
  json uptime = r["requests"]["success_ratio"].get<double>() * 100;
  if (g.value("graded", false))
    for (const auto& item : g["items"]) {
      if (item["item"] == "job_freshness") freshness = item["measured"];
      if (item["item"] == "uptime") uptime = item["measured"];
    }
  std::string causes;
  for (const auto& c : r["root_causes"]) {
    const std::string name = c["category"].get<std::string>();
    if (causes.find(name) == std::string::npos) causes += (causes.empty() ? "" : " ") + name;
  }
  const bool graded = g.value("graded", false);
  return {graded ? g["score"] : json(nullptr),
          graded ? g["letter"] : json(nullptr),
          graded ? json(g["passed"].get<bool>() ? "pass" : "fail") : json("ungraded"),
          uptime,
          r["latency_ms"]["p95"],
          r["cost"]["monthly_usd"],
          freshness,
          causes,
          ""};
}

std::vector<std::string> expand_folders(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(a, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".json") found.push_back(entry.path().string());
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

void emit_table(const Table& table, const std::string& format, const std::string& path) {
  const std::string text = render_table(table, format);
  if (path.empty()) std::cout << text;
  else write_text_file(path, text);
}

int emit_outcomes(std::vector<std::string> lead_columns, std::vector<std::vector<nlohmann::json>> lead_cells,
                  const std::vector<Outcome>& outcomes, const std::string& format, const std::string& path) {
  Table table;
  table.columns = std::move(lead_columns);
  for (const auto& c : outcome_columns()) table.columns.push_back(c);
  int status = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    std::vector<nlohmann::json> row = std::move(lead_cells[i]);
    for (auto& cell : outcome_cells(outcomes[i])) row.push_back(std::move(cell));
    table.rows.push_back(std::move(row));
    if (!outcomes[i].error.empty()) status = 2;  // bad input, as every CLI error
  }
  emit_table(table, format, path);
  return status;
}

std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> out;
  if (!text.empty() && text.front() == '[') {
    try {
      for (const auto& v : nlohmann::json::parse(text)) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
      return out;
    } catch (const nlohmann::json::exception&) {
      // not a JSON list: split it as text below
    }
  }
  int depth = 0;
  bool quoted = false;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\' && i + 1 < text.size()) {
        current += c;
        current += text[++i];
        continue;
      }
      if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(current);
  return out;
}

}  // namespace bp
