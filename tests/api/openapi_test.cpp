#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bot/api/admin_api.hpp"

namespace steward::api {
namespace {

/// Every "$ref" in `node`, with where it was found.
void collect_refs(const nlohmann::json& node, const std::string& where,
                  std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) out.emplace_back(value.get<std::string>(), where);
      collect_refs(value, where + "/" + key, out);
    }
  } else if (node.is_array()) {
    for (const auto& value : node)
      collect_refs(value, where, out);
  }
}

// Clients are generated from this description: every operation says what it answers and what it
// takes, and every schema it names exists.
TEST(OpenApi, EveryOperationHasItsBodiesDescribed) {
  const auto spec = nlohmann::json::parse(admin_api::openapi_json());
  const auto& schemas = spec["components"]["schemas"];
  std::vector<std::string> missing;
  int operations = 0;
  for (const auto& [path, methods] : spec["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      ++operations;
      const std::string name = method + " " + path;
      bool answers = false;
      for (const auto& [status, answer] : op["responses"].items()) {
        if (status[0] == '2' && answer.contains("content")) answers = true;
        if (status[0] == '2') EXPECT_TRUE(answer.contains("description")) << name << " " << status;
      }
      if (!answers && path != "/api/v1/openapi.json") missing.push_back(name + " (answer)");
      if (op.contains("requestBody") &&
          !op["requestBody"]["content"]["application/json"]["schema"].contains("$ref")) {
        missing.push_back(name + " (request)");
      }
    }
  }
  EXPECT_GT(operations, 60);
  EXPECT_TRUE(missing.empty()) << nlohmann::json(missing).dump(1);
  std::vector<std::pair<std::string, std::string>> refs;
  collect_refs(spec, "", refs);
  const std::string prefix = "#/components/schemas/";
  for (const auto& [ref, where] : refs) {
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << ref << " at " << where;
  }
}

}  // namespace
}  // namespace steward::api
