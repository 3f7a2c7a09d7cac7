#include "handlers/welcome.hpp"

#include <date/date.h>

#include "handlers/phrases.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t rewelcome_after_s = 600;  // a join reported twice is welcomed once
constexpr std::size_t max_names = 20;

std::string today_text(std::int64_t now_s) {
  return date::format("%Y-%m-%d", date::sys_seconds{std::chrono::seconds(now_s)});
}

}  // namespace

welcome_handler::welcome_handler(const template_book& book, storage::welcome_store& store)
    : book_(book), store_(store) {}

std::string welcome_handler::rules_text(const std::string& chat_id,
                                        const std::string& title) const {
  return render_template(book_.text(chat_id, "rules"), {{"group", title}});
}

handler_result welcome_handler::handle(const context& ctx) {
  const auto& e = ctx.event;
  if (!e.chat.is_group) return {};
  if (ctx.command) {  // /rules: the only command it answers
    return {{core::action{
                e.platform, e.chat.chat_id, e.event_id,
                core::reply_message{rules_text(e.chat.chat_id, e.chat.title), e.message_id, true}}},
            true};
  }
  const auto& settings = book_.settings();
  if (e.kind == core::event_kind::member_left && settings.goodbye && !e.author.is_bot) {
    const auto text =
        render_template(book_.text(e.chat.chat_id, "goodbye"),
                        {{"name", name_for_reply(e.author.display_name, core::language::en)},
                         {"group", e.chat.title},
                         {"date", today_text(ctx.at)}});
    return {{labelled({e.platform, e.chat.chat_id, e.event_id, core::send_message{text, true}},
                      "goodbye")},
            false};
  }
  if (e.kind != core::event_kind::member_joined || e.author.is_bot || !settings.welcome) return {};
  store_.owe(e.platform, e.chat.chat_id, e.chat.title, e.author.user_id,
             name_for_reply(e.author.display_name, core::language::en), ctx.now_s,
             rewelcome_after_s);
  return {};  // posted by flush_due once the burst window has passed
}

std::vector<core::action> welcome_handler::flush_due(std::int64_t now_s) {
  std::vector<core::action> out;
  for (const auto& owed : store_.due(now_s, book_.settings().welcome_burst_seconds)) {
    auto actions = welcome(owed);
    out.insert(out.end(), actions.begin(), actions.end());
    store_.given(owed.platform, owed.chat_id);
  }
  store_.prune(now_s - rewelcome_after_s);
  return out;
}

std::vector<core::action> welcome_handler::welcome(const storage::chat_welcomes& owed) {
  const auto& members = owed.members;
  std::string mentions;
  for (std::size_t i = 0; i < members.size() && i < max_names; ++i) {
    mentions += (i == 0 ? "" : ", ") + mention_html(members[i].user_id, members[i].name);
  }
  if (members.size() > max_names) mentions += " +" + std::to_string(members.size() - max_names);
  const auto& first = members.front();
  std::optional<variant_choice> variant;
  if (experiments_ != nullptr) {
    std::vector<std::string> ids;
    for (const auto& m : members)
      ids.push_back(m.user_id);
    variant = experiments_->for_members(owed.chat_id, "welcome", book_.language(owed.chat_id), ids);
  }
  const std::string text = render_template(
      variant && variant->text ? *variant->text : book_.text(owed.chat_id, "welcome"),
      {{"name", first.name},
       {"count", std::to_string(members.size())},
       {"group", owed.title},
       {"date", today_text(first.joined_at)}},
      {{"mention", mention_html(first.user_id, first.name)},
       {"mentions", mentions},
       {"rules", rules_text(owed.chat_id, owed.title)}});
  std::vector<core::action> out;
  if (book_.settings().delete_previous_welcome) {
    if (const auto previous = store_.last_welcome(owed.platform, owed.chat_id)) {
      out.push_back({owed.platform, owed.chat_id, "", core::delete_message{*previous}});
      store_.set_last_welcome(owed.platform, owed.chat_id, "");
    }
  }
  core::action post{owed.platform, owed.chat_id, "", core::send_message{text, true, "welcome"}};
  post.label = "welcome";
  if (variant) {  // the exposure is recorded once Telegram delivered the welcome
    post.purpose = "welcome";
    post.purpose_ref = variant->ref;
  }
  out.push_back(std::move(post));
  return out;
}

std::vector<core::action> welcome_handler::follow_up(const delivery_answer& answer,
                                                     const core::platform_adapter& platform) {
  if (answer.purpose != "welcome" || !answer.delivered) return {};
  const std::string id = platform.sent_message_id({200, "", answer.answer});
  if (!id.empty()) store_.set_last_welcome(answer.platform, answer.chat_id, id);
  return {};
}

std::vector<core::command_spec> welcome_handler::commands() {
  return {
      {.name = "rules",
       .owner = "welcome",
       .aliases = {"群规"},
       .help_en = "the group's rules",
       .help_zh = "本群群规",
       .reference = "the group's rules (the `rules` template)"},
  };
}

}  // namespace steward::handlers
