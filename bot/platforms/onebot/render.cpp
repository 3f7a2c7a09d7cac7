// Actions → OneBot 11 API calls (shared/reference/platforms.md §5b.5). Messages go out as
// segment arrays, never as CQ-code strings: a member's "[CQ:at,qq=all]" stays text.
#include <nlohmann/json.hpp>

#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/onebot/onebot_adapter.hpp"

namespace steward::platforms::onebot {

namespace {

using nlohmann::json;

constexpr std::string_view private_prefix = "private:";

/// Group ids and user ids are integers in every implementation's API.
json number(const std::string& id) {
  try {
    return json(std::stoll(id));
  } catch (const std::exception&) {
    throw std::invalid_argument("not a QQ number: '" + id + "'");
  }
}

/// Steward's markup as message segments: mentions become real @s, links their text and URL.
json segments_of(const std::string& text, bool html) {
  json out = json::array();
  const auto add_text = [&](const std::string& t) {
    if (t.empty()) return;
    if (!out.empty() && out.back()["type"] == "text") {
      out.back()["data"]["text"] = out.back()["data"]["text"].get<std::string>() + t;
    } else {
      out.push_back({{"type", "text"}, {"data", {{"text", t}}}});
    }
  };
  for (const auto& piece : html ? read_markup(text) : plain_markup(text)) {
    if (piece.what == markup_piece::kind::mention &&
        piece.target.find_first_not_of("0123456789") == std::string::npos &&
        !piece.target.empty()) {
      out.push_back({{"type", "at"}, {"data", {{"qq", piece.target}}}});
    } else {
      add_text(flatten_markup({piece}));
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
  const onebot_settings& settings;

  bool is_private() const { return act.chat_id.rfind(private_prefix, 0) == 0; }

  core::outbound_request message(json segments) const {
    if (is_private()) {
      return call("send_private_msg",
                  {{"user_id", number(act.chat_id.substr(private_prefix.size()))},
                   {"message", std::move(segments)}});
    }
    return call("send_group_msg",
                {{"group_id", number(act.chat_id)}, {"message", std::move(segments)}});
  }
  json group_member(const std::string& user_id) const {
    return {{"group_id", number(act.chat_id)}, {"user_id", number(user_id)}};
  }

  std::vector<core::outbound_request> operator()(const core::send_message& m) const {
    auto request = message(segments_of(m.text, m.html));
    if (!m.purpose.empty()) request.purpose = m.purpose;
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::reply_message& m) const {
    auto segments = segments_of(m.text, m.html);
    if (!m.to_message_id.empty()) {
      segments.insert(segments.begin(),
                      json{{"type", "reply"}, {"data", {{"id", m.to_message_id}}}});
    }
    return {message(std::move(segments))};
  }
  std::vector<core::outbound_request> operator()(const core::delete_message& m) const {
    return {call("delete_msg", {{"message_id", number(m.message_id)}})};
  }
  std::vector<core::outbound_request> operator()(const core::restrict_member& m) const {
    json body = group_member(m.user_id);
    if (m.until == 0) {
      body["duration"] = longest_mute_s;  // QQ has no mute without an end: the longest it has
      return {call("set_group_ban", body)};
    }
    // QQ takes a duration: it is counted from the moment the call goes out (body_to_send).
    body["duration"] = 0;
    body["steward_until"] = m.until;
    auto request = call("set_group_ban", body);
    request.not_after_s = m.until - 1;
    return {request};
  }
  std::vector<core::outbound_request> operator()(const core::lift_restriction& m) const {
    json body = group_member(m.user_id);
    body["duration"] = 0;  // 0 lifts the mute
    return {call("set_group_ban", body)};
  }
  std::vector<core::outbound_request> operator()(const core::kick_member& m) const {
    json body = group_member(m.user_id);
    body["reject_add_request"] = false;
    return {call("set_group_kick", body)};
  }
  std::vector<core::outbound_request> operator()(const core::ban_member& m) const {
    json body = group_member(m.user_id);
    body["reject_add_request"] = true;  // QQ's ban: removed, and their join requests refused
    return {call("set_group_kick", body)};
  }
  std::vector<core::outbound_request> operator()(const core::answer_join_request& r) const {
    json body{{"flag", r.request_id}, {"sub_type", "add"}, {"approve", r.approve}};
    if (!r.approve && !r.reason.empty()) body["reason"] = r.reason;
    return {call("set_group_add_request", body)};
  }
  // Its events carry the members' names: nothing to ask.
  std::vector<core::outbound_request> operator()(const core::ask_member_name&) const { return {}; }
  std::vector<core::outbound_request> operator()(const core::ask_bot_rights&) const {
    if (settings.self_id.empty() || is_private()) return {};
    json body = group_member(settings.self_id);
    body["no_cache"] = true;
    auto request = call("get_group_member_info", body);
    request.purpose = "bot_rights";
    // QQ's events carry no group name: ask for it once too, for the console and the templates.
    auto title = call("get_group_info", {{"group_id", number(act.chat_id)}});
    title.purpose = "chat_title";
    return {request, title};
  }
  // What OneBot 11 has no call for: no calls (a purposeful action is answered "unsupported").
  std::vector<core::outbound_request> operator()(const core::unban_member&) const { return {}; }
  std::vector<core::outbound_request> operator()(const core::edit_message&) const { return {}; }
  std::vector<core::outbound_request> operator()(const core::answer_button&) const { return {}; }
  std::vector<core::outbound_request> operator()(const core::create_invite_link&) const {
    return {};
  }
  std::vector<core::outbound_request> operator()(const core::forward_message&) const { return {}; }
  std::vector<core::outbound_request> operator()(const core::react_to_message&) const { return {}; }
};

}  // namespace

std::vector<core::outbound_request> onebot_adapter::render(const core::action& act) const {
  auto requests = std::visit(renderer{act, settings_}, act.body);
  if (!act.purpose.empty() && !requests.empty()) {
    requests.front().purpose = act.purpose;
    requests.front().purpose_ref = act.purpose_ref;
  }
  return requests;
}

std::string onebot_adapter::body_to_send(std::string_view method, const std::string& body,
                                         std::int64_t now_s) const {
  if (method != "set_group_ban" || body.find("steward_until") == std::string::npos) return body;
  auto call = json::parse(body, nullptr, false);
  if (!call.is_object() || !call.contains("steward_until")) return body;
  const auto& marker = call["steward_until"];
  // Only this renderer writes the marker; anything else in its place is not a time to count to.
  const auto until = marker.is_number_integer() ? marker.get<std::int64_t>() : now_s;
  call.erase("steward_until");
  call["duration"] = std::clamp<std::int64_t>(until - now_s, 1, longest_mute_s);
  return call.dump();
}

}  // namespace steward::platforms::onebot
