#pragma once

#include <string_view>
#include <vector>

namespace steward::storage {

/// The schema's migrations in order; migration i (0-based) brings user_version to i + 1.
const std::vector<std::string_view>& migrations();

}  // namespace steward::storage
