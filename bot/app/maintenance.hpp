#pragma once
// The maintenance commands: `steward backup` and `steward restore`.

#include <iosfwd>
#include <string>

#include "bot/app/config.hpp"

namespace steward::app {

/// `steward backup`: a consistent online copy of the configured database at `to` (default: the
/// backups folder beside it), checked before it is reported. Returns the exit code.
int back_up_database(const config& cfg, const std::string& to, std::ostream& out,
                     std::ostream& err);

/// `steward restore`: checks the backup `from` and puts it in place of the configured database,
/// keeping the replaced contents. Refuses while Steward runs. Returns the exit code.
int restore_database(const config& cfg, const std::string& from, std::ostream& out,
                     std::ostream& err);

}  // namespace steward::app
