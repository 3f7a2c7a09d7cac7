#include "bot/core/metrics.hpp"

#include <fmt/format.h>

namespace steward::core {

namespace {

/// A label value as the exposition format requires: backslash, quote and newline escaped.
std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void render_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string_view version() {
  return STEWARD_VERSION;
}

counter_family::counter_family(std::string name, std::string help,
                               std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

void counter_family::add(const std::vector<std::string>& label_values, std::uint64_t n) {
  std::lock_guard lock(mutex_);
  series_[label_values] += n;
}

void counter_family::render(std::string& out) const {
  render_header(out, name_, help_, "counter");
  std::lock_guard lock(mutex_);
  for (const auto& [values, n] : series_) {
    std::string labels;
    for (std::size_t i = 0; i < label_names_.size() && i < values.size(); ++i) {
      labels += fmt::format("{}{}=\"{}\"", labels.empty() ? "" : ",", label_names_[i],
                            escape_label(values[i]));
    }
    out += labels.empty() ? fmt::format("{} {}\n", name_, n)
                          : fmt::format("{}{{{}}} {}\n", name_, labels, n);
  }
}

histogram::histogram(std::string name, std::string help, std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      bounds_(std::move(bounds)),
      counts_(bounds_.size() + 1, 0) {}

void histogram::observe(double value) {
  std::lock_guard lock(mutex_);
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i])
    ++i;
  ++counts_[i];
  sum_ += value;
  ++count_;
}

void histogram::render(std::string& out) const {
  render_header(out, name_, help_, "histogram");
  std::lock_guard lock(mutex_);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name_, bounds_[i], cumulative);
  }
  out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name_, count_);
  out += fmt::format("{}_sum {}\n{}_count {}\n", name_, sum_, name_, count_);
}

metrics::metrics()
    : events_("steward_events_total",
              "Webhook updates by platform and outcome (ok, duplicate, failed, unknown_type, "
              "bad_request, unavailable; with instances sharing a database: forwarded, "
              "unforwarded, elsewhere).",
              {"platform", "outcome"}),
      verification_failures_("steward_verification_failures_total",
                             "Webhook requests whose secret or signature did not verify.",
                             {"platform"}),
      dispatch_("steward_dispatch_total",
                "Outbound API calls by result (sent, retry, failed, dead, rate_limited).",
                {"platform", "result"}),
      moderation_("steward_moderation_verdicts_total",
                  "Moderation verdicts by the deciding rule and the action it asked for.",
                  {"rule", "action"}),
      checkins_("steward_checkins_total", "Successful daily check-ins.", {"platform"}),
      redemptions_("steward_redemptions_total", "Points-shop redemptions by item.",
                   {"platform", "item"}),
      api_requests_("steward_api_requests_total",
                    "Admin API requests by resource, method and HTTP status.",
                    {"route", "method", "status"}),
      batch_size_("steward_batch_size", "Updates committed together in one transaction.",
                  {1, 2, 4, 8, 16, 32, 64, 128, 256}),
      commit_seconds_("steward_commit_seconds",
                      "Time to process and commit one batch of updates, in seconds.",
                      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}),
      dispatch_wait_("steward_dispatch_queue_seconds",
                     "Time from queueing an outbound call to its final answer, in seconds.",
                     {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900}) {}

void metrics::count_event(const std::string& platform, const std::string& outcome) {
  events_.add({platform, outcome});
}

void metrics::count_verification_failure(const std::string& platform) {
  verification_failures_.add({platform});
}

void metrics::count_dispatch(const std::string& platform, const std::string& result) {
  dispatch_.add({platform, result});
}

void metrics::count(const tally& t) {
  switch (t.kind) {
    case tally_kind::checkin:
      checkins_.add(t.labels);
      break;
    case tally_kind::redemption:
      redemptions_.add(t.labels);
      break;
    case tally_kind::moderation:
      moderation_.add(t.labels);
      break;
  }
}

void metrics::count_api_request(const std::string& route, const std::string& method, int status) {
  api_requests_.add({route, method, std::to_string(status)});
}

void metrics::record_batch(std::size_t size, double commit_seconds) {
  batch_size_.observe(static_cast<double>(size));
  commit_seconds_.observe(commit_seconds);
}

std::string metrics::render() const {
  std::string out;
  render_header(out, "steward_build_info", "This build: its version (always 1).", "gauge");
  out += fmt::format("steward_build_info{{version=\"{}\"}} 1\n", version());
  for (const auto* family : {&events_, &verification_failures_, &dispatch_, &moderation_,
                             &checkins_, &redemptions_, &api_requests_}) {
    family->render(out);
  }
  for (const auto* h : {&batch_size_, &commit_seconds_, &dispatch_wait_})
    h->render(out);
  render_header(out, "steward_outbox_depth", "Outbound calls waiting to be sent.", "gauge");
  out += fmt::format("steward_outbox_depth {}\n", outbox_depth_.load());
  render_header(out, "steward_dispatch_loaded",
                "Outbound calls the dispatcher holds in memory (the rest wait in the outbox).",
                "gauge");
  out += fmt::format("steward_dispatch_loaded {}\n", dispatch_loaded_.load());
  render_header(out, "steward_wal_checkpoints_total",
                "WAL checkpoints: on their own thread, or inside COMMIT once the WAL passed its "
                "limit (the thread fell behind).",
                "counter");
  out += fmt::format("steward_wal_checkpoints_total{{by=\"background\"}} {}\n",
                     wal_checkpoints_background_.load());
  out += fmt::format("steward_wal_checkpoints_total{{by=\"commit\"}} {}\n",
                     wal_checkpoints_in_commit_.load());
  render_header(out, "steward_ready", "1 once the database is open and migrated.", "gauge");
  out += fmt::format("steward_ready {}\n", ready_.load() ? 1 : 0);
  return out;
}

}  // namespace steward::core
