#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "backpressure/distribution.h"
#include "backpressure/histogram.h"
#include "backpressure/rng.h"
#include "backpressure/scheduler.h"
#include "backpressure/series.h"
#include "backpressure/time.h"

TEST_CASE("events at equal times leave in the order they were scheduled") {
  bp::Scheduler s;
  s.push(10, 0, 0, 1);
  s.push(5, 0, 0, 2);
  s.push(10, 0, 0, 3);
  s.push(5, 0, 0, 4);
  std::vector<std::uint64_t> order;
  while (!s.empty()) order.push_back(s.pop().data);
  CHECK(order == std::vector<std::uint64_t>{2, 4, 1, 3});
}

// The FIFO for zero-delay events, the sorted array for small pending sets and
// the deferred root hole of the heap are shortcuts; a handler-like random
// workload (which grows the set past the array's limit into the thousands and
// drains it again) must leave in exactly the (time, seq) order a plain sorted
// set gives.
TEST_CASE("the scheduler's shortcuts keep the exact (time, seq) order") {
  bp::Scheduler s;
  std::vector<bp::Event> reference;  // kept unordered; the minimum is searched
  bp::RngStream rng(7, "scheduler-test");
  std::uint64_t seq = 0;
  auto push = [&](bp::SimTime t, std::uint64_t data) {
    s.push(t, 0, 0, data);
    reference.push_back(bp::Event{t, seq++, 0, 0, data});
  };
  for (int i = 0; i < 20; ++i) push(static_cast<bp::SimTime>(rng.next_u32() % 50), seq);
  std::size_t popped = 0;
  while (!s.empty()) {
    REQUIRE(s.size() == reference.size());
    auto next = std::min_element(reference.begin(), reference.end(), [](const auto& a, const auto& b) {
      return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    });
    REQUIRE(s.top().seq == next->seq);
    const bp::Event e = s.pop();
    REQUIRE(e.seq == next->seq);
    REQUIRE(e.time == next->time);
    reference.erase(next);
    ++popped;
    // Like a handler: zero, one or two follow-ups, often at the same time.
    if (popped < 20000) {
      const auto roll8 = rng.next_u32() % 8;
      const std::uint32_t children = roll8 == 0 ? 0 : roll8 <= 2 ? 2 : 1;
      for (std::uint32_t c = 0; c < children; ++c) {
        const auto roll = rng.next_u32() % 4;
        push(e.time + (roll == 0 ? 0 : static_cast<bp::SimTime>(rng.next_u32() % 100)), seq);
      }
    }
  }
  CHECK(popped >= 20);
  CHECK(reference.empty());
}

// ---------------------------------------------------------------------------
// Histogram, distributions, random streams and series: the measuring tools the
// queueing validation relies on.

namespace {

// The nearest-rank sample quantile, the definition LogHistogram approximates:
// the ceil(q n)-th smallest value.
double sample_quantile(const std::vector<std::int64_t>& sorted, double q) {
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<std::size_t>(std::ceil(q * n));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]);
}

// z with P(Z <= z) = p for a standard normal, by bisection on the CDF.
double normal_quantile(double p) {
  double lo = -10, hi = 10;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

struct Summary {
  double mean = 0, min = 0, max = 0;
  std::vector<std::int64_t> sorted;
};

Summary draw(const bp::Distribution& d, std::size_t n, std::uint64_t seed) {
  bp::RngStream rng(seed, "distribution-test");
  Summary s;
  s.sorted.reserve(n);
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = d.sample(rng);
    s.sorted.push_back(x);
    sum += static_cast<double>(x);
  }
  std::sort(s.sorted.begin(), s.sorted.end());
  s.mean = sum / static_cast<double>(n);
  s.min = static_cast<double>(s.sorted.front());
  s.max = static_cast<double>(s.sorted.back());
  return s;
}

}  // namespace

TEST_CASE("LogHistogram quantiles are within 1% of the exact sample quantiles", "[engine][histogram]") {
  struct Source {
    const char* name;
    std::function<double(bp::RngStream&)> draw;
  };
  const std::vector<Source> sources = {
      {"exponential mean 10ms", [](bp::RngStream& r) { return r.exponential(10'000); }},
      {"exponential mean 40us (mostly exact small buckets)", [](bp::RngStream& r) { return r.exponential(40); }},
      {"lognormal median 5ms sigma 1.2", [](bp::RngStream& r) { return 5'000 * std::exp(1.2 * r.standard_normal()); }},
      {"uniform 1ms..1s", [](bp::RngStream& r) { return 1'000 + (1'000'000 - 1'000) * r.uniform01(); }},
      {"pareto alpha 1.2 from 200us", [](bp::RngStream& r) { return 200 * std::pow(r.uniform01_open_low(), -1 / 1.2); }},
  };
  const std::vector<double> qs = {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0};
  constexpr std::size_t kSamples = 1'000'000;
  for (const auto& source : sources) {
    INFO(source.name);
    bp::RngStream rng(7, source.name);
    std::vector<std::int64_t> samples;
    samples.reserve(kSamples);
    bp::LogHistogram h, first_half, second_half;
    double sum = 0;
    for (std::size_t i = 0; i < kSamples; ++i) {
      const auto x = static_cast<std::int64_t>(std::llround(source.draw(rng)));
      samples.push_back(x);
      sum += static_cast<double>(x);
      h.record(x);
      (i % 2 ? first_half : second_half).record(x);
    }
    std::sort(samples.begin(), samples.end());
    CHECK(h.count() == kSamples);
    CHECK(h.min() == samples.front());
    CHECK(h.max() == samples.back());
    CHECK(h.mean() == Approx(sum / kSamples).epsilon(1e-12));
    for (double q : qs) {
      INFO("q = " << q);
      CHECK(h.quantile(q) == Approx(sample_quantile(samples, q)).epsilon(0.01));
    }
    // Merging two halves gives the histogram of the whole.
    first_half.merge(second_half);
    CHECK(first_half.count() == h.count());
    CHECK(first_half.min() == h.min());
    CHECK(first_half.max() == h.max());
    for (double q : qs) CHECK(first_half.quantile(q) == h.quantile(q));
  }
}

TEST_CASE("LogHistogram memory is fixed and its buckets are narrow", "[engine][histogram]") {
  // No heap state: a plain block of counters whatever the run length.
  STATIC_REQUIRE(std::is_trivially_copyable_v<bp::LogHistogram>);
  STATIC_REQUIRE(sizeof(bp::LogHistogram) <= 64 * 1024);
  // Every bucket from 128 up is at most 1/128 of its value wide, and each
  // bucket's lower bound falls into that bucket.
  double widest = 0;
  int misplaced = 0, empty = 0;
  for (int b = 0; b < bp::LogHistogram::kBuckets; ++b) {
    const double low = bp::LogHistogram::bucket_low(b), high = bp::LogHistogram::bucket_high(b);
    empty += !(high > low);
    if (b >= bp::LogHistogram::kSubBuckets) widest = std::max(widest, (high - low) / low);
    if (low < 9.0e18) misplaced += bp::LogHistogram::bucket_of(static_cast<std::int64_t>(low)) != b;
  }
  CHECK(empty == 0);
  CHECK(misplaced == 0);
  CHECK(widest <= 1.0 / 128);
  // Extremes neither crash nor escape the buckets.
  bp::LogHistogram h;
  h.record(-5);
  h.record(std::numeric_limits<std::int64_t>::max());
  CHECK(h.count() == 2);
  CHECK(h.min() == 0);
  CHECK(h.quantile(0.0) == 0);
  CHECK(h.quantile(1.0) == Approx(static_cast<double>(std::numeric_limits<std::int64_t>::max())).epsilon(0.01));
  CHECK(bp::LogHistogram{}.quantile(0.5) == 0);
}

TEST_CASE("Distribution samples have the configured means", "[engine][distribution]") {
  constexpr std::size_t kSamples = 2'000'000;
  // Relative standard errors of these means are at most 0.1%; 0.5% is >= 5 of them.
  constexpr double kTolerance = 0.005;

  SECTION("exponential") {
    const auto d = bp::Distribution::exponential(10'000);
    const auto s = draw(d, kSamples, 1);
    CHECK(d.mean() == 10'000);
    CHECK(s.mean == Approx(10'000).epsilon(kTolerance));
    // Exp(mean): the median is mean * ln 2.
    CHECK(sample_quantile(s.sorted, 0.5) == Approx(10'000 * std::log(2.0)).epsilon(0.01));
  }
  SECTION("lognormal given sigma") {
    for (double sigma : {0.5, 1.0}) {
      INFO("sigma = " << sigma);
      const auto d = bp::Distribution::lognormal_sigma(6'000, sigma);
      const auto s = draw(d, kSamples, 2);
      CHECK(d.mean() == 6'000);
      CHECK(s.mean == Approx(6'000).epsilon(kTolerance));
      // The shape is right too: median exp(mu), p99 exp(mu + z99 sigma).
      const double median = 6'000 * std::exp(-0.5 * sigma * sigma);
      CHECK(sample_quantile(s.sorted, 0.5) == Approx(median).epsilon(0.01));
      CHECK(sample_quantile(s.sorted, 0.99) == Approx(median * std::exp(normal_quantile(0.99) * sigma)).epsilon(0.015));
    }
  }
  SECTION("lognormal given p99") {
    const double z99 = normal_quantile(0.99);
    for (double p99 : {12'000.0, 30'000.0, 60'000.0}) {
      INFO("mean 6ms p99 " << p99 << "us");
      const auto d = bp::Distribution::lognormal_p99(6'000, p99);
      // The fitted parameters give exactly the asked mean and p99...
      CHECK(std::exp(d.mu + 0.5 * d.sigma * d.sigma) == Approx(6'000).epsilon(1e-9));
      CHECK(std::exp(d.mu + z99 * d.sigma) == Approx(p99).epsilon(1e-9));
      // ...and the samples show them.
      const auto s = draw(d, kSamples, 3);
      CHECK(s.mean == Approx(6'000).epsilon(kTolerance));
      CHECK(sample_quantile(s.sorted, 0.99) == Approx(p99).epsilon(0.015));
    }
  }
  SECTION("uniform") {
    const auto d = bp::Distribution::uniform(2'000, 8'000);
    const auto s = draw(d, kSamples, 4);
    CHECK(d.mean() == 5'000);
    CHECK(s.mean == Approx(5'000).epsilon(kTolerance));
    CHECK(s.min >= 2'000);
    CHECK(s.max <= 8'000);
    CHECK(s.min < 2'010);
    CHECK(s.max > 7'990);
    CHECK(sample_quantile(s.sorted, 0.25) == Approx(3'500).epsilon(0.01));
  }
  SECTION("constant") {
    const auto s = draw(bp::Distribution::constant(5'000), 10'000, 5);
    CHECK(s.min == 5'000);
    CHECK(s.max == 5'000);
    // A positive duration never rounds down to a zero-time event.
    const auto tiny = draw(bp::Distribution::constant(0.3), 100, 6);
    CHECK(tiny.min == 1);
  }
  SECTION("scaled") {
    const auto d = bp::Distribution::lognormal_sigma(6'000, 0.5).scaled(2.0);
    CHECK(d.mean() == 12'000);
    CHECK(draw(d, kSamples, 7).mean == Approx(12'000).epsilon(kTolerance));
  }
}

TEST_CASE("RngStream replays the same seed and name and differs for other names or seeds", "[engine][rng]") {
  constexpr int kDraws = 10'000;
  auto sequence = [](std::uint64_t seed, const char* name) {
    bp::RngStream r(seed, name);
    std::vector<std::uint32_t> v(kDraws);
    for (auto& x : v) x = r.next_u32();
    return v;
  };
  auto matches = [](const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    int same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
    return same;
  };
  const auto base = sequence(42, "traffic/arrivals");
  CHECK(sequence(42, "traffic/arrivals") == base);
  // Independent 32-bit streams agree by chance about once in 4 billion draws.
  CHECK(matches(base, sequence(42, "traffic/mix")) <= 2);
  CHECK(matches(base, sequence(42, "station")) <= 2);
  CHECK(matches(base, sequence(43, "traffic/arrivals")) <= 2);
  CHECK(matches(sequence(0, "a"), sequence(0, "b")) <= 2);

  // The variates built on top replay as well, and have the right moments.
  bp::RngStream a(5, "variates"), b(5, "variates");
  constexpr int kN = 1'000'000;
  double u_sum = 0, e_sum = 0, z_sum = 0, z2_sum = 0;
  double u_min = 1, u_max = 0;
  bool replay = true;
  for (int i = 0; i < kN; ++i) {
    const double u = a.uniform01(), e = a.exponential(3.0), z = a.standard_normal();
    replay = replay && u == b.uniform01() && e == b.exponential(3.0) && z == b.standard_normal();
    u_min = std::min(u_min, u);
    u_max = std::max(u_max, u);
    u_sum += u;
    e_sum += e;
    z_sum += z;
    z2_sum += z * z;
  }
  CHECK(replay);
  CHECK(u_min >= 0.0);
  CHECK(u_max < 1.0);
  // Standard errors: uniform 0.0003, exponential 0.003, normal 0.001 and 0.0014.
  CHECK(u_sum / kN == Approx(0.5).margin(0.002));
  CHECK(e_sum / kN == Approx(3.0).margin(0.015));
  CHECK(z_sum / kN == Approx(0.0).margin(0.005));
  CHECK(z2_sum / kN == Approx(1.0).margin(0.007));
}

TEST_CASE("Series stays bounded and keeps the overall mean", "[engine][series]") {
  bp::Series s("station", "queue", "waiting");
  constexpr std::int64_t kPushes = 5'000'000;
  bp::RngStream rng(11, "series");
  double sum = 0, max = -1;
  std::int64_t values = 0;
  std::size_t largest = 0;
  std::vector<double> last;  // the newest kRecent pushes
  for (std::int64_t i = 0; i < kPushes; ++i) {
    // A drifting level with noise, and an empty step now and then.
    const bool empty = i % 13 == 0;
    const double v = empty ? std::nan("") : std::floor(static_cast<double>(i) / 1'000 + 100 * rng.uniform01());
    s.push(v);
    if (!empty) {
      sum += v;
      max = std::max(max, v);
      ++values;
    }
    largest = std::max(largest, s.points().size());
    if (i >= kPushes - static_cast<std::int64_t>(bp::Series::kRecent)) last.push_back(v);
  }
  CHECK(largest <= bp::Series::kCapacity);
  CHECK(s.steps() == kPushes);
  const auto spp = s.steps_per_point();
  CHECK((spp & (spp - 1)) == 0);  // 1, 2, 4, ... steps per point
  CHECK(static_cast<std::int64_t>(s.points().size()) * spp <= kPushes);
  CHECK(static_cast<std::int64_t>(s.points().size() + 1) * spp > kPushes);

  // Weighted by their samples, the points (and the partial one) give back the
  // exact mean, count and maximum of everything pushed.
  double weighted = 0, seen_max = -1;
  std::int64_t samples = 0;
  auto add = [&](const bp::SeriesPoint& p) {
    if (p.samples == 0) return;
    weighted += p.mean * p.samples;
    samples += p.samples;
    seen_max = std::max(seen_max, p.max);
  };
  for (const auto& p : s.points()) add(p);
  if (s.has_pending()) add(s.pending());
  CHECK(samples == values);
  CHECK(weighted / static_cast<double>(samples) == Approx(sum / static_cast<double>(values)).epsilon(1e-9));
  CHECK(seen_max == max);

  // The newest steps are kept one by one (as floats).
  REQUIRE(s.recent_size() == bp::Series::kRecent);
  for (std::size_t ago = 0; ago < bp::Series::kRecent; ++ago) {
    const double want = last[last.size() - 1 - ago];
    if (std::isnan(want)) CHECK(std::isnan(s.recent(ago)));
    else CHECK(s.recent(ago) == static_cast<float>(want));
  }
}
