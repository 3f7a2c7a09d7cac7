// Actions → DingTalk robot and scene-group API calls (shared/reference/platforms.md §4.5),
// text as DingTalk markdown.
#include <nlohmann/json.hpp>

#include "bot/platforms/common/markdown.hpp"
#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/dingtalk/dingtalk_adapter.hpp"

namespace steward::platforms::dingtalk {

namespace {

using nlohmann::json;

std::string dumped(const json& value) {
  // Text Steward built may hold broken UTF-8 (a cut name): replaced, never a throw mid-batch.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

core::outbound_request call(std::string method, std::string api, std::string path, json body) {
  return {std::move(method),
          dumped({{"api", std::move(api)}, {"path", std::move(path)}, {"body", std::move(body)}})};
}

// The notification's title: the message's first line, without markup, shortened.
std::string title_of(const std::vector<markup_piece>& pieces) {
  std::string flat = flatten_markup(pieces);
  flat = flat.substr(0, flat.find('\n'));
  if (flat.size() > 60) {
    std::size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80)
      --cut;
    flat = flat.substr(0, cut) + "…";
  }
  return flat.empty() ? "Steward" : flat;
}

struct renderer {
  const core::action& act;
  const dingtalk_settings& settings;
  std::string robot;

  bool is_private() const { return act.chat_id.rfind(private_prefix, 0) == 0; }

  core::outbound_request message(const std::string& text, bool html) const {
    const auto pieces = html ? read_markup(text) : plain_markup(text);
    const json param{{"title", title_of(pieces)}, {"text", to_markdown(text, html)}};
    json body{{"robotCode", robot}, {"msgKey", "sampleMarkdown"}, {"msgParam", dumped(param)}};
    if (is_private()) {
      body["userIds"] = {act.chat_id.substr(private_prefix.size())};
      return call("send_private", "api", "/v1.0/robot/oToMessages/batchSend", body);
    }
    body["openConversationId"] = act.chat_id;
    return call("send", "api", "/v1.0/robot/groupMessages/send", body);
  }
  json mute_body(const std::string& user_id, int status) const {
    return {{"openConversationId", act.chat_id}, {"userIdList", {user_id}}, {"muteStatus", status}};
  }

  std::vector<core::outbound_request> operator()(const core::send_message& m) const {
    auto request = message(m.text, m.html);
    request.purpose = m.purpose;
    return {request};
  }
  // No quote reply for robots: the answer is a message in the conversation (§4.5).
  std::vector<core::outbound_request> operator()(const core::reply_message& m) const {
    return {message(m.text, m.html)};
  }
  std::vector<core::outbound_request> operator()(const core::delete_message& m) const {
    // Recalls the robot's own messages (their processQueryKey); members' cannot be deleted.
    if (is_private()) return {};
    return {call("recall", "api", "/v1.0/robot/groupMessages/recall",
                 {{"openConversationId", act.chat_id},
                  {"robotCode", robot},
                  {"processQueryKeys", {m.message_id}}})};
  }
  std::vector<core::outbound_request> operator()(const core::restrict_member& m) const {
    if (!settings.scene_groups || is_private()) return {};
    json body = mute_body(m.user_id, 1);
    body["steward_until"] = m.until;  // the duration is computed when the call leaves
    return {call("mute", "api", "/v1.0/im/sceneGroups/muteMembers/set", body)};
  }
  std::vector<core::outbound_request> operator()(const core::lift_restriction& m) const {
    if (!settings.scene_groups || is_private()) return {};
    return {call("unmute", "api", "/v1.0/im/sceneGroups/muteMembers/set", mute_body(m.user_id, 0))};
  }
  std::vector<core::outbound_request> operator()(const core::kick_member& m) const {
    if (!settings.scene_groups || is_private()) return {};
    return {call("kick", "oapi", "/topapi/im/chat/scenegroup/member/delete",
                 {{"open_conversation_id", act.chat_id}, {"user_ids", m.user_id}})};
  }
  // Whatever else the platform has no call for: none is made (a purposeful action is answered
  // "unsupported" by the pipeline).
  template <class other_action>
  std::vector<core::outbound_request> operator()(const other_action&) const {
    return {};
  }
};

}  // namespace

std::vector<core::outbound_request> dingtalk_adapter::render(const core::action& act) const {
  auto requests = std::visit(renderer{act, settings_, robot_code()}, act.body);
  if (!act.purpose.empty() && !requests.empty()) {
    requests.front().purpose = act.purpose;
    requests.front().purpose_ref = act.purpose_ref;
  }
  return requests;
}

}  // namespace steward::platforms::dingtalk
