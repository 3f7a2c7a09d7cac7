#include "handlers/invites.hpp"

#include <fmt/format.h>

#include "handlers/phrases.hpp"

namespace steward::handlers {

namespace {

// A member first seen more than this before their join was here before: a re-join.
constexpr std::int64_t rejoin_window_s = 600;

std::string link_message(const std::string& link, core::language lang) {
  if (lang == core::language::zh) {
    return fmt::format("🔗 你的专属邀请链接：{}\n朋友通过它入群、留下并参与交流，你们都会获得积分。",
                       link);
  }
  return fmt::format(
      "🔗 Your personal invite link: {}\nFriends who join through it, stay and "
      "take part earn you both points.",
      link);
}

/// What the invite link's follow-up carries: "member:reply_to[:language]".
struct link_request {
  std::string member;
  std::string reply_to;
  core::language lang = core::language::en;
};

std::optional<link_request> read_link_request(const std::string& ref) {
  const auto first = ref.find(':');
  if (first == std::string::npos) return std::nullopt;
  link_request out{ref.substr(0, first), ref.substr(first + 1)};
  if (const auto second = out.reply_to.find(':'); second != std::string::npos) {
    out.lang = out.reply_to.substr(second + 1) == "zh" ? core::language::zh : core::language::en;
    out.reply_to.resize(second);
  }
  return out;
}

}  // namespace

invites_handler::invites_handler(storage::invite_store& invites, storage::ledger_store& ledger,
                                 badge_rules& badges, invite_settings settings)
    : invites_(invites), ledger_(ledger), badges_(badges), settings_(settings) {}

handler_result invites_handler::handle(const context& ctx) {
  if (ctx.event.kind == core::event_kind::member_joined && !ctx.event.invite_link.empty()) {
    record_join(ctx);
    return {};  // not consumed: welcomes and other join handling still run
  }
  if (ctx.command) return give_link(ctx);
  return {};
}

handler_result invites_handler::give_link(const context& ctx) {
  const auto lang = ctx.command->lang;
  if (!ctx.event.chat.is_group) {
    return {{reply_to(ctx.event, in(lang, "Use /invite in the group you want to invite friends to.",
                                    "请在你想邀请朋友加入的群里发送 邀请。"))},
            true};
  }
  if (const auto link = invites_.link_of(ctx.member.id)) {
    return {{reply_to(ctx.event, link_message(*link, lang))}, true};
  }
  const std::string name = name_for_reply(ctx.member.display_name, core::language::en);
  return {{core::action{ctx.event.platform, ctx.event.chat.chat_id, ctx.event.event_id,
                        core::create_invite_link{"Steward · " + name, std::to_string(ctx.member.id),
                                                 ctx.event.message_id,
                                                 lang == core::language::zh ? "zh" : "en"}}},
          true};
}

void invites_handler::record_join(const context& ctx) {
  const auto inviter = invites_.owner_of(ctx.event.invite_link);
  if (!inviter || *inviter == ctx.member.id || ctx.event.author.is_bot) return;
  if (ctx.member.first_seen < ctx.now_s - rejoin_window_s) return;  // was here before
  invites_.record(ctx.member.id, *inviter, ctx.at);
}

std::vector<core::action> invites_handler::follow_up(const delivery_answer& answer,
                                                     const core::platform_adapter& platform) {
  if (answer.purpose != "invite_link") return {};
  const auto request = read_link_request(answer.purpose_ref);
  if (!request) return {};
  const std::string link =
      answer.delivered ? platform.created_invite_link({200, "", answer.answer}) : "";
  if (link.empty()) {
    return {
        core::action{answer.platform, answer.chat_id, "",
                     core::reply_message{
                         in(request->lang,
                            "Sorry, I could not create an invite link. An admin needs to let "
                            "me invite users (make me an admin with the \"Invite users via "
                            "link\" right).",
                            "抱歉，我没能创建邀请链接。需要管理员授予我“通过链接邀请用户”的权限。"),
                         request->reply_to}}};
  }
  invites_.save_link(link, std::stoll(request->member), answer.now_s);
  return {core::action{answer.platform, answer.chat_id, "",
                       core::reply_message{link_message(link, request->lang), request->reply_to}}};
}

std::vector<core::action> invites_handler::credit_due(std::int64_t now_s) {
  std::vector<core::action> out;
  for (const auto& due :
       invites_.due(now_s - settings_.stay_days * 86400, settings_.min_messages)) {
    if (!invites_.mark_credited(due.invitee_id, now_s)) continue;
    const std::string key = "invite:" + std::to_string(due.invitee_id);
    ledger_.append(
        {due.inviter_id, settings_.inviter_points, "invite", "", key + ":inviter", now_s});
    ledger_.append(
        {due.invitee_id, settings_.invitee_points, "invite", "", key + ":invitee", now_s});
    const std::string inviter = name_for_reply(due.inviter_name, core::language::en);
    const std::string invitee = name_for_reply(due.invitee_name, core::language::en);
    out.push_back(
        {due.platform, due.chat_id, "",
         core::send_message{fmt::format(
             "🤝 {} invited {}, who stayed and joined in: +{} points for {}, +{} for {}.",
             inviter, invitee, settings_.inviter_points, inviter, settings_.invitee_points,
             invitee)}});
    if (auto badge =
            badges_.on_invites_credited(due.platform, due.chat_id, due.inviter_id, due.inviter_name,
                                        invites_.credited_count(due.inviter_id), now_s)) {
      out.push_back(std::move(*badge));
    }
  }
  return out;
}

std::vector<core::command_spec> invites_handler::commands() {
  return {
      {.name = "invite",
       .owner = "invites",
       .aliases = {"邀请"},
       .help_en = "your personal invite link: friends who stay and take part earn you both points",
       .help_zh = "你的专属邀请链接，好友留下并参与后双方得积分",
       .reference = "your personal invite link (Telegram `createChatInviteLink`, named after you, "
                    "reused). When a friend joins through it and, after `invites.stay_days`, is "
                    "still there and has sent `invites.min_messages` messages or checked in, you "
                    "both earn points. Self-invites, bots and re-joins never count"},
  };
}

}  // namespace steward::handlers
