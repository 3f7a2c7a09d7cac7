#pragma once

#include <iosfwd>
#include <string>

#include "bot/app/config.hpp"

namespace steward::app {

/// `steward copy --to CONNINFO`: copies the configured SQLite database's community into an
/// empty PostgreSQL database (storage/postgresql/copy.hpp) and prints what was copied and
/// checked. The password comes from PGPASSWORD or ~/.pgpass, not the command line. Returns the
/// exit code: 0 when the copy is committed, 1 when it was refused or a check failed.
int copy_to_postgresql(const config& cfg, const std::string& conninfo, std::ostream& out,
                       std::ostream& err);

/// `steward migrate --postgresql CONNINFO`: creates or upgrades Steward's schema in a PostgreSQL
/// database (storage/postgresql/migrations.hpp) and prints the version it is at and was at.
/// Instances started together may run it at once: they queue on an advisory lock. Returns the
/// exit code: 0 when the schema is current, 1 when the server was not reached or refused (a
/// schema newer than this build is left as it is).
int migrate_postgresql(const std::string& conninfo, std::ostream& out, std::ostream& err);

}  // namespace steward::app
