// Validation against queueing theory: M/M/c (Erlang C), Little's law, the
// fluid limit in overload, and the finite-buffer M/M/1/K.
//
// Every expected value is computed here from the textbook formulas; nothing is
// pasted from a run. The runs use fixed seeds, and their lengths come from the
// run-to-run spread of each cell, measured beforehand with independent seeds
// and batch means. Consecutive customers are correlated, more so near rho = 1:
// the relative standard error of a run's mean response is about sqrt(K / T)
// for T simulated seconds, with K near 16 s (M/M/1), 8 s (M/M/2), 1 s (M/M/10)
// and 0.04 s (M/M/50) at rho = 0.95 and mu = 100/s, and the P95 spreads about
// 1.4 times as much. The lengths put every tolerance at about 4 standard
// errors or more, so any other seed should pass just as well.
//
// A lab station: one "server" component with c slots, exponential service with
// a 10 ms mean (mu = 100/s), no timeout, Poisson arrivals at lambda per second
// (users = lambda at 60 actions per user per minute). Time moves in 1 s steps
// to keep per-step overhead low, and independent runs share the cores.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/queueing.h"
#include "backpressure/report.h"
#include "backpressure/scenario_loader.h"
#include "backpressure/simulator.h"
#include "backpressure/time.h"

namespace {

constexpr double kServiceMeanUs = 10'000.0;             // 10 ms
constexpr double kMu = bp::kSecond / kServiceMeanUs;    // services per second per slot

// --- Theory -----------------------------------------------------------------

using bp::erlang_c;
using bp::mmc_mean_response;

// The same probability through the Erlang B recursion, an independent route
// used only to cross-check erlang_c().
double erlang_c_via_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1.0 - rho * (1.0 - b));
}

// P(T > t) for the M/M/c response time: no wait with probability 1 - C, else
// an Exp(theta) wait with theta = c mu - lambda, plus an Exp(mu) service.
double mmc_response_tail(int c, double lambda, double mu, double t) {
  const double C = erlang_c(c, lambda / mu);
  const double theta = c * mu - lambda;
  const double no_wait = (1.0 - C) * std::exp(-mu * t);
  if (std::abs(theta - mu) <= 1e-9 * mu) return no_wait + C * (1.0 + mu * t) * std::exp(-mu * t);
  return no_wait + C * (theta * std::exp(-mu * t) - mu * std::exp(-theta * t)) / (theta - mu);
}

// The p-quantile of the M/M/c response time: P(T > t) = 1 - p, by bisection.
double mmc_response_quantile(int c, double lambda, double mu, double p) {
  const double target = 1.0 - p;
  double lo = 0.0, hi = 1.0 / mu;
  while (mmc_response_tail(c, lambda, mu, hi) > target) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mmc_response_tail(c, lambda, mu, mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

// M/M/1/K: share of arrivals refused because K are already in the system.
double mm1k_blocking(double rho, int K) {
  if (std::abs(rho - 1.0) < 1e-12) return 1.0 / (K + 1);
  return (1.0 - rho) * std::pow(rho, K) / (1.0 - std::pow(rho, K + 1));
}

// --- Simulation helpers -------------------------------------------------------

std::string seconds_text(std::int64_t s) { return std::to_string(s) + "s"; }

// One lab station. queue_limit 0 means an unlimited queue.
nlohmann::json lab_station(int slots, double lambda_per_s, std::int64_t seconds, std::uint64_t seed,
                           std::int64_t queue_limit = 0, nlohmann::json cpu = nullptr) {
  if (cpu.is_null()) cpu = {{"dist", "exponential"}, {"mean", "10ms"}};
  return {
      {"format_version", 1},
      {"id", "lab-validation"},
      {"title", "validation station"},
      {"summary", "one M/M/c station for the queueing tests"},
      {"seed", seed},
      {"duration", seconds_text(seconds)},
      {"step", "1s"},
      {"traffic",
       {{"entry", "station"},
        {"users", {{{"at", "0s"}, {"users", lambda_per_s}}}},
        {"actions_per_user_per_minute", 60},
        {"actions", {{{"name", "job"}, {"weight", 1}}}}}},
      {"components",
       {{{"id", "station"},
         {"type", "server"},
         {"instances", 1},
         {"slots", slots},
         {"cpu", cpu},
         {"timeout", "0s"},
         {"queue_limit", queue_limit}}}},
  };
}

// Runs job(0) .. job(n-1) on all cores; the runs are independent simulators.
// Jobs are taken in index order, so list the longest first. Assertions stay on
// the calling thread: jobs only store their results.
void run_in_parallel(std::size_t n, const std::function<void(std::size_t)>& job) {
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(n);
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        job(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, n);
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

bp::ComponentStatus station_status(const bp::Simulator& sim) {
  for (auto& s : sim.components())
    if (s.id == "station") return s;
  throw std::runtime_error("no component called station");
}

}  // namespace

TEST_CASE("Erlang C helpers reproduce the textbook closed forms", "[theory]") {
  const double mu = kMu;
  for (double rho : {0.1, 0.5, 0.8, 0.95, 0.99}) {
    INFO("rho = " << rho);
    // M/M/1: C = rho, and T ~ Exp(mu - lambda).
    const double lambda1 = rho * mu;
    CHECK(erlang_c(1, rho) == Approx(rho).epsilon(1e-12));
    CHECK(mmc_mean_response(1, lambda1, mu) == Approx(1.0 / (mu - lambda1)).epsilon(1e-12));
    for (double p : {0.5, 0.95, 0.99})
      CHECK(mmc_response_quantile(1, lambda1, mu, p) == Approx(-std::log(1.0 - p) / (mu - lambda1)).epsilon(1e-9));
    // M/M/2: C = 2 rho^2 / (1 + rho).
    CHECK(erlang_c(2, 2 * rho) == Approx(2 * rho * rho / (1 + rho)).epsilon(1e-12));
    // Large c: the iterative sum agrees with the Erlang B recursion.
    for (int c : {10, 50, 150})
      CHECK(erlang_c(c, c * rho) == Approx(erlang_c_via_b(c, c * rho)).epsilon(1e-10));
  }
  // The theta == mu branch is the limit of the general one.
  const double lambda = 100.0;  // c = 2, mu = 100: theta = 2 mu - lambda = mu exactly
  for (double t : {0.001, 0.01, 0.05}) {
    const double exact = mmc_response_tail(2, lambda, mu, t);
    CHECK(mmc_response_tail(2, lambda * (1 + 1e-6), mu, t) == Approx(exact).epsilon(1e-5));
    CHECK(mmc_response_tail(2, lambda * (1 - 1e-6), mu, t) == Approx(exact).epsilon(1e-5));
  }
  // M/M/1/K at rho = 1 is the limit of the general formula.
  CHECK(mm1k_blocking(1.0 + 1e-7, 10) == Approx(1.0 / 11).epsilon(1e-5));
}

TEST_CASE("M/M/c mean and P95 response times match Erlang C", "[queueing]") {
  struct Cell {
    int c;
    double rho;
    std::int64_t seconds;  // simulated time: long where consecutive customers are strongly correlated
    std::uint64_t seed;
  };
  // The longest runs first, so the two cores finish together.
  const std::vector<Cell> cells = {
      {1, 0.95, 600'000, 109}, {2, 0.95, 300'000, 110}, {10, 0.95, 36'000, 111}, {50, 0.95, 2'000, 112},
      {1, 0.80, 40'000, 105},  {2, 0.80, 20'000, 106},  {10, 0.80, 2'000, 107},  {50, 0.80, 400, 108},
      {1, 0.50, 10'000, 101},  {2, 0.50, 5'000, 102},   {10, 0.50, 1'000, 103},  {50, 0.50, 400, 104},
  };
  struct Outcome {
    std::uint64_t answered = 0, failed = 0;
    double mean_us = 0, p95_us = 0;
  };
  std::vector<bp::Scenario> scenarios;
  for (const Cell& cell : cells)
    scenarios.push_back(bp::load_scenario(lab_station(cell.c, cell.rho * cell.c * kMu, cell.seconds, cell.seed), "mmc"));
  std::vector<Outcome> outcomes(cells.size());
  run_in_parallel(cells.size(), [&](std::size_t i) {
    bp::Simulator sim(scenarios[i]);
    sim.run_to_end();
    const auto totals = sim.totals();
    outcomes[i] = {totals.latency.count(), totals.failed, totals.latency.mean(), totals.latency.quantile(0.95)};
  });

  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Cell& cell = cells[i];
    const Outcome& got = outcomes[i];
    const double lambda = cell.rho * cell.c * kMu;
    const double exact_mean_us = mmc_mean_response(cell.c, lambda, kMu) * bp::kSecond;
    const double exact_p95_us = mmc_response_quantile(cell.c, lambda, kMu, 0.95) * bp::kSecond;
    INFO("M/M/" << cell.c << " rho=" << cell.rho << " customers=" << got.answered << " mean " << got.mean_us
                << "us vs " << exact_mean_us << "us, p95 " << got.p95_us << "us vs " << exact_p95_us << "us");
    CHECK(got.failed == 0);
    CHECK(got.answered > static_cast<std::uint64_t>(0.99 * lambda * static_cast<double>(cell.seconds)));
    CHECK(got.mean_us == Approx(exact_mean_us).epsilon(0.02));
    CHECK(got.p95_us == Approx(exact_p95_us).epsilon(0.03));
  }
}

TEST_CASE("Little's law: time-average number in system equals arrival rate times mean response", "[queueing]") {
  struct Cell {
    int c;
    double rho;
    std::int64_t seconds;
    std::int64_t queue_limit;
    nlohmann::json cpu;
  };
  const nlohmann::json exponential = {{"dist", "exponential"}, {"mean", "10ms"}};
  const nlohmann::json lognormal = {{"dist", "lognormal"}, {"mean", "10ms"}, {"sigma", 1.0}};
  const std::vector<Cell> cells = {
      {1, 0.80, 20'000, 0, exponential},
      {10, 0.95, 2'000, 0, exponential},
      {50, 0.50, 200, 0, exponential},
      {4, 0.90, 2'000, 0, lognormal},  // Little's law does not care about the service distribution
      {1, 1.50, 5'000, 9, exponential},  // M/M/1/10 in overload: refused requests answer at once
  };
  std::uint64_t seed = 201;
  for (const Cell& cell : cells) {
    const double lambda = cell.rho * cell.c * kMu;
    bp::Simulator sim(bp::load_scenario(lab_station(cell.c, lambda, cell.seconds, seed++, cell.queue_limit, cell.cpu), "little"));
    sim.run_to_end();
    const nlohmann::json report = bp::make_report(sim);
    const nlohmann::json& station = report.at("components").at("station");
    const double seconds = report.at("simulated_seconds").get<double>();
    const double measured_lambda = station.at("arrivals").get<double>() / seconds;
    const double w_seconds = sim.totals().latency.mean() / bp::kSecond;
    const double L = station.at("in_system_mean").get<double>();

    INFO("c=" << cell.c << " rho=" << cell.rho << " queue_limit=" << cell.queue_limit << ": L=" << L
              << " lambda=" << measured_lambda << "/s W=" << w_seconds << "s lambda*W=" << measured_lambda * w_seconds);
    REQUIRE(L > 0);
    CHECK(L == Approx(measured_lambda * w_seconds).epsilon(0.02));
  }
}

TEST_CASE("Overload: the queue grows at lambda - c mu", "[queueing]") {
  struct Cell {
    int c;
    double rho;
    std::int64_t window_seconds;
    std::uint64_t seed;
  };
  const std::vector<Cell> cells = {{50, 1.10, 1'000, 304}, {10, 1.25, 2'000, 303}, {1, 1.20, 20'000, 301}, {2, 1.50, 4'000, 302}};
  constexpr std::int64_t kWarmupSeconds = 100;
  constexpr std::int64_t kSampleEverySteps = 10;  // steps are 1 s
  struct Outcome {
    double slope = 0, first = 0, last = 0;
  };
  std::vector<bp::Scenario> scenarios;
  for (const Cell& cell : cells)
    scenarios.push_back(bp::load_scenario(
        lab_station(cell.c, cell.rho * cell.c * kMu, kWarmupSeconds + cell.window_seconds + 1, cell.seed), "overload"));
  std::vector<Outcome> outcomes(cells.size());
  run_in_parallel(cells.size(), [&](std::size_t i) {
    bp::Simulator sim(scenarios[i]);
    sim.advance(kWarmupSeconds);
    // Least-squares slope of queued() against time over the window.
    std::vector<double> ts, qs;
    for (std::int64_t s = 0; s <= cells[i].window_seconds; s += kSampleEverySteps) {
      if (s > 0) sim.advance(kSampleEverySteps);
      ts.push_back(bp::to_seconds(sim.now()));
      qs.push_back(static_cast<double>(station_status(sim).queued));
    }
    double tm = 0, qm = 0;
    for (std::size_t k = 0; k < ts.size(); ++k) tm += ts[k], qm += qs[k];
    tm /= static_cast<double>(ts.size());
    qm /= static_cast<double>(qs.size());
    double sxy = 0, sxx = 0;
    for (std::size_t k = 0; k < ts.size(); ++k) {
      sxy += (ts[k] - tm) * (qs[k] - qm);
      sxx += (ts[k] - tm) * (ts[k] - tm);
    }
    outcomes[i] = {sxy / sxx, qs.front(), qs.back()};
  });

  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Cell& cell = cells[i];
    const double exact_slope = cell.rho * cell.c * kMu - cell.c * kMu;  // lambda - c mu, jobs per second
    INFO("M/M/" << cell.c << " rho=" << cell.rho << ": queue slope " << outcomes[i].slope << "/s vs lambda - c mu = "
                << exact_slope << "/s (queue " << outcomes[i].first << " -> " << outcomes[i].last << ")");
    CHECK(outcomes[i].slope == Approx(exact_slope).epsilon(0.03));
  }
}

TEST_CASE("M/M/1/K: blocking probability matches the finite-buffer formula", "[queueing]") {
  constexpr std::int64_t kSeconds = 3'000;
  std::uint64_t seed = 401;
  for (int K : {3, 10}) {
    for (double rho : {0.5, 0.9, 1.0, 1.5}) {
      const double lambda = rho * kMu;
      const double exact = mm1k_blocking(rho, K);
      // K in the system = 1 in service + K - 1 waiting.
      bp::Simulator sim(bp::load_scenario(lab_station(1, lambda, kSeconds, seed++, K - 1), "mm1k"));
      sim.run_to_end();
      const auto station = station_status(sim);
      const auto totals = sim.totals();
      const double blocked = static_cast<double>(totals.server_busy) / static_cast<double>(station.arrivals);
      const double throughput = static_cast<double>(totals.ok) / static_cast<double>(kSeconds);

      INFO("M/M/1/" << K << " rho=" << rho << ": blocked " << blocked << " vs " << exact << ", throughput "
                    << throughput << "/s vs " << lambda * (1 - exact) << "/s");
      REQUIRE(station.arrivals > 100'000u);
      CHECK(totals.server_busy == station.errors);
      CHECK(blocked == Approx(exact).epsilon(0).margin(0.01));
      CHECK(throughput == Approx(lambda * (1 - exact)).epsilon(0.02));
    }
  }
}
