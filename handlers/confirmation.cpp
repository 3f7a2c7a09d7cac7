#include "handlers/confirmation.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace steward::handlers {

namespace {

struct wording {
  const char* en;
  const char* zh;
};

wording verb(const std::string& kind) {
  if (kind == "delete") return {"remove {}'s message", "删除 {} 的消息"};
  if (kind == "mute") return {"mute {}", "禁言 {}"};
  if (kind == "kick") return {"remove {} from the group", "将 {} 移出群聊"};
  if (kind == "ban") return {"ban {}", "封禁 {}"};
  if (kind == "unmute") return {"let {} speak again", "解除 {} 的禁言"};
  if (kind == "unban") return {"unban {}", "解除 {} 的封禁"};
  if (kind == "report") return {"pass on the report about {}", "转告关于 {} 的举报"};
  return {"act on {}", "处理 {}"};
}

// Telegram's names of the administrator rights, as its apps show them.
wording right_needed(const std::string& kind) {
  if (kind == "delete") return {"Delete messages", "删除消息"};
  return {"Ban users", "封禁用户"};
}

std::string reason(const std::string& kind, core::refusal why, const std::string& detail, bool zh) {
  const auto right = right_needed(kind);
  switch (why) {
    case core::refusal::target_is_admin:
      return zh ? "对方是本群管理员" : "they are an admin of this group";
    case core::refusal::lacks_right:
      return zh ? fmt::format("我需要“{}”权限，请群管理员在管理员设置中授予", right.zh)
                : fmt::format(
                      "I need the “{}” right; an admin can grant it in the group's "
                      "administrator settings",
                      right.en);
    case core::refusal::not_admin:
      return zh ? fmt::format("我还不是本群管理员，请把我设为管理员并授予“{}”权限", right.zh)
                : fmt::format("I am not an admin here; make me one with the “{}” right", right.en);
    case core::refusal::not_supergroup:
      return zh ? "Telegram 只允许在超级群组中这样做" : "Telegram allows this in supergroups only";
    case core::refusal::target_absent:
      return zh ? "对方已不在群里" : "they are not in the group";
    case core::refusal::message_gone:
      return zh ? "消息已被删除" : "the message is already gone";
    case core::refusal::too_old:
      return zh ? "Telegram 只允许删除 48 小时内的消息，且需要“删除消息”权限"
                : "Telegram lets me delete only messages under 48 hours old, and only with the "
                  "“Delete messages” right";
    case core::refusal::unreachable:
      return zh ? "暂时无法连接 Telegram，请稍后再试"
                : "Telegram could not be reached; please try again later";
    case core::refusal::expired:
      return zh ? "未能在有效时间内连接 Telegram，请重新操作"
                : "Telegram could not be reached in time; please do it again";
    case core::refusal::unknown:
      break;
  }
  if (detail.empty()) return zh ? "Telegram 拒绝了这个操作" : "Telegram refused it";
  return zh ? fmt::format("Telegram 回复“{}”", detail)
            : fmt::format("Telegram answered “{}”", detail);
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
                           {"quiet", c.quiet}};
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
    return c;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // written by another version: the caller logs and skips it
  }
}

std::string failure_notice(const std::string& kind, const std::string& name, core::refusal why,
                           const std::string& detail, core::language lang) {
  const bool zh = lang == core::language::zh;
  const auto v = verb(kind);
  const std::string what = fmt::format(fmt::runtime(zh ? v.zh : v.en), name);
  const std::string because = reason(kind, why, detail, zh);
  return zh ? fmt::format("⚠️ 无法{}：{}。", what, because)
            : fmt::format("⚠️ I could not {}: {}.", what, because);
}

}  // namespace steward::handlers
