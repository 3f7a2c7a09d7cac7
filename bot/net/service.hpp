#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "bot/api/admin_api.hpp"
#include "bot/core/chat_owners.hpp"
#include "bot/core/command.hpp"
#include "bot/core/core_executor.hpp"
#include "bot/core/metrics.hpp"
#include "bot/core/platform.hpp"
#include "bot/net/settings.hpp"

namespace steward::net {

/// Everything that touches the network: the webhook/ops HTTP server, the outbox dispatcher,
/// signals and the graceful shutdown. Asio stays behind this interface.
class service {
 public:
  /// Binds the server; chats' administrator lists are trusted for `admin_cache_ttl_s` seconds.
  service(server_settings server, dispatch_settings dispatch, core::core_executor& core,
          std::vector<const core::platform_adapter*> adapters, core::metrics& stats,
          const core::command_table& commands, int admin_cache_ttl_s);
  ~service();

  /// The port the server is bound to.
  std::uint16_t port() const;
  /// Serves until SIGTERM/SIGINT or request_stop(), then stops accepting, lets requests in
  /// flight finish, and drains the dispatcher for a bounded time.
  void run();
  /// Asks run() to shut down gracefully; callable from any thread.
  void request_stop();
  /// Calls `reload` (on the I/O thread) whenever SIGHUP arrives. Set before run().
  void on_reload_signal(std::function<void()> reload);
  /// Messages for which the author's admin status is looked up even when they are no admin
  /// command (moderation exempts admins). Set before run().
  void want_admin_status(std::function<bool(const core::chat_event&)> wanted);
  /// Serves the admin API under /api/v1 (called on the core thread). Set before run().
  void serve_api(std::function<api::response(const api::request&)> api);
  /// Reads of committed rows alone (api::admin_api::reads_committed_only) are answered by `read`
  /// instead, from any thread, with the answer passed to its callback. Set before run().
  void serve_api_reads(std::function<void(api::request, std::function<void(api::response)>)> read);
  /// Instances share a database: updates of chats `owners` gives to another instance are
  /// forwarded to it, and only this one's chats' outbox rows are sent from here, at this
  /// instance's share of the platforms' global limits. `own_address` is where the others reach
  /// this one. Set before run().
  void serve_chats_of(const core::chat_owners& owners, std::string own_address);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace steward::net
