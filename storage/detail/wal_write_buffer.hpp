#pragma once

namespace steward::storage::detail {

/// The name of a VFS that gathers a WAL's writes into one write per sync.
///
/// Why: SQLite writes every WAL frame as two writes (its 24-byte header, then the page), each a
/// system call — a batch of 40 updates made ~75 of them, about a tenth of the core thread under
/// load. Through this VFS, writes that follow each other are kept in memory and written with one
/// call just before SQLite syncs the WAL (at every COMMIT with synchronous FULL or EXTRA), or
/// before anything reads, sizes or truncates the file, or when a write lands elsewhere.
///
/// Only for a connection whose COMMIT syncs the WAL (FULL or EXTRA): under NORMAL a committed
/// frame could wait in memory while another connection already reads it. Other files (the
/// database, temporary files) go straight to the default VFS. Registered on the first call;
/// returns nullptr when it could not be (the caller then opens with the default VFS).
const char* wal_write_buffer_vfs();

}  // namespace steward::storage::detail
