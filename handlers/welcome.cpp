#include "handlers/welcome.hpp"

#include <date/date.h>

#include "handlers/phrases.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t rewelcome_after_s = 600;  // a join reported twice is welcomed once
constexpr std::size_t max_names = 20;

std::string key_of(const std::string& platform, const std::string& chat_id) {
  return platform + ":" + chat_id;
}

std::string today_text(std::int64_t now_s) {
  return date::format("%Y-%m-%d", date::sys_seconds{std::chrono::seconds(now_s)});
}

}  // namespace

welcome_handler::welcome_handler(const template_book& book) : book_(book) {}

std::string welcome_handler::rules_text(const std::string& chat_id,
                                        const std::string& title) const {
  return render_template(book_.text(chat_id, "rules"), {{"group", title}});
}

handler_result welcome_handler::handle(const context& ctx) {
  const auto& e = ctx.event;
  if (!e.chat.is_group) return {};
  if (ctx.command && ctx.command->name == "rules") {
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
    return {{core::action{e.platform, e.chat.chat_id, e.event_id, core::send_message{text, true}}},
            false};
  }
  if (e.kind != core::event_kind::member_joined || e.author.is_bot || !settings.welcome) return {};
  const std::string member_key = key_of(e.platform, e.chat.chat_id) + ":" + e.author.user_id;
  if (const auto it = welcomed_at_.find(member_key);
      it != welcomed_at_.end() && ctx.now_s - it->second < rewelcome_after_s) {
    return {};
  }
  welcomed_at_[member_key] = ctx.now_s;
  auto& p = pending_[key_of(e.platform, e.chat.chat_id)];
  if (p.members.empty()) p = {e.platform, e.chat.chat_id, e.chat.title, {}, ctx.now_s};
  p.members.push_back(
      {e.author.user_id, name_for_reply(e.author.display_name, core::language::en)});
  return {};  // posted by flush_due once the burst window has passed
}

std::vector<core::action> welcome_handler::flush_due(std::int64_t now_s) {
  std::vector<core::action> out;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now_s - it->second.first_join < book_.settings().welcome_burst_seconds) {
      ++it;
      continue;
    }
    auto actions = welcome(it->second);
    out.insert(out.end(), actions.begin(), actions.end());
    it = pending_.erase(it);
  }
  for (auto it = welcomed_at_.begin(); it != welcomed_at_.end();) {
    it = now_s - it->second > rewelcome_after_s ? welcomed_at_.erase(it) : std::next(it);
  }
  return out;
}

std::vector<core::action> welcome_handler::welcome(const pending_welcome& p) {
  std::string mentions;
  for (std::size_t i = 0; i < p.members.size() && i < max_names; ++i) {
    mentions += (i == 0 ? "" : ", ") + mention_html(p.members[i].user_id, p.members[i].name);
  }
  if (p.members.size() > max_names) {
    mentions += " +" + std::to_string(p.members.size() - max_names);
  }
  const auto& first = p.members.front();
  const std::string text = render_template(book_.text(p.chat_id, "welcome"),
                                           {{"name", first.name},
                                            {"count", std::to_string(p.members.size())},
                                            {"group", p.title},
                                            {"date", today_text(p.first_join)}},
                                           {{"mention", mention_html(first.user_id, first.name)},
                                            {"mentions", mentions},
                                            {"rules", rules_text(p.chat_id, p.title)}});
  std::vector<core::action> out;
  const std::string key = key_of(p.platform, p.chat_id);
  if (book_.settings().delete_previous_welcome) {
    if (const auto it = last_welcome_id_.find(key); it != last_welcome_id_.end()) {
      out.push_back({p.platform, p.chat_id, "", core::delete_message{it->second}});
      last_welcome_id_.erase(it);
    }
  }
  out.push_back({p.platform, p.chat_id, "", core::send_message{text, true, "welcome"}});
  return out;
}

std::vector<core::action> welcome_handler::follow_up(const delivery_answer& answer,
                                                     const core::platform_adapter& platform) {
  if (answer.purpose != "welcome" || !answer.delivered) return {};
  const std::string id = platform.sent_message_id({200, "", answer.answer});
  if (!id.empty()) last_welcome_id_[key_of(answer.platform, answer.chat_id)] = id;
  return {};
}

}  // namespace steward::handlers
