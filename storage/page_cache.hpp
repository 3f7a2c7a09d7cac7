#pragma once

namespace steward::storage {

/// Puts SQLite's own page cache behind a thin layer that keeps a commit's cost independent of
/// the cache's size. Call before the first connection opens (the first `database` does);
/// later calls do nothing, and if SQLite was already initialised the default cache stays.
///
/// Why: when a b-tree page splits, SQLite swaps two pages' numbers through a temporary number
/// just past the first gigabyte (PENDING_BYTE / page size + 1). Its default cache remembers
/// that number as the highest page it ever held, so every COMMIT that follows truncates the
/// cache by scanning the whole hash table — 8,192 slots with a 32 MiB cache, about 12 % of the
/// core thread under load. The layer gives the temporary page a number just past the highest
/// real one instead, so the truncation at COMMIT looks at a slot or two.
void install_page_cache();

}  // namespace steward::storage
