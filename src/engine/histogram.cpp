#include "backpressure/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace bp {

int LogHistogram::bucket_of(std::int64_t value) {
  if (value < kSubBuckets) return value < 0 ? 0 : static_cast<int>(value);
  const int e = 63 - std::countl_zero(static_cast<std::uint64_t>(value));  // >= kSubBits
  const int shift = e - kSubBits;
  const int sub = static_cast<int>(value >> shift) - kSubBuckets;  // 0..127
  return (shift + 1) * kSubBuckets + sub;
}

double LogHistogram::bucket_low(int bucket) {
  if (bucket < kSubBuckets) return bucket;
  const int shift = bucket / kSubBuckets - 1;
  const int sub = bucket % kSubBuckets + kSubBuckets;
  return std::ldexp(static_cast<double>(sub), shift);
}

double LogHistogram::bucket_high(int bucket) {
  if (bucket < kSubBuckets) return bucket + 1;
  const int shift = bucket / kSubBuckets - 1;
  const int sub = bucket % kSubBuckets + kSubBuckets;
  return std::ldexp(static_cast<double>(sub + 1), shift);
}

void LogHistogram::record(std::int64_t value) {
  if (value < 0) value = 0;
  ++counts_[bucket_of(value)];
  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  ++count_;
  sum_ += static_cast<double>(value);
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  min_ = count_ ? std::min(min_, other.min_) : other.min_;
  max_ = count_ ? std::max(max_, other.max_) : other.max_;
  count_ += other.count_;
  sum_ += other.sum_;
}

void LogHistogram::clear() { *this = LogHistogram{}; }

std::uint64_t LogHistogram::count_at_most(std::int64_t value) const {
  if (value < 0) return 0;
  const int last = bucket_of(value);
  std::uint64_t n = 0;
  for (int i = 0; i <= last; ++i) n += counts_[i];
  return n;
}

double LogHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      if (i < kSubBuckets) return i;  // exact integers
      const double mid = 0.5 * (bucket_low(i) + bucket_high(i));
      return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace bp
