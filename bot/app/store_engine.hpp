#pragma once

#include <memory>

#include "storage/backend.hpp"

namespace steward::app {

struct config;

/// Who opens the store: the serving process (SQLite's checkpoints then run on a thread of their
/// own) or a command-line tool.
enum class store_user { server, tool };

/// The database the configuration names — its SQLite file or its PostgreSQL server — opened and
/// brought to this build's schema (several instances starting together migrate once: SQLite
/// has one writer, PostgreSQL's migrations take an advisory lock). Throws what the engine
/// throws when it cannot be reached or its schema is newer than this build.
std::unique_ptr<storage::backend> open_store(const config& cfg, store_user user);

}  // namespace steward::app
