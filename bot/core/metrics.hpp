#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/tally.hpp"

namespace steward::core {

/// A Prometheus counter with labels (one series per combination of label values); thread-safe.
class counter_family {
 public:
  counter_family(std::string name, std::string help, std::vector<std::string> label_names);
  /// Adds `n` to the series with these label values (one per label name).
  void add(const std::vector<std::string>& label_values, std::uint64_t n = 1);
  /// Appends HELP, TYPE and one line per series.
  void render(std::string& out) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::uint64_t> series_;
};

/// A Prometheus histogram with fixed upper bounds; thread-safe.
class histogram {
 public:
  histogram(std::string name, std::string help, std::vector<double> bounds);
  /// Records one observation.
  void observe(double value);
  /// Appends HELP, TYPE, the cumulative buckets, the sum and the count.
  void render(std::string& out) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> counts_;  // one per bound, plus +Inf
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

/// This build's version ("0.1.0"), as `steward --version` and steward_build_info show it.
std::string_view version();

/// Process-wide metrics for /metrics. One instance, created by the composition root and passed
/// by reference.
class metrics {
 public:
  metrics();

  /// Counts one webhook update by platform and outcome (ok, duplicate, failed,
  /// unknown_type, bad_request).
  void count_event(const std::string& platform, const std::string& outcome);
  /// Counts a request whose secret or signature did not verify.
  void count_verification_failure(const std::string& platform);
  /// Counts one dispatch result (sent, retry, failed, dead, rate_limited).
  void count_dispatch(const std::string& platform, const std::string& result);
  /// Records how long a call waited from being queued to its final answer.
  void record_dispatch_wait(double seconds) { dispatch_wait_.observe(seconds); }
  /// Counts what a handler reported for a committed update.
  void count(const tally& t);
  /// Counts one admin API request by resource ("/api/v1/groups"), method and status.
  void count_api_request(const std::string& route, const std::string& method, int status);
  /// Records one committed batch: how many updates and how long the commit took.
  void record_batch(std::size_t size, double commit_seconds);
  /// Sets the number of outbox rows waiting to be sent.
  void set_outbox_depth(std::int64_t depth) { outbox_depth_ = depth; }
  /// Sets how many WAL checkpoints have run on the background thread and inside COMMIT.
  void set_wal_checkpoints(std::uint64_t background, std::uint64_t in_commit) {
    wal_checkpoints_background_ = background;
    wal_checkpoints_in_commit_ = in_commit;
  }
  /// Sets the number of calls the dispatcher holds in memory (at most dispatch.max_loaded).
  void set_dispatch_loaded(std::int64_t loaded) { dispatch_loaded_ = loaded; }
  /// Marks storage open and migrated (drives /readyz).
  void set_ready(bool ready) { ready_ = ready; }
  bool ready() const { return ready_; }

  /// The Prometheus text exposition of everything above, each metric with HELP and TYPE.
  std::string render() const;

 private:
  counter_family events_;
  counter_family verification_failures_;
  counter_family dispatch_;
  counter_family moderation_;
  counter_family checkins_;
  counter_family redemptions_;
  counter_family api_requests_;
  histogram batch_size_;
  histogram commit_seconds_;
  histogram dispatch_wait_;
  std::atomic<std::int64_t> outbox_depth_{0};
  std::atomic<std::int64_t> dispatch_loaded_{0};
  std::atomic<std::uint64_t> wal_checkpoints_background_{0};
  std::atomic<std::uint64_t> wal_checkpoints_in_commit_{0};
  std::atomic<bool> ready_{false};
};

}  // namespace steward::core
