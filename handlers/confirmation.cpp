#include "handlers/confirmation.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

// The administrator rights by the names the platform's apps show (QQ and Feishu have only
// "admin").
std::string right_needed(const std::string& kind, const std::string& platform,
                         core::language lang) {
  if (platform == "onebot" || platform == "feishu")
    return lang == core::language::zh ? "群管理员" : "group admin";
  if (kind == "delete") return lang == core::language::zh ? "删除消息" : "Delete messages";
  if (kind == "invite")
    return lang == core::language::zh ? "通过链接邀请用户" : "Invite users via link";
  return lang == core::language::zh ? "封禁用户" : "Ban users";
}

const char* refusal_key(core::refusal why) {
  switch (why) {
    case core::refusal::target_is_admin:
      return "refusal_target_is_admin";
    case core::refusal::lacks_right:
      return "refusal_lacks_right";
    case core::refusal::not_admin:
      return "refusal_not_admin";
    case core::refusal::not_supergroup:
      return "refusal_not_supergroup";
    case core::refusal::target_absent:
      return "refusal_target_absent";
    case core::refusal::message_gone:
      return "refusal_message_gone";
    case core::refusal::too_old:
      return "refusal_too_old";
    case core::refusal::unreachable:
      return "refusal_unreachable";
    case core::refusal::expired:
      return "refusal_expired";
    case core::refusal::unsupported:
      return "refusal_unsupported";
    case core::refusal::unknown:
    case core::refusal::unconfirmed:  // not a reason it failed: failure_notice says so apart
      break;
  }
  return nullptr;
}

// A relay's platform has no name Steward knows.
std::string shown_name(const std::string& platform, core::language lang) {
  if (platform != "generic") return platform_name(platform);
  return lang == core::language::zh ? "平台" : "the platform";
}

std::string action_key(const std::string& kind) {
  for (const char* known : {"delete", "mute", "kick", "ban", "unmute", "unban", "report"}) {
    if (kind == known) return "action_" + kind;
  }
  return "action_other";
}

}  // namespace

core::action confirmed(core::action act, const confirmation& c) {
  const nlohmann::json ref{{"log", c.log_id},
                           {"group", c.group_id},
                           {"kind", c.kind},
                           {"name", c.target_name},
                           {"zh", c.lang == core::language::zh},
                           {"notice", c.notice},
                           {"reply_to", c.reply_to},
                           {"chat", c.chat_id},
                           {"quiet", c.quiet},
                           {"html", true}};
  act.purpose = std::string(confirm_purpose);
  act.purpose_ref = ref.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return act;
}

std::optional<confirmation> read_confirmation(std::string_view ref) {
  const auto j = nlohmann::json::parse(ref, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  try {
    confirmation c;
    c.log_id = j.at("log").get<std::int64_t>();
    c.group_id = j.at("group").get<std::int64_t>();
    c.kind = j.at("kind").get<std::string>();
    c.target_name = j.at("name").get<std::string>();
    c.lang = j.at("zh").get<bool>() ? core::language::zh : core::language::en;
    c.notice = j.at("notice").get<std::string>();
    c.reply_to = j.at("reply_to").get<std::string>();
    c.chat_id = j.value("chat", "");
    c.quiet = j.value("quiet", false);
    c.html = j.value("html", false);  // written before notices were templates: plain text
    return c;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // written by another version: the caller logs and skips it
  }
}

std::string failure_notice(const template_book& book, const std::string& chat_id,
                           const std::string& kind, const std::string& name, core::refusal why,
                           const std::string& detail, core::language lang,
                           const std::string& platform) {
  const std::string what = say(book, chat_id, action_key(kind), lang, {{"name", name}});
  if (why == core::refusal::unconfirmed) {
    return say(book, chat_id, "action_unconfirmed", lang,
               {{"platform", shown_name(platform, lang)}}, {{"action", what}});
  }
  const auto because = refusal_reason(book, chat_id, kind, why, detail, lang, platform);
  return say(book, chat_id, "action_failed", lang, {}, {{"action", what}, {"reason", because}});
}

std::string unreadable_reason(const template_book& book, const std::string& chat_id,
                              core::language lang, const std::string& platform) {
  return say(book, chat_id, "refusal_unreadable", lang, {{"platform", shown_name(platform, lang)}});
}

std::string refusal_reason(const template_book& book, const std::string& chat_id,
                           const std::string& kind, core::refusal why, const std::string& detail,
                           core::language lang, const std::string& platform) {
  const std::string where = shown_name(platform, lang);
  if (const char* key = refusal_key(why)) {
    return say(book, chat_id, key, lang,
               {{"right", right_needed(kind, platform, lang)}, {"platform", where}});
  }
  if (detail.empty()) return say(book, chat_id, "refusal_unknown", lang, {{"platform", where}});
  return say(book, chat_id, "refusal_answered", lang, {{"detail", detail}, {"platform", where}});
}

}  // namespace steward::handlers
