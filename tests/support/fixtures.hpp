#pragma once

#include <string>

namespace steward::testing {

/// The text of tests/fixtures/<relative_path>; fails the test (throws) when missing.
std::string read_fixture(const std::string& relative_path);

}  // namespace steward::testing
