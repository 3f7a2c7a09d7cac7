#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/chat_event.hpp"
#include "bot/core/result.hpp"

namespace steward::core {

/// A webhook request as received, before anything is parsed. Header lookup is
/// case-insensitive and returns an empty view for a missing header.
struct raw_request {
  std::string_view target;
  std::string_view body;
  std::function<std::string_view(std::string_view)> header;
};

/// One call to a platform's API, ready to send: which method and its JSON body.
struct outbound_request {
  std::string method;
  std::string body;
  std::string purpose = {};      ///< non-empty when the answer must come back to the core
  std::string purpose_ref = {};  ///< what the follow-up needs to know (e.g. a member id)
  /// Unix time after which the call must not be made any more (0: no limit), e.g. a timed
  /// mute whose end would already be too close for the platform to honour it.
  std::int64_t not_after_s = 0;
};

/// Which of a chat's outbound queues a call waits in. Messages keep their order and the chat's
/// message limits; moderation calls and purposeful lookups go on beside them, so one failing call
/// never holds up the others.
enum class lane { messages, moderation, lookups };

/// What the platform answered to an outbound call.
struct delivery_response {
  int status = 0;
  std::string retry_after_header;
  std::string body;
  std::string content_type = {};
};

/// How the dispatcher should treat a platform's answer.
struct delivery_verdict {
  enum class kind { delivered, retry_after, transient, permanent };
  kind outcome = kind::delivered;
  std::int64_t retry_after_s = 0;  ///< for retry_after: the platform's wait hint
  std::string description;         ///< the platform's error text, for the outbox log
  /// The platform no longer accepts the access token the call carried (expired or revoked): a
  /// new one is fetched before the call is made again (outcome is transient).
  bool token_rejected = false;
};

/// One HTTP request to a platform, complete: what the net layer sends as it is.
struct http_call {
  std::string verb = "POST";  ///< POST, DELETE, GET (DELETE and GET may carry a body too)
  std::string url;            ///< may embed a token: never log it
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers = {};
};

/// An access token a platform granted and how long it lives.
struct access_grant {
  std::string token;
  std::int64_t expires_in_s = 0;
};

/// Why a call with a purpose did not go through.
enum class delivery_failure {
  none,         ///< it went through
  refused,      ///< the platform answered with an error
  unreachable,  ///< no answer after every attempt
  expired,      ///< not sent before its deadline (outbound_request::not_after_s)
  unsupported,  ///< the platform has no call for it (nothing was sent)
  unconfirmed,  ///< Steward failed reading the call or its answer: it may or may not have gone
                ///< through (it is not made again)
};

/// Why a platform refused a call, as far as its answer tells.
enum class refusal {
  unknown,          ///< an answer we do not recognise (quoted to the admins as is)
  target_is_admin,  ///< the member is an administrator (or the owner) of the chat
  lacks_right,      ///< the bot is an admin without the right the call needs
  not_admin,        ///< the bot is not an administrator of the chat
  not_supergroup,   ///< the call works in supergroups only (Telegram: mutes)
  target_absent,    ///< the member is not in the chat
  message_gone,     ///< the message was already deleted
  too_old,          ///< the message is too old to delete, or the bot may not delete it
  unreachable,      ///< the platform could not be reached after every attempt
  expired,          ///< it could not be sent before the moment it still made sense
  unsupported,      ///< the platform offers no way to do it (QQ: timed bans, invite links)
  unconfirmed,      ///< whether it was done is not known (delivery_failure::unconfirmed)
};

/// What a platform lets a bot do; the pipeline degrades explicitly where it cannot.
struct capabilities {
  bool delete_others_messages = false;
  bool mute_with_duration = false;
  bool kick = false;
  bool ban = false;
  bool sees_all_messages = false;
  bool timed_ban = false;           ///< a ban can end by itself (else bans are for good)
  bool inline_buttons = false;      ///< messages can carry buttons that come back as events
  bool edit_messages = false;       ///< the bot can change the text of a message it posted
  std::int64_t longest_mute_s = 0;  ///< 0: mutes may last for ever; else their longest
  // What its messages can show of Steward's markup: a template that uses more is reported when
  // an operator saves it (handlers::markup_losses).
  bool shows_styles = true;       ///< bold, italic, code
  bool shows_links = true;        ///< a link under a label (else "label (address)")
  bool notifies_mentions = true;  ///< a mention notifies the member (else it is their name)
  /// The bot can post into the chat unprompted; else it can only answer a message (WeCom's AI
  /// bot), so notices about a message go as replies to it.
  bool posts_unprompted = true;

  /// These capabilities narrowed by what the bot was granted in one chat (unknown rights are
  /// assumed granted: the platform's answer to the call is the final word).
  capabilities in_chat(const bot_rights& rights) const {
    capabilities c = *this;
    const bool admin = rights.is_admin.value_or(true);
    c.delete_others_messages =
        c.delete_others_messages && admin && rights.can_delete.value_or(true);
    const bool may_restrict = admin && rights.can_restrict.value_or(true);
    c.mute_with_duration = c.mute_with_duration && may_restrict && rights.can_mute.value_or(true);
    c.kick = c.kick && may_restrict;
    c.ban = c.ban && may_restrict;
    return c;
  }
};

/// How fast a platform lets a bot send (the dispatcher's windows for it).
struct send_limits {
  double per_chat_per_second = 1.0;
  double per_chat_burst = 3.0;
  double per_chat_per_minute = 20.0;
  double global_per_second = 30.0;
};

/// What a webhook is answered once its update is committed (platforms expect different ones).
struct webhook_answer {
  int status = 200;
  std::string body = R"({"ok":true})";
};

/// One chat platform: verification and parsing of its webhooks, rendering of actions into its
/// API calls, and reading of its API answers. Pure functions of their inputs, no I/O.
class platform_adapter {
 public:
  virtual ~platform_adapter() = default;

  /// The platform's name as used in paths, config and the database ("telegram").
  virtual std::string_view name() const = 0;
  /// The member an outbound call concerns (a mute's target), for logs; empty when none.
  virtual std::string member_of_call(const outbound_request& call) const {
    (void)call;
    return {};
  }
  /// The body to send now for a stored call: calls whose meaning depends on the moment they
  /// go out (a mute given as a duration while the action names its end) are completed here.
  virtual std::string body_to_send(std::string_view method, const std::string& body,
                                   std::int64_t now_s) const {
    (void)method;
    (void)now_s;
    return body;
  }
  /// Headers a stored call is sent with (a signature over the body and the moment it leaves).
  virtual std::vector<std::pair<std::string, std::string>> headers_to_send(
      std::string_view method, const std::string& body, std::int64_t now_s) const {
    (void)method;
    (void)body;
    (void)now_s;
    return {};
  }
  /// The complete request for a stored call at `now_s`, carrying `access_token` when the
  /// platform needs one (token_call()). Platforms whose calls differ in verb or whose URL names
  /// the call's object (Feishu: /messages/{id}/reply) build it here from the stored body;
  /// others are POSTed to endpoint_url() with body_to_send() and headers_to_send().
  virtual http_call call_for(std::string_view method, const std::string& stored_body,
                             std::int64_t now_s, std::string_view access_token) const {
    (void)access_token;
    http_call call{"POST", endpoint_url(method), body_to_send(method, stored_body, now_s)};
    call.headers = headers_to_send(method, call.body, now_s);
    return call;
  }
  /// The request that fetches an access token, for platforms whose API wants one (Feishu's
  /// tenant_access_token, DingTalk's and WeCom's access tokens); nullopt: none is needed.
  virtual std::optional<http_call> token_call() const { return std::nullopt; }
  /// The token and its lifetime from the answer to token_call().
  virtual result<access_grant> parsed_token(const delivery_response& response) const {
    (void)response;
    return error{"no_token", "this platform needs no access token"};
  }
  /// The platform's own sending limits; nullopt: the configured [dispatch] limits apply.
  virtual std::optional<send_limits> own_limits() const { return std::nullopt; }
  /// Whether the platform checks its callback URL with a GET request (WeCom) that verify() and
  /// parse() answer as a handshake.
  virtual bool checks_url_by_get() const { return false; }
  /// The answer to a webhook that was committed (or ignored).
  virtual webhook_answer accepted() const { return {}; }
  /// Checks the request's secret or signature over the raw body, in constant time.
  virtual bool verify(const raw_request& request) const = 0;
  /// Parses a verified request into normalized events.
  virtual result<inbound_update> parse(const raw_request& request) const = 0;
  /// Turns one action into the API calls that perform it, in order.
  virtual std::vector<outbound_request> render(const action& act) const = 0;
  /// The full URL of an API method (may embed a token: never log it).
  virtual std::string endpoint_url(std::string_view method) const = 0;
  /// Classifies an API answer: delivered, wait and retry, retry later, or give up.
  virtual delivery_verdict classify(const delivery_response& response) const = 0;
  /// What this platform lets a bot do.
  virtual capabilities caps() const = 0;
  /// Why the platform refused a call, from the error text classify() reported.
  virtual refusal explain_failure(std::string_view error) const = 0;
  /// The queue a call to `method` waits in.
  virtual lane lane_of(std::string_view method) const = 0;
  /// The link in an answer to a create_invite_link call, or empty.
  virtual std::string created_invite_link(const delivery_response& response) const = 0;
  /// The id of the message a successful send created, from its answer (empty if none).
  virtual std::string sent_message_id(const delivery_response& response) const = 0;
  /// Whether the platform can list a chat's administrators. Where it cannot, only its events'
  /// own admin flag (DingTalk's isAdmin) and moderation.admin_ids make an admin.
  virtual bool lists_admins() const { return true; }
  /// The API call that lists a chat's administrators; an empty method when the platform has
  /// none (lists_admins() is false).
  virtual outbound_request admin_list_request(std::string_view chat_id) const = 0;
  /// What the bot may do in a chat, from the answer to an ask_bot_rights call (nullopt when
  /// the answer does not say).
  virtual std::optional<bot_rights> parsed_bot_rights(const delivery_response& response) const = 0;
  /// A chat's title from the answer to a "chat_title" call (platforms whose events carry no
  /// title ask for it once, beside the bot's rights); empty when the answer does not say.
  virtual std::string parsed_chat_title(const delivery_response& response) const {
    (void)response;
    return {};
  }
  /// A member's name from the answer to an ask_member_name call; empty when it does not say.
  virtual std::string parsed_member_name(const delivery_response& response) const {
    (void)response;
    return {};
  }
  /// The administrators' user ids in an answer to admin_list_request().
  virtual result<std::vector<std::string>> parse_admin_list(
      const delivery_response& response) const = 0;
};

}  // namespace steward::core
