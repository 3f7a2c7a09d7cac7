#pragma once

#include <string_view>

namespace steward::storage::postgresql {

/// The advisory locks Steward's instances share a database with. The two-key form's first key
/// is lock_space ("STWD" in ASCII); the second a chat partition (0–255) or serving_marker, the
/// lock every serving instance holds shared. The migrations' lock uses the one-key form: the
/// two never meet.
inline constexpr std::string_view lock_space = "1398036292";
/// Held shared by every serving instance for as long as its session lives; taken exclusively by
/// a migration step that needs every instance stopped.
inline constexpr int serving_marker = 1000;
/// A serving session's application_name is this prefix and the instance's address.
inline constexpr std::string_view instance_name_prefix = "steward ";
/// FROM and WHERE of a query over Steward's advisory locks granted in this database, each
/// beside its holder's session (`l` is pg_locks, `a` pg_stat_activity; none for a session that
/// is gone).
inline constexpr std::string_view granted_locks =
    " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.classid = 1398036292 AND l.objsubid = 2 AND l.granted"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
static_assert(granted_locks.find(lock_space) != std::string_view::npos);

}  // namespace steward::storage::postgresql
