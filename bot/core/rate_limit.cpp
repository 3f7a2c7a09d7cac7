#include "bot/core/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace steward::core {

sliding_window::sliding_window(std::size_t limit, double window_s)
    : limit_(std::max<std::size_t>(limit, 1)), window_s_(window_s) {}

double sliding_window::wait_seconds(double now) const {
  if (recent_.size() < limit_) return 0.0;
  // The oldest of the last `limit_` calls must leave the window before another may enter it.
  return std::max(0.0, recent_.front() + window_s_ - now);
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

}  // namespace steward::core
