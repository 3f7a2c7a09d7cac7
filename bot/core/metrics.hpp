#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace steward::core {

/// A Prometheus histogram with fixed upper bounds; thread-safe.
class histogram {
 public:
  explicit histogram(std::vector<double> bounds);
  /// Records one observation.
  void observe(double value);
  /// Appends the Prometheus text lines for this histogram under `name`.
  void render(const std::string& name, std::string& out) const;

 private:
  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> counts_;  // one per bound, plus +Inf
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

/// Process-wide counters for /metrics. One instance, created by the composition root and passed
/// by reference.
class metrics {
 public:
  metrics();

  /// Counts one webhook update by platform and outcome (ok, duplicate, failed, unknown_type,
  /// bad_request).
  void count_event(const std::string& platform, const std::string& outcome);
  /// Counts a request whose secret or signature did not verify.
  void count_verification_failure(const std::string& platform);
  /// Counts one dispatch attempt result (sent, retry, failed, dead, rate_limited).
  void count_dispatch(const std::string& platform, const std::string& result);
  /// Records one committed batch: how many updates and how long the commit took.
  void record_batch(std::size_t size, double commit_seconds);
  /// Sets the number of outbox rows waiting to be sent.
  void set_outbox_depth(std::int64_t depth) { outbox_depth_ = depth; }
  /// Marks storage open and migrated (drives /readyz).
  void set_ready(bool ready) { ready_ = ready; }
  bool ready() const { return ready_; }

  /// The Prometheus text exposition of everything above.
  std::string render() const;

 private:
  using labels = std::pair<std::string, std::string>;
  mutable std::mutex mutex_;
  std::map<labels, std::uint64_t> events_;
  std::map<std::string, std::uint64_t> verification_failures_;
  std::map<labels, std::uint64_t> dispatch_;
  histogram batch_size_;
  histogram commit_seconds_;
  std::atomic<std::int64_t> outbox_depth_{0};
  std::atomic<bool> ready_{false};
};

}  // namespace steward::core
