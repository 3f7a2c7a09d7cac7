#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/net/settings.hpp"
#include "bot/platforms/dingtalk/dingtalk_adapter.hpp"
#include "bot/platforms/feishu/feishu_adapter.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"
#include "bot/platforms/onebot/onebot_adapter.hpp"
#include "bot/platforms/slack/slack_adapter.hpp"
#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "bot/platforms/wecom/wecom_adapter.hpp"
#include "handlers/activity.hpp"
#include "handlers/badges.hpp"
#include "handlers/checkin.hpp"
#include "handlers/churn.hpp"
#include "handlers/community_stats.hpp"
#include "handlers/faq.hpp"
#include "handlers/invites.hpp"
#include "handlers/quiet_settings.hpp"
#include "handlers/review.hpp"
#include "handlers/schedules.hpp"
#include "handlers/template_book.hpp"
#include "handlers/tiers.hpp"
#include "handlers/verification.hpp"
#include "rules/rules_config.hpp"
#include "storage/database.hpp"
#include "storage/shop_store.hpp"

namespace steward::app {

/// Everything `steward serve` needs, validated. deploy/steward.example.toml documents each key.
struct config {
  std::string file;
  net::server_settings server;
  net::dispatch_settings dispatch;
  storage::database_settings storage;
  /// [storage] backend: where the stores live — SQLite (the embedded default, `storage`) or a
  /// PostgreSQL server (`postgresql`).
  storage::sql_dialect engine = storage::sql_dialect::sqlite;
  /// [storage] postgresql, or STEWARD_POSTGRESQL: libpq's connection string ("" = libpq's own
  /// PG* environment variables). The password comes from PGPASSWORD or ~/.pgpass, or with the
  /// whole string from STEWARD_POSTGRESQL — never from the file.
  std::string postgresql;
  /// [storage] readers: connections, each on a thread of its own, that answer the admin API's
  /// reads of committed rows (statistics, member lists, logs) beside the core thread; 0 runs
  /// them on the core thread, between batches of webhooks.
  int api_readers = 1;
  std::int64_t dedupe_retention_s = 72 * 3600;
  platforms::telegram::telegram_settings telegram;
  /// [onebot]: QQ groups through OneBot 11; absent when the table is.
  std::optional<platforms::onebot::onebot_settings> onebot;
  /// [slack]: a Slack app; absent when the table is.
  std::optional<platforms::slack::slack_settings> slack;
  /// [generic]: the signed generic webhook; absent when the table is.
  std::optional<platforms::generic::generic_settings> generic;
  /// [feishu]: a Feishu or Lark app; absent when the table is.
  std::optional<platforms::feishu::feishu_settings> feishu;
  /// [dingtalk]: a DingTalk app's robot; absent when the table is.
  std::optional<platforms::dingtalk::dingtalk_settings> dingtalk;
  /// [wecom]: WeCom's AI bot and a self-built app; absent when the table is.
  std::optional<platforms::wecom::wecom_settings> wecom;
  /// Whether any platform besides Telegram is configured.
  bool serves_others() const { return onebot || generic || slack || feishu || dingtalk || wecom; }
  /// Whether Telegram is served: a token is set, or no other platform is configured.
  bool serves_telegram() const { return !telegram.token.empty() || !serves_others(); }
  int admin_cache_s = 600;  ///< how long a chat's administrator list is trusted
  handlers::checkin_settings checkin;
  handlers::activity_settings activity;
  std::int64_t daily_earn_cap = 200;    ///< points per member per local day from taking part
  std::int64_t points_expire_days = 0;  ///< 0 = points never expire
  std::vector<storage::shop_item> shop_items;
  handlers::badge_settings badges;
  handlers::invite_settings invites;
  handlers::stats_settings analytics;
  handlers::tier_settings tiers;
  handlers::churn_settings churn;
  handlers::review_settings reviews;             ///< analytics.reviews
  handlers::quiet_settings quiet;                ///< [quiet]: auto-delete of command answers
  handlers::verification_settings verification;  ///< [verification]: newcomers' captcha
  /// `serve --test-clock`: the admin API may set the wall clock (never from the file).
  bool test_clock = false;
  int care_at_minute = 10 * 60;  ///< analytics.daily_at: when tiers and churn run, local time
  /// [commands]: a command's name → the words that replace its default aliases.
  std::map<std::string, std::vector<std::string>> command_aliases;
  std::string default_time_zone = "Asia/Shanghai";
  std::map<std::string, std::string> group_time_zones;  ///< chat id → IANA zone
  std::string log_level = "info";
  std::string log_format = "text";  ///< "text" for people, "json" for log systems
  rules::rules_config moderation;
  handlers::template_settings templates;
  std::vector<handlers::faq_entry> faq;
  std::vector<handlers::schedule_entry> schedules;
};

/// A configuration that cannot be used; what() names the file, each bad key and its problem.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads the environment (injected so tests need not touch the real one).
using env_lookup = std::function<const char*(const char*)>;

/// Loads and validates a TOML file; secrets may come from the environment
/// (STEWARD_TELEGRAM_TOKEN, STEWARD_TELEGRAM_SECRET_TOKEN). Throws config_error.
config load_config(const std::string& path, const env_lookup& env, bool require_token = true);
/// The group statistics' settings: [analytics] with the churn's return window (for the
/// reactivation rate).
handlers::stats_settings stats_settings_of(const config& cfg);
/// The reviews' settings: [analytics.reviews], posted where moderation reports go.
handlers::review_settings review_settings_of(const config& cfg);

/// The built-in defaults (used by `steward demo`).
config default_config();

}  // namespace steward::app
