#pragma once

#include <cstddef>
#include <deque>

namespace steward::core {

/// An exact sliding-window limit: at most `limit` calls in any window of `window_s` seconds,
/// wherever the window is placed. (A token bucket that starts full lets up to 2·limit − 1 calls
/// into one window; Telegram counts windows, and answers that with 429s.) Time is passed in
/// (seconds on a monotonic clock), so the limit is a pure value, testable without sleeping.
class sliding_window {
 public:
  /// `min_gap_s` > 0 also spaces consecutive calls at least that far apart, so a full window's
  /// calls leave spread over it rather than in one burst that the receiver may see bunched.
  sliding_window(std::size_t limit, double window_s, double min_gap_s = 0);

  /// Seconds to wait from `now` until one more call fits (0 when it fits now).
  double wait_seconds(double now) const;
  /// Records a call at `now` (call only when wait_seconds(now) is 0).
  void take(double now);

 private:
  std::size_t limit_;
  double window_s_;
  double min_gap_s_;
  std::deque<double> recent_;  // the last `limit_` call times, oldest first
};

/// A rate with a burst as a sliding window: `burst` calls in any `burst / per_second` seconds
/// (at least one call per window), each window longer by `clearance_s` to spare.
sliding_window rate_window(double per_second, double burst, double clearance_s = 0);
/// A steady rate: `per_second` calls in any second, evenly spaced, each window longer by
/// `clearance_s`.
sliding_window steady_window(double per_second, double clearance_s = 0);

}  // namespace steward::core
