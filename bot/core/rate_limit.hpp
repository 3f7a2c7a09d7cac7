#pragma once

namespace steward::core {

/// A token bucket: `rate` tokens per second, holding at most `burst`. Time is passed in (seconds on
/// a monotonic clock) so the bucket is a pure value, testable without sleeping.
class token_bucket {
 public:
  token_bucket(double rate_per_second, double burst);

  /// Seconds to wait from `now` until one token is available (0 when one is there now).
  double wait_seconds(double now);
  /// Takes one token at `now` (may go negative, meaning debt the next caller waits out).
  void take(double now);

 private:
  void refill(double now);
  double rate_;
  double burst_;
  double tokens_;
  double last_ = -1;
};

}  // namespace steward::core
