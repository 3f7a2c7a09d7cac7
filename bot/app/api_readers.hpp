#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bot/api/admin_api.hpp"

namespace steward::app {

struct config;

/// What the readers share with the core thread: the settings of tiers and churn, fixed at start
/// (only read), the rules the API is built with (the readers' routes never use them), and the
/// clock.
struct reader_shared {
  rules::rules_engine& rules;
  const handlers::churn_watch* churn = nullptr;
  const handlers::tier_keeper* tiers = nullptr;
  std::function<std::int64_t()> now_s;
};

/// The admin API's reads of committed rows (a year of a group's statistics, its members as CSV,
/// its review, the moderation and audit logs: api::admin_api::reads_committed_only), answered on
/// database connections of their own, each on a thread of its own (`steward-read`), beside the
/// core thread. On the core thread such a read held up every webhook for as long as it ran (a
/// one-year report of a 100,000-member group: over half a second).
///
/// Each reader is an admin_api over its own stores on its own connection (SQLite: read-only,
/// reading beside the writer in WAL mode; PostgreSQL: a session whose transactions are read
/// only). A request runs in one read transaction, so it sees one committed state; what the
/// core commits is seen by the next request (an answer to an API write comes after its commit).
class api_readers {
 public:
  /// Opens `count` connections to the database `cfg` names (its schema already migrated by the
  /// core's) and starts a thread for each. Throws what opening throws.
  api_readers(const config& cfg, std::size_t count, reader_shared shared);
  ~api_readers();
  api_readers(const api_readers&) = delete;
  api_readers& operator=(const api_readers&) = delete;

  /// Queues `req`; `reply` is called once with its answer, on a reader's thread: 503 while the
  /// database is unreachable, 500 naming what failed otherwise.
  void call(api::request req, std::function<void(api::response)> reply);

 private:
  struct reader;  // one connection, the stores over it and an admin_api over them
  struct job {
    api::request req;
    std::function<void(api::response)> reply;
  };
  void run(reader& r);
  api::response answer(reader& r, const api::request& req);

  reader_shared shared_;
  std::vector<std::unique_ptr<reader>> readers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: joined before the readers close
};

/// Whether readers can share the database `cfg` names (a file or a server; not ":memory:",
/// which each connection would see empty and apart).
bool readers_can_share(const config& cfg);

}  // namespace steward::app
