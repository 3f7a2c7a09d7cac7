#include "handlers/private_chat.hpp"

#include "handlers/handler.hpp"
#include "handlers/help.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

private_chat_handler::private_chat_handler(storage::community_store& community,
                                           const core::command_table& commands,
                                           const template_book& book)
    : community_(community), commands_(commands), book_(book) {}

std::vector<core::action> private_chat_handler::handle(
    const core::chat_event& event, const std::optional<core::command_match>& command) {
  if (event.author.is_bot) return {};
  if (!command) {
    // Here every slash command is meant for Steward (unless addressed to another bot).
    const auto unknown = commands_.unknown(event.text, false);
    if (!unknown) return {};
    return {reply_to(event,
                     unknown_command_reply(book_, event.chat.chat_id, *unknown, core::language::en),
                     true)};
  }
  const auto lang = command->lang;
  std::string text;
  if (command->name == "help") {  // /start too: an alias of /help
    text = introduction(event, lang);
  } else if (command->name == "points") {
    text = standings(event, lang);
  } else {
    text =
        say(book_, event.chat.chat_id, "private_use_in_group", lang, {{"command", command->word}});
  }
  return {reply_to(event, std::move(text), true)};
}

std::string private_chat_handler::introduction(const core::chat_event& event, core::language lang) {
  const auto& chat = event.chat.chat_id;
  const std::string text = say(book_, chat, "private_intro", lang);
  if (!community_.memberships(event.platform, event.author.user_id).empty()) return text;
  return text + "\n" + say(book_, chat, "private_no_groups", lang);
}

std::string private_chat_handler::standings(const core::chat_event& event, core::language lang) {
  const auto& chat = event.chat.chat_id;
  const auto groups = community_.memberships(event.platform, event.author.user_id);
  if (groups.empty()) return say(book_, chat, "private_standings_none", lang);
  std::string lines;
  for (const auto& g : groups) {
    lines += "\n" + say(book_, chat, "private_standing", lang,
                        {{"group", g.title.empty() ? g.chat_id : g.title},
                         {"points", std::to_string(g.points)},
                         {"rank", std::to_string(g.rank)}});
  }
  return say(book_, chat, "private_standings", lang, {}, {{"lines", lines}});
}

}  // namespace steward::handlers
