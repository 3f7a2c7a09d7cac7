#include "bot/core/metrics.hpp"

#include <fmt/format.h>

namespace steward::core {

histogram::histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void histogram::observe(double value) {
  std::lock_guard lock(mutex_);
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i])
    ++i;
  ++counts_[i];
  sum_ += value;
  ++count_;
}

void histogram::render(const std::string& name, std::string& out) const {
  std::lock_guard lock(mutex_);
  out += fmt::format("# TYPE {} histogram\n", name);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, bounds_[i], cumulative);
  }
  out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name, count_);
  out += fmt::format("{}_sum {}\n{}_count {}\n", name, sum_, name, count_);
}

metrics::metrics()
    : batch_size_({1, 2, 4, 8, 16, 32, 64, 128, 256}),
      commit_seconds_({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}) {}

void metrics::count_event(const std::string& platform, const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++events_[{platform, outcome}];
}

void metrics::count_verification_failure(const std::string& platform) {
  std::lock_guard lock(mutex_);
  ++verification_failures_[platform];
}

void metrics::count_dispatch(const std::string& platform, const std::string& result) {
  std::lock_guard lock(mutex_);
  ++dispatch_[{platform, result}];
}

void metrics::record_batch(std::size_t size, double commit_seconds) {
  batch_size_.observe(static_cast<double>(size));
  commit_seconds_.observe(commit_seconds);
}

std::string metrics::render() const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out += "# TYPE steward_events_total counter\n";
    for (const auto& [key, n] : events_) {
      out += fmt::format("steward_events_total{{platform=\"{}\",outcome=\"{}\"}} {}\n", key.first,
                         key.second, n);
    }
    out += "# TYPE steward_verification_failures_total counter\n";
    for (const auto& [platform, n] : verification_failures_) {
      out +=
          fmt::format("steward_verification_failures_total{{platform=\"{}\"}} {}\n", platform, n);
    }
    out += "# TYPE steward_dispatch_total counter\n";
    for (const auto& [key, n] : dispatch_) {
      out += fmt::format("steward_dispatch_total{{platform=\"{}\",result=\"{}\"}} {}\n", key.first,
                         key.second, n);
    }
  }
  batch_size_.render("steward_batch_size", out);
  commit_seconds_.render("steward_commit_seconds", out);
  out += fmt::format("# TYPE steward_outbox_depth gauge\nsteward_outbox_depth {}\n",
                     outbox_depth_.load());
  out += fmt::format("# TYPE steward_ready gauge\nsteward_ready {}\n", ready_.load() ? 1 : 0);
  return out;
}

}  // namespace steward::core
