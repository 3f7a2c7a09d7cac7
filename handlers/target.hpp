#pragma once

#include <optional>
#include <string>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// The member a command is about, and the arguments that remain after naming them.
struct target {
  storage::member_row member;
  std::string rest;
};

/// Finds the member an admin command names: the author of the replied-to message, else the
/// first argument as @username, numeric user id, or a mention linking to their account (members
/// without a username). nullopt when nobody (known) is named.
std::optional<target> resolve_target(const context& ctx, storage::community_store& community);

/// When the command names someone Steward does not know in this group ("@nobody", an unknown
/// id), the reply saying so in the command's language; empty when it names nobody at all (the
/// caller then explains how to name someone).
std::string unknown_target(const context& ctx, const template_book& book);

}  // namespace steward::handlers
