#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// Where a newcomer stands with the join challenge.
enum class verification_state {
  pending,  ///< asked, not answered yet
  passing,  ///< pressed the button; their restriction is being lifted
  passed,   ///< verified: never asked again in this chat
  failing,  ///< out of time; their removal is under way
  failed,   ///< out of time (removed, or kept muted)
};

/// A newcomer being verified.
struct newcomer {
  std::string platform;
  std::string chat_id;
  std::string user_id;
  std::string name;
  verification_state state = verification_state::pending;
  std::int64_t deadline = 0;
  std::string question;  ///< arithmetic challenge ("3 + 4"); empty for a button
  std::string answer;    ///< what they must reply ("7")
};

/// The chat's challenge message: one per chat, listing everyone still to answer.
struct challenge_message {
  std::string platform;
  std::string chat_id;
  std::string message_id;  ///< empty while it is being posted
};

/// Newcomers asked to prove they are human, and each chat's challenge message. Written in the
/// join's (or the tick's) transaction, so a restart forgets no deadline.
class verification_store {
 public:
  explicit verification_store(backend& db);

  /// Asks a newcomer (again, unless they passed before or are still answering); false when
  /// nothing was asked. `question` and `answer`: an arithmetic challenge, empty for a button.
  bool ask(const newcomer& who);
  /// The newcomer's row in this chat, if any.
  std::optional<newcomer> find(const std::string& platform, const std::string& chat_id,
                               const std::string& user_id);
  /// Moves a newcomer to `state`.
  void set_state(const std::string& platform, const std::string& chat_id,
                 const std::string& user_id, verification_state state);
  /// Pending newcomers whose time ran out at `now_s`.
  std::vector<newcomer> expired(std::int64_t now_s);
  /// Chats with newcomers not yet shown in their challenge message.
  std::vector<std::pair<std::string, std::string>> chats_with_unshown();
  /// Whether the chat has newcomers not yet shown in its challenge message.
  bool has_unshown(const std::string& platform, const std::string& chat_id);
  /// Everyone the chat's challenge lists now (pending or passing), oldest join first; marks
  /// them shown.
  std::vector<newcomer> listed(const std::string& platform, const std::string& chat_id);

  /// The chat's challenge message, if one is posted or being posted.
  std::optional<challenge_message> message(const std::string& platform, const std::string& chat_id);
  /// Remembers the chat's challenge message (an empty id: being posted).
  void set_message(const std::string& platform, const std::string& chat_id,
                   const std::string& message_id);
  /// Forgets the chat's challenge message.
  void drop_message(const std::string& platform, const std::string& chat_id);

 private:
  statement_cache statements_;
};

/// The stored name of a state.
const char* to_string(verification_state state);

}  // namespace steward::storage
