#include "handlers/invites.hpp"

#include <fmt/format.h>

#include "handlers/confirmation.hpp"
#include "handlers/phrases.hpp"
#include "handlers/sanction_outcomes.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

// A member first seen more than this before their join was here before: a re-join.
constexpr std::int64_t rejoin_window_s = 600;

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
    return {{reply_with(badges_.book(), ctx, "invite_in_groups", {{"command", ctx.command->word}})},
            true};
  }
  if (const auto link = invites_.link_of(ctx.member.id)) {
    return {{reply_with(badges_.book(), ctx, "invite_link", {{"link", *link}})}, true};
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
  const auto& book = badges_.book();
  if (link.empty()) {
    // Why, as for a sanction: the missing right only when that is what the platform said.
    const auto reason =
        answer.delivered
            ? unreadable_reason(book, answer.chat_id, request->lang, answer.platform)
            : refusal_reason(book, answer.chat_id, "invite", refusal_of(answer, platform),
                             answer.answer, request->lang, answer.platform);
    return {core::action{answer.platform, answer.chat_id, "",
                         core::reply_message{say(book, answer.chat_id, "invite_link_failed",
                                                 request->lang, {}, {{"reason", reason}}),
                                             request->reply_to, true}}};
  }
  invites_.save_link(link, std::stoll(request->member), answer.now_s);
  return {core::action{
      answer.platform, answer.chat_id, "",
      core::reply_message{say(book, answer.chat_id, "invite_link", request->lang, {{"link", link}}),
                          request->reply_to, true}}};
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
    const auto& book = badges_.book();
    const auto lang = book.group_language(due.chat_id);
    const std::string text = say(book, due.chat_id, "invite_rewarded", lang,
                                 {{"inviter", name_for_reply(due.inviter_name, lang)},
                                  {"invitee", name_for_reply(due.invitee_name, lang)},
                                  {"inviter_points", std::to_string(settings_.inviter_points)},
                                  {"invitee_points", std::to_string(settings_.invitee_points)}});
    out.push_back({due.platform, due.chat_id, "", core::send_message{text, true}});
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
