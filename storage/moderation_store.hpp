#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// One moderation decision, automatic or by an admin.
struct moderation_entry {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::optional<std::int64_t> member_id;
  std::string message_id;
  std::string rule;  ///< word, phone, …, or the admin command (warn, mute, …)
  std::string tag;
  std::string action;  ///< what the rule asked for
  std::string taken;   ///< what was done ("mute 3600", "none (shadow)", "delete (fallback)")
  bool shadow = false;
  std::string spans = "[]";  ///< JSON: [{"start":…,"end":…,"matched":…}] in the original text
  std::string normalized;
  std::string text;
  std::string actor;  ///< the admin's user id; empty for Steward itself
  std::string reason;
  std::int64_t at = 0;
  /// Platform calls still awaiting an answer; while any are, the entry is "pending".
  int pending_calls = 0;
  std::string status = "done";  ///< "pending", "done" or "failed"
  std::string failure;          ///< why a call failed (the platform's reason)
};

/// A stored message, for replaying rules over history.
struct stored_message {
  std::string platform;
  std::string chat_id;
  std::int64_t group_id = 0;
  std::string message_id;
  std::int64_t member_id = 0;
  std::string text;
  std::int64_t at = 0;
  bool newcomer = false;  ///< read with a newcomer's stricter rules
};

/// A warning on a member's record.
struct warning_row {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string reason;
  std::string actor;
};

/// Which log entries to read: every field left at its default matches everything.
struct log_filter {
  std::int64_t group_id = 0;  ///< 0: every group
  std::optional<std::int64_t> member_id;
  std::string rule;            ///< word, phone, …, or an admin command (mute, ban, …)
  std::string status;          ///< pending, done or failed
  std::int64_t since = 0;      ///< at >= since
  std::int64_t until = 0;      ///< at < until (0: no end)
  std::int64_t before_id = 0;  ///< id < before_id, for the next page (0: the newest)
  int limit = 50;
};

/// An operator's edit of the global word or allow list (kept so every instance applies it).
struct word_list_edit {
  std::int64_t id = 0;
  std::string list;      ///< "words" or "allow"
  bool removed = false;  ///< taken off the list (else put on it)
  std::string word;
  std::string tag;
  std::string action;
  std::string actor;  ///< api:<token name>
  std::int64_t at = 0;
};

/// Moderation state: recent messages, the decision log, warnings and approvals.
class moderation_store {
 public:
  explicit moderation_store(backend& db);

  /// Keeps a group message's text (for `rules replay`) until the retention prunes it. An edit
  /// is kept as a row of its own: a message's newest row is its text.
  void record_message(std::int64_t group_id, const std::string& message_id, std::int64_t member_id,
                      const std::string& text, std::int64_t at, bool newcomer);
  /// Messages stored at or after `since` (of one group, or all when `group_id` is 0; the newest
  /// `limit` when limit > 0), oldest first; an edited message once, as its newest text.
  std::vector<stored_message> messages_since(std::int64_t since, std::int64_t group_id = 0,
                                             int limit = 0);
  /// Appends a decision to the log; returns its id.
  std::int64_t log(const moderation_entry& entry);
  /// Records the answer to one of an entry's calls: `failure` empty when the platform
  /// confirmed it. The entry is done when every call is confirmed, failed when any failed.
  void settle(std::int64_t log_id, const std::string& failure);
  /// The newest log entries of a group (all groups when group_id is 0).
  std::vector<moderation_entry> recent_log(std::int64_t group_id, int limit);
  /// The newest log entries that pass `filter`, newest first.
  std::vector<moderation_entry> find_log(const log_filter& filter);
  /// One log entry by id.
  std::optional<moderation_entry> log_entry(std::int64_t id);
  /// Approved members of a group: member id, who approved them and when.
  struct approval {
    std::int64_t member_id = 0;
    std::string user_id;
    std::string name;
    std::string actor;
    std::int64_t at = 0;
  };
  std::vector<approval> approvals(std::int64_t group_id);
  /// Reports a member filed in a group since `since`, and whether one was about `message_id`.
  struct report_count {
    int recent = 0;
    bool this_message = false;
  };
  report_count reports_by(std::int64_t group_id, const std::string& actor,
                          const std::string& message_id, std::int64_t since);
  /// What automatic content moderation did to a message ("" when nothing): admins' removals
  /// and behaviour findings (flood, repeats, raids, split ads) are not content decisions.
  std::string taken_for(std::int64_t group_id, const std::string& message_id);

  /// Adds a warning; returns how many warnings are active (not revoked, newer than
  /// `active_since`), this one included.
  int add_warning(std::int64_t member_id, std::int64_t at, const std::string& reason,
                  const std::string& actor, std::int64_t active_since);
  /// Active warnings, oldest first.
  std::vector<warning_row> active_warnings(std::int64_t member_id, std::int64_t active_since);
  /// Revokes the newest active warning; false if there was none.
  bool revoke_last_warning(std::int64_t member_id, std::int64_t active_since, std::int64_t at);
  /// Clears every active warning (an admin's /unwarn all).
  int revoke_all_warnings(std::int64_t member_id, std::int64_t at);

  /// Approves (exempts from automatic moderation) or un-approves a member.
  bool set_approved(std::int64_t member_id, bool approved, const std::string& actor,
                    std::int64_t at);
  bool is_approved(std::int64_t member_id);

  /// Sets (or, with nullopt, clears) an operator's shadow switch for `rule`.
  void set_shadow_switch(const std::string& rule, std::optional<bool> shadow,
                         const std::string& author, std::int64_t at);
  /// Every shadow switch, by rule.
  std::map<std::string, bool> shadow_switches();

  /// Keeps an operator's edit of a word or allow list; returns its id.
  std::int64_t record_word_edit(const word_list_edit& edit);
  /// Every word and allow list edit, oldest first (applied in that order: a word's last wins).
  std::vector<word_list_edit> word_edits();

  /// How many of the newest stored messages message_text and recent_texts look through.
  static constexpr int messages_searched = 100'000;
  /// The stored text of a message (its newest, when edited), if it is among the newest
  /// `messages_searched` stored messages.
  std::optional<std::string> message_text(std::int64_t group_id, const std::string& message_id);
  /// A member's most recent stored message texts among the newest `messages_searched` stored
  /// messages, newest first (for approvals).
  std::vector<std::string> recent_texts(std::int64_t member_id, int limit);
  /// Drops messages older than `messages_before` and log entries older than `log_before`.
  void prune(std::int64_t messages_before, std::int64_t log_before);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
