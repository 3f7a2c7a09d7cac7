#include "tests/support/fixtures.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace steward::testing {

std::string read_fixture(const std::string& relative_path) {
  const std::string path = std::string(STEWARD_FIXTURES_DIR) + "/" + relative_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace steward::testing
