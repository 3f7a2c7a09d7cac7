#pragma once

#include "storage/schema_description.hpp"

namespace steward::storage::postgresql {

class connection;

/// Describes the schema Steward's migrations built in the connection's current schema (its
/// own version table left out), in the terms SQLite's description uses.
schema_description describe_schema(connection& db);

}  // namespace steward::storage::postgresql
