// Actions → WeCom calls (shared/reference/platforms.md §5.5): an AI bot message is answered
// through its response_url; the app writes to members one to one; markdown.
#include <nlohmann/json.hpp>

#include "bot/platforms/common/markdown.hpp"
#include "bot/platforms/wecom/wecom_adapter.hpp"

namespace steward::platforms::wecom {

namespace {

using nlohmann::json;

std::string dumped(const json& value) {
  // Text Steward built may hold broken UTF-8 (a cut name): replaced, never a throw mid-batch.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct renderer {
  const core::action& act;
  const wecom_settings& settings;

  std::string member() const {
    return act.chat_id.rfind(private_prefix, 0) == 0 ? act.chat_id.substr(private_prefix.size())
                                                     : std::string();
  }

  // The app writes to one member (message/send); it cannot post into groups it did not create.
  std::vector<core::outbound_request> to_member(const std::string& text, bool html) const {
    if (member().empty() || settings.corp_secret.empty()) return {};
    json body{{"touser", member()},
              {"msgtype", "markdown"},
              {"markdown", {{"content", to_markdown(text, html)}}}};
    if (!settings.agent_id.empty()) body["agentid"] = std::atoll(settings.agent_id.c_str());
    return {{"send", dumped({{"path", "/cgi-bin/message/send"}, {"body", body}})}};
  }

  std::vector<core::outbound_request> operator()(const core::send_message& m) const {
    auto requests = to_member(m.text, m.html);
    if (!requests.empty()) requests.front().purpose = m.purpose;
    return requests;
  }
  std::vector<core::outbound_request> operator()(const core::reply_message& m) const {
    const auto space = m.to_message_id.find(' ');
    if (space == std::string::npos) return to_member(m.text, m.html);
    const json body{{"msgtype", "markdown"},
                    {"markdown", {{"content", to_markdown(m.text, m.html)}}}};
    return {{"respond", dumped({{"url", m.to_message_id.substr(space + 1)}, {"body", body}})}};
  }
  // Whatever else WeCom has no call for in these chats: none is made (a purposeful action is
  // answered "unsupported" by the pipeline).
  template <class other_action>
  std::vector<core::outbound_request> operator()(const other_action&) const {
    return {};
  }
};

}  // namespace

std::vector<core::outbound_request> wecom_adapter::render(const core::action& act) const {
  auto requests = std::visit(renderer{act, settings_}, act.body);
  if (!act.purpose.empty() && !requests.empty()) {
    requests.front().purpose = act.purpose;
    requests.front().purpose_ref = act.purpose_ref;
  }
  return requests;
}

}  // namespace steward::platforms::wecom
