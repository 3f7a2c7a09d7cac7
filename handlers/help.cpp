#include "handlers/help.hpp"

namespace steward::handlers {

namespace {

// The word a member would type: the first bare-word alias, else the slash form.
std::string typed_form(const core::command_spec& spec) {
  for (const auto& word : spec.aliases) {
    if (!word.empty() && word.front() != '/') return word;
  }
  return "/" + spec.name;
}

std::string line_of(const core::command_spec& spec, core::language lang) {
  if (lang == core::language::zh) {
    const std::string word = typed_form(spec);
    const std::string usage = spec.usage_zh.empty() ? "" : " " + spec.usage_zh;
    const std::string slash = word.front() == '/' ? "" : "（/" + spec.name + "）";
    return "• " + word + usage + slash + (slash.empty() ? " — " : "— ") + spec.help_zh;
  }
  const std::string usage = spec.usage_en.empty() ? "" : " " + spec.usage_en;
  const std::string word = typed_form(spec);
  const std::string alias = word.front() == '/' ? "" : " (" + word + ")";
  return "• /" + spec.name + usage + alias + " — " + spec.help_en;
}

}  // namespace

std::string help_text(const std::vector<core::command_spec>& specs, core::command_role role,
                      core::language lang, const template_book& book, const std::string& chat_id) {
  std::string members;
  for (const auto& spec : specs) {
    if (spec.role == core::command_role::member) members += "\n" + line_of(spec, lang);
  }
  std::string text = say(book, chat_id, "help", lang, {{"commands", members}});
  if (role != core::command_role::admin) return text;
  std::string admins;
  for (const auto section :
       {core::command_section::community_admin, core::command_section::moderation}) {
    for (const auto& spec : specs) {
      if (spec.role == core::command_role::admin && spec.section == section) {
        admins += "\n" + line_of(spec, lang);
      }
    }
  }
  return text + say(book, chat_id, "help_admin", lang, {{"commands", admins}});
}

std::string unknown_command_reply(const template_book& book, const std::string& chat_id,
                                  const core::unknown_command& unknown, core::language lang) {
  if (unknown.nearest.empty())
    return say(book, chat_id, "unknown_command", lang, {{"command", unknown.word}});
  return say(book, chat_id, "unknown_command_near", lang,
             {{"command", unknown.word}, {"nearest", unknown.nearest}});
}

handler_result help_handler::handle(const context& ctx) {
  if (!ctx.command) return answer_unknown(ctx);
  const auto role =
      ctx.event.author.is_admin == true ? core::command_role::admin : core::command_role::member;
  return {{reply_to(
              ctx.event,
              help_text(commands_.specs(), role, ctx.command->lang, book_, ctx.event.chat.chat_id),
              true)},
          true};
}

// Not consumed: the message is still a message (moderation, activity) like any other.
handler_result help_handler::answer_unknown(const context& ctx) const {
  const auto& event = ctx.event;
  if (event.author.is_bot ||
      (event.kind != core::event_kind::message && event.kind != core::event_kind::command)) {
    return {};
  }
  const auto unknown = commands_.unknown(event.text, true);
  if (!unknown) return {};
  // A slash command is answered in English, as every slash command is.
  return {{reply_to(event,
                    unknown_command_reply(book_, event.chat.chat_id, *unknown, core::language::en),
                    true)},
          false};
}

std::vector<core::command_spec> help_handler::commands() {
  return {
      {.name = "help",
       .owner = "help",
       .aliases = {"帮助"},
       .fixed_aliases = {"/start"},
       .checks_admin = true,
       .help_en = "this list",
       .help_zh = "显示这条说明",
       .reference = "what you can do, in the language you asked in (admins also see the admin "
                    "commands); `/start` is the same"},
  };
}

}  // namespace steward::handlers
