#pragma once

#include <cstdint>
#include <string>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// Remembers which platform updates were processed, so a redelivery is recognised.
class event_store {
 public:
  explicit event_store(backend& db);

  /// Records (platform, update id); false if it was already recorded (a duplicate delivery).
  bool record(const std::string& platform, const std::string& update_id, std::int64_t now_s);
  /// Forgets updates received before `before_s`; returns how many were removed.
  int prune(std::int64_t before_s);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
