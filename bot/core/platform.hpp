#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
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
};

/// What the platform answered to an outbound call.
struct delivery_response {
  int status = 0;
  std::string retry_after_header;
  std::string body;
};

/// How the dispatcher should treat a platform's answer.
struct delivery_verdict {
  enum class kind { delivered, retry_after, transient, permanent };
  kind outcome = kind::delivered;
  std::int64_t retry_after_s = 0;  ///< for retry_after: the platform's wait hint
  std::string description;         ///< the platform's error text, for the outbox log
};

/// What a platform lets a bot do; the pipeline degrades explicitly where it cannot.
struct capabilities {
  bool delete_others_messages = false;
  bool mute_with_duration = false;
  bool kick = false;
  bool ban = false;
  bool sees_all_messages = false;
};

/// One chat platform: verification and parsing of its webhooks, rendering of actions into its
/// API calls, and reading of its API answers. Pure functions of their inputs, no I/O.
class platform_adapter {
 public:
  virtual ~platform_adapter() = default;

  /// The platform's name as used in paths, config and the database ("telegram").
  virtual std::string_view name() const = 0;
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
  /// The link in an answer to a create_invite_link call, or empty.
  virtual std::string created_invite_link(const delivery_response& response) const = 0;
  /// The id of the message a successful send created, from its answer (empty if none).
  virtual std::string sent_message_id(const delivery_response& response) const = 0;
  /// The API call that lists a chat's administrators.
  virtual outbound_request admin_list_request(std::string_view chat_id) const = 0;
  /// The administrators' user ids in an answer to admin_list_request().
  virtual result<std::vector<std::string>> parse_admin_list(
      const delivery_response& response) const = 0;
};

}  // namespace steward::core
