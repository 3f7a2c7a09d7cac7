#pragma once

#include <atomic>
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

/// The system clock moved by an offset, which integration tests set through the admin API
/// (`steward serve --test-clock`) to play weeks of community life in seconds; 0 otherwise.
/// Safe to read from any thread.
class shifted_clock final : public clock {
 public:
  std::int64_t now_ms() const override;
  /// Makes "now" `unix_ms` from this moment on (time keeps running from there).
  void set_now_ms(std::int64_t unix_ms);

 private:
  system_clock system_;
  std::atomic<std::int64_t> offset_ms_{0};
};

}  // namespace steward::core
