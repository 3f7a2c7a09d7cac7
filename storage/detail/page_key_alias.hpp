#pragma once

namespace steward::storage::detail {

/// The page numbers one cache hands its inner (SQLite's default) cache: every number as it
/// is, except SQLite's temporary swap number, which becomes one just past the highest page the
/// cache may hold while a page carries it. Keeps an upper bound of the numbers the inner cache
/// holds, lowered by each truncation.
class page_key_alias {
 public:
  /// For a cache of `page_size`-byte pages (the swap number depends on it).
  explicit page_key_alias(unsigned page_size);

  /// The inner cache's number for `key` (fetches and a rekey's old number).
  unsigned inner(unsigned key) const;
  /// A page now exists under `key` (a fetch that may create returned one).
  void held(unsigned key);
  /// A page moves from `old_key` to `new_key`; returns the inner cache's new number.
  unsigned rekey(unsigned old_key, unsigned new_key);
  /// Every page numbered `limit` or above was dropped.
  void truncated(unsigned limit);

  /// The swap number SQLite uses for this page size.
  unsigned swap_key() const { return swap_key_; }
  /// No page in the inner cache has a number above this.
  unsigned highest() const { return highest_; }

 private:
  unsigned swap_key_;
  unsigned highest_ = 0;
  unsigned alias_ = 0;  // the inner number of the page under swap_key_, 0 when none
};

}  // namespace steward::storage::detail
