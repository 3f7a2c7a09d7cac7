#include "bot/core/database_guard.hpp"

#include <algorithm>

#include "bot/core/log.hpp"

namespace steward::core {

bool database_guard::lost() {
  if (!db_.lost()) return false;
  if (!away_) {
    away_ = true;
    stats_.set_ready(false);
    const auto now = clock::now();
    // The first attempt at once — a restarted server is back — unless the connection had only
    // just come back: then the wait goes on from where it was, doubling.
    const bool flapping = reconnected_at_ && now - *reconnected_at_ < stable_after;
    backoff_ = flapping ? std::min(backoff_ * 2, longest_backoff) : first_backoff;
    next_attempt_ = flapping ? now + backoff_ : now;
    log_error("storage.lost",
              "the connection to the database is lost; updates are answered 503 (the platform "
              "redelivers them) until it is back",
              {field("database", db_.where()),
               field("retry_ms", flapping ? backoff_.count() : std::int64_t{0})});
  }
  return true;
}

bool database_guard::available() {
  if (!lost()) return true;
  const auto now = clock::now();
  if (now < next_attempt_) return false;
  try {
    db_.reconnect();
  } catch (const std::exception& e) {
    backoff_ = std::min(backoff_ * 2, longest_backoff);
    next_attempt_ = now + backoff_;
    // The error says which: the server is unreachable, or it is reached but this build may
    // not serve it (a schema step that breaks older builds: storage/postgresql/migrations.hpp).
    log_warn("storage.away", "the database is still away or cannot be served yet; trying again",
             {field("database", db_.where()), field("retry_ms", backoff_.count()),
              field("error", e.what())});
    return false;
  }
  away_ = false;
  reconnected_at_ = now;
  stats_.set_ready(true);
  log_info("storage.reconnected", "the database is back; updates are processed again",
           {field("database", db_.where())});
  return true;
}

}  // namespace steward::core
