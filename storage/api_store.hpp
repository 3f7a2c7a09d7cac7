#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// Who calls the admin API: a token as stored (only the SHA-256 of its secret is kept), or a
/// console session made from one or from a chat admin's link.
struct api_token {
  std::int64_t id = 0;  ///< the token's row; 0 for a session made from a chat admin's link
  std::string name;
  std::string role;    ///< viewer, operator or admin
  std::string groups;  ///< the chat ids it may act on, comma-separated; "" for every group

  /// Whether it is limited to chosen groups.
  bool limited() const { return !groups.empty(); }
  /// Whether it may read and change group `chat_id`.
  bool covers(std::string_view chat_id) const;
};

/// A token as listed for its owners (never its secret).
struct api_token_info {
  std::int64_t id = 0;
  std::string name;
  std::string role;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
  std::string groups;  ///< "" for every group
};

/// One write made through the admin API: who, what, before and after (JSON texts).
struct audit_entry {
  std::int64_t id = 0;
  std::string actor;
  std::string action;
  std::string target;
  std::string before;
  std::string after;
  std::int64_t at = 0;
};

/// A live console session: who acts through it, and the CSRF secret its writes must carry.
struct console_session {
  std::int64_t id = 0;
  api_token token;
  std::string csrf;
  std::int64_t expires_at = 0;
};

/// Admin API tokens, the console sessions made with them, and the audit log of API writes.
class api_store {
 public:
  explicit api_store(backend& db);
  /// Stores a token by the hash of its secret.
  std::int64_t create_token(const std::string& name, const std::string& role,
                            const std::string& secret_hash, std::int64_t at,
                            const std::string& groups = {});
  /// The live token whose secret hashes to `secret_hash`.
  std::optional<api_token> find_token(const std::string& secret_hash);
  /// Every token, revoked ones included, oldest first.
  std::vector<api_token_info> tokens();
  /// Revokes a live token at once; false if there is no live token with that id.
  bool revoke_token(std::int64_t id, std::int64_t at);
  /// Stores a console session acting as `who`, by the hash of its cookie secret.
  std::int64_t create_session(const std::string& secret_hash, const std::string& csrf,
                              const api_token& who, std::int64_t at, std::int64_t expires_at);
  /// Stores a one-time sign-in link for `who`, by the hash of its code.
  void create_link(const std::string& code_hash, const api_token& who, std::int64_t at,
                   std::int64_t expires_at);
  /// Uses up the link whose code hashes to `code_hash`: who it signs in, if it is unused,
  /// unexpired at `now`, and its token (if any) live.
  std::optional<api_token> use_link(const std::string& code_hash, std::int64_t now);
  /// The session whose cookie secret hashes to `secret_hash`, if it has not expired or ended
  /// and its token is live at `now`.
  std::optional<console_session> find_session(const std::string& secret_hash, std::int64_t now);
  /// Ends a session (log-out); false if it had already ended.
  bool end_session(std::int64_t id, std::int64_t at);
  /// Records an API write.
  void audit(const audit_entry& entry);
  /// The newest audit entries.
  std::vector<audit_entry> recent_audit(int limit);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
