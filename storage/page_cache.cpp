#include "storage/page_cache.hpp"

#include <sqlite3.h>

#include <mutex>
#include <new>

#include "storage/detail/page_key_alias.hpp"

namespace steward::storage {
namespace {

/// SQLite's default cache, which does the real work.
sqlite3_pcache_methods2 default_cache{};

struct aliased_cache {
  sqlite3_pcache* inner;
  detail::page_key_alias keys;
};

aliased_cache* of(sqlite3_pcache* cache) {
  return reinterpret_cast<aliased_cache*>(cache);
}

int init(void*) {
  return default_cache.xInit(default_cache.pArg);
}

void shutdown(void*) {
  if (default_cache.xShutdown) default_cache.xShutdown(default_cache.pArg);
}

sqlite3_pcache* create(int page_size, int extra_size, int purgeable) {
  sqlite3_pcache* inner = default_cache.xCreate(page_size, extra_size, purgeable);
  if (!inner) return nullptr;
  auto* cache = new (std::nothrow)
      aliased_cache{inner, detail::page_key_alias(static_cast<unsigned>(page_size))};
  if (!cache) default_cache.xDestroy(inner);
  return reinterpret_cast<sqlite3_pcache*>(cache);
}

void set_size(sqlite3_pcache* cache, int pages) {
  default_cache.xCachesize(of(cache)->inner, pages);
}

int page_count(sqlite3_pcache* cache) {
  return default_cache.xPagecount(of(cache)->inner);
}

sqlite3_pcache_page* fetch(sqlite3_pcache* cache, unsigned key, int create_flag) {
  aliased_cache& c = *of(cache);
  sqlite3_pcache_page* page = default_cache.xFetch(c.inner, c.keys.inner(key), create_flag);
  if (page && create_flag != 0) c.keys.held(key);
  return page;
}

void unpin(sqlite3_pcache* cache, sqlite3_pcache_page* page, int discard) {
  default_cache.xUnpin(of(cache)->inner, page, discard);
}

void rekey(sqlite3_pcache* cache, sqlite3_pcache_page* page, unsigned old_key, unsigned new_key) {
  aliased_cache& c = *of(cache);
  const unsigned inner_old = c.keys.inner(old_key);
  const unsigned inner_new = c.keys.rekey(old_key, new_key);
  default_cache.xRekey(c.inner, page, inner_old, inner_new);
}

void truncate(sqlite3_pcache* cache, unsigned limit) {
  aliased_cache& c = *of(cache);
  default_cache.xTruncate(c.inner, limit);
  c.keys.truncated(limit);
}

void destroy(sqlite3_pcache* cache) {
  default_cache.xDestroy(of(cache)->inner);
  delete of(cache);
}

void shrink(sqlite3_pcache* cache) {
  default_cache.xShrink(of(cache)->inner);
}

}  // namespace

void install_page_cache() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_pcache_methods2 current{};
    // Both calls fail harmlessly (SQLITE_MISUSE) once SQLite is initialised: the default
    // cache then stays, slower at COMMIT but correct.
    if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &current) != SQLITE_OK || !current.xCreate) {
      return;
    }
    default_cache = current;
    static const sqlite3_pcache_methods2 aliased{
        1,     nullptr, init,  shutdown, create,  set_size, page_count,
        fetch, unpin,   rekey, truncate, destroy, shrink,
    };
    sqlite3_config(SQLITE_CONFIG_PCACHE2, &aliased);
  });
}

}  // namespace steward::storage
