#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "handlers/entry_problem.hpp"
#include "handlers/handler.hpp"
#include "storage/cooldown_store.hpp"

namespace steward::rules {
class literal_matcher;
}

namespace steward::handlers {

/// One FAQ entry from `[[faq]]`.
struct faq_entry {
  std::string id;
  std::vector<std::string> triggers;
  std::string match = "contains";  ///< exact | contains | regex (RE2, on the normalised text)
  std::string answer;              ///< a template: {name}, {mention}, {group}
  int priority = 0;                ///< the highest matching priority answers
  std::int64_t cooldown_s = 60;    ///< per chat
  std::set<std::string> groups;    ///< chat ids; empty: every group
};

/// Checks an entry (match kind, regexes, answer placeholders and markup); returns the problem
/// with the field it is about, or nullopt.
std::optional<entry_problem> check_faq(const faq_entry& entry);

/// Answers frequently asked questions. Triggers are compared with the message's normalised text
/// (the moderation normaliser: width, case, traditional/simplified, spacing), so 「價格」 and
/// 「价 格」 both find 价格. One answer per message; each entry waits out its cooldown per chat.
class faq_handler : public handler {
 public:
  /// `cooldowns`: where answer times are kept (the database, so restarts and rolled-back
  /// updates keep every cooldown exact); without one they live in memory (tools, tests).
  explicit faq_handler(std::vector<faq_entry> entries,
                       storage::cooldown_store* cooldowns = nullptr);
  ~faq_handler() override;

  std::string_view name() const override { return "faq"; }
  handler_result handle(const context& ctx) override;

  /// Puts `entries` in force (an operator edit); cooldowns of entries that stay are kept.
  void replace(std::vector<faq_entry> entries);
  /// The entries in force, highest priority first.
  std::vector<faq_entry> entries() const;

  /// The entry that answers `text` in `chat_id` at `now_s`, if any (cooldowns included).
  const faq_entry* answer_for(const std::string& chat_id, const std::string& text,
                              std::int64_t now_s);

 private:
  struct compiled;
  struct literal_use;
  std::vector<std::unique_ptr<compiled>> entries_;         // highest priority first
  std::vector<std::vector<literal_use>> uses_;             // by literal id
  std::vector<std::size_t> regex_entries_;                 // entries with regex triggers
  std::unique_ptr<const rules::literal_matcher> matcher_;  // every exact/contains trigger
  std::optional<std::int64_t> answered_at(const std::string& key);
  void answered(const std::string& key, std::int64_t at);
  storage::cooldown_store* cooldowns_;
  std::map<std::string, std::int64_t> answered_at_;  // entry id + chat → time, without a store
};

}  // namespace steward::handlers
