#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace steward::net {

/// The inbound HTTP server's address, limits and deadlines.
struct server_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t body_limit = 1024 * 1024;  ///< larger bodies get 413
  std::size_t header_limit = 8 * 1024;   ///< larger headers get 431
  int idle_timeout_s = 30;               ///< a kept-alive connection waiting for a request
  int read_timeout_s = 10;               ///< reading one request once it started (408 after)
  int write_timeout_s = 10;              ///< writing one response
  int core_timeout_s = 30;    ///< waiting for the commit (503 after; the platform retries)
  int shutdown_grace_s = 10;  ///< in-flight requests may finish within this
  /// Where operators reach Steward (https://steward.example.com), for console sign-in links the
  /// bot sends; empty: the bot cannot send them.
  std::string public_url;
  /// Where the other instances serving the same PostgreSQL database reach this one
  /// (http://10.0.0.5:8080) to forward updates of its chats; empty: the address it listens on,
  /// unless that is every interface.
  std::string instance_url;
};

/// The outbox dispatcher's rate limits, retries and drain time.
struct dispatch_settings {
  double per_chat_per_second = 1.0;   ///< Telegram: about one message per second per chat
  double per_chat_burst = 3.0;        ///< short bursts tolerated
  double per_chat_per_minute = 20.0;  ///< Telegram: 20 messages per minute per group
  double global_per_second = 30.0;    ///< Telegram: about 30 messages per second overall
  int max_attempts = 8;               ///< transient failures before a row is dead
  int backoff_initial_ms = 1000;
  int backoff_max_ms = 60000;
  int request_timeout_s = 15;
  int drain_s = 5;  ///< on shutdown, keep sending for at most this long
  /// Calls held in memory at most; the rest wait in the outbox, in order, however long the
  /// backlog grows (memory stays flat under a flood).
  int max_loaded = 2000;
};

}  // namespace steward::net
