#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "rules/rule_set.hpp"

namespace steward::rules {

/// The rules in force: one compiled set for all groups plus one per group with extra lists.
/// Reloading compiles in a background thread and swaps the sets in one step, so scanning never
/// pauses and never sees half a rule set; a reload that fails keeps the old rules.
class rules_engine {
 public:
  /// Compiles the configured lists now, with operators' `edits` laid over the global ones;
  /// throws rules_error when they cannot be used.
  explicit rules_engine(rules_config cfg, std::vector<word_edit> edits = {});
  ~rules_engine();
  rules_engine(const rules_engine&) = delete;
  rules_engine& operator=(const rules_engine&) = delete;

  /// The rules for a chat (its own set if it has extra lists).
  std::shared_ptr<const rule_set> for_chat(const std::string& chat_id) const;
  /// Whether moderation runs in a chat.
  bool enabled_in(const std::string& chat_id) const;
  const rules_config& config() const { return cfg_; }

  /// Outcome of a reload, reported on the reloading thread.
  using reload_done = std::function<void(bool ok, const std::string& message)>;
  /// Re-reads every list in the background. Requests that arrive during a reload are folded
  /// into one more reload after it.
  void reload(reload_done done = {});
  /// Operators' shadow switches, laid over the configured policies of every rule set at once.
  rule_switches& switches() { return *switches_; }
  const rule_switches& switches() const { return *switches_; }
  /// Operators' edits of the global lists, laid over the files from the next reload on.
  void set_word_edits(std::vector<word_edit> edits);
  /// The edits the next reload applies (the last set).
  std::vector<word_edit> word_edits() const;
  /// How many reloads have been swapped in.
  std::uint64_t generation() const { return generation_; }

 private:
  using set_map = std::map<std::string, std::shared_ptr<const rule_set>>;
  void compile_all(std::shared_ptr<const rule_set>& all, set_map& groups) const;
  void reload_loop();

  rules_config cfg_;
  std::shared_ptr<rule_switches> switches_ = std::make_shared<rule_switches>();
  mutable std::mutex mutex_;
  std::shared_ptr<const rule_set> all_;
  std::shared_ptr<const std::vector<word_edit>> edits_;  ///< under mutex_; replaced whole
  set_map groups_;
  std::atomic<std::uint64_t> generation_{0};

  std::mutex reload_mutex_;
  bool reloading_ = false;
  bool again_ = false;
  std::vector<reload_done> waiting_;
  std::thread worker_;
};

}  // namespace steward::rules
