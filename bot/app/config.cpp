#include "bot/app/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

#include "bot/app/config_moderation.hpp"
#include "bot/app/config_platforms.hpp"
#include "bot/app/config_reader.hpp"
#include "bot/app/config_templates.hpp"
#include "bot/core/command.hpp"
#include "bot/core/local_day.hpp"
#include "bot/core/url.hpp"
#include "handlers/command_registry.hpp"

namespace steward::app {

namespace {

constexpr std::int64_t max_seconds = 24 * 3600;

/// A Bot API token: the bot's numeric id, ':' and a secret of A-Z a-z 0-9 _ -.
bool looks_like_bot_token(std::string_view token) {
  const auto colon = token.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == token.size()) return false;
  const auto id = token.substr(0, colon), secret = token.substr(colon + 1);
  return id.find_first_not_of("0123456789") == std::string_view::npos &&
         secret.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
             "0123456789_-") == std::string_view::npos;
}

/// A path from the configuration: relative ones are relative to the configuration file's folder,
/// wherever Steward is started from.
std::string beside_config(const std::string& config_file, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(config_file).parent_path() / p).lexically_normal().string();
}

/// Refuses a configuration path that cannot be a configuration file, before parsing it.
void check_config_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    throw config_error(path + ": no such file (give the path of a TOML configuration file)");
  }
  if (status.type() == std::filesystem::file_type::directory) {
    throw config_error(path + ": is a directory; give the configuration file inside it, e.g. " +
                       (std::filesystem::path(path) / "steward.toml").string());
  }
}

void read_listen(table_reader& r, net::server_settings& out, const env_lookup& env) {
  std::string listen = out.host + ":" + std::to_string(out.port);
  r.read("listen", listen);
  // A container publishes the port on all its interfaces while the file stays the host's.
  if (const char* v = env("STEWARD_LISTEN"); v && *v) listen = v;
  const auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  char* end = nullptr;
  const long value = std::strtol(port.c_str(), &end, 10);
  if (host.empty() || port.empty() || *end != '\0' || value < 0 || value > 65535) {
    r.fail("listen", "must be HOST:PORT with a port from 0 to 65535, not '" + listen + "'");
    return;
  }
  out.host = host;
  out.port = static_cast<std::uint16_t>(value);
}

void read_public_url(table_reader& r, net::server_settings& out, const env_lookup& env) {
  r.read("public_url", out.public_url);
  if (const char* v = env("STEWARD_PUBLIC_URL"); v && *v) out.public_url = v;
  while (!out.public_url.empty() && out.public_url.back() == '/')
    out.public_url.pop_back();
  if (!out.public_url.empty() && out.public_url.rfind("https://", 0) != 0 &&
      out.public_url.rfind("http://", 0) != 0) {
    r.fail("public_url", "must start with https:// (or http:// behind a proxy you trust), not '" +
                             out.public_url + "'");
  }
}

// Another instance forwards updates to this base URL: a scheme and an authority, no path.
void read_instance_url(table_reader& r, net::server_settings& out, const env_lookup& env) {
  r.read("instance_url", out.instance_url);
  if (const char* v = env("STEWARD_INSTANCE_URL"); v && *v) out.instance_url = v;
  while (!out.instance_url.empty() && out.instance_url.back() == '/')
    out.instance_url.pop_back();
  if (out.instance_url.empty()) return;
  const auto url = core::parse_url(out.instance_url);
  if (!url || url->tls || url->target != "/") {
    r.fail("instance_url",
           "must be http://host:port (where the other instances reach this "
           "one), not '" +
               out.instance_url + "'");
  }
}

void read_server(table_reader r, net::server_settings& out, const env_lookup& env) {
  read_listen(r, out, env);
  read_public_url(r, out, env);
  read_instance_url(r, out, env);
  r.read("body_limit", out.body_limit, 1024, 64 * 1024 * 1024);
  r.read("header_limit", out.header_limit, 1024, 64 * 1024);
  r.read("idle_timeout", out.idle_timeout_s, 1, 3600);
  r.read("read_timeout", out.read_timeout_s, 1, 600);
  r.read("write_timeout", out.write_timeout_s, 1, 600);
  r.read("shutdown_grace", out.shutdown_grace_s, 0, 600);
  r.finish();
}

// A password written in the configuration file would sit in backups and repositories: it comes
// from the environment (PGPASSWORD, ~/.pgpass, or the whole string in STEWARD_POSTGRESQL).
bool names_a_password(const std::string& conninfo) {
  const auto scheme = conninfo.find("://");
  if (scheme != std::string::npos) {
    const auto end = conninfo.find_first_of("/?", scheme + 3);
    const auto user_info = conninfo.substr(scheme + 3, end - scheme - 3);
    const auto at = user_info.rfind('@');
    if (at != std::string::npos && user_info.substr(0, at).find(':') != std::string::npos) {
      return true;
    }
  }
  return conninfo.find("password") != std::string::npos;
}

void read_engine(table_reader& r, config& out, const env_lookup& env) {
  std::string backend = "sqlite";
  r.read("backend", backend);
  if (backend == "postgresql") {
    out.engine = storage::sql_dialect::postgresql;
  } else if (backend != "sqlite") {
    r.fail("backend", "must be \"sqlite\" or \"postgresql\"");
  }
  r.read("postgresql", out.postgresql);
  if (names_a_password(out.postgresql)) {
    r.fail("postgresql",
           "must not hold a password: set PGPASSWORD or ~/.pgpass, or give the whole connection "
           "string in STEWARD_POSTGRESQL");
  }
  if (const char* v = env("STEWARD_POSTGRESQL"); v && *v) out.postgresql = v;
}

void read_storage(table_reader r, config& out, const env_lookup& env) {
  read_engine(r, out, env);
  r.read("path", out.storage.path);
  if (out.storage.path.empty()) {
    r.fail("path", "must not be empty");
  } else {
    out.storage.path = beside_config(out.file, out.storage.path);
  }
  r.read("synchronous", out.storage.synchronous);
  if (out.storage.synchronous != "FULL" && out.storage.synchronous != "NORMAL" &&
      out.storage.synchronous != "EXTRA") {
    r.fail("synchronous", "must be \"FULL\", \"NORMAL\" or \"EXTRA\"");
  }
  r.read("busy_timeout_ms", out.storage.busy_timeout_ms, 0, 600000);
  r.read("cache_mib", out.storage.cache_mib, 1, 65536);
  r.read("readers", out.api_readers, 0, 16);
  std::int64_t hours = out.dedupe_retention_s / 3600;
  // Telegram redelivers for up to 24 h, so a shorter memory would let a retry count twice.
  r.read("dedupe_retention_hours", hours, 25, 24 * 365);
  out.dedupe_retention_s = hours * 3600;
  r.finish();
}

void read_telegram(table_reader r, platforms::telegram::telegram_settings& out, int& admin_cache_s,
                   const env_lookup& env) {
  r.read("admin_cache_seconds", admin_cache_s, 0, 86400);
  r.read("token", out.token);
  r.read("secret_token", out.secret_token);
  r.read("api_base_url", out.api_base_url);
  r.read("bot_username", out.bot_username);
  if (const char* v = env("STEWARD_TELEGRAM_TOKEN"); v && *v) out.token = v;
  if (const char* v = env("STEWARD_TELEGRAM_SECRET_TOKEN"); v && *v) out.secret_token = v;
  if (!out.bot_username.empty() && out.bot_username.front() == '@') out.bot_username.erase(0, 1);
  if (!out.token.empty() && !looks_like_bot_token(out.token)) {
    r.fail("token",
           "must look like 123456789:AAF… — the bot's id, a colon and the secret @BotFather gave "
           "(without a \"bot\" prefix, spaces or quotes)");
  }
  if (out.secret_token.size() > 256 ||
      out.secret_token.find_first_not_of(
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
          std::string::npos) {
    r.fail("secret_token", "must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule)");
  }
  check_loopback_unless_tls(r, "api_base_url", out.api_base_url);
  r.finish();
}

void read_checkin(table_reader r, handlers::checkin_settings& out) {
  r.read("base_points", out.base_points, 0, 1000000);
  r.read("streak_bonus", out.streak_bonus, 0, 1000000);
  r.read("max_streak_bonus", out.max_streak_bonus, 0, 1000000);
  r.read("repeat_notice_cooldown", out.repeat_notice_cooldown_s, 0, max_seconds);
  r.read("repeat_answer", out.repeat_answer);
  if (out.repeat_answer != "reply" && out.repeat_answer != "reaction" &&
      out.repeat_answer != "silent") {
    r.fail("repeat_answer", "must be \"reply\", \"reaction\" or \"silent\"");
  }
  r.finish();
}

void read_points(table_reader r, config& out) {
  r.read("daily_cap", out.daily_earn_cap, 0, 1000000);
  r.read("per_message", out.activity.points_per_message, 0, 1000000);
  r.read("expire_after_days", out.points_expire_days, 0, 36500);
  r.finish();
}

void read_levels(table_reader r, handlers::activity_settings& out) {
  r.read("xp_per_message", out.xp_per_message, 0, 1000000);
  r.read("cooldown", out.cooldown_s, 0, max_seconds);
  r.read("xp_base", out.levels.base, 1, 1000000000);
  r.finish();
}

void read_shop(table_reader r, config& out, std::vector<std::string>& errors) {
  std::set<std::string> ids;
  const auto items = r.tables("items");
  for (std::size_t i = 0; i < items.size(); ++i) {
    table_reader item(items[i], fmt::format("shop.items[{}]", i), out.file, errors);
    storage::shop_item s;
    item.read("id", s.id);
    item.read("name", s.name);
    item.read("description", s.description);
    if (!item.has("price")) item.fail("price", "is required: the item's price in points");
    item.read("price", s.price, 0, 1000000000);
    item.read("stock", s.stock, 0, 1000000000);
    item.read("per_member_limit", s.per_member_limit, 1, 1000000);
    item.read_time("valid_from", s.valid_from);
    item.read_time("valid_until", s.valid_until);
    item.read("min_level", s.min_level, 0, 1000);
    item.read("badge", s.required_badge);
    item.read("tier", s.min_tier);
    if (!s.min_tier.empty() && s.min_tier != "core" && s.min_tier != "potential") {
      item.fail("tier", "must be \"core\" or \"potential\" (members of that tier and above)");
    }
    if (s.id.empty() || s.id.find_first_of(" \t") != std::string::npos) {
      item.fail("id", "is required: a short name without spaces, used in /redeem <id>");
    } else if (!ids.insert(s.id).second) {
      item.fail("id", "'" + s.id + "' is used by another item");
    }
    if (s.name.empty()) s.name = s.id;
    item.finish();
    out.shop_items.push_back(std::move(s));
  }
  r.finish();
}

// A duration, or "off" (0).
void read_duration_or_off(table_reader& r, const char* key, std::int64_t& seconds) {
  std::string text;
  r.read(key, text);
  if (text == "off") {
    seconds = 0;
    return;
  }
  r.read_duration(key, seconds);
}

void read_badges(table_reader r, handlers::badge_settings& out) {
  r.read("active_streak", out.active_streak, 1, 3650);
  r.read("king_streak", out.king_streak, 1, 3650);
  r.read("partner_invites", out.partner_invites, 1, 100000);
  read_duration_or_off(r, "announce_every", out.announce_every_s);
  r.finish();
}

void read_invites(table_reader r, handlers::invite_settings& out) {
  r.read("stay_days", out.stay_days, 0, 365);
  r.read("min_messages", out.min_messages, 0, 100000);
  r.read("inviter_points", out.inviter_points, 0, 1000000);
  r.read("invitee_points", out.invitee_points, 0, 1000000);
  r.finish();
}

// [analytics]: the conversion goal and KPI targets (shares from 0 to 1).
// "10:00" → 600; nullopt unless HH:MM with HH < 24 and MM < 60.
std::optional<int> minute_of_day(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (const int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

void read_tiers(table_reader r, handlers::tier_settings& out) {
  r.read("window_days", out.window_days, 1, 365);
  r.read("per_active_day", out.per_active_day, 0.0, 1000.0);
  r.read("per_message", out.per_message, 0.0, 1000.0);
  r.read("per_checkin", out.per_checkin, 0.0, 1000.0);
  r.read("per_invite", out.per_invite, 0.0, 1000.0);
  r.read("core_share", out.core_share, 0.0, 1.0);
  r.read("potential_share", out.potential_share, 0.0, 1.0);
  if (out.core_share + out.potential_share > 1.0) {
    r.fail("potential_share", "core_share + potential_share must be at most 1");
  }
  r.finish();
}

// Levels: ascending whole days, 1-365, at most 5.
bool valid_levels(const std::vector<std::int64_t>& levels) {
  if (levels.size() > 5) return false;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i] < 1 || levels[i] > 365 || (i > 0 && levels[i] <= levels[i - 1])) return false;
  }
  return true;
}

std::vector<int> as_ints(const std::vector<std::int64_t>& values) {
  return {values.begin(), values.end()};
}

void read_churn(table_reader r, handlers::churn_settings& out, const std::string& path,
                std::vector<std::string>& errors) {
  std::vector<std::int64_t> levels(out.levels.begin(), out.levels.end());
  r.read("levels", levels);
  if (!valid_levels(levels)) {
    r.fail("levels", "must be 1 to 5 whole days (1-365), ascending, like [3, 7, 14]");
  }
  out.levels = as_ints(levels);
  // Levels listed for an action must be levels; a default that is not (the levels were changed)
  // simply never applies.
  const auto read_chosen = [&](const char* key, std::set<int>& chosen) {
    if (!r.has(key)) return;
    std::vector<std::int64_t> listed(chosen.begin(), chosen.end());
    r.read(key, listed);
    chosen = {listed.begin(), listed.end()};
    for (const auto level : listed) {
      if (std::find(levels.begin(), levels.end(), level) == levels.end()) {
        r.fail(key, "lists " + std::to_string(level) + ", which is not in levels");
      }
    }
  };
  read_chosen("mention_levels", out.mention_levels);
  read_chosen("private_levels", out.private_levels);
  r.read("digest", out.digest);
  r.read("mention_batch", out.mention_batch, 1, 50);
  r.read("max_mentions", out.max_mentions, 0, 1000);
  r.read("return_window_days", out.return_window_days, 1, 365);
  if (const auto* groups = r.table("groups")) {
    table_reader g(groups, "analytics.churn.groups", path, errors);
    for (const auto& [chat, node] : *groups) {
      std::vector<std::int64_t> own;
      const std::string key(chat.str());
      g.read(key.c_str(), own);
      if (!valid_levels(own)) g.fail(key.c_str(), "must be ascending whole days like [3, 7, 14]");
      out.group_levels[key] = as_ints(own);
    }
    g.finish();
  }
  r.finish();
}

void read_analytics(table_reader r, handlers::stats_settings& out, int& out_at,
                    handlers::tier_settings& out_tiers, handlers::churn_settings& out_churn,
                    handlers::review_settings& out_reviews, const std::string& path,
                    std::vector<std::string>& errors) {
  std::string conversion = out.conversion.event;
  if (!out.conversion.item.empty()) conversion += ":" + out.conversion.item;
  r.read("conversion", conversion);
  if (conversion == "checkin" || conversion == "redeem") {
    out.conversion = {conversion, ""};
  } else if (conversion.rfind("redeem:", 0) == 0 && conversion.size() > 7) {
    out.conversion = {"redeem", conversion.substr(7)};
  } else {
    r.fail("conversion", "must be \"redeem\", \"redeem:<item id>\" or \"checkin\"");
  }
  std::string daily_at = fmt::format("{:02}:{:02}", out_at / 60, out_at % 60);
  r.read("daily_at", daily_at);
  if (const auto minute = minute_of_day(daily_at)) {
    out_at = *minute;
  } else {
    r.fail("daily_at", "must be a local time like \"10:00\"");
  }
  std::vector<std::string> reviews;
  if (out_reviews.weekly) reviews.push_back("week");
  if (out_reviews.monthly) reviews.push_back("month");
  r.read("reviews", reviews);
  out_reviews.weekly = out_reviews.monthly = false;
  for (const auto& kind : reviews) {
    if (kind == "week") {
      out_reviews.weekly = true;
    } else if (kind == "month") {
      out_reviews.monthly = true;
    } else {
      r.fail("reviews", "must list \"week\" and/or \"month\", not \"" + kind + "\"");
    }
  }
  if (const auto* tiers = r.table("tiers")) {
    read_tiers(table_reader(tiers, "analytics.tiers", path, errors), out_tiers);
  }
  if (const auto* churn = r.table("churn")) {
    read_churn(table_reader(churn, "analytics.churn", path, errors), out_churn, path, errors);
  }
  if (const auto* targets = r.table("targets")) {
    table_reader t(targets, "analytics.targets", path, errors);
    for (const char* name :
         {"active_rate", "speaking_rate", "join_rate", "exit_rate", "checkin_rate", "retention_d1",
          "retention_d7", "retention_d30", "reactivation_rate", "conversion"}) {
      if (!t.has(name)) continue;
      double target = 0;
      t.read(name, target, 0.0, 1.0);
      out.targets[name] = target;
    }
    t.finish();
  }
  r.finish();
}

// Any registered command's aliases may be replaced; words two commands would share are refused,
// since a message could then only mean one of them.
void read_commands(table_reader r, std::map<std::string, std::vector<std::string>>& out) {
  const auto registry = handlers::all_commands();
  for (const auto& spec : registry) {
    if (r.has(spec.name.c_str())) r.read(spec.name.c_str(), out[spec.name]);
  }
  for (const auto& collision : core::alias_collisions(core::with_aliases(registry, out))) {
    // Named at the key the operator wrote (the other command may keep its default).
    std::string key = collision.first;
    if (!collision.second.empty() && out.contains(collision.second)) key = collision.second;
    r.fail(key, collision.describe());
  }
  r.finish();
}

// Telegram deletes a bot's messages only within 48 hours of their sending.
constexpr std::int64_t longest_auto_delete_s = 47 * 3600;

void read_auto_delete(table_reader& r, const char* key, std::int64_t& seconds) {
  read_duration_or_off(r, key, seconds);
  if (seconds > longest_auto_delete_s) {
    r.fail(key,
           "must be at most \"47h\" (Telegram lets bots delete messages only within 48 "
           "hours), or \"off\"");
  }
}

void read_verification(table_reader r, const std::string& file,
                       handlers::verification_settings& out, std::vector<std::string>& errors) {
  r.read("enabled", out.enabled);
  r.read_duration("timeout", out.timeout_s);
  if (out.timeout_s < 10 || out.timeout_s > 86400) {
    r.fail("timeout", "must be between \"10s\" and \"1d\"");
  }
  std::string on_fail = out.kick_on_fail ? "kick" : "mute";
  r.read("on_fail", on_fail);
  if (on_fail != "kick" && on_fail != "mute") r.fail("on_fail", "must be \"kick\" or \"mute\"");
  out.kick_on_fail = on_fail == "kick";
  std::string challenge = out.arithmetic ? "arithmetic" : "button";
  r.read("challenge", challenge);
  if (challenge != "button" && challenge != "arithmetic") {
    r.fail("challenge", "must be \"button\" or \"arithmetic\"");
  }
  out.arithmetic = challenge == "arithmetic";
  if (const auto* groups = r.table("groups")) {
    table_reader g(groups, "verification.groups", file, errors);
    for (const auto& [chat, node] : *groups) {
      const std::string chat_id(chat.str());
      bool on = false;
      g.read(chat_id.c_str(), on);
      out.groups[chat_id] = on;
    }
    g.finish();
  }
  r.finish();
}

void read_quiet(table_reader r, const std::string& file, handlers::quiet_settings& out,
                std::vector<std::string>& errors) {
  read_auto_delete(r, "auto_delete", out.auto_delete_s);
  r.read("badge_digest", out.badge_digest);
  if (const auto* groups = r.table("groups")) {
    table_reader all(groups, "quiet.groups", file, errors);
    for (const auto& [chat, node] : *groups) {
      const std::string chat_id(chat.str());
      table_reader g(all.table(chat_id.c_str()), "quiet.groups." + chat_id, file, errors);
      auto& group = out.groups[chat_id];
      if (g.has("auto_delete")) {
        std::int64_t seconds = 0;
        read_auto_delete(g, "auto_delete", seconds);
        group.auto_delete_s = seconds;
      }
      if (g.has("badge_digest")) {
        bool digest = false;
        g.read("badge_digest", digest);
        group.badge_digest = digest;
      }
      g.finish();
    }
    all.finish();
  }
  r.finish();
}

void read_groups(table_reader r, config& out, std::vector<std::string>& errors) {
  r.read("default_time_zone", out.default_time_zone);
  if (!core::is_known_time_zone(out.default_time_zone)) {
    r.fail("default_time_zone", "unknown IANA time zone '" + out.default_time_zone + "'");
  }
  if (const auto* zones = r.table("time_zones")) {
    table_reader z(zones, "groups.time_zones", out.file, errors);
    for (const auto& [chat, node] : *zones) {
      std::string zone;
      z.read(std::string(chat.str()).c_str(), zone);
      if (!zone.empty() && !core::is_known_time_zone(zone)) {
        z.fail(std::string(chat.str()), "unknown IANA time zone '" + zone + "'");
      }
      out.group_time_zones[std::string(chat.str())] = zone;
    }
  }
  r.finish();
}

void read_dispatch(table_reader r, net::dispatch_settings& out) {
  r.read("per_chat_per_second", out.per_chat_per_second, 0.01, 1000);
  r.read("per_chat_burst", out.per_chat_burst, 1, 1000);
  r.read("per_chat_per_minute", out.per_chat_per_minute, 1, 100000);
  r.read("global_per_second", out.global_per_second, 0.1, 100000);
  r.read("max_attempts", out.max_attempts, 1, 1000);
  r.read("backoff_initial_ms", out.backoff_initial_ms, 1, 3600000);
  r.read("backoff_max_ms", out.backoff_max_ms, 1, 86400000);
  r.read("request_timeout", out.request_timeout_s, 1, 600);
  r.read("drain", out.drain_s, 0, 600);
  r.read("max_loaded", out.max_loaded, 10, 1000000);
  r.finish();
}

void read_log(table_reader r, config& out) {
  r.read("level", out.log_level);
  const auto& level = out.log_level;
  if (level != "trace" && level != "debug" && level != "info" && level != "warn" &&
      level != "error") {
    r.fail("level", "must be one of trace, debug, info, warn, error");
  }
  r.read("format", out.log_format);
  if (out.log_format != "text" && out.log_format != "json") {
    r.fail("format", "must be \"text\" (for people) or \"json\" (one object per line)");
  }
  r.finish();
}

}  // namespace

config default_config() {
  config c;
  return c;
}

config load_config(const std::string& path, const env_lookup& env, bool require_token) {
  check_config_file(path);
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw config_error(fmt::format("{}:{}:{}: {}", path, e.source().begin.line,
                                   e.source().begin.column, e.description()));
  }
  config out = default_config();
  out.file = path;
  std::vector<std::string> errors;
  table_reader top(&root, "", path, errors);
  read_server(table_reader(top.table("server"), "server", path, errors), out.server, env);
  read_storage(table_reader(top.table("storage"), "storage", path, errors), out, env);
  read_telegram(table_reader(top.table("telegram"), "telegram", path, errors), out.telegram,
                out.admin_cache_s, env);
  if (top.has("onebot")) {
    out.onebot.emplace();
    read_onebot(table_reader(top.table("onebot"), "onebot", path, errors), *out.onebot, env);
  }
  if (top.has("slack")) {
    out.slack.emplace();
    read_slack(table_reader(top.table("slack"), "slack", path, errors), *out.slack, env);
  }
  if (top.has("feishu")) {
    out.feishu.emplace();
    read_feishu(table_reader(top.table("feishu"), "feishu", path, errors), *out.feishu, env);
  }
  if (top.has("dingtalk")) {
    out.dingtalk.emplace();
    read_dingtalk(table_reader(top.table("dingtalk"), "dingtalk", path, errors), *out.dingtalk,
                  env);
  }
  if (top.has("wecom")) {
    out.wecom.emplace();
    read_wecom(table_reader(top.table("wecom"), "wecom", path, errors), *out.wecom, env);
  }
  if (top.has("generic")) {
    out.generic.emplace();
    read_generic(table_reader(top.table("generic"), "generic", path, errors), *out.generic, env);
  }
  read_checkin(table_reader(top.table("checkin"), "checkin", path, errors), out.checkin);
  read_points(table_reader(top.table("points"), "points", path, errors), out);
  read_levels(table_reader(top.table("levels"), "levels", path, errors), out.activity);
  read_shop(table_reader(top.table("shop"), "shop", path, errors), out, errors);
  read_badges(table_reader(top.table("badges"), "badges", path, errors), out.badges);
  read_invites(table_reader(top.table("invites"), "invites", path, errors), out.invites);
  read_analytics(table_reader(top.table("analytics"), "analytics", path, errors), out.analytics,
                 out.care_at_minute, out.tiers, out.churn, out.reviews, path, errors);
  read_commands(table_reader(top.table("commands"), "commands", path, errors), out.command_aliases);
  read_groups(table_reader(top.table("groups"), "groups", path, errors), out, errors);
  read_quiet(table_reader(top.table("quiet"), "quiet", path, errors), path, out.quiet, errors);
  read_verification(table_reader(top.table("verification"), "verification", path, errors), path,
                    out.verification, errors);
  read_dispatch(table_reader(top.table("dispatch"), "dispatch", path, errors), out.dispatch);
  read_log(table_reader(top.table("log"), "log", path, errors), out);
  read_moderation(table_reader(top.table("moderation"), "moderation", path, errors), path,
                  out.moderation, errors);
  read_templates(table_reader(top.table("templates"), "templates", path, errors), path,
                 out.templates, errors);
  read_faq(top.tables("faq"), path, out.faq, errors);
  read_schedules(top.tables("schedules"), path, out.schedules, errors);
  top.finish();
  if (require_token && out.telegram.token.empty() && !out.serves_others()) {
    errors.push_back(path +
                     ": telegram.token: is required (or set STEWARD_TELEGRAM_TOKEN), unless "
                     "another platform is configured ([onebot], [slack], [feishu], [dingtalk], "
                     "[wecom], [generic])");
  }
  if (errors.empty()) return out;
  std::string message = fmt::format("invalid configuration ({} problem{}):", errors.size(),
                                    errors.size() == 1 ? "" : "s");
  for (const auto& e : errors)
    message += "\n  " + e;
  throw config_error(message);
}

handlers::stats_settings stats_settings_of(const config& cfg) {
  auto settings = cfg.analytics;
  settings.return_window_days = cfg.churn.return_window_days;
  return settings;
}

handlers::review_settings review_settings_of(const config& cfg) {
  auto settings = cfg.reviews;
  settings.report_chat = cfg.moderation.report_chat;
  return settings;
}

}  // namespace steward::app
