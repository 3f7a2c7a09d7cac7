#include "rules/rules_config.hpp"

namespace steward::rules {

std::map<std::string, rule_policy> rules_config::default_policies() {
  return {
      {"word", {true, "warn", 0, false}},
      {"phone", {true, "warn", 0, false}},
      {"wechat", {true, "warn", 0, false}},
      {"qq", {true, "warn", 0, false}},
      {"email", {true, "warn", 0, false}},
      {"url", {true, "flag", 0, false}},
      {"regex", {true, "delete", 0, false}},
      {"mentions", {true, "delete", 0, false}},
      {"links", {true, "delete", 0, false}},
      {"flood", {true, "mute", 600, false}},
      {"duplicate", {true, "delete", 0, false}},
      {"raid", {true, "delete", 0, false}},
      {"split", {true, "warn", 0, false}},
      // The classifier admins taught: in shadow until an operator trusts its precision.
      {"learned", {true, "delete", 0, true}},
  };
}

}  // namespace steward::rules
