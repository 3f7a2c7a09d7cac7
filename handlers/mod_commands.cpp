#include "handlers/mod_commands.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "bot/core/duration.hpp"
#include "bot/core/text.hpp"
#include "handlers/admin_policy.hpp"
#include "handlers/confirmation.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"
#include "handlers/target.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

/// Reads an optional leading duration: {seconds or 0, rest}; error text when it looks like a
/// duration but is not one.
struct duration_arg {
  std::int64_t seconds = 0;
  std::string rest;
  std::string error;
};

duration_arg leading_duration(const context& ctx, const std::string& args,
                              const template_book& book) {
  auto [word, rest] = core::split_first_word(args);
  if (word.empty() || !std::isdigit(static_cast<unsigned char>(word[0]))) return {0, args, ""};
  if (const auto seconds = core::parse_duration(word)) return {*seconds, rest, ""};
  return {0, args, say(book, ctx, "bad_duration", {{"word", word}})};
}

// How to name the member, written with the command as the admin typed it ("禁言 @用户名 10m
// [原因]" after 禁言, "/mute @username 10m [reason]" after /mute).
std::string usage(const context& ctx) {
  const auto& command = ctx.command->name;
  const bool timed = command == "mute" || command == "ban";
  const bool chinese = ctx.command->lang == core::language::zh;
  return fmt::format("{} {}{} {}", ctx.command->word, chinese ? "@用户名" : "@username",
                     timed ? " 10m" : "", chinese ? "[原因]" : "[reason]");
}

// Nobody known was named: say whom Steward does not know, or how to name someone.
std::string not_named(const context& ctx, const template_book& book) {
  auto unknown = unknown_target(ctx, book);
  return unknown.empty() ? say(book, ctx, "name_the_target", {{"usage", usage(ctx)}}) : unknown;
}

// A reply that is already Telegram HTML (rendered from the group's templates).
core::action reply_html(const context& ctx, std::string html) {
  return reply_to(ctx.event, std::move(html), true);
}

}  // namespace

mod_commands_handler::mod_commands_handler(rules::rules_engine& engine,
                                           storage::moderation_store& store,
                                           storage::community_store& community,
                                           escalation_ladder& ladder, capability_lookup caps,
                                           const template_book& book)
    : engine_(engine),
      store_(store),
      community_(community),
      ladder_(ladder),
      caps_(std::move(caps)),
      admin_ids_(engine.config().admin_ids.begin(), engine.config().admin_ids.end()),
      book_(book) {}

handler_result mod_commands_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const std::string& command = ctx.command->name;
  if (!ctx.event.chat.is_group) {
    return {{reply_with(book_, ctx, "groups_only")}, true};
  }
  if (command == "report") return report(ctx);
  if (const auto refusal = admin_refusal(ctx, book_); !refusal.empty()) {
    return {{reply_html(ctx, refusal)}, true};
  }
  if (command == "reload") return reload(ctx);
  if (command == "del") return delete_replied(ctx);
  if (command == "warn" || command == "mute" || command == "kick" || command == "ban") {
    return sanction_command(ctx, command);
  }
  if (command == "unmute" || command == "unban") return lift_command(ctx, command);
  return record_command(ctx, command);
}

// A timed sanction must fit what Telegram honours: too short is refused (Telegram would make it
// permanent); too long is set, and announced, as permanent.
bool too_short(std::int64_t seconds) {
  return seconds != 0 && seconds < shortest_timed_sanction_s;
}

handler_result mod_commands_handler::sanction_command(const context& ctx,
                                                      const std::string& command) {
  const auto who = resolve_target(ctx, community_);
  if (!who) return {{reply_html(ctx, not_named(ctx, book_))}, true};
  const auto lang = ctx.command->lang;
  const std::string name = name_for_reply(who->member.display_name, lang);
  if (const auto refusal = refuse_target(ctx, who->member); !refusal.empty()) {
    return {{reply_html(ctx, refusal)}, true};
  }
  std::string reason = who->rest;
  std::string note;
  sanction s;
  if (command == "warn") {
    s = ladder_.escalate(who->member.id, ctx.now_s, reason, ctx.event.author.user_id);
  } else if (command == "mute" || command == "ban") {
    const auto d = leading_duration(ctx, who->rest, book_);
    if (!d.error.empty()) return {{reply_html(ctx, d.error)}, true};
    if (too_short(d.seconds)) return {{reply_with(book_, ctx, "duration_too_short")}, true};
    reason = d.rest;
    std::int64_t seconds = d.seconds;
    if (command == "mute" && seconds == 0) seconds = ladder_.default_mute_seconds();
    s = timed_sanction(command, ctx.now_s, seconds);
    if (seconds > longest_timed_sanction_s && ctx.event.platform == "telegram") {
      note = say(book_, ctx, "sanction_capped");
    }
  } else {
    s = {"kick", 0};
  }
  if (command == "ban" || command == "kick") learn_removed(ctx, command);
  s = within_platform_limits(s, caps_(ctx.event.platform), ctx.now_s);
  auto enforced =
      enforce(ctx.event, who->member.user_id, s, caps_(ctx.event.platform).in_chat(ctx.group.bot),
              ctx.group.bot, engine_.config().fallback);
  const auto log_id = log(ctx, who->member.id, command, enforced.taken, reason,
                          static_cast<int>(enforced.actions.size()));
  handler_result out{{}, true};
  const auto& chat = ctx.event.chat.chat_id;
  const auto notice = [&](const sanction& told) {
    return join_sentences(
        sanction_notice(book_, chat, told, name, reason, lang, ctx.group.time_zone), note, lang);
  };
  if (s.kind == "warn") {
    // A warning is Steward's own record, already written: it can be confirmed now.
    out.actions.push_back(reply_html(ctx, notice(s)));
  } else if (enforced.actions.empty()) {
    out.actions.push_back(reply_html(ctx, failure_notice(book_, chat, s.kind, name, enforced.cannot,
                                                         "", lang, ctx.event.platform)));
  } else {
    const sanction done = enforced.done == s.kind ? s : sanction{enforced.done};
    confirmation c{log_id, ctx.group.id, enforced.done,       name,
                   lang,   notice(done), ctx.event.message_id};
    out.actions.push_back(confirmed(std::move(enforced.actions.front()), c));
  }
  return out;
}

// Who may not be sanctioned: a chat admin (the platform refuses it anyway) and the members
// Steward is configured to treat as admins. Returns the reply, or empty.
std::string mod_commands_handler::refuse_target(const context& ctx,
                                                const storage::member_row& target) {
  if (target.user_id == ctx.event.author.user_id) return say(book_, ctx, "not_on_yourself");
  const auto& chat_admins = ctx.event.chat_admins;
  const bool chat_admin = chat_admins && std::find(chat_admins->begin(), chat_admins->end(),
                                                   target.user_id) != chat_admins->end();
  if (!chat_admin && !admin_ids_.contains(target.user_id)) return {};
  return say(book_, ctx, "not_on_admins",
             {{"name", name_for_reply(target.display_name, ctx.command->lang)},
              {"command", ctx.command->word}});
}

handler_result mod_commands_handler::lift_command(const context& ctx, const std::string& command) {
  const auto who = resolve_target(ctx, community_);
  if (!who) return {{reply_html(ctx, not_named(ctx, book_))}, true};
  const auto name = name_for_reply(who->member.display_name, ctx.command->lang);
  const bool unmute = command == "unmute";
  const std::string text = say(book_, ctx, unmute ? "unmuted" : "unbanned", {{"name", name}});
  const auto log_id = log(ctx, who->member.id, command, command, who->rest, 1);
  const confirmation c{log_id, ctx.group.id,        command, name, ctx.command->lang,
                       text,   ctx.event.message_id};
  const core::action_body call =
      unmute ? core::action_body{core::lift_restriction{who->member.user_id}}
             : core::action_body{core::unban_member{who->member.user_id}};
  return {{confirmed(act_in(ctx.event, call), c)}, true};
}

handler_result mod_commands_handler::record_command(const context& ctx,
                                                    const std::string& command) {
  const auto who = resolve_target(ctx, community_);
  if (!who) return {{reply_html(ctx, not_named(ctx, book_))}, true};
  const auto name = name_for_reply(who->member.display_name, ctx.command->lang);
  std::string text;
  if (command == "unwarn") {
    const bool removed =
        store_.revoke_last_warning(who->member.id, ladder_.active_since(ctx.now_s), ctx.now_s);
    const auto left =
        store_.active_warnings(who->member.id, ladder_.active_since(ctx.now_s)).size();
    text = removed ? say(book_, ctx, "warning_removed",
                         {{"name", name}, {"left", std::to_string(left)}})
                   : say(book_, ctx, "no_warnings", {{"name", name}});
    if (removed) log(ctx, who->member.id, command, "unwarn", who->rest);
  } else if (command == "warns") {
    const auto active = store_.active_warnings(who->member.id, ladder_.active_since(ctx.now_s));
    std::string list;
    for (const auto& w : active) {
      list += fmt::format("\n• {} {}", format_until(w.at, ctx.group.time_zone),
                          w.reason.empty() ? "-" : w.reason);
    }
    text = say(book_, ctx, "warnings",
               {{"name", name}, {"count", std::to_string(active.size())}, {"list", list}});
  } else {
    const bool approve = command == "approve";
    store_.set_approved(who->member.id, approve, ctx.event.author.user_id, ctx.now_s);
    if (approve && learning_ != nullptr) {  // what an approved member wrote is no spam
      for (auto& said : store_.recent_texts(who->member.id, 5)) {
        learning_->teach({0, ctx.event.chat.chat_id, std::move(said), false, "approve",
                          ctx.event.author.user_id, ctx.now_s});
      }
    }
    text = say(book_, ctx, approve ? "approved" : "unapproved", {{"name", name}});
    log(ctx, who->member.id, command, command, who->rest);
  }
  return {{reply_html(ctx, text)}, true};
}

handler_result mod_commands_handler::delete_replied(const context& ctx) {
  if (ctx.event.reply_to_message_id.empty()) {
    return {{reply_with(book_, ctx, "del_needs_reply", {{"command", ctx.command->word}})}, true};
  }
  std::optional<storage::member_row> author;
  if (!ctx.event.reply_to_author.user_id.empty()) {
    author = community_.find_member(ctx.group.id, ctx.event.reply_to_author.user_id);
  }
  const auto log_id = log(ctx, author ? author->id : 0, "del", "delete", ctx.command->args, 1);
  learn_removed(ctx, "del");
  const auto name = name_for_reply(author ? author->display_name : "", ctx.command->lang);
  // Only the removal the admin asked for is confirmed; the /del message itself is tidying up.
  const confirmation c{log_id, ctx.group.id,        "delete", name, ctx.command->lang,
                       "",     ctx.event.message_id};
  return {{confirmed(act_in(ctx.event, core::delete_message{ctx.event.reply_to_message_id}), c),
           act_in(ctx.event, core::delete_message{ctx.event.message_id})},
          true};
}

void mod_commands_handler::learn_removed(const context& ctx, const std::string& source) {
  const auto& replied = ctx.event.reply_to_message_id;
  if (learning_ == nullptr || replied.empty()) return;
  if (auto text = store_.message_text(ctx.group.id, replied)) {
    learning_->teach({0, ctx.event.chat.chat_id, std::move(*text), true, source,
                      ctx.event.author.user_id, ctx.now_s});
  }
}

handler_result mod_commands_handler::report(const context& ctx) {
  if (ctx.event.reply_to_message_id.empty()) {
    return {{reply_with(book_, ctx, "report_needs_reply", {{"command", ctx.command->word}})}, true};
  }
  if (const auto refusal = report_refusal(ctx); !refusal.empty()) {
    return {{reply_html(ctx, refusal)}, true};
  }
  std::optional<storage::member_row> reported;
  if (!ctx.event.reply_to_author.user_id.empty()) {
    reported = community_.find_member(ctx.group.id, ctx.event.reply_to_author.user_id);
  }
  const auto lang = ctx.command->lang;
  const std::string reporter = name_for_reply(ctx.event.author.display_name, lang);
  const std::string author = name_for_reply(reported ? reported->display_name : "", lang);
  storage::moderation_entry entry;
  entry.group_id = ctx.group.id;
  if (reported) entry.member_id = reported->id;
  entry.message_id = ctx.event.reply_to_message_id;
  entry.rule = "report";
  entry.action = "flag";
  entry.actor = ctx.event.author.user_id;
  entry.reason = ctx.command->args;
  entry.at = ctx.now_s;
  if (!engine_.config().report_chat.empty()) return forward_report(ctx, entry, reporter, author);
  return mention_admins(ctx, entry, reporter, author);
}

// The reported message and who reported it go to the report chat; "the admins have been told"
// only once the report reached it.
handler_result mod_commands_handler::forward_report(const context& ctx,
                                                    storage::moderation_entry entry,
                                                    const std::string& reporter,
                                                    const std::string& author) {
  const auto& report_chat = engine_.config().report_chat;
  entry.taken = "forwarded to the report chat";
  entry.pending_calls = 1;
  const auto log_id = store_.log(entry);
  const auto& reason = ctx.command->args;
  const std::string text = say(book_, ctx, reason.empty() ? "report_sent" : "report_sent_reason",
                               {{"reporter", reporter},
                                {"author", author},
                                {"group", ctx.event.chat.title},
                                {"reason", reason}});
  const confirmation told{log_id,
                          ctx.group.id,
                          "report",
                          author,
                          ctx.command->lang,
                          say(book_, ctx, "report_thanks"),
                          ctx.event.message_id,
                          ctx.event.chat.chat_id};
  return {
      {core::action{ctx.event.platform, report_chat, ctx.event.event_id,
                    core::forward_message{ctx.event.chat.chat_id, ctx.event.reply_to_message_id}},
       confirmed(
           {ctx.event.platform, report_chat, ctx.event.event_id, core::send_message{text, true}},
           told)},
      true};
}

// With no report chat, the group's admins are mentioned in the group itself (a mention notifies
// them); when the platform would not say who they are, nobody can be told, and the member hears so.
handler_result mod_commands_handler::mention_admins(const context& ctx,
                                                    storage::moderation_entry entry,
                                                    const std::string& reporter,
                                                    const std::string& author) {
  const bool chinese = ctx.command->lang == core::language::zh;
  const auto& admins = ctx.event.chat_admins;
  if (!admins || admins->empty()) {
    entry.taken = "nobody could be told";
    store_.log(entry);
    return {{reply_with(book_, ctx, "report_nobody")}, true};
  }
  std::string mentions;
  for (const auto& id : *admins) {
    const auto admin = community_.find_member(ctx.group.id, id);
    if (!mentions.empty()) mentions += chinese ? "、" : ", ";
    mentions +=
        mention_html(id, admin && !admin->display_name.empty() ? admin->display_name
                                                               : (chinese ? "管理员" : "admin"));
  }
  entry.taken = "admins mentioned in the group";
  store_.log(entry);
  const auto& reason = ctx.command->args;
  const std::string text =
      say(book_, ctx, reason.empty() ? "report_to_admins" : "report_to_admins_reason",
          {{"reporter", reporter}, {"author", author}, {"reason", reason}}, {{"admins", mentions}});
  return {{core::action{ctx.event.platform, ctx.event.chat.chat_id, ctx.event.event_id,
                        core::reply_message{text, ctx.event.reply_to_message_id, true}}},
          true};
}

// At most report_limit reports per member per report_window, and one per message.
std::string mod_commands_handler::report_refusal(const context& ctx) {
  const auto filed = store_.reports_by(ctx.group.id, ctx.event.author.user_id,
                                       ctx.event.reply_to_message_id, ctx.now_s - report_window_s);
  if (filed.this_message) return say(book_, ctx, "report_already");
  if (filed.recent < report_limit) return {};
  return say(
      book_, ctx, "report_too_many",
      {{"count", std::to_string(filed.recent)}, {"minutes", std::to_string(report_window_s / 60)}});
}

handler_result mod_commands_handler::reload(const context& ctx) {
  engine_.reload();
  return {{reply_with(book_, ctx, "reload_started")}, true};
}

std::int64_t mod_commands_handler::log(const context& ctx, std::int64_t member_id,
                                       const std::string& rule, const std::string& taken,
                                       const std::string& reason, int pending_calls) {
  storage::moderation_entry entry;
  entry.group_id = ctx.group.id;
  if (member_id != 0) entry.member_id = member_id;
  entry.message_id = ctx.event.reply_to_message_id;
  entry.rule = rule;
  entry.action = rule;
  entry.taken = taken;
  entry.actor = ctx.event.author.user_id;
  entry.reason = reason;
  entry.at = ctx.now_s;
  entry.pending_calls = pending_calls;
  return store_.log(entry);
}

std::vector<core::command_spec> mod_commands_handler::commands() {
  return {
      {.name = "warn",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"警告"},
       .alias_args = true,
       .usage_en = "[reason]",
       .usage_zh = "[原因]",
       .help_en = "warn a member; repeated warnings climb the ladder",
       .help_zh = "警告成员，多次警告按阶梯升级处罚",
       .reference = "a warning and the ladder step it reaches (default warn → warn → mute 1 h → "
                    "mute 1 d → ban)"},
      {.name = "unwarn",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"撤销警告"},
       .alias_args = true,
       .help_en = "remove a member's newest active warning",
       .help_zh = "撤销成员最近一次警告"},
      {.name = "warns",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"警告记录"},
       .alias_args = true,
       .help_en = "list a member's active warnings",
       .help_zh = "查看成员的有效警告",
       .reference = "list active warnings with reasons"},
      {.name = "mute",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"禁言"},
       .alias_args = true,
       .usage_en = "[duration] [reason]",
       .usage_zh = "[时长] [原因]",
       .help_en = "mute a member (default 1 h)",
       .help_zh = "禁言成员（默认 1 小时）",
       .reference =
           "`restrictChatMember` until the time given (default: the ladder's first mute, 1 h)"},
      {.name = "unmute",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"解禁"},
       .alias_args = true,
       .help_en = "lift a mute",
       .help_zh = "解除禁言"},
      {.name = "kick",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"踢出"},
       .alias_args = true,
       .usage_en = "[reason]",
       .usage_zh = "[原因]",
       .help_en = "remove a member; they may rejoin",
       .help_zh = "移出成员（可重新加入）"},
      {.name = "ban",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"封禁"},
       .alias_args = true,
       .usage_en = "[duration] [reason]",
       .usage_zh = "[时长] [原因]",
       .help_en = "ban a member, for a time or for good",
       .help_zh = "封禁成员（可指定时长）",
       .reference = "ban for the time given or for good"},
      {.name = "unban",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"解封"},
       .alias_args = true,
       .help_en = "let a banned member back",
       .help_zh = "解除封禁"},
      {.name = "del",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"删除"},
       .alias_args = true,
       .help_en = "(as a reply) delete that message and the command",
       .help_zh = "（回复消息）删除该消息和这条命令"},
      {.name = "approve",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"批准"},
       .alias_args = true,
       .help_en = "exempt a member from automatic moderation",
       .help_zh = "让成员免于自动审核"},
      {.name = "unapprove",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"取消批准"},
       .alias_args = true,
       .help_en = "end a member's exemption from automatic moderation",
       .help_zh = "取消成员的免审"},
      {.name = "reload",
       .owner = "mod_commands",
       .role = core::command_role::admin,
       .section = core::command_section::moderation,
       .aliases = {"重载词库"},
       .alias_args = true,
       .help_en = "re-read the word lists (moderation keeps running)",
       .help_zh = "重新加载词库（审核不中断）",
       .reference =
           "re-read the word lists in the background (also on `SIGHUP`); moderation keeps running"},
      {.name = "report",
       .owner = "mod_commands",
       .section = core::command_section::moderation,
       .aliases = {"举报"},
       .alias_args = true,
       .checks_admin = true,
       .usage_en = "[reason]",
       .usage_zh = "[原因]",
       .help_en = "(as a reply) tell the admins about a message",
       .help_zh = "（回复消息）举报给管理员",
       .reference = "(every member, as a reply) tell the admins: with `moderation.report_chat` the "
                    "message is "
                    "forwarded there with who reported it, and \"the admins have been told\" comes "
                    "once Telegram delivered it; without one, the group's admins are mentioned in "
                    "the group; when neither is possible the member hears that nobody could be "
                    "told. Three reports per member per 10 minutes, one per message"},
  };
}

}  // namespace steward::handlers
