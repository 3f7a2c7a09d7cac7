#pragma once

#include <optional>
#include <string>

#include "handlers/handler.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// The member a command is about, and the arguments that remain after naming them.
struct target {
  storage::member_row member;
  std::string rest;
};

/// Finds the member an admin command names: the author of the replied-to message, else the
/// first argument as @username or numeric user id. nullopt when nobody (known) is named.
std::optional<target> resolve_target(const context& ctx, storage::community_store& community);

}  // namespace steward::handlers
