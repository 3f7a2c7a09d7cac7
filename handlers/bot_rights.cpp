#include "handlers/bot_rights.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

// The administrator rights moderation and invites need, by Telegram's names in its apps.
struct needed_right {
  std::optional<bool> core::bot_rights::*flag;
  const char* en;
  const char* zh;
};

constexpr needed_right needed[] = {
    {&core::bot_rights::can_delete, "Delete messages", "删除消息"},
    {&core::bot_rights::can_restrict, "Ban users", "封禁用户"},
    {&core::bot_rights::can_invite, "Invite users via link", "通过链接邀请用户"},
};

// Rights not granted; an unknown right counts as granted, as the capabilities assume.
std::vector<const needed_right*> missing(const core::bot_rights& rights) {
  std::vector<const needed_right*> out;
  const bool admin = rights.is_admin.value_or(true);
  for (const auto& right : needed) {
    if (!admin || !(rights.*right.flag).value_or(true)) out.push_back(&right);
  }
  return out;
}

std::string listed(const std::vector<const needed_right*>& rights, bool zh) {
  std::string out;
  for (const auto* right : rights) {
    if (!out.empty()) out += zh ? "、" : ", ";
    out += fmt::format("“{}”", zh ? right->zh : right->en);
  }
  return out;
}

}  // namespace

std::optional<core::action> rights_notice(const core::chat_event& event,
                                          const core::bot_rights& before, core::language lang,
                                          const template_book& book) {
  if (!event.chat.is_group || !event.bot_present) return std::nullopt;
  const auto now_missing = missing(event.bot);
  if (now_missing == missing(before) && before.is_admin.has_value()) return std::nullopt;
  const auto& chat = event.chat.chat_id;
  const bool zh = lang == core::language::zh;
  // QQ has one right for all of it: being a group administrator.
  const bool qq = event.platform == "onebot";
  const template_values values{
      {"rights", qq ? (zh ? "“群管理员”" : "“group admin”") : listed(now_missing, zh)},
      {"count", qq ? "1" : std::to_string(now_missing.size())}};
  std::string text;
  if (now_missing.empty()) {
    if (!before.is_admin.has_value()) return std::nullopt;  // added with every right: no fuss
    text = say(book, chat, "rights_complete", lang);
  } else if (event.bot.is_admin == false) {
    text = say(book, chat, "rights_not_admin", lang, values);
  } else {
    text = say(book, chat, "rights_missing", lang, values);
  }
  return post_in(event, std::move(text), true);
}

bot_rights_answers::bot_rights_answers(storage::community_store& community,
                                       const template_book& book)
    : community_(community), book_(book) {}

std::vector<core::action> bot_rights_answers::follow_up(const delivery_answer& answer,
                                                        const core::platform_adapter& platform) {
  if (answer.purpose == "member_name" && answer.delivered) {
    const auto name = platform.parsed_member_name({200, "", answer.answer});
    const auto group = community_.find_group(answer.platform, answer.chat_id);
    if (!name.empty() && group && community_.find_member(group->id, answer.purpose_ref)) {
      core::member_ref who;
      who.user_id = answer.purpose_ref;
      who.display_name = name;
      community_.ensure_member(group->id, who, answer.now_s);
    }
    return {};
  }
  if (answer.purpose == "chat_title" && answer.delivered) {
    const auto title = platform.parsed_chat_title({200, "", answer.answer});
    if (!title.empty() && community_.find_group(answer.platform, answer.chat_id)) {
      community_.ensure_group({answer.platform, answer.chat_id, title, true}, "", answer.now_s);
    }
    return {};
  }
  if (answer.purpose != "bot_rights" || !answer.delivered) return {};
  const auto rights = platform.parsed_bot_rights({200, "", answer.answer});
  const auto group = community_.find_group(answer.platform, answer.chat_id);
  if (!rights || !group) return {};
  // Asked only while the group's rights were unknown (pipeline::ask_bot_rights_once): known
  // now, they came from an update processed after the question (a my_chat_member), and the
  // updates deliver every later change. This answer, older or the same, would only undo it.
  if (group->bot.is_admin.has_value()) return {};
  community_.learn_bot_rights(group->id, *rights);
  core::chat_event status;
  status.platform = answer.platform;
  status.chat = {answer.platform, answer.chat_id, group->title, true};
  status.kind = core::event_kind::bot_status_changed;
  status.bot = *rights;
  const auto lang = book_.group_language(answer.chat_id);
  auto notice = rights_notice(status, group->bot, lang, book_);
  if (!notice) return {};
  return {std::move(*notice)};
}

}  // namespace steward::handlers
