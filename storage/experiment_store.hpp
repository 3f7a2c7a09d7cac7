#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/backend.hpp"
#include "storage/statement_cache.hpp"

namespace steward::storage {

/// One variant of an experiment: its name and its text (nullopt: the template as it stands,
/// the control).
struct experiment_variant {
  std::string name;
  std::optional<std::string> text;
};

/// An A/B test of a template, as stored.
struct experiment_row {
  std::int64_t id = 0;
  std::string name;
  std::string template_key;  ///< "welcome", "checkin" or "schedule:<id>"
  std::string chat_id;       ///< "" for every group
  std::string language;      ///< exposures happen only where the text is in this language
  std::string outcome;       ///< "speaks_24h", "checkin_next_day" or "messages_1h"
  std::vector<experiment_variant> variants;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> stopped_at;
  bool running() const { return !stopped_at; }
};

/// A delivered exposure and the window in which its outcome counts.
struct exposure {
  std::int64_t experiment_id = 0;
  std::string unit;  ///< "m:<member row id>" or "p:<group id>:<delivered at>"
  std::int64_t group_id = 0;
  std::optional<std::int64_t> member_id;
  int variant = 0;
  std::int64_t exposed_at = 0;
  std::int64_t window_from = 0;
  std::int64_t window_to = 0;
};

/// What happened to one variant's exposures.
struct variant_tally {
  int variant = 0;
  std::int64_t exposures = 0;  ///< whose window closed, or that converted already
  std::int64_t conversions = 0;
  std::int64_t open = 0;       ///< still inside their window, not converted yet
  std::int64_t responses = 0;  ///< messages in the windows (posts)
  std::int64_t groups = 0;     ///< distinct groups exposed
};

/// Experiments and their exposures.
class experiment_store {
 public:
  explicit experiment_store(backend& db);

  /// Stores a new experiment; its id.
  std::int64_t create(const experiment_row& row);
  /// Every experiment, newest first.
  std::vector<experiment_row> all();
  /// One experiment by name.
  std::optional<experiment_row> find(const std::string& name);
  /// Stops an experiment (results are kept); false if it was not running.
  bool stop(std::int64_t id, std::int64_t at);

  /// Records a delivered exposure; false if the unit was exposed before (the first counts).
  bool expose(const exposure& e);
  /// Marks a member's open exposures to experiments with `outcome` whose window holds `at` as
  /// converted; how many.
  int convert_member(std::int64_t member_id, const std::string& outcome, std::int64_t at);
  /// Counts a message in a group against the posts whose window holds `at`; how many.
  int respond_to_posts(std::int64_t group_id, std::int64_t at);
  /// Members with an exposure still waiting for its outcome, and when its window closes.
  std::vector<std::pair<std::int64_t, std::int64_t>> open_members(std::int64_t now_s);
  /// Groups with a post whose window is still open, and when the window closes.
  std::vector<std::pair<std::int64_t, std::int64_t>> open_posts(std::int64_t now_s);
  /// The tallies of an experiment per variant at `now_s`.
  std::vector<variant_tally> tally(std::int64_t experiment_id, std::int64_t now_s);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
