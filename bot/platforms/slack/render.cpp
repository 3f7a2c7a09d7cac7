// Actions → Slack Web API calls (shared/reference/platforms.md §2.5), text as mrkdwn.
#include <nlohmann/json.hpp>

#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/slack/slack_adapter.hpp"

namespace steward::platforms::slack {

namespace {

using nlohmann::json;

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

core::outbound_request call(std::string method, const json& body) {
  // Text Steward built may hold broken UTF-8 (a cut name): replaced, never a throw mid-batch.
  return {std::move(method), body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

struct renderer {
  const core::action& act;

  json message(const std::string& text, bool html) const {
    return {{"channel", act.chat_id}, {"text", to_mrkdwn(text, html)}, {"unfurl_links", false}};
  }

  std::vector<core::outbound_request> operator()(const core::send_message& m) const {
    auto request = call("chat.postMessage", message(m.text, m.html));
    request.purpose = m.purpose;
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::reply_message& m) const {
    json body = message(m.text, m.html);
    if (!m.to_message_id.empty()) body["thread_ts"] = m.to_message_id;  // a thread reply
    return {call("chat.postMessage", body)};
  }
  std::vector<core::outbound_request> operator()(const core::edit_message& m) const {
    json body = message(m.text, m.html);
    body["ts"] = m.message_id;
    return {call("chat.update", body)};
  }
  std::vector<core::outbound_request> operator()(const core::delete_message& m) const {
    return {call("chat.delete", {{"channel", act.chat_id}, {"ts", m.message_id}})};
  }
  std::vector<core::outbound_request> operator()(const core::kick_member& m) const {
    return {call("conversations.kick", {{"channel", act.chat_id}, {"user", m.user_id}})};
  }
  std::vector<core::outbound_request> operator()(const core::ask_member_name& m) const {
    auto request = call("users.info", {{"user", m.user_id}});
    request.purpose = "member_name";
    request.purpose_ref = m.user_id;
    return {request};
  }
  // Whatever else the platform has no call for: none is made (a purposeful action is answered
  // "unsupported" by the pipeline).
  template <class other_action>
  std::vector<core::outbound_request> operator()(const other_action&) const {
    return {};
  }
};

}  // namespace

std::string to_mrkdwn(const std::string& text, bool html) {
  if (!html) return escaped(text);
  std::string out;
  for (const auto& piece : read_markup(text)) {
    std::string part;
    switch (piece.what) {
      case markup_piece::kind::text:
        part = escaped(piece.text);
        break;
      case markup_piece::kind::mention:
        part = "<@" + escaped(piece.target) + ">";
        break;
      case markup_piece::kind::link:
        part = "<" + escaped(piece.target) + "|" + escaped(piece.text) + ">";
        break;
    }
    out += with_markers(std::move(part), piece, {"*", "_", "`"});
  }
  return out;
}

std::vector<core::outbound_request> slack_adapter::render(const core::action& act) const {
  auto requests = std::visit(renderer{act}, act.body);
  if (!act.purpose.empty() && !requests.empty()) {
    requests.front().purpose = act.purpose;
    requests.front().purpose_ref = act.purpose_ref;
  }
  return requests;
}

}  // namespace steward::platforms::slack
