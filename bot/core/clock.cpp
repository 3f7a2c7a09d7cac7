#include "bot/core/clock.hpp"

#include <chrono>

namespace steward::core {

std::int64_t system_clock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t shifted_clock::now_ms() const {
  return system_.now_ms() + offset_ms_.load(std::memory_order_relaxed);
}

void shifted_clock::set_now_ms(std::int64_t unix_ms) {
  offset_ms_.store(unix_ms - system_.now_ms(), std::memory_order_relaxed);
}

}  // namespace steward::core
