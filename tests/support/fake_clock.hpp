#pragma once

#include "bot/core/clock.hpp"

namespace steward::testing {

/// A clock the test sets by hand.
class fake_clock final : public core::clock {
 public:
  explicit fake_clock(std::int64_t now_s) : now_ms_(now_s * 1000) {}
  std::int64_t now_ms() const override { return now_ms_; }
  void set(std::int64_t now_s) { now_ms_ = now_s * 1000; }
  void advance(std::int64_t seconds) { now_ms_ += seconds * 1000; }

 private:
  std::int64_t now_ms_;
};

}  // namespace steward::testing
