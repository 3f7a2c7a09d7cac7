#include "bot/core/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace steward::core {

sliding_window::sliding_window(std::size_t limit, double window_s, double min_gap_s)
    : limit_(std::max<std::size_t>(limit, 1)), window_s_(window_s), min_gap_s_(min_gap_s) {}

double sliding_window::wait_seconds(double now) const {
  if (recent_.empty()) return 0.0;
  double wait = recent_.back() + min_gap_s_ - now;
  // The oldest of the last `limit_` calls must leave the window before another may enter it.
  if (recent_.size() >= limit_) wait = std::max(wait, recent_.front() + window_s_ - now);
  return std::max(0.0, wait);
}

void sliding_window::take(double now) {
  recent_.push_back(now);
  while (recent_.size() > limit_)
    recent_.pop_front();
}

sliding_window rate_window(double per_second, double burst, double clearance_s) {
  const double calls = std::max(1.0, std::floor(burst));
  return sliding_window(static_cast<std::size_t>(calls), calls / per_second + clearance_s);
}

sliding_window steady_window(double per_second, double clearance_s) {
  const double calls = std::max(1.0, std::floor(per_second));
  return sliding_window(static_cast<std::size_t>(calls), 1.0 + clearance_s, 1.0 / per_second);
}

}  // namespace steward::core
