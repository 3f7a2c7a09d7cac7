// Actions → the generic webhook's action bodies (docs/generic-webhook.md): Steward's HTML as is,
// the same text without markup for relays that show plain text, and the members it mentions.
#include <nlohmann/json.hpp>

#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"

namespace steward::platforms::generic {

namespace {

using nlohmann::json;

void put_text(json& body, const std::string& text, bool html) {
  const auto pieces = html ? read_markup(text) : plain_markup(text);
  body["text"] = text;
  body["markup"] = html ? "html" : "plain";
  body["plain_text"] = flatten_markup(pieces);
  json mentions = json::array();
  for (const auto& piece : pieces) {
    if (piece.what == markup_piece::kind::mention) {
      mentions.push_back({{"user_id", piece.target}, {"name", piece.text}});
    }
  }
  if (!mentions.empty()) body["mentions"] = mentions;
}

json buttons_of(const std::vector<core::inline_button>& buttons) {
  json out = json::array();
  for (const auto& b : buttons)
    out.push_back({{"label", b.label}, {"data", b.data}});
  return out;
}

struct renderer {
  const core::action& act;

  core::outbound_request call(const std::string& action, json fields) const {
    fields["action"] = action;
    fields["chat_id"] = act.chat_id;
    // Text Steward built may hold broken UTF-8 (a cut name): replaced, never a throw mid-batch.
    return {action, fields.dump(-1, ' ', false, json::error_handler_t::replace)};
  }

  std::vector<core::outbound_request> operator()(const core::send_message& m) const {
    json body;
    put_text(body, m.text, m.html);
    if (!m.buttons.empty()) body["buttons"] = buttons_of(m.buttons);
    auto request = call("send_message", body);
    request.purpose = m.purpose;
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::reply_message& m) const {
    json body;
    put_text(body, m.text, m.html);
    if (!m.to_message_id.empty()) body["reply_to"] = m.to_message_id;
    return {call("send_message", body)};
  }
  std::vector<core::outbound_request> operator()(const core::edit_message& m) const {
    json body{{"message_id", m.message_id}, {"buttons", buttons_of(m.buttons)}};
    put_text(body, m.text, m.html);
    return {call("edit_message", body)};
  }
  std::vector<core::outbound_request> operator()(const core::answer_button& m) const {
    return {call("answer_button", {{"button_id", m.button_id}, {"text", m.text}})};
  }
  std::vector<core::outbound_request> operator()(const core::delete_message& m) const {
    return {call("delete_message", {{"message_id", m.message_id}})};
  }
  std::vector<core::outbound_request> operator()(const core::restrict_member& m) const {
    auto request = call("mute", {{"user_id", m.user_id}, {"until", m.until}});
    if (m.until > 0) request.not_after_s = m.until - 1;
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::lift_restriction& m) const {
    return {call("unmute", {{"user_id", m.user_id}})};
  }
  std::vector<core::outbound_request> operator()(const core::kick_member& m) const {
    return {call("kick", {{"user_id", m.user_id}})};
  }
  std::vector<core::outbound_request> operator()(const core::ban_member& m) const {
    return {call("ban", {{"user_id", m.user_id}, {"until", m.until}})};
  }
  std::vector<core::outbound_request> operator()(const core::unban_member& m) const {
    return {call("unban", {{"user_id", m.user_id}})};
  }
  std::vector<core::outbound_request> operator()(const core::create_invite_link& m) const {
    auto request = call("create_invite_link", {{"name", m.name}});
    request.purpose = "invite_link";
    request.purpose_ref =
        m.for_member + ":" + m.reply_to_message_id + (m.language.empty() ? "" : ":" + m.language);
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::forward_message& m) const {
    return {
        call("forward_message", {{"from_chat_id", m.from_chat_id}, {"message_id", m.message_id}})};
  }
  std::vector<core::outbound_request> operator()(const core::react_to_message& m) const {
    return {call("react", {{"message_id", m.message_id}, {"emoji", m.emoji}})};
  }
  // No join requests come from it (Telegram's are not read yet).
  std::vector<core::outbound_request> operator()(const core::answer_join_request&) const {
    return {};
  }
  // Its events carry the members' names: nothing to ask.
  std::vector<core::outbound_request> operator()(const core::ask_member_name&) const { return {}; }
  std::vector<core::outbound_request> operator()(const core::ask_bot_rights&) const {
    return {};  // declared in the configuration ([generic] can), not asked
  }
};

}  // namespace

std::vector<core::outbound_request> generic_adapter::render(const core::action& act) const {
  auto requests = std::visit(renderer{act}, act.body);
  if (!act.purpose.empty() && !requests.empty()) {
    requests.front().purpose = act.purpose;
    requests.front().purpose_ref = act.purpose_ref;
  }
  return requests;
}

}  // namespace steward::platforms::generic
