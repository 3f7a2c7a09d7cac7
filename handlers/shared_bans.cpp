#include "handlers/shared_bans.hpp"

#include "handlers/say.hpp"

namespace steward::handlers {

shared_bans::shared_bans(storage::global_ban_store& store, storage::community_store& community,
                         operator_sanctions& sanctions, const template_book& book,
                         std::vector<std::string> admin_ids)
    : store_(store),
      community_(community),
      sanctions_(sanctions),
      book_(book),
      admin_ids_(admin_ids.begin(), admin_ids.end()) {
  reload();
}

void shared_bans::reload() {
  listed_.clear();
  for (const auto& b : store_.all())
    listed_.emplace(b.platform, b.user_id);
}

sanction_order shared_bans::ban_order(const std::string& chat_id, const std::string& reason,
                                      const std::string& actor) const {
  const auto lang = book_.group_language(chat_id);
  const std::string why = reason.empty()
                              ? say(book_, chat_id, "gban_reason_none", lang)
                              : say(book_, chat_id, "gban_reason", lang, {{"reason", reason}});
  return {"ban", 0, plain_text(why), true, actor};
}

handler_result shared_bans::handle(const context& ctx) {
  const auto& e = ctx.event;
  if (ctx.command && (ctx.command->name == "gban" || ctx.command->name == "ungban")) {
    return command(ctx);
  }
  if (!e.chat.is_group || e.author.is_bot) return {};
  const bool arrives = e.kind == core::event_kind::member_joined ||
                       e.kind == core::event_kind::message || e.kind == core::event_kind::command ||
                       e.kind == core::event_kind::edited_message;
  if (!arrives || !listed_.contains({e.platform, e.author.user_id})) return {};
  const auto ban = store_.find(e.platform, e.author.user_id);
  if (!ban) return {};
  return enforce_here(ctx, *ban);
}

std::vector<core::action> shared_bans::answer_join_request(const core::chat_event& request) const {
  if (!listed_.contains({request.platform, request.author.user_id})) return {};
  const auto ban = store_.find(request.platform, request.author.user_id);
  if (!ban) return {};
  const auto order = ban_order(request.chat.chat_id, ban->reason, ban->actor);
  return {act_in(request, core::answer_join_request{request.request_id, false, order.reason})};
}

// A listed member turned up: removed at once, the group told once the platform confirmed it.
handler_result shared_bans::enforce_here(const context& ctx, const storage::global_ban& ban) {
  const auto& e = ctx.event;
  handler_result out{{}, true};
  if (!e.message_id.empty() && e.kind != core::event_kind::member_joined) {
    out.actions.push_back(act_in(e, core::delete_message{e.message_id}));
  }
  if (!asked_.emplace(e.chat.chat_id, e.author.user_id).second) return out;
  const auto lang = book_.group_language(e.chat.chat_id);
  auto ticket = sanctions_.order(ctx.group, ctx.member,
                                 ban_order(e.chat.chat_id, ban.reason, ban.actor), lang, ctx.now_s);
  for (auto& action : ticket.actions)
    out.actions.push_back(std::move(action));
  return out;
}

std::vector<core::action> shared_bans::order_everywhere(const std::string& platform,
                                                        const std::string& user_id,
                                                        const sanction_order& order,
                                                        std::int64_t now_s,
                                                        shared_ban_result& result) {
  std::vector<core::action> out;
  for (const auto& chat_id : community_.groups_knowing(platform, user_id)) {
    const auto group = community_.find_group(platform, chat_id);
    if (!group) continue;
    const auto member = community_.find_member(group->id, user_id);
    if (!member) continue;
    const sanction_order here =
        order.kind == "ban" ? ban_order(chat_id, order.reason, order.actor) : order;
    auto ticket = sanctions_.order(*group, *member, here, book_.group_language(chat_id), now_s);
    if (!ticket.refused.empty()) {  // the bot may not, or one of Steward's admins
      result.not_done.push_back({chat_id, ticket.cannot, ticket.refused});
      continue;
    }
    result.chat_ids.push_back(chat_id);
    if (order.kind == "ban") asked_.emplace(chat_id, user_id);
    for (auto& action : ticket.actions)
      out.push_back(std::move(action));
  }
  return out;
}

shared_ban_result shared_bans::ban(const storage::global_ban& ban, std::int64_t now_s) {
  shared_ban_result out;
  out.changed = store_.add(ban);
  listed_.emplace(ban.platform, ban.user_id);
  out.actions = order_everywhere(ban.platform, ban.user_id, {"ban", 0, ban.reason, true, ban.actor},
                                 now_s, out);
  return out;
}

shared_ban_result shared_bans::lift(const std::string& platform, const std::string& user_id,
                                    const std::string& actor, std::int64_t now_s) {
  shared_ban_result out;
  out.changed = store_.remove(platform, user_id);
  listed_.erase({platform, user_id});
  if (!out.changed) return out;
  std::erase_if(asked_, [&](const auto& asked) { return asked.second == user_id; });
  // Quietly: the groups were told of the ban; lifting it is the operator's business.
  out.actions = order_everywhere(platform, user_id, {"unban", 0, "", false, actor}, now_s, out);
  return out;
}

}  // namespace steward::handlers
