// Actions → Bot API calls (shared/reference/platforms.md §1.5). Ids travel as integers, as the
// Bot API documents them.
#include <nlohmann/json.hpp>

#include "bot/platforms/telegram/telegram_adapter.hpp"

namespace steward::platforms::telegram {

namespace {

using nlohmann::json;

json chat_id_value(const std::string& id) {
  try {
    return json(std::stoll(id));
  } catch (const std::exception&) {
    return json(id);  // "@channelusername" is also a valid chat_id
  }
}

std::int64_t int_id(const std::string& id) {
  return std::stoll(id);
}

/// The first `limit` characters (code points, as Telegram counts), never cutting one in half.
std::string first_characters(const std::string& text, std::size_t limit) {
  std::size_t end = 0, characters = 0;
  while (end < text.size() && characters < limit) {
    ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      ++end;
    ++characters;
  }
  return text.substr(0, end);
}

json permissions(bool allowed) {
  json p = json::object();
  for (const char* key :
       {"can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
        "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
        "can_send_other_messages", "can_add_web_page_previews"}) {
    p[key] = allowed;
  }
  return p;
}

/// One row of inline buttons (Telegram's InlineKeyboardMarkup).
json keyboard(const std::vector<core::inline_button>& buttons) {
  json row = json::array();
  for (const auto& b : buttons)
    row.push_back({{"text", b.label}, {"callback_data", b.data}});
  return {{"inline_keyboard", json::array({row})}};
}

core::outbound_request call(std::string method, const json& body) {
  // Text Steward built may hold broken UTF-8 (a cut name): replaced, never a throw mid-batch.
  return {std::move(method), body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

// Telegram reads an until_date less than 30 s ahead as "forever": a timed mute or ban that could
// not be sent by then must not be sent at all. A few seconds spare for the call's way there.
constexpr std::int64_t forever_margin_s = 30 + 5;

core::outbound_request timed(core::outbound_request request, std::int64_t until) {
  if (until > 0) request.not_after_s = until - forever_margin_s;
  return request;
}

struct renderer {
  const core::action& act;
  const std::string& bot_id;

  json base() const { return json{{"chat_id", chat_id_value(act.chat_id)}}; }

  std::vector<core::outbound_request> operator()(const core::send_message& m) const {
    json body = base();
    body["text"] = m.text;
    if (m.html) body["parse_mode"] = "HTML";
    if (!m.buttons.empty()) body["reply_markup"] = keyboard(m.buttons);
    auto request = call("sendMessage", body);
    if (!m.purpose.empty()) request.purpose = m.purpose;
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::reply_message& m) const {
    json body = base();
    body["text"] = m.text;
    if (m.html) body["parse_mode"] = "HTML";
    if (!m.to_message_id.empty()) {
      body["reply_parameters"] = {{"message_id", int_id(m.to_message_id)},
                                  {"allow_sending_without_reply", true}};
    }
    return {call("sendMessage", body)};
  }
  std::vector<core::outbound_request> operator()(const core::edit_message& m) const {
    json body = base();
    body["message_id"] = int_id(m.message_id);
    body["text"] = m.text;
    if (m.html) body["parse_mode"] = "HTML";
    body["reply_markup"] =
        m.buttons.empty() ? json{{"inline_keyboard", json::array()}} : keyboard(m.buttons);
    return {call("editMessageText", body)};
  }
  std::vector<core::outbound_request> operator()(const core::answer_button& m) const {
    json body{{"callback_query_id", m.button_id}};
    if (!m.text.empty()) body["text"] = first_characters(m.text, 200);  // Telegram: 0-200
    return {call("answerCallbackQuery", body)};
  }
  std::vector<core::outbound_request> operator()(const core::delete_message& m) const {
    json body = base();
    body["message_id"] = int_id(m.message_id);
    return {call("deleteMessage", body)};
  }
  std::vector<core::outbound_request> operator()(const core::restrict_member& m) const {
    json body = base();
    body["user_id"] = int_id(m.user_id);
    body["permissions"] = permissions(false);
    body["use_independent_chat_permissions"] = true;
    body["until_date"] = m.until;
    return {timed(call("restrictChatMember", body), m.until)};
  }
  std::vector<core::outbound_request> operator()(const core::react_to_message& m) const {
    json body = base();
    body["message_id"] = int_id(m.message_id);
    body["reaction"] = json::array({{{"type", "emoji"}, {"emoji", m.emoji}}});
    return {call("setMessageReaction", body)};
  }
  std::vector<core::outbound_request> operator()(const core::lift_restriction& m) const {
    json body = base();
    body["user_id"] = int_id(m.user_id);
    body["permissions"] = permissions(true);
    body["use_independent_chat_permissions"] = true;
    return {call("restrictChatMember", body)};
  }
  std::vector<core::outbound_request> operator()(const core::kick_member& m) const {
    // Telegram has no kick: ban, then lift the ban at once so the member may rejoin.
    json ban = base();
    ban["user_id"] = int_id(m.user_id);
    json unban = ban;
    unban["only_if_banned"] = true;
    return {call("banChatMember", ban), call("unbanChatMember", unban)};
  }
  std::vector<core::outbound_request> operator()(const core::ban_member& m) const {
    json body = base();
    body["user_id"] = int_id(m.user_id);
    if (m.until > 0) body["until_date"] = m.until;
    return {timed(call("banChatMember", body), m.until)};
  }
  std::vector<core::outbound_request> operator()(const core::create_invite_link& m) const {
    json body = base();
    body["name"] = first_characters(m.name, 32);  // Telegram allows 0-32 characters
    auto request = call("createChatInviteLink", body);
    request.purpose = "invite_link";
    request.purpose_ref =
        m.for_member + ":" + m.reply_to_message_id + (m.language.empty() ? "" : ":" + m.language);
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::forward_message& m) const {
    json body = base();
    body["from_chat_id"] = chat_id_value(m.from_chat_id);
    body["message_id"] = int_id(m.message_id);
    return {call("forwardMessage", body)};
  }
  // No join requests come from it (Telegram's are not read yet).
  std::vector<core::outbound_request> operator()(const core::answer_join_request&) const {
    return {};
  }
  // Its events carry the members' names: nothing to ask.
  std::vector<core::outbound_request> operator()(const core::ask_member_name&) const { return {}; }
  std::vector<core::outbound_request> operator()(const core::ask_bot_rights&) const {
    if (bot_id.empty() || bot_id.find_first_not_of("0123456789") != std::string::npos) return {};
    json body = base();
    body["user_id"] = int_id(bot_id);
    auto request = call("getChatMember", body);
    request.purpose = "bot_rights";
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::unban_member& m) const {
    json body = base();
    body["user_id"] = int_id(m.user_id);
    body["only_if_banned"] = true;  // without it the call also removes a current member
    return {call("unbanChatMember", body)};
  }
};

}  // namespace

core::outbound_request telegram_adapter::admin_list_request(std::string_view chat_id) const {
  return call("getChatAdministrators", json{{"chat_id", chat_id_value(std::string(chat_id))}});
}

std::vector<core::outbound_request> telegram_adapter::render(const core::action& act) const {
  auto requests = std::visit(renderer{act, bot_id_}, act.body);
  if (!act.purpose.empty() && !requests.empty()) {
    // The first call decides (a kick's ban, not the unban that lets the member back).
    requests.front().purpose = act.purpose;
    requests.front().purpose_ref = act.purpose_ref;
  }
  return requests;
}

core::lane telegram_adapter::lane_of(std::string_view method) const {
  if (method.rfind("send", 0) == 0 || method.rfind("edit", 0) == 0 || method == "copyMessage" ||
      method == "forwardMessage") {
    return core::lane::messages;  // what Telegram's per-chat message limits count
  }
  if (method == "deleteMessage" || method == "restrictChatMember" || method == "banChatMember" ||
      method == "unbanChatMember") {
    return core::lane::moderation;
  }
  return core::lane::lookups;
}

std::string telegram_adapter::member_of_call(const core::outbound_request& call) const {
  const auto body = nlohmann::json::parse(call.body, nullptr, false);
  if (!body.is_object()) return {};
  const auto user = body.find("user_id");
  if (user == body.end()) return {};
  return user->is_number_integer() ? std::to_string(user->get<std::int64_t>())
                                   : (user->is_string() ? user->get<std::string>() : "");
}

}  // namespace steward::platforms::telegram
