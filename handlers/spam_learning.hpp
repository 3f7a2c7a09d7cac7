#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "rules/rule_set.hpp"
#include "rules/spam_classifier.hpp"
#include "storage/sample_store.hpp"

namespace steward::handlers {

/// Learning from admins: the messages they remove (/del, /ban or /kick in reply) become spam
/// samples, the recent messages of members they approve become ham samples, and operators add
/// and review samples through the admin API. The classifier trained on them is rule "learned",
/// which starts in shadow mode (it only logs what it would do) until an operator who has seen
/// its precision and recall turns it on.
class spam_learning {
 public:
  /// `threshold`: the spam probability from which a message counts as spam (0-1).
  spam_learning(storage::sample_store& store, double threshold);

  /// Trains the classifier on every stored sample (at start).
  void load();
  /// Forgets what it learned and trains again on every stored sample: another instance sharing
  /// the database taught or forgot one.
  void reload();
  /// Whether a sample was taught or forgotten since the last call (the others are told).
  bool take_changed() { return std::exchange(changed_, false); }
  /// Keeps a sample and learns it; its id, or nullopt when that text already has that label.
  std::optional<std::int64_t> teach(const storage::spam_sample& sample);
  /// Removes a sample and unlearns it; false when there was none.
  bool forget(std::int64_t id);
  /// Rule "learned"'s match on a text, when the rule is enabled and the classifier calls the text
  /// spam (its policy from `rules`: action, and shadow while not yet trusted).
  std::optional<rules::match> judge(const rules::rule_set& rules, std::string_view text) const;
  /// Leave-one-out precision and recall on the stored samples at the threshold.
  rules::spam_classifier::quality quality() const { return classifier_.evaluate(threshold_); }
  double threshold() const { return threshold_; }
  bool ready() const { return classifier_.ready(); }
  storage::sample_store& store() { return store_; }

 private:
  storage::sample_store& store_;
  rules::spam_classifier classifier_;
  double threshold_;
  bool changed_ = false;
};

}  // namespace steward::handlers
