#include "storage/detail/wal_write_buffer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <new>
#include <string>

namespace steward::storage::detail {

namespace {

constexpr const char* vfs_name = "steward-wal-buffer";
// Past this many bytes the writes go out without waiting for the sync (a large transaction
// spilling its cache must not grow the buffer without bound).
constexpr std::size_t most_pending = 4 << 20;

// The default VFS writes at most 128 KiB in one call (see flush).
constexpr std::size_t most_per_write = 64 << 10;

sqlite3_vfs* base_vfs = nullptr;  // the default VFS this one wraps
sqlite3_vfs buffered_vfs{};

/// Writes made one after the other and not yet in the file.
struct pending_writes {
  std::string bytes;
  sqlite3_int64 at = 0;  // the file offset of bytes[0]
};

/// A WAL opened through this VFS: SQLite sees `base`; the default VFS's file follows it.
struct wal_file {
  sqlite3_file base;
  sqlite3_file* real;
  pending_writes* pending;
};

constexpr std::size_t real_offset = (sizeof(wal_file) + 15) & ~std::size_t{15};

wal_file* as_wal(sqlite3_file* f) {
  return reinterpret_cast<wal_file*>(f);
}

sqlite3_file* real_of(sqlite3_file* f) {
  return as_wal(f)->real;
}

int flush(wal_file* f) {
  auto& p = *f->pending;
  int rc = SQLITE_OK;
  // In pieces: the default VFS writes at most 128 KiB in one call (it masks larger sizes and
  // reports the rest as a full disk).
  for (std::size_t done = 0; done < p.bytes.size() && rc == SQLITE_OK; done += most_per_write) {
    const auto size = std::min(most_per_write, p.bytes.size() - done);
    rc = f->real->pMethods->xWrite(f->real, p.bytes.data() + done, static_cast<int>(size),
                                   p.at + static_cast<sqlite3_int64>(done));
  }
  p.bytes.clear();  // a failed write is reported now; SQLite then rolls the transaction back
  return rc;
}

int flushed(sqlite3_file* f) {
  return flush(as_wal(f));
}

int wal_close(sqlite3_file* f) {
  auto* w = as_wal(f);
  const int flushed_rc = flush(w);
  const int rc = w->real->pMethods->xClose(w->real);
  delete w->pending;
  w->pending = nullptr;
  return flushed_rc != SQLITE_OK ? flushed_rc : rc;
}

int wal_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  if (const int rc = flushed(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xRead(real_of(f), out, amount, offset);
}

int wal_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  auto* w = as_wal(f);
  auto& p = *w->pending;
  const bool follows =
      !p.bytes.empty() && offset == p.at + static_cast<sqlite3_int64>(p.bytes.size());
  if (!follows) {
    if (const int rc = flush(w); rc != SQLITE_OK) return rc;
    p.at = offset;
  }
  p.bytes.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
  return p.bytes.size() >= most_pending ? flush(w) : SQLITE_OK;
}

int wal_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (const int rc = flushed(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

int wal_sync(sqlite3_file* f, int flags) {
  if (const int rc = flushed(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}

int wal_file_size(sqlite3_file* f, sqlite3_int64* size) {
  if (const int rc = flushed(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

int wal_lock(sqlite3_file* f, int level) {
  return real_of(f)->pMethods->xLock(real_of(f), level);
}

int wal_unlock(sqlite3_file* f, int level) {
  return real_of(f)->pMethods->xUnlock(real_of(f), level);
}

int wal_check_reserved_lock(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

int wal_file_control(sqlite3_file* f, int op, void* arg) {
  // Whatever a control does to the file (size hints, persisting, reporting) sees it whole.
  if (const int rc = flushed(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

int wal_sector_size(sqlite3_file* f) {
  return real_of(f)->pMethods->xSectorSize(real_of(f));
}

int wal_device_characteristics(sqlite3_file* f) {
  return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

int wal_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real_of(f)->pMethods->xShmMap(real_of(f), region, size, extend, out);
}

int wal_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

void wal_shm_barrier(sqlite3_file* f) {
  real_of(f)->pMethods->xShmBarrier(real_of(f));
}

int wal_shm_unmap(sqlite3_file* f, int remove) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), remove);
}

int wal_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  if (const int rc = flushed(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFetch(real_of(f), offset, amount, out);
}

int wal_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
  return real_of(f)->pMethods->xUnfetch(real_of(f), offset, page);
}

const sqlite3_io_methods wal_methods{
    3,
    wal_close,
    wal_read,
    wal_write,
    wal_truncate,
    wal_sync,
    wal_file_size,
    wal_lock,
    wal_unlock,
    wal_check_reserved_lock,
    wal_file_control,
    wal_sector_size,
    wal_device_characteristics,
    wal_shm_map,
    wal_shm_lock,
    wal_shm_barrier,
    wal_shm_unmap,
    wal_fetch,
    wal_unfetch,
};

int open_file(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  if ((flags & SQLITE_OPEN_WAL) == 0) {
    // Not a WAL: the default VFS's own file, in the space SQLite gave us (it is large enough).
    return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
  }
  auto* w = as_wal(file);
  w->base.pMethods = nullptr;  // SQLite closes nothing that failed to open
  w->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + real_offset);
  const int rc = base_vfs->xOpen(base_vfs, name, w->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  const auto* real_methods = w->real->pMethods;
  if (real_methods == nullptr || real_methods->iVersion < 3) {
    // A default VFS without the calls this one forwards: not buffered, but not refused either.
    if (real_methods != nullptr) real_methods->xClose(w->real);
    return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
  }
  w->pending = new (std::nothrow) pending_writes;
  if (w->pending == nullptr) {
    real_methods->xClose(w->real);
    return SQLITE_NOMEM;
  }
  w->base.pMethods = &wal_methods;
  return SQLITE_OK;
}

// The rest of the VFS is the default one's.
int delete_file(sqlite3_vfs*, const char* name, int sync_dir) {
  return base_vfs->xDelete(base_vfs, name, sync_dir);
}
int access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return base_vfs->xAccess(base_vfs, name, flags, out);
}
int full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return base_vfs->xFullPathname(base_vfs, name, size, out);
}
void* dl_open(sqlite3_vfs*, const char* name) {
  return base_vfs->xDlOpen(base_vfs, name);
}
void dl_error(sqlite3_vfs*, int size, char* out) {
  base_vfs->xDlError(base_vfs, size, out);
}
void (*dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return base_vfs->xDlSym(base_vfs, handle, symbol);
}
void dl_close(sqlite3_vfs*, void* handle) {
  base_vfs->xDlClose(base_vfs, handle);
}
int randomness(sqlite3_vfs*, int size, char* out) {
  return base_vfs->xRandomness(base_vfs, size, out);
}
int sleep_for(sqlite3_vfs*, int microseconds) {
  return base_vfs->xSleep(base_vfs, microseconds);
}
int current_time(sqlite3_vfs*, double* out) {
  return base_vfs->xCurrentTime(base_vfs, out);
}
int last_error(sqlite3_vfs*, int size, char* out) {
  return base_vfs->xGetLastError(base_vfs, size, out);
}
int current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return base_vfs->xCurrentTimeInt64(base_vfs, out);
}

bool register_vfs() {
  base_vfs = sqlite3_vfs_find(nullptr);
  if (base_vfs == nullptr || base_vfs->iVersion < 2 || base_vfs->xCurrentTimeInt64 == nullptr) {
    return false;
  }
  buffered_vfs.iVersion = 2;
  buffered_vfs.szOsFile = static_cast<int>(real_offset) + base_vfs->szOsFile;
  buffered_vfs.mxPathname = base_vfs->mxPathname;
  buffered_vfs.zName = vfs_name;
  buffered_vfs.xOpen = open_file;
  buffered_vfs.xDelete = delete_file;
  buffered_vfs.xAccess = access;
  buffered_vfs.xFullPathname = full_pathname;
  buffered_vfs.xDlOpen = dl_open;
  buffered_vfs.xDlError = dl_error;
  buffered_vfs.xDlSym = dl_sym;
  buffered_vfs.xDlClose = dl_close;
  buffered_vfs.xRandomness = randomness;
  buffered_vfs.xSleep = sleep_for;
  buffered_vfs.xCurrentTime = current_time;
  buffered_vfs.xGetLastError = last_error;
  buffered_vfs.xCurrentTimeInt64 = current_time_int64;
  return sqlite3_vfs_register(&buffered_vfs, 0) == SQLITE_OK;
}

}  // namespace

const char* wal_write_buffer_vfs() {
  static const bool registered = register_vfs();
  return registered ? vfs_name : nullptr;
}

}  // namespace steward::storage::detail
