#include "bot/core/rate_limit.hpp"

#include <algorithm>

namespace steward::core {

token_bucket::token_bucket(double rate_per_second, double burst)
    : rate_(rate_per_second), burst_(burst), tokens_(burst) {}

void token_bucket::refill(double now) {
  if (last_ >= 0 && now > last_) tokens_ = std::min(burst_, tokens_ + (now - last_) * rate_);
  if (now > last_) last_ = now;
}

double token_bucket::wait_seconds(double now) {
  refill(now);
  return tokens_ >= 1.0 ? 0.0 : (1.0 - tokens_) / rate_;
}

void token_bucket::take(double now) {
  refill(now);
  tokens_ -= 1.0;
}

}  // namespace steward::core
