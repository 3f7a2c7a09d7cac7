#pragma once

#include <cstdint>

namespace steward::core {

/// Wall-clock time source; injected so tests can pin "now".
class clock {
 public:
  virtual ~clock() = default;
  /// Milliseconds since the Unix epoch.
  virtual std::int64_t now_ms() const = 0;
  /// Seconds since the Unix epoch.
  std::int64_t now_s() const { return now_ms() / 1000; }
};

/// The real system clock.
class system_clock final : public clock {
 public:
  std::int64_t now_ms() const override;
};

}  // namespace steward::core
