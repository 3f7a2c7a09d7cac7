// steward: the command-line entry point (serve, check-config, migrate, backup, restore, demo,
// rules, token, copy).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "bot/app/application.hpp"
#include "bot/app/commands_cli.hpp"
#include "bot/app/config.hpp"
#include "bot/app/copy_cli.hpp"
#include "bot/app/demo.hpp"
#include "bot/app/maintenance.hpp"
#include "bot/app/rules_cli.hpp"
#include "bot/app/templates_cli.hpp"
#include "bot/core/duration.hpp"
#include "bot/core/log.hpp"
#include "bot/core/metrics.hpp"
#include "rules/word_list.hpp"

namespace {

constexpr int exit_config_error = 2;

steward::app::config load_or_exit(const std::string& path, bool require_token = true) {
  try {
    return steward::app::load_config(
        path, [](const char* name) { return std::getenv(name); }, require_token);
  } catch (const steward::app::config_error& e) {
    std::cerr << "steward: " << e.what() << "\n";
    std::exit(exit_config_error);
  }
}

void use_log_level(const std::string& level) {
  spdlog::set_level(spdlog::level::from_str(level));
}

void use_logging(const steward::app::config& cfg) {
  use_log_level(cfg.log_level);
  if (cfg.log_format == "json") steward::core::use_json_logs();
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("steward"));
  CLI::App cli{
      "Steward — keeps group chats healthy and lively (Telegram webhooks, check-in, "
      "points), all state in SQLite."};
  cli.require_subcommand(1);
  cli.set_version_flag("-V,--version", "steward " + std::string(steward::core::version()),
                       "Print the version and exit");
  std::string config_path;

  auto* serve = cli.add_subcommand("serve", "Run the webhook service until SIGTERM/SIGINT");
  serve->add_option("-c,--config", config_path, "TOML configuration file")->required();
  bool test_clock = false;
  serve->add_flag("--test-clock", test_clock,
                  "Let admins set the wall clock through PUT /api/v1/testing/clock (tests only)");
  auto* check = cli.add_subcommand("check-config", "Validate a configuration file and exit");
  check->add_option("-c,--config", config_path, "TOML configuration file")->required();
  auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database schema and exit");
  migrate->add_option("-c,--config", config_path, "TOML configuration file")->required();
  std::string migrate_postgresql;
  migrate->add_option("--postgresql", migrate_postgresql,
                      "Migrate this PostgreSQL database instead (a libpq connection string, "
                      "e.g. \"host=db dbname=steward\"; the password from PGPASSWORD)");
  steward::app::demo_options demo_opts;
  auto* demo = cli.add_subcommand(
      "demo", "Run Steward against a simulated Telegram or QQ group (no account needed)");
  demo->add_option("--listen", demo_opts.listen, "Address of the webhook server")
      ->capture_default_str();
  demo->add_option("--db", demo_opts.database, "Demo database file (recreated)")
      ->capture_default_str();
  demo->add_flag("--once", demo_opts.once, "Stop after the scripted conversation");
  demo->add_option("--platform", demo_opts.platform,
                   "The simulated group's platform: telegram, onebot (a QQ group), slack, "
                   "feishu, dingtalk, wecom or generic (a relay)")
      ->check(
          CLI::IsMember({"telegram", "onebot", "slack", "feishu", "dingtalk", "wecom", "generic"}))
      ->capture_default_str();

  auto* commands = cli.add_subcommand(
      "commands", "Print the chat commands (as the README's command reference, or JSON)");
  commands->add_option("-c,--config", config_path, "TOML configuration file (its [commands])");
  bool commands_json = false;
  commands->add_flag("--json", commands_json, "One JSON object per command");
  auto* templates = cli.add_subcommand(
      "templates", "Print the template book's keys (as the README's template reference, or JSON)");
  bool templates_json = false;
  templates->add_flag("--json", templates_json, "One JSON object per key, with both built-ins");
  auto* rules = cli.add_subcommand("rules", "Try the moderation rules without running the bot");
  rules->require_subcommand(1);
  std::string rules_group, replay_since = "7d";
  std::vector<std::string> texts;
  auto* rules_test = rules->add_subcommand(
      "test", "Print one JSON verdict per TEXT (as for an established ordinary member)");
  rules_test->add_option("-c,--config", config_path, "TOML configuration file")->required();
  rules_test->add_option("--group", rules_group, "Chat id whose extra word lists apply");
  bool rules_stats = false, rules_flagged = false;
  rules_test->add_flag("--stats", rules_stats,
                       "Read TEXT as files, one message a line; print how many would be acted on");
  rules_test->add_flag("--flagged", rules_flagged,
                       "With --stats: print each flagged line's verdict");
  rules_test->add_option("texts", texts, "Messages to evaluate (files with --stats)")->required();
  auto* rules_replay = rules->add_subcommand(
      "replay", "Re-run the current rules over stored messages and report what would change");
  rules_replay->add_option("-c,--config", config_path, "TOML configuration file")->required();
  rules_replay->add_option("--since", replay_since, "How far back, e.g. 7d or 12h")
      ->capture_default_str();

  auto* token = cli.add_subcommand("token", "Manage admin API tokens");
  token->require_subcommand(1);
  std::string token_role = "viewer", token_name;
  auto* token_create =
      token->add_subcommand("create", "Create a token and print it once (only its hash is stored)");
  token_create->add_option("-c,--config", config_path, "TOML configuration file")->required();
  token_create->add_option("--role", token_role, "viewer, operator or admin")
      ->check(CLI::IsMember({"viewer", "operator", "admin"}))
      ->capture_default_str();
  token_create->add_option("--name", token_name, "Who or what uses it (for the audit log)");
  std::vector<std::string> token_groups;
  token_create->add_option(
      "--group", token_groups,
      "Limit it to this group's chat id (repeat for more; default every group)");
  steward::app::console_link_request link_request;
  std::int64_t link_minutes = 10;
  auto* token_link = token->add_subcommand(
      "link", "Print a one-time console sign-in link (no token to handle; used once)");
  token_link->add_option("-c,--config", config_path, "TOML configuration file")->required();
  token_link->add_option("--role", link_request.role, "viewer, operator or admin")
      ->check(CLI::IsMember({"viewer", "operator", "admin"}))
      ->capture_default_str();
  token_link->add_option("--name", link_request.name, "Who signs in (for the audit log)")
      ->required();
  token_link->add_option("--group", link_request.groups,
                         "Limit the session to this group's chat id (repeat for more)");
  token_link->add_option("--minutes", link_minutes, "How long the link stays valid")
      ->check(CLI::Range(1, 1440))
      ->capture_default_str();
  token_link->add_option("--base-url", link_request.base_url,
                         "Where operators reach Steward (default: the listen address)");
  auto* token_list = token->add_subcommand("list", "List tokens (id, role, name, live/revoked)");
  token_list->add_option("-c,--config", config_path, "TOML configuration file")->required();
  std::int64_t token_id = 0;
  auto* token_revoke = token->add_subcommand("revoke", "Revoke a token at once");
  token_revoke->add_option("-c,--config", config_path, "TOML configuration file")->required();
  token_revoke->add_option("id", token_id, "The token's id (from token list)")->required();

  std::string backup_path;
  auto* backup = cli.add_subcommand(
      "backup", "Copy the database consistently while Steward runs, and check the copy");
  backup->add_option("-c,--config", config_path, "TOML configuration file")->required();
  backup->add_option("--to", backup_path,
                     "Backup file (default: backups/<name>-<UTC time>.db beside the database)");
  auto* restore = cli.add_subcommand(
      "restore", "Check a backup and put it in place of the database (Steward must be stopped)");
  restore->add_option("-c,--config", config_path, "TOML configuration file")->required();
  restore->add_option("--from", backup_path, "The backup file")->required();

  std::string copy_target;
  auto* copy = cli.add_subcommand(
      "copy", "Copy the community into an empty PostgreSQL database, and check the copy");
  copy->add_option("-c,--config", config_path, "TOML configuration file")->required();
  copy->add_option("--to", copy_target,
                   "libpq connection string, e.g. \"host=db.internal dbname=steward user=steward\" "
                   "(password from PGPASSWORD or ~/.pgpass)")
      ->required();

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*check) {
      load_or_exit(config_path);
      std::cout << config_path << ": configuration is valid\n";
      return 0;
    }
    if (*migrate) {
      const auto cfg = load_or_exit(config_path);
      use_logging(cfg);
      if (!migrate_postgresql.empty())
        return steward::app::migrate_postgresql(migrate_postgresql, std::cout, std::cerr);
      return steward::app::migrate_database(cfg, std::cout, std::cerr);
    }
    if (*demo) return steward::app::run_demo(demo_opts);
    if (*commands) {
      const auto aliases = config_path.empty() ? decltype(steward::app::config::command_aliases){}
                                               : load_or_exit(config_path, false).command_aliases;
      return steward::app::print_commands(aliases, commands_json, std::cout);
    }
    if (*templates) return steward::app::print_templates(templates_json, std::cout);
    if (*backup || *restore) {
      const auto cfg = load_or_exit(config_path, false);
      use_log_level("warn");
      return *backup ? steward::app::back_up_database(cfg, backup_path, std::cout, std::cerr)
                     : steward::app::restore_database(cfg, backup_path, std::cout, std::cerr);
    }
    if (*copy) {
      const auto cfg = load_or_exit(config_path, false);
      use_log_level("warn");
      return steward::app::copy_to_postgresql(cfg, copy_target, std::cout, std::cerr);
    }
    if (*token_create) {
      const auto cfg = load_or_exit(config_path, false);
      use_log_level("warn");
      return steward::app::create_api_token(cfg, token_role, token_name, std::cout, token_groups);
    }
    if (*token_link) {
      const auto cfg = load_or_exit(config_path, false);
      use_log_level("warn");
      link_request.valid_s = link_minutes * 60;
      return steward::app::create_console_link(cfg, link_request, std::cout);
    }
    if (*token_list || *token_revoke) {
      const auto cfg = load_or_exit(config_path, false);
      use_log_level("warn");
      return *token_list ? steward::app::list_api_tokens(cfg, std::cout)
                         : steward::app::revoke_api_token(cfg, token_id, std::cout, std::cerr);
    }
    if (*rules_test) {
      const auto cfg = load_or_exit(config_path, false);
      if (rules_stats) {
        return steward::app::run_rules_stats(cfg, rules_group, texts, rules_flagged, std::cout,
                                             std::cerr);
      }
      return steward::app::run_rules_test(cfg, rules_group, texts, std::cout, std::cerr);
    }
    if (*rules_replay) {
      const auto cfg = load_or_exit(config_path, false);
      const auto since = steward::core::parse_duration(replay_since);
      if (!since) {
        std::cerr << "steward: --since: must be a duration such as 7d or 12h, not \""
                  << replay_since << "\"\n";
        return exit_config_error;
      }
      use_logging(cfg);
      return steward::app::run_rules_replay(cfg, *since, std::cout, std::cerr);
    }
    auto cfg = load_or_exit(config_path);
    cfg.test_clock = test_clock;
    use_logging(cfg);
    steward::app::application app(cfg);
    app.run();
    return 0;
  } catch (const steward::rules::rules_error& e) {
    std::cerr << "steward: " << e.what() << "\n";
    return exit_config_error;
  } catch (const std::exception& e) {
    steward::core::log(steward::core::log_level::critical, "steward.failed", e.what());
    return 1;
  }
}
