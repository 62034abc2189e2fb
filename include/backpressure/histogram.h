#pragma once
// Latency histogram with logarithmic buckets.
//
// Memory is fixed (about 60 KiB) whatever the run length. Each power of two is
// split into 128 linear sub-buckets, so a bucket is at most 1/128 of its value
// wide and a reported quantile (the bucket's midpoint) is within 0.4% of the
// true sample quantile.
#include <array>
#include <cstdint>

namespace bp {

class LogHistogram {
 public:
  static constexpr int kSubBits = 7;
  static constexpr int kSubBuckets = 1 << kSubBits;  // 128
  static constexpr int kMagnitudes = 64 - kSubBits;
  static constexpr int kBuckets = (kMagnitudes + 1) * kSubBuckets;

  void record(std::int64_t value);
  void merge(const LogHistogram& other);
  void clear();

  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  // q in [0, 1]; returns 0 for an empty histogram.
  double quantile(double q) const;
  // How many recorded values were at most `value` (to the bucket resolution).
  std::uint64_t count_at_most(std::int64_t value) const;

  static int bucket_of(std::int64_t value);
  static double bucket_low(int bucket);
  static double bucket_high(int bucket);

 private:
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace bp
