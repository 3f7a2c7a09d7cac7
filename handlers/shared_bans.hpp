#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/operator_sanctions.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"
#include "storage/global_ban_store.hpp"

namespace steward::handlers {

/// A group where a shared ban (or its lifting) could not be carried out.
struct not_done_in {
  std::string chat_id;
  core::refusal why = core::refusal::unknown;
  std::string reason;  ///< in English, for the operator ("⚠️ I could not ban Sam: …")
};

/// What a change to the shared ban list set in motion.
struct shared_ban_result {
  bool changed = false;               ///< the list changed (false: already so)
  std::vector<std::string> chat_ids;  ///< the groups asked to ban (or unban) the member now
  /// Groups where the member is known but the bot may not do it (or they are one of Steward's
  /// admins): nothing was asked there.
  std::vector<not_done_in> not_done;
  std::vector<core::action> actions;  ///< to queue
};

/// The shared ban list: a member banned from every group of this Steward. A ban is carried out
/// at once in every group where the member is known, each group told once the platform
/// confirmed it (as operators' sanctions); a listed member who later joins or writes in any
/// group is banned there too. Lifting it unbans them where they are known, quietly. In chat,
/// /gban (全局封禁) and /ungban (解除全局封禁) are for Steward's own admins
/// (moderation.admin_ids) only: one group's admin cannot ban someone from all the others.
class shared_bans : public handler {
 public:
  shared_bans(storage::global_ban_store& store, storage::community_store& community,
              operator_sanctions& sanctions, const template_book& book,
              std::vector<std::string> admin_ids);

  std::string_view name() const override { return "shared_bans"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;
  /// A request to join from someone on the shared ban list is refused, saying why; others are
  /// left to the group's admins.
  std::vector<core::action> answer_join_request(const core::chat_event& request) const;

  /// Puts a member on the list and bans them wherever they are known.
  shared_ban_result ban(const storage::global_ban& ban, std::int64_t now_s);
  /// Takes a member off the list and unbans them wherever they are known.
  shared_ban_result lift(const std::string& platform, const std::string& user_id,
                         const std::string& actor, std::int64_t now_s);
  /// Reads the list back from the database (after an import, or at start).
  void reload();
  storage::global_ban_store& store() { return store_; }

 private:
  handler_result command(const context& ctx);
  /// A ban from the list in `chat_id`, its reason worded in the group's language.
  sanction_order ban_order(const std::string& chat_id, const std::string& reason,
                           const std::string& actor) const;
  handler_result enforce_here(const context& ctx, const storage::global_ban& ban);
  std::vector<core::action> order_everywhere(const std::string& platform,
                                             const std::string& user_id,
                                             const sanction_order& order, std::int64_t now_s,
                                             shared_ban_result& out);
  /// "In 2 groups … I cannot ban them (I am not an admin here …)", for /gban's reply.
  std::string not_done_notice(const context& ctx, const shared_ban_result& banned) const;

  storage::global_ban_store& store_;
  storage::community_store& community_;
  operator_sanctions& sanctions_;
  const template_book& book_;
  std::set<std::string> admin_ids_;
  /// (platform, user id) of every listed member: most messages need no database read.
  std::set<std::pair<std::string, std::string>> listed_;
  /// (chat id, user id) bans already asked for in this run, so a burst of messages asks once.
  std::set<std::pair<std::string, std::string>> asked_;
};

}  // namespace steward::handlers
