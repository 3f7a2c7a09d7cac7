#include "handlers/verification.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "bot/core/log.hpp"
#include "handlers/confirmation.hpp"
#include "handlers/phrases.hpp"
#include "handlers/sanction_outcomes.hpp"
#include "handlers/say.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

using nlohmann::json;
using storage::verification_state;

constexpr std::string_view button_data = "verify";
constexpr const char* post_purpose = "verify_post";
constexpr const char* pass_purpose = "verify_pass";
constexpr const char* remove_purpose = "verify_remove";
constexpr std::int64_t rewelcome_after_s = 600;  // as the welcome handler: one welcome per join
constexpr std::size_t max_names = 30;            // a raid's message names the first ones

bool is_open(verification_state s) {
  return s == verification_state::pending || s == verification_state::passing ||
         s == verification_state::failing;
}

core::action in_chat(const std::string& platform, const std::string& chat_id,
                     core::action_body body) {
  return {platform, chat_id, "", std::move(body)};
}

core::action with_purpose(core::action act, const char* purpose, const json& ref) {
  act.purpose = purpose;
  act.purpose_ref = ref.dump();
  return act;
}

}  // namespace

bool verification_settings::on_in(std::string_view chat_id) const {
  const auto it = groups.find(chat_id);
  return it != groups.end() ? it->second : enabled;
}

verification_handler::verification_handler(const template_book& book,
                                           storage::verification_store& store,
                                           storage::welcome_store& welcomes,
                                           verification_settings settings)
    : book_(book), store_(store), welcomes_(welcomes), settings_(std::move(settings)) {}

handler_result verification_handler::handle(const context& ctx) {
  const auto& e = ctx.event;
  if (!e.chat.is_group || !settings_.on_in(e.chat.chat_id)) return {};
  if (e.kind == core::event_kind::member_joined) return on_join(ctx);
  if (e.kind == core::event_kind::button && e.text == button_data && !settings_.arithmetic) {
    return on_press(ctx);
  }
  const bool writes = e.kind == core::event_kind::message || e.kind == core::event_kind::command ||
                      e.kind == core::event_kind::edited_message;
  if (!writes || e.message_id.empty()) return {};
  // A newcomer who can write although muted (the mute failed): nothing they say stays before
  // they answered.
  const auto row = store_.find(e.platform, e.chat.chat_id, e.author.user_id);
  if (!row || !is_open(row->state)) return {};
  if (!row->answer.empty() && row->state == verification_state::pending) {
    return on_message(ctx, *row);
  }
  return {{act_in(e, core::delete_message{e.message_id})}, true};
}

handler_result verification_handler::on_join(const context& ctx) {
  const auto& e = ctx.event;
  if (e.author.is_bot) return {};
  storage::newcomer who{e.platform,
                        e.chat.chat_id,
                        e.author.user_id,
                        name_for_reply(e.author.display_name, core::language::en),
                        verification_state::pending,
                        ctx.now_s + settings_.timeout_s,
                        "",
                        ""};  // a button; an arithmetic question is filled in below
  if (arithmetic_on(e.platform)) {
    std::uniform_int_distribution<int> digit(1, 9);
    const int a = digit(dice_), b = digit(dice_);
    who.question = std::to_string(a) + " + " + std::to_string(b);
    who.answer = std::to_string(a + b);
  }
  if (!store_.ask(who)) {
    // Passed before: welcomed like anyone; still answering: this join was reported twice.
    const auto row = store_.find(e.platform, e.chat.chat_id, e.author.user_id);
    return {{}, row && is_open(row->state)};
  }
  // The welcome waits until they pass; the challenge message comes with the next tick, shared
  // by everyone who joined meanwhile. An arithmetic answer is written in the chat: no mute.
  if (arithmetic_on(e.platform)) return {{}, true};
  return {{act_in(e, core::restrict_member{e.author.user_id, 0})}, true};
}

// An arithmetic challenge is answered in the chat: the right number passes (nothing to lift, so
// it is true at once), anything else is removed. Either way the message goes: it was for Steward.
handler_result verification_handler::on_message(const context& ctx, const storage::newcomer& row) {
  const auto& e = ctx.event;
  handler_result out{{act_in(e, core::delete_message{e.message_id})}, true};
  std::string digits;
  for (const char c : e.text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits != row.answer) return out;
  store_.set_state(e.platform, e.chat.chat_id, e.author.user_id, verification_state::passed);
  if (book_.settings().welcome) {
    welcomes_.owe(e.platform, e.chat.chat_id, e.chat.title, e.author.user_id, row.name, ctx.now_s,
                  rewelcome_after_s);
  }
  auto update = refresh(e.platform, e.chat.chat_id);
  out.actions.insert(out.actions.end(), update.begin(), update.end());
  return out;
}

handler_result verification_handler::on_press(const context& ctx) {
  const auto& e = ctx.event;
  const auto lang = book_.group_language(e.chat.chat_id);
  const auto row = store_.find(e.platform, e.chat.chat_id, e.author.user_id);
  if (!row || row->state != verification_state::pending) {
    const bool waiting = row && row->state == verification_state::passing;
    return {{act_in(e, core::answer_button{e.button_id, waiting ? ""
                                                                : say(book_, e.chat.chat_id,
                                                                      "verify_not_yours", lang)})},
            true};
  }
  store_.set_state(e.platform, e.chat.chat_id, e.author.user_id, verification_state::passing);
  // Told they passed only once the platform lifted the mute.
  const json ref{{"user", e.author.user_id},
                 {"name", row->name},
                 {"button", e.button_id},
                 {"title", e.chat.title}};
  return {{with_purpose(act_in(e, core::lift_restriction{e.author.user_id}), pass_purpose, ref)},
          true};
}

std::vector<core::action> verification_handler::due(std::int64_t now_s) {
  std::set<std::pair<std::string, std::string>> chats;
  std::vector<core::action> out;
  for (const auto& n : store_.expired(now_s)) {
    chats.emplace(n.platform, n.chat_id);
    if (!settings_.kick_on_fail) {  // kept muted (an arithmetic challenge muted nobody yet)
      store_.set_state(n.platform, n.chat_id, n.user_id, verification_state::failed);
      if (!n.answer.empty()) {
        out.push_back(in_chat(n.platform, n.chat_id, core::restrict_member{n.user_id, 0}));
      }
      continue;
    }
    store_.set_state(n.platform, n.chat_id, n.user_id, verification_state::failing);
    out.push_back(with_purpose(in_chat(n.platform, n.chat_id, core::kick_member{n.user_id}),
                               remove_purpose, json{{"user", n.user_id}, {"name", n.name}}));
  }
  for (auto& chat : store_.chats_with_unshown())
    chats.insert(std::move(chat));
  for (const auto& [platform, chat_id] : chats) {
    auto actions = refresh(platform, chat_id);
    out.insert(out.end(), actions.begin(), actions.end());
  }
  return out;
}

std::string verification_handler::challenge_text(
    const std::string& chat_id, const std::vector<storage::newcomer>& listed) const {
  const auto lang = book_.group_language(chat_id);
  std::string mentions;
  for (std::size_t i = 0; i < listed.size() && i < max_names; ++i)
    mentions += (i == 0 ? "" : ", ") + mention_html(listed[i].user_id, listed[i].name);
  if (listed.size() > max_names) mentions += " +" + std::to_string(listed.size() - max_names);
  std::string questions;  // "Ann: 3 + 4, Bo: 5 + 2"
  for (std::size_t i = 0; i < listed.size() && i < max_names; ++i) {
    questions += (i == 0 ? "" : ", ") + mention_html(listed[i].user_id, listed[i].name) + ": " +
                 escape_html(listed[i].question);
  }
  const std::string wait = format_wait(settings_.timeout_s, lang);
  // A newcomer with an answer to give was asked a question (their platform has no buttons).
  const bool math = !listed.empty() && !listed.front().answer.empty();
  const std::string ask = math ? say(book_, chat_id, "verify_challenge_math", lang,
                                     {{"wait", wait}}, {{"questions", questions}})
                               : say(book_, chat_id, "verify_challenge", lang, {{"wait", wait}},
                                     {{"mentions", mentions}});
  const std::string then = say(
      book_, chat_id, settings_.kick_on_fail ? "verify_then_removed" : "verify_then_muted", lang);
  return join_sentences(ask, then, lang);
}

std::vector<core::action> verification_handler::refresh(const std::string& platform,
                                                        const std::string& chat_id) {
  const auto message = store_.message(platform, chat_id);
  if (message && message->message_id.empty()) return {};  // being posted: its answer refreshes
  const auto listed = store_.listed(platform, chat_id);
  if (listed.empty()) {
    if (!message) return {};
    store_.drop_message(platform, chat_id);
    return {in_chat(platform, chat_id, core::delete_message{message->message_id})};
  }
  const auto lang = book_.group_language(chat_id);
  std::vector<core::inline_button> button;
  if (listed.front().answer.empty()) {
    button.push_back({say(book_, chat_id, "verify_button", lang), std::string(button_data)});
  }
  const std::string text = challenge_text(chat_id, listed);
  if (message) {
    return {in_chat(platform, chat_id,
                    core::edit_message{message->message_id, text, true, std::move(button)})};
  }
  store_.set_message(platform, chat_id, "");
  return {
      in_chat(platform, chat_id, core::send_message{text, true, post_purpose, std::move(button)})};
}

std::vector<core::action> verification_handler::follow_up(const delivery_answer& answer,
                                                          const core::platform_adapter& platform) {
  if (answer.purpose == pass_purpose) return passed(answer, platform);
  if (answer.purpose == remove_purpose) return removed(answer, platform);
  if (answer.purpose != post_purpose) return {};
  const std::string id =
      answer.delivered ? platform.sent_message_id({200, "", answer.answer}) : std::string();
  if (id.empty()) {
    core::log_warn("verification.post_failed",
                   "the challenge message could not be posted; newcomers keep their deadline",
                   {core::field("chat", answer.chat_id), core::field("error", answer.answer)});
    store_.drop_message(answer.platform, answer.chat_id);
    return {};
  }
  store_.set_message(answer.platform, answer.chat_id, id);
  // Joins or answers while it was on its way: bring it up to date.
  const bool changed = store_.has_unshown(answer.platform, answer.chat_id) ||
                       store_.listed(answer.platform, answer.chat_id).empty();
  return changed ? refresh(answer.platform, answer.chat_id) : std::vector<core::action>{};
}

std::vector<core::action> verification_handler::passed(const delivery_answer& answer,
                                                       const core::platform_adapter& platform) {
  const json ref = json::parse(answer.purpose_ref, nullptr, false);
  if (!ref.is_object()) return {};
  const std::string user = ref.value("user", ""), name = ref.value("name", "");
  const auto lang = book_.group_language(answer.chat_id);
  store_.set_state(answer.platform, answer.chat_id, user, verification_state::passed);
  std::string toast;
  if (answer.delivered) {
    toast = say(book_, answer.chat_id, "verify_passed", lang);
    if (book_.settings().welcome) {
      welcomes_.owe(answer.platform, answer.chat_id, ref.value("title", ""), user, name,
                    answer.now_s, rewelcome_after_s);
    }
  } else {
    toast = plain_text(failure_notice(book_, answer.chat_id, "unmute", name,
                                      refusal_of(answer, platform), answer.answer, lang,
                                      answer.platform));
  }
  std::vector<core::action> out{in_chat(answer.platform, answer.chat_id,
                                        core::answer_button{ref.value("button", ""), toast})};
  auto update = refresh(answer.platform, answer.chat_id);
  out.insert(out.end(), update.begin(), update.end());
  return out;
}

std::vector<core::action> verification_handler::removed(const delivery_answer& answer,
                                                        const core::platform_adapter& platform) {
  const json ref = json::parse(answer.purpose_ref, nullptr, false);
  if (!ref.is_object()) return {};
  store_.set_state(answer.platform, answer.chat_id, ref.value("user", ""),
                   verification_state::failed);
  if (answer.delivered) return {};
  // Still in the group and still muted: the admins decide.
  const auto lang = book_.group_language(answer.chat_id);
  return {in_chat(
      answer.platform, answer.chat_id,
      core::send_message{
          failure_notice(book_, answer.chat_id, "kick", ref.value("name", ""),
                         refusal_of(answer, platform), answer.answer, lang, answer.platform),
          true})};
}

}  // namespace steward::handlers
