#include "bot/app/commands_cli.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/core/command.hpp"
#include "handlers/command_registry.hpp"

namespace steward::app {

namespace {

nlohmann::json to_json(const core::command_spec& spec) {
  return {{"name", spec.name},
          {"role", spec.role == core::command_role::admin ? "admin" : "member"},
          {"section", handlers::to_string(spec.section)},
          {"aliases", spec.aliases},
          {"alias_args", spec.alias_args},
          {"usage_en", spec.usage_en},
          {"usage_zh", spec.usage_zh},
          {"help_en", spec.help_en},
          {"help_zh", spec.help_zh}};
}

}  // namespace

int print_commands(const std::map<std::string, std::vector<std::string>>& aliases, bool json,
                   std::ostream& out) {
  const auto specs = core::with_aliases(handlers::all_commands(), aliases);
  if (json) {
    auto all = nlohmann::json::array();
    for (const auto& spec : specs)
      all.push_back(to_json(spec));
    out << all.dump(2) << "\n";
    return 0;
  }
  for (const auto section : {core::command_section::member, core::command_section::community_admin,
                             core::command_section::moderation}) {
    out << "<!-- commands:" << handlers::to_string(section) << " -->\n"
        << handlers::command_reference_markdown(specs, section) << "<!-- /commands -->\n";
  }
  return 0;
}

}  // namespace steward::app
