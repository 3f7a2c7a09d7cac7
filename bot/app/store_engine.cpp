#include "bot/app/store_engine.hpp"

#include <fmt/format.h>

#include "bot/app/config.hpp"
#include "bot/core/log.hpp"
#include "storage/database.hpp"
#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/migrations.hpp"

namespace steward::app {

std::unique_ptr<storage::backend> open_store(const config& cfg, store_user user) {
  if (cfg.engine == storage::sql_dialect::postgresql) {
    // Several instances may serve one database: the chats are shared out between them once
    // the server runs (storage/postgresql/partition_leases.hpp).
    auto db = std::make_unique<storage::postgresql::pg_backend>(cfg.postgresql);
    const auto schema = storage::postgresql::migrate(db->native());
    if (schema.ahead_of_build) {
      core::log_warn("storage.schema_ahead",
                     fmt::format("the PostgreSQL schema is at version {}, newer than this build's "
                                 "{}; the steps since only add, so this build serves beside the "
                                 "newer one: upgrade it when the rolling upgrade reaches it",
                                 schema.to, storage::postgresql::latest_schema_version()),
                     {core::field("version", schema.to),
                      core::field("build", storage::postgresql::latest_schema_version())});
    }
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
