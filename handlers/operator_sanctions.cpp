#include "handlers/operator_sanctions.hpp"

#include <fmt/format.h>

#include "handlers/confirmation.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

core::action act(const storage::group_row& group, core::action_body body) {
  return {group.platform, group.chat_id, "operator", std::move(body)};
}

}  // namespace

operator_sanctions::operator_sanctions(storage::moderation_store& store, escalation_ladder& ladder,
                                       capability_lookup caps, platform_check serves,
                                       const rules::rules_config& cfg, const template_book& book)
    : store_(store),
      ladder_(ladder),
      caps_(std::move(caps)),
      serves_(std::move(serves)),
      cfg_(cfg),
      admin_ids_(cfg.admin_ids.begin(), cfg.admin_ids.end()),
      book_(book) {}

bool operator_sanctions::is_order(const std::string& kind) {
  return kind == "warn" || kind == "mute" || kind == "kick" || kind == "ban" || kind == "unmute" ||
         kind == "unban";
}

std::string operator_sanctions::not_configured(const std::string& platform) {
  return fmt::format(
      "{} is not configured in this Steward ([{}] in the config): nothing can be done in its "
      "groups until it is again",
      platform_name(platform), platform);
}

sanction_ticket operator_sanctions::order(const storage::group_row& group,
                                          const storage::member_row& member,
                                          const sanction_order& o, core::language lang,
                                          std::int64_t now_s) {
  sanction_ticket out;
  if (!serves(group.platform)) {  // nothing logged: no measure was taken or asked
    out.refused = not_configured(group.platform);
    return out;
  }
  if (o.kind == "unmute" || o.kind == "unban") return lift(group, member, o, lang, now_s);
  // The platform refuses measures against a chat's admins; Steward's configured admins are
  // refused here, as in chat.
  if (admin_ids_.contains(member.user_id)) {
    out.refused = "they are one of Steward's configured admins (moderation.admin_ids)";
    return out;
  }
  sanction s;
  if (o.kind == "warn") {
    s = ladder_.escalate(member.id, now_s, o.reason, o.actor);
  } else if (o.kind == "kick") {
    s = {"kick", 0};
  } else {
    const std::int64_t seconds =
        o.kind == "mute" && o.seconds == 0 ? ladder_.default_mute_seconds() : o.seconds;
    s = timed_sanction(o.kind, now_s, seconds);
  }
  s = within_platform_limits(s, caps_(group.platform), now_s);
  core::chat_event where;
  where.platform = group.platform;
  where.chat.chat_id = group.chat_id;
  where.chat.is_group = true;
  where.event_id = "operator";
  auto enforced = enforce(where, member.user_id, s, caps_(group.platform).in_chat(group.bot),
                          group.bot, cfg_.fallback);
  out.kind = enforced.done.empty() ? s.kind : enforced.done;
  out.taken = enforced.taken;
  const std::string name = name_for_reply(member.display_name, lang);
  if (s.kind == "warn") {
    // A warning is Steward's own record, already written: it can be announced now.
    out.log_id = log(group, member, o, enforced.taken, 0, now_s);
    if (o.announce) {
      out.actions.push_back(
          act(group, core::send_message{notice(group, s, name, o.reason, lang), true}));
    }
    return out;
  }
  if (enforced.actions.empty()) {
    out.log_id = log(group, member, o, enforced.taken, 0, now_s);
    out.cannot = enforced.cannot;
    out.refused = plain_text(failure_notice(built_in_book(), "", s.kind, name, enforced.cannot, "",
                                            core::language::en, group.platform));
    return out;
  }
  out.log_id = log(group, member, o, enforced.taken, 1, now_s);
  out.awaits_platform = true;
  const sanction done = enforced.done == s.kind ? s : sanction{enforced.done};
  confirmation c{out.log_id, group.id, enforced.done,
                 name,       lang,     o.announce ? notice(group, done, name, o.reason, lang) : "",
                 ""};
  c.quiet = true;  // the operator reads a refusal in the log entry; the group is not told
  out.actions.push_back(confirmed(std::move(enforced.actions.front()), c));
  return out;
}

sanction_ticket operator_sanctions::lift(const storage::group_row& group,
                                         const storage::member_row& member, const sanction_order& o,
                                         core::language lang, std::int64_t now_s) {
  const bool unmute = o.kind == "unmute";
  const std::string name = name_for_reply(member.display_name, lang);
  const std::string text =
      say(book_, group.chat_id, unmute ? "unmuted" : "unbanned", lang, {{"name", name}});
  sanction_ticket out;
  out.kind = o.kind;
  out.taken = o.kind;
  out.log_id = log(group, member, o, o.kind, 1, now_s);
  out.awaits_platform = true;
  confirmation c{out.log_id, group.id, o.kind, name, lang, o.announce ? text : "", ""};
  c.quiet = true;
  const core::action_body call = unmute ? core::action_body{core::lift_restriction{member.user_id}}
                                        : core::action_body{core::unban_member{member.user_id}};
  out.actions.push_back(confirmed(act(group, call), c));
  return out;
}

std::string operator_sanctions::notice(const storage::group_row& group, const sanction& s,
                                       const std::string& name, const std::string& reason,
                                       core::language lang) const {
  return sanction_notice(book_, group.chat_id, s, name, reason, lang, group.time_zone);
}

std::int64_t operator_sanctions::log(const storage::group_row& group,
                                     const storage::member_row& member, const sanction_order& o,
                                     const std::string& taken, int calls, std::int64_t now_s) {
  storage::moderation_entry entry;
  entry.group_id = group.id;
  entry.member_id = member.id;
  entry.rule = o.kind;
  entry.action = o.kind;
  entry.taken = taken;
  entry.actor = o.actor;
  entry.reason = o.reason;
  entry.at = now_s;
  entry.pending_calls = calls;
  return store_.log(entry);
}

}  // namespace steward::handlers
