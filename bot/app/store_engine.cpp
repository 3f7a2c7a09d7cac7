#include "bot/app/store_engine.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "bot/app/config.hpp"
#include "storage/database.hpp"
#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/migrations.hpp"

namespace steward::app {

namespace {

// Key of the session advisory lock a serving Steward holds ("stewards" in ASCII, as a number;
// the migrations' transaction lock is "steward").
constexpr long long serving_lock_key = 0x7374657761726473;

// Until chats are owned by instances (docs/postgresql.md, "Several instances"), one Steward
// serves a database: a second would send the same outbox rows again and keep flood windows of
// its own. The lock belongs to the session, so an instance that dies frees it with its
// connection.
void hold_serving_lock(storage::postgresql::pg_backend& db) {
  const std::string take = "SELECT pg_try_advisory_lock(" + std::to_string(serving_lock_key) + ")";
  // A restarted Steward may ask before the server has ended its predecessor's session (it
  // notices the closed connection on its own time): asked again for up to three seconds.
  bool held = db.query_int(take) == 1;
  for (int attempt = 0; !held && attempt < 30; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    held = db.query_int(take) == 1;
  }
  if (!held) {
    throw std::runtime_error(
        db.where() +
        ": another Steward is serving from this database; one instance serves a PostgreSQL "
        "database until chats are shared out between instances (docs/postgresql.md). Stop the "
        "other one, or give this one a database of its own");
  }
}

}  // namespace

std::unique_ptr<storage::backend> open_store(const config& cfg, store_user user) {
  if (cfg.engine == storage::sql_dialect::postgresql) {
    auto db = std::make_unique<storage::postgresql::pg_backend>(cfg.postgresql);
    if (user == store_user::server) db->on_session(hold_serving_lock);
    storage::postgresql::migrate(db->native());
    return db;
  }
  auto settings = cfg.storage;
  // The serving writer copies its WAL back on a thread of its own (storage/database.hpp).
  settings.checkpoint_in_background = user == store_user::server;
  auto db = std::make_unique<storage::database>(settings);
  db->migrate();
  return db;
}

}  // namespace steward::app
