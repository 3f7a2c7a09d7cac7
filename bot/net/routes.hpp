#pragma once
// Private to bot/net: request → response for every route (webhooks, health, metrics).

#include <functional>
#include <map>
#include <string>

#include "bot/api/admin_api.hpp"
#include "bot/core/chat_owners.hpp"
#include "bot/core/command.hpp"
#include "bot/core/core_executor.hpp"
#include "bot/core/metrics.hpp"
#include "bot/core/platform.hpp"
#include "bot/net/detail/admin_directory.hpp"
#include "bot/net/detail/answer_board.hpp"
#include "bot/net/detail/asio.hpp"
#include "bot/net/detail/http_client.hpp"
#include "bot/net/settings.hpp"

namespace steward::net {

/// Answers one admin API request elsewhere than on the core thread: calls its second argument
/// once with the answer, from any thread.
using api_read = std::function<void(api::request, std::function<void(api::response)>)>;

/// The request router: POST /webhook/<platform>, GET /healthz, /readyz, /metrics; 404/405 else.
class router {
 public:
  router(asio::io_context& ioc, core::core_executor& core,
         std::map<std::string, const core::platform_adapter*, std::less<>> adapters,
         core::metrics& stats, server_settings settings, const core::command_table& commands,
         admin_directory& admins);

  /// Answers one request.
  asio::awaitable<http_response> operator()(http_request& req);
  /// New webhook deliveries get 503 from now on (the platform retries after the restart).
  void stop_accepting() { accepting_ = false; }
  /// Messages whose author's admin status is wanted beyond admin commands (see service).
  void want_admin_status(std::function<bool(const core::chat_event&)> wanted) {
    admin_status_wanted_ = std::move(wanted);
  }
  /// The admin API behind /api/v1 (run on the core thread). Without it /api/v1 answers 404.
  void serve_api(std::function<api::response(const api::request&)> api) { api_ = std::move(api); }
  /// Requests that only read what is committed (api::admin_api::reads_committed_only) go to
  /// `read` instead, which answers through its callback once, from any thread — so a long
  /// report does not hold up webhooks on the core thread.
  void serve_api_reads(api_read read) { api_reads_ = std::move(read); }
  /// Updates of chats another instance serves are forwarded to it, and its answer is this
  /// one's; `own_address` marks what this instance forwards. Without it every chat is served
  /// here.
  void route_by(const core::chat_owners& owners, std::string own_address) {
    owners_ = &owners;
    own_address_ = std::move(own_address);
  }

 private:
  asio::awaitable<http_response> webhook(const core::platform_adapter& adapter, http_request& req);
  asio::awaitable<core::update_outcome> commit(core::inbound_update update);
  /// The owner's answer to the request, or 503 when there is none to ask.
  asio::awaitable<http_response> forward(const std::string& platform, const std::string& owner,
                                         http_request& req);
  asio::awaitable<http_response> admin_api(http_request& req, std::string_view path);
  /// Starts `call` on the core thread (in its transaction); `reply` gets the answer.
  void call_core(api::request call, std::function<void(api::response)> reply);
  asio::awaitable<void> mark_admins(const core::platform_adapter& adapter,
                                    core::inbound_update& update);

  core::core_executor& core_;
  std::map<std::string, const core::platform_adapter*, std::less<>> adapters_;
  core::metrics& metrics_;
  server_settings settings_;
  const core::command_table& commands_;
  admin_directory& admins_;
  bool accepting_ = true;
  std::function<bool(const core::chat_event&)> admin_status_wanted_;
  std::function<api::response(const api::request&)> api_;
  api_read api_reads_;
  const core::chat_owners* owners_ = nullptr;
  std::string own_address_;
  http_client forwarder_;  // to the instances that serve the other chats (kept-alive)
  answer_board<core::update_outcome> outcomes_;  // webhooks waiting for their commit
  answer_board<api::response> api_answers_;      // admin API calls waiting for the core
};

}  // namespace steward::net
