#include "storage/detail/page_key_alias.hpp"

#include <algorithm>

namespace steward::storage::detail {
namespace {
// SQLite's PENDING_BYTE: the page holding it is never used for data, so its number is free for
// the moment a b-tree balance swaps two pages (balance_nonroot in btree.c).
constexpr unsigned pending_byte = 0x40000000;
}  // namespace

page_key_alias::page_key_alias(unsigned page_size)
    : swap_key_(pending_byte / std::max(page_size, 1u) + 1) {}

unsigned page_key_alias::inner(unsigned key) const {
  return key == swap_key_ && alias_ != 0 ? alias_ : key;
}

void page_key_alias::held(unsigned key) {
  highest_ = std::max(highest_, inner(key));
}

unsigned page_key_alias::rekey(unsigned old_key, unsigned new_key) {
  if (new_key == swap_key_) {
    // No page is numbered above highest_, so highest_ + 1 names nothing else in the cache.
    alias_ = highest_ + 1;
    highest_ = alias_;
    return alias_;
  }
  if (old_key == swap_key_) alias_ = 0;
  highest_ = std::max(highest_, new_key);
  return new_key;
}

void page_key_alias::truncated(unsigned limit) {
  highest_ = limit == 0 ? 0 : std::min(highest_, limit - 1);
  if (alias_ >= limit) alias_ = 0;
}

}  // namespace steward::storage::detail
