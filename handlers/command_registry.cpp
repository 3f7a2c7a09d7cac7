#include "handlers/command_registry.hpp"

#include "handlers/admin_points.hpp"
#include "handlers/badges.hpp"
#include "handlers/checkin.hpp"
#include "handlers/console_link.hpp"
#include "handlers/help.hpp"
#include "handlers/history.hpp"
#include "handlers/invites.hpp"
#include "handlers/mod_commands.hpp"
#include "handlers/points.hpp"
#include "handlers/rank.hpp"
#include "handlers/shared_bans.hpp"
#include "handlers/shop.hpp"
#include "handlers/stats_command.hpp"
#include "handlers/timezone.hpp"
#include "handlers/welcome.hpp"

namespace steward::handlers {

std::vector<core::command_spec> all_commands() {
  std::vector<core::command_spec> all;
  for (auto declared :
       {checkin_handler::commands(), points_handler::commands(), history_handler::commands(),
        shop_handler::commands(), rank_handler::commands(), badges_handler::commands(),
        invites_handler::commands(), timezone_handler::commands(), welcome_handler::commands(),
        mod_commands_handler::commands(), help_handler::commands(),
        admin_points_handler::commands(), redemption_admin_handler::commands(),
        stats_command_handler::commands(), console_link_handler::commands(),
        shared_bans::commands()}) {
    for (auto& spec : declared)
      all.push_back(std::move(spec));
  }
  return all;
}

namespace {

// A Markdown table cell: '|' would end the cell.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string forms_of(const core::command_spec& spec) {
  std::string forms = "`/" + spec.name + (spec.usage_en.empty() ? "" : " " + spec.usage_en) + "`";
  for (const auto& word : spec.aliases)
    forms += ", `" + word + "`";
  for (const auto& word : spec.fixed_aliases)
    forms += ", `" + word + "`";
  return forms;
}

}  // namespace

std::string command_reference_markdown(const std::vector<core::command_spec>& specs,
                                       core::command_section section) {
  std::string table = "| command | what it does |\n| --- | --- |\n";
  for (const auto& spec : specs) {
    if (spec.section != section) continue;
    const std::string& what = spec.reference.empty() ? spec.help_en : spec.reference;
    table += "| " + cell(forms_of(spec)) + " | " + cell(what) + " |\n";
  }
  return table;
}

const char* to_string(core::command_section section) {
  switch (section) {
    case core::command_section::member:
      return "member";
    case core::command_section::community_admin:
      return "community_admin";
    case core::command_section::moderation:
      return "moderation";
  }
  return "member";
}

}  // namespace steward::handlers
