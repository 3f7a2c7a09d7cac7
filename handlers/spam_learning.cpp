#include "handlers/spam_learning.hpp"

#include <fmt/format.h>

namespace steward::handlers {

spam_learning::spam_learning(storage::sample_store& store, double threshold)
    : store_(store), threshold_(threshold) {}

void spam_learning::load() {
  for (const auto& s : store_.all())
    classifier_.add(s.id, s.text, s.spam);
}

void spam_learning::reload() {
  classifier_ = rules::spam_classifier();
  load();
}

std::optional<std::int64_t> spam_learning::teach(const storage::spam_sample& sample) {
  if (sample.text.empty()) return std::nullopt;
  const auto id = store_.add(sample);
  if (id) {
    classifier_.add(*id, sample.text, sample.spam);
    changed_ = true;
  }
  return id;
}

bool spam_learning::forget(std::int64_t id) {
  if (!store_.remove(id)) return false;
  classifier_.remove(id);
  changed_ = true;
  return true;
}

std::optional<rules::match> spam_learning::judge(const rules::rule_set& rules,
                                                 std::string_view text) const {
  const auto policy = rules.policy("learned");
  // Most groups never teach it: no normalising of every message for nothing.
  if (!policy.enabled || text.empty() || !classifier_.knows_spam()) return std::nullopt;
  const auto j = classifier_.judge(text);
  if (!rules::spam_classifier::is_spam(j, threshold_)) return std::nullopt;
  rules::match m;
  m.rule = "learned";
  m.tag = "spam";
  m.action = policy.action;
  m.shadow = policy.shadow;
  m.end = static_cast<std::uint32_t>(text.size());
  m.matched = std::string(text);
  m.normalized = j.near_spam ? "near a removed message"
                             : fmt::format("spam probability {:.2f}", j.spam_probability);
  m.mute_seconds = policy.mute_seconds;
  return m;
}

}  // namespace steward::handlers
