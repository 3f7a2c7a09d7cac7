#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>

#include "bot/app/config.hpp"

namespace steward::app {

/// The composition root: the only place that knows every concrete type. Opens and migrates the
/// database, builds the stores, adapters, handlers, pipeline, core thread and network service.
class application {
 public:
  explicit application(const config& cfg);
  ~application();

  /// The port the HTTP server is bound to.
  std::uint16_t port() const;
  /// Serves until SIGTERM/SIGINT or request_stop(); returns after a graceful shutdown.
  void run();
  /// Asks run() to stop gracefully; callable from any thread.
  void request_stop();

 private:
  void report_pending_outbox();
  struct parts;
  std::unique_ptr<parts> parts_;
  std::string host_;  ///< the listen address's host, for the log
};

/// Opens the configured database and brings its schema up to date (`steward migrate`).
int migrate_database(const config& cfg, std::ostream& out, std::ostream& err);

/// `steward token create`: stores a new admin API token's hash and prints the token once.
/// `groups`: the chat ids it is limited to (none: every group).
int create_api_token(const config& cfg, const std::string& role, const std::string& name,
                     std::ostream& out, const std::vector<std::string>& groups = {});

/// A one-time console sign-in link to make (`steward token link`, the demo).
struct console_link_request {
  std::string role = "operator";
  std::string name;
  std::vector<std::string> groups;  ///< none: every group
  std::int64_t valid_s = 600;
  std::string base_url;  ///< where operators reach Steward; default the listen address
};
/// Stores a one-time link's hash and prints the link (`<base>/console/#link=<code>`).
int create_console_link(const config& cfg, const console_link_request& link, std::ostream& out);
/// `steward token list`: every token's id, name, role and state (never a secret).
int list_api_tokens(const config& cfg, std::ostream& out);
/// `steward token revoke ID`: the token stops working at once; the revocation is audited.
int revoke_api_token(const config& cfg, std::int64_t id, std::ostream& out, std::ostream& err);

}  // namespace steward::app
