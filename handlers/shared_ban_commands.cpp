// /gban (全局封禁) and /ungban (解除全局封禁): the shared ban list from the chat.
#include <fmt/format.h>

#include <algorithm>

#include "bot/core/text.hpp"
#include "handlers/admin_policy.hpp"
#include "handlers/confirmation.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"
#include "handlers/shared_bans.hpp"
#include "handlers/target.hpp"

namespace steward::handlers {

namespace {

/// Who a /gban names: a member Steward knows here, or a bare user id (someone seen only in
/// another group, or never).
struct named {
  std::string user_id;
  std::string name;
  std::string rest;
};

std::optional<named> named_member(const context& ctx, storage::community_store& community) {
  if (const auto who = resolve_target(ctx, community)) {
    return named{who->member.user_id, name_for_reply(who->member.display_name, ctx.command->lang),
                 who->rest};
  }
  auto [word, rest] = core::split_first_word(ctx.command->args);
  if (word.empty() || word.find_first_not_of("0123456789") != std::string::npos) return {};
  return named{std::string(word), std::string(word), std::string(rest)};
}

}  // namespace

handler_result shared_bans::command(const context& ctx) {
  const auto& e = ctx.event;
  const auto reply = [&](std::string html) {
    return handler_result{{reply_to(e, std::move(html), true)}, true};
  };
  if (!e.chat.is_group) return reply(say(book_, ctx, "groups_only"));
  if (!admin_ids_.contains(e.author.user_id)) {
    // A member hears what any admin command says; a group's admin, that this one is wider.
    if (auto refusal = admin_refusal(ctx, book_); !refusal.empty()) return reply(refusal);
    return reply(say(book_, ctx, "gban_admins_only", {{"command", ctx.command->word}}));
  }
  const auto who = named_member(ctx, community_);
  if (!who) {
    const bool zh = ctx.command->lang == core::language::zh;
    const std::string usage = fmt::format("{} {} {}", ctx.command->word,
                                          zh ? "@用户名" : "@username", zh ? "[原因]" : "[reason]");
    return reply(say(book_, ctx, "name_the_target", {{"usage", usage}}));
  }
  const std::string actor = e.platform + ":" + e.author.user_id;
  if (ctx.command->name == "ungban") {
    auto lifted = lift(e.platform, who->user_id, actor, ctx.now_s);
    if (!lifted.changed) return reply(say(book_, ctx, "gban_not_listed", {{"name", who->name}}));
    auto out = reply(say(book_, ctx, "ungban_done",
                         {{"name", who->name}, {"count", std::to_string(lifted.chat_ids.size())}}));
    for (auto& action : lifted.actions)
      out.actions.push_back(std::move(action));
    return out;
  }
  if (admin_ids_.contains(who->user_id) || who->user_id == e.author.user_id) {
    return reply(
        say(book_, ctx, "not_on_admins", {{"name", who->name}, {"command", ctx.command->word}}));
  }
  auto banned = ban({e.platform, who->user_id, who->name == who->user_id ? "" : who->name,
                     who->rest, actor, ctx.now_s},
                    ctx.now_s);
  const auto lang = ctx.command->lang;
  std::string text =
      !banned.chat_ids.empty()
          ? say(book_, ctx, "gban_done",
                {{"name", who->name}, {"count", std::to_string(banned.chat_ids.size())}})
          : say(book_, ctx, banned.not_done.empty() ? "gban_done_nowhere" : "gban_listed",
                {{"name", who->name}});
  if (!banned.not_done.empty()) text = join_sentences(text, not_done_notice(ctx, banned), lang);
  if (!who->rest.empty()) {
    text = join_sentences(text, say(book_, ctx, "sanction_reason", {{"reason", who->rest}}), lang);
  }
  auto out = reply(std::move(text));
  for (auto& action : banned.actions)
    out.actions.push_back(std::move(action));
  return out;
}

// Where the member is known but the bot may not ban them: how many groups, and why — this
// group's reason when it is one of them.
std::string shared_bans::not_done_notice(const context& ctx,
                                         const shared_ban_result& banned) const {
  const auto& e = ctx.event;
  const auto here = std::find_if(banned.not_done.begin(), banned.not_done.end(),
                                 [&](const not_done_in& n) { return n.chat_id == e.chat.chat_id; });
  const auto& shown = here != banned.not_done.end() ? *here : banned.not_done.front();
  const auto reason =
      refusal_reason(book_, shown.chat_id, "ban", shown.why, "", ctx.command->lang, e.platform);
  return say(book_, ctx, "gban_not_done", {{"count", std::to_string(banned.not_done.size())}},
             {{"reason", reason}});
}

std::vector<core::command_spec> shared_bans::commands() {
  return {
      {.name = "gban",
       .owner = "shared_bans",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"全局封禁"},
       .alias_args = true,
       .usage_en = "[reason]",
       .usage_zh = "[原因]",
       .help_en = "ban a member from every group (Steward's own admins)",
       .help_zh = "在所有群封禁成员（仅全局管理员）",
       .reference = "put a member on the shared ban list: banned in every group where Steward "
                    "knows them, and removed from any group they join or write in later; only "
                    "`moderation.admin_ids` may use it. A user id works for someone not in this "
                    "group"},
      {.name = "ungban",
       .owner = "shared_bans",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"解除全局封禁"},
       .alias_args = true,
       .help_en = "take a member off the shared ban list",
       .help_zh = "解除全局封禁",
       .reference = "take a member off the shared ban list and lift their ban in every group "
                    "where Steward knows them (quietly)"},
  };
}

}  // namespace steward::handlers
