// Actions → Feishu IM API calls (shared/reference/platforms.md §3.5), text as rich text.
#include <nlohmann/json.hpp>

#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/common/signature.hpp"
#include "bot/platforms/feishu/feishu_adapter.hpp"

namespace steward::platforms::feishu {

namespace {

using nlohmann::json;

std::string dumped(const json& value) {
  // Text Steward built may hold broken UTF-8 (a cut name): replaced, never a throw mid-batch.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Calls are stored with their verb and path: Feishu names a call's object in its path.
core::outbound_request call(std::string method, std::string verb, std::string path,
                            json body = nullptr) {
  return {
      std::move(method),
      dumped({{"verb", std::move(verb)}, {"path", std::move(path)}, {"body", std::move(body)}})};
}

json text_element(const markup_piece& piece, std::string text) {
  json element{{"tag", "text"}, {"text", std::move(text)}};
  json style = json::array();
  if (piece.bold) style.push_back("bold");
  if (piece.italic) style.push_back("italic");
  if (!style.empty()) element["style"] = style;
  return element;
}

// Pieces → lines of post elements; a text piece's newlines start new lines.
json post_lines(const std::vector<markup_piece>& pieces) {
  json lines = json::array({json::array()});
  for (const auto& piece : pieces) {
    switch (piece.what) {
      case markup_piece::kind::mention:
        lines.back().push_back({{"tag", "at"}, {"user_id", piece.target}});
        break;
      case markup_piece::kind::link:
        lines.back().push_back({{"tag", "a"}, {"href", piece.target}, {"text", piece.text}});
        break;
      case markup_piece::kind::text: {
        std::size_t at = 0;
        for (;;) {
          const auto newline = piece.text.find('\n', at);
          const auto run =
              piece.text.substr(at, newline == std::string::npos ? newline : newline - at);
          if (!run.empty()) lines.back().push_back(text_element(piece, run));
          if (newline == std::string::npos) break;
          lines.push_back(json::array());
          at = newline + 1;
        }
        break;
      }
    }
  }
  return lines;
}

struct renderer {
  const core::action& act;

  // Feishu sends a message once per uuid (for an hour): a retried call whose first answer was
  // lost does not post twice. Derived from what the call is, so every retry carries the same.
  std::string uuid_for(const std::string& content) const {
    return hash_hex(digest::sha256,
                    act.origin_event_id + "\n" + act.chat_id + "\n" + act.label + "\n" + content)
        .substr(0, 32);
  }

  json message(const std::string& text, bool html) const {
    const auto content = to_post(text, html);
    return {{"msg_type", "post"}, {"content", content}, {"uuid", uuid_for(content)}};
  }

  std::vector<core::outbound_request> operator()(const core::send_message& m) const {
    json body = message(m.text, m.html);
    body["receive_id"] = act.chat_id;
    auto request = call("send", "POST", "/open-apis/im/v1/messages?receive_id_type=chat_id", body);
    request.purpose = m.purpose;
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::reply_message& m) const {
    if (m.to_message_id.empty()) return (*this)(core::send_message(m.text, m.html));
    return {call("reply", "POST", "/open-apis/im/v1/messages/" + m.to_message_id + "/reply",
                 message(m.text, m.html))};
  }
  std::vector<core::outbound_request> operator()(const core::delete_message& m) const {
    return {call("recall", "DELETE", "/open-apis/im/v1/messages/" + m.message_id)};
  }
  std::vector<core::outbound_request> operator()(const core::kick_member& m) const {
    return {call("kick", "DELETE",
                 "/open-apis/im/v1/chats/" + act.chat_id + "/members?member_id_type=open_id",
                 {{"id_list", {m.user_id}}})};
  }
  std::vector<core::outbound_request> operator()(const core::ask_bot_rights&) const {
    // Feishu's events carry no group name: ask for it once, for the console and the templates.
    auto title = call("chat_info", "GET", "/open-apis/im/v1/chats/" + act.chat_id);
    title.purpose = "chat_title";
    return {title};
  }
  std::vector<core::outbound_request> operator()(const core::ask_member_name& m) const {
    // Needs the contact scope (contact:user.base:readonly); without it the name stays unknown.
    auto request = call("user_info", "GET",
                        "/open-apis/contact/v3/users/" + m.user_id + "?user_id_type=open_id");
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

std::string to_post(const std::string& text, bool html) {
  const auto pieces = html ? read_markup(text) : plain_markup(text);
  return dumped({{"zh_cn", {{"title", ""}, {"content", post_lines(pieces)}}}});
}

std::vector<core::outbound_request> feishu_adapter::render(const core::action& act) const {
  auto requests = std::visit(renderer{act}, act.body);
  if (!act.purpose.empty() && !requests.empty() && requests.front().purpose.empty()) {
    requests.front().purpose = act.purpose;
    requests.front().purpose_ref = act.purpose_ref;
  }
  return requests;
}

}  // namespace steward::platforms::feishu
