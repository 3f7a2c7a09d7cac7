#pragma once

// What the longer-standing admin API routes answer and take, for the OpenAPI description
// (internal to bot/api).

#include <vector>

#include "bot/api/detail/answers.hpp"

namespace steward::api::detail {

/// One operation's bodies: the schema of its success answer and of its request, if it takes one.
struct route_body {
  const char* path;
  const char* method;
  const char* answer;             ///< components/schemas name
  const char* request = nullptr;  ///< components/schemas name, or none
  const char* status = "200";
  bool csv = false;  ///< also answers CSV (format=csv or Accept: text/csv)
};

/// The components/schemas these operations refer to.
json route_schemas();
/// Every such operation.
const std::vector<route_body>& route_bodies();

}  // namespace steward::api::detail
