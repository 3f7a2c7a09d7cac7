#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// A member banned from every group of this Steward.
struct global_ban {
  std::string platform;
  std::string user_id;
  std::string name;  ///< as last seen, for the list
  std::string reason;
  std::string actor;  ///< who banned them: "<platform>:<user id>" of an admin, "api:<token>"
  std::int64_t at = 0;
};

/// The shared ban list.
class global_ban_store {
 public:
  explicit global_ban_store(backend& db);

  /// Adds or updates a ban; true when the member was not on the list before.
  bool add(const global_ban& ban);
  /// Removes a ban; true when there was one.
  bool remove(const std::string& platform, const std::string& user_id);
  /// The ban on a member, if any.
  std::optional<global_ban> find(const std::string& platform, const std::string& user_id);
  /// Every ban, newest first.
  std::vector<global_ban> all();

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
