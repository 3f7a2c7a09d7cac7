#include "bot/app/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace steward::app {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  ~ConfigTest() override { std::filesystem::remove(path_); }

  config load(const std::string& text, std::map<std::string, std::string> env = {}) {
    std::ofstream(path_) << text;
    env_ = std::move(env);
    return load_config(path_, [this](const char* name) -> const char* {
      auto it = env_.find(name);
      return it == env_.end() ? nullptr : it->second.c_str();
    });
  }

  std::string error_of(const std::string& text) {
    try {
      load(text);
    } catch (const config_error& e) {
      return e.what();
    }
    return "";
  }

  // One file per test: CTest runs the cases of this fixture in parallel.
  std::string path_ = (std::filesystem::temp_directory_path() /
                       (std::string("steward-config-test-") +
                        ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml"))
                          .string();
  std::map<std::string, std::string> env_;
};

constexpr const char* minimal = R"(
[server]
listen = "127.0.0.1:8080"
[storage]
path = "steward.db"
[telegram]
token = "123456:ABC"
secret_token = "s3cret"
api_base_url = "https://api.telegram.org"
)";

TEST_F(ConfigTest, MinimalConfigLoadsWithDefaults) {
  const config c = load(minimal);
  EXPECT_EQ(c.server.host, "127.0.0.1");
  EXPECT_EQ(c.server.port, 8080);
  EXPECT_EQ(c.server.body_limit, 1024u * 1024u);
  // Relative paths are relative to the configuration file, not to where Steward was started.
  EXPECT_EQ(c.storage.path, (std::filesystem::path(path_).parent_path() / "steward.db").string());
  EXPECT_EQ(c.storage.synchronous, "FULL");
  EXPECT_EQ(c.telegram.token, "123456:ABC");
  EXPECT_EQ(c.default_time_zone, "Asia/Shanghai");
  EXPECT_TRUE(c.command_aliases.empty());  // every command keeps the aliases it declares
}

TEST_F(ConfigTest, EveryRegisteredCommandsAliasesCanBeReplaced) {
  const config c = load(std::string(minimal) + R"(
[commands]
checkin = ["签到", "qd"]
warn = ["警告", "黄牌"]
console = []
)");
  EXPECT_EQ(c.command_aliases.at("warn"), (std::vector<std::string>{"警告", "黄牌"}));
  EXPECT_EQ(c.command_aliases.at("checkin").at(1), "qd");
  EXPECT_TRUE(c.command_aliases.at("console").empty());
}

TEST_F(ConfigTest, QuietGroupsAreReadPerGroupAndBoundByTelegramsDeleteWindow) {
  const config c = load(std::string(minimal) + R"(
[quiet]
auto_delete = "2m"
[quiet.groups."-100111"]
auto_delete = "off"
[quiet.groups."-100222"]
auto_delete = "30s"
badge_digest = true
)");
  EXPECT_EQ(c.quiet.auto_delete_after("-100999"), 120);
  EXPECT_EQ(c.quiet.auto_delete_after("-100111"), 0);
  EXPECT_EQ(c.quiet.auto_delete_after("-100222"), 30);
  EXPECT_FALSE(c.quiet.digests_badges("-100111"));
  EXPECT_TRUE(c.quiet.digests_badges("-100222"));
  EXPECT_FALSE(load(minimal).quiet.any_auto_delete());
  const auto too_long =
      error_of(std::string(minimal) + "[quiet.groups.\"-1\"]\nauto_delete = \"48h\"\n");
  EXPECT_NE(too_long.find("quiet.groups.-1.auto_delete: must be at most \"47h\""),
            std::string::npos)
      << too_long;
  const auto garbled = error_of(std::string(minimal) + "[quiet]\nauto_delete = \"soon\"\n");
  EXPECT_NE(garbled.find("quiet.auto_delete: must be a duration"), std::string::npos) << garbled;
}

TEST_F(ConfigTest, BadgeAnnouncementsArePacedByADurationOrOff) {
  EXPECT_EQ(load(minimal).badges.announce_every_s, 60);
  EXPECT_EQ(
      load(std::string(minimal) + "[badges]\nannounce_every = \"5m\"\n").badges.announce_every_s,
      300);
  EXPECT_EQ(
      load(std::string(minimal) + "[badges]\nannounce_every = \"off\"\n").badges.announce_every_s,
      0);
  const auto garbled = error_of(std::string(minimal) + "[badges]\nannounce_every = \"often\"\n");
  EXPECT_NE(garbled.find("badges.announce_every: must be a duration"), std::string::npos)
      << garbled;
}

TEST_F(ConfigTest, VerificationIsOffUnlessAskedAndPerGroupOverridesWin) {
  EXPECT_FALSE(load(minimal).verification.on_in("-100"));
  const config c = load(std::string(minimal) + R"(
[verification]
enabled = true
timeout = "2m"
on_fail = "mute"
[verification.groups]
"-100111" = false
)");
  EXPECT_TRUE(c.verification.on_in("-100999"));
  EXPECT_FALSE(c.verification.on_in("-100111"));
  EXPECT_EQ(c.verification.timeout_s, 120);
  EXPECT_FALSE(c.verification.kick_on_fail);
  const auto bad =
      error_of(std::string(minimal) + "[verification]\non_fail = \"ban\"\ntimeout = \"2s\"\n");
  EXPECT_NE(bad.find("verification.on_fail: must be \"kick\" or \"mute\""), std::string::npos)
      << bad;
  EXPECT_NE(bad.find("verification.timeout: must be between"), std::string::npos) << bad;
}

TEST_F(ConfigTest, AnAliasTwoCommandsWouldShareIsRefusedNamingBoth) {
  // 积分 is /points' own alias; a word may mean one command only.
  const auto shared =
      error_of(std::string(minimal) + "[commands]\ncheckin = [\"签到\", \"积分\"]\n");
  EXPECT_NE(shared.find(":11: commands.checkin"), std::string::npos) << shared;
  EXPECT_NE(shared.find("\"积分\" would invoke both /checkin and /points"), std::string::npos)
      << shared;
  // A slash alias may not take another command's name either.
  const auto slash = error_of(std::string(minimal) + "[commands]\nrank = [\"/points\"]\n");
  EXPECT_NE(slash.find(": commands.rank: \"/points\" would invoke both /points and /rank"),
            std::string::npos)
      << slash;
  const auto unknown = error_of(std::string(minimal) + "[commands]\ncheckn = [\"qd\"]\n");
  EXPECT_NE(unknown.find("commands.checkn: unknown key"), std::string::npos) << unknown;
}

TEST_F(ConfigTest, SecretsComeFromTheEnvironment) {
  const config c = load(minimal, {{"STEWARD_TELEGRAM_TOKEN", "9:ENV"},
                                  {"STEWARD_TELEGRAM_SECRET_TOKEN", "env_secret"}});
  EXPECT_EQ(c.telegram.token, "9:ENV");
  EXPECT_EQ(c.telegram.secret_token, "env_secret");
}

TEST_F(ConfigTest, StorageIsSqliteUnlessPostgresqlIsChosen) {
  EXPECT_EQ(load(minimal).engine, storage::sql_dialect::sqlite);
  const auto postgresql = [](const std::string& keys) {
    return "[server]\nlisten = \"127.0.0.1:8080\"\n[storage]\nbackend = \"postgresql\"\n" + keys +
           "[telegram]\ntoken = \"1:A\"\n";
  };
  const config c = load(postgresql("postgresql = \"host=db dbname=steward\"\n"));
  EXPECT_EQ(c.engine, storage::sql_dialect::postgresql);
  EXPECT_EQ(c.postgresql, "host=db dbname=steward");
  // Empty: libpq reads PGHOST, PGDATABASE, … itself.
  EXPECT_EQ(load(postgresql("")).postgresql, "");
  // The whole string, password included, may come from the environment.
  EXPECT_EQ(
      load(postgresql(""), {{"STEWARD_POSTGRESQL", "postgresql://s:pw@db/steward"}}).postgresql,
      "postgresql://s:pw@db/steward");
}

TEST_F(ConfigTest, TheInstanceUrlIsABaseUrlTheOthersReach) {
  const auto with = [](const std::string& url) {
    return "[server]\nlisten = \"0.0.0.0:8080\"\ninstance_url = \"" + url +
           "\"\n[telegram]\ntoken = \"1:A\"\n";
  };
  EXPECT_EQ(load(minimal).server.instance_url, "");
  EXPECT_EQ(load(with("http://10.0.0.5:8080/")).server.instance_url, "http://10.0.0.5:8080");
  EXPECT_EQ(load(with(""), {{"STEWARD_INSTANCE_URL", "http://10.0.0.6:8080"}}).server.instance_url,
            "http://10.0.0.6:8080");
  for (const std::string bad : {"https://10.0.0.5:8080", "http://10.0.0.5:8080/steward", "x"}) {
    const auto refused = error_of(with(bad));
    EXPECT_NE(refused.find(path_ + ":3: server.instance_url: must be http://host:port"),
              std::string::npos)
        << refused;
  }
}

TEST_F(ConfigTest, APostgresqlPasswordInTheFileIsRefused) {
  for (const std::string conninfo : {"host=db password=hunter2", "postgresql://s:hunter2@db/x"}) {
    const auto refused = error_of(
        "[server]\nlisten = \"127.0.0.1:8080\"\n[storage]\nbackend = \"postgresql\"\n"
        "postgresql = \"" +
        conninfo + "\"\n[telegram]\ntoken = \"1:A\"\n");
    EXPECT_NE(refused.find(path_ + ":5: storage.postgresql: must not hold a password: set "
                                   "PGPASSWORD or ~/.pgpass"),
              std::string::npos)
        << refused;
  }
  // A user name alone in a URI is not a password.
  EXPECT_NO_THROW(
      load("[storage]\nbackend = \"postgresql\"\npostgresql = \"postgresql://steward@db/x\"\n"
           "[telegram]\ntoken = \"1:A\"\n"));
}

TEST_F(ConfigTest, AnUnknownStorageBackendIsNamed) {
  const auto error = error_of("[storage]\nbackend = \"mysql\"\n[telegram]\ntoken = \"1:A\"\n");
  EXPECT_NE(error.find(path_ + ":2: storage.backend: must be \"sqlite\" or \"postgresql\""),
            std::string::npos)
      << error;
}

TEST_F(ConfigTest, ErrorsNameFileLineKeyAndProblem) {
  const std::string error = error_of(std::string(minimal) + "[dispatch]\nmax_attempts = 0\n");
  EXPECT_NE(error.find(path_ + ":11: dispatch.max_attempts: must be between 1 and 1000, not 0"),
            std::string::npos)
      << error;
}

TEST_F(ConfigTest, TheDispatcherMemoryBoundIsReadAndChecked) {
  EXPECT_EQ(load(std::string(minimal) + "[dispatch]\nmax_loaded = 500\n").dispatch.max_loaded, 500);
  EXPECT_EQ(load(minimal).dispatch.max_loaded, 2000);
  const std::string error = error_of(std::string(minimal) + "[dispatch]\nmax_loaded = 5\n");
  EXPECT_NE(error.find(path_ + ":11: dispatch.max_loaded: must be between 10 and 1000000, not 5"),
            std::string::npos)
      << error;
}

TEST_F(ConfigTest, ThePageCacheSizeIsReadAndChecked) {
  const auto with_cache = [](const std::string& value) {
    std::string text = minimal;
    const std::string path_line = "path = \"steward.db\"\n";
    return text.insert(text.find(path_line) + path_line.size(), "cache_mib = " + value + "\n");
  };
  EXPECT_EQ(load(minimal).storage.cache_mib, 16);
  EXPECT_EQ(load(with_cache("64")).storage.cache_mib, 64);
  const std::string error = error_of(with_cache("0"));
  EXPECT_NE(error.find(path_ + ":6: storage.cache_mib: must be between 1 and 65536, not 0"),
            std::string::npos)
      << error;
}

TEST_F(ConfigTest, TheApiReadersAreReadAndChecked) {
  const auto with_readers = [](const std::string& value) {
    std::string text = minimal;
    const std::string path_line = "path = \"steward.db\"\n";
    return text.insert(text.find(path_line) + path_line.size(), "readers = " + value + "\n");
  };
  EXPECT_EQ(load(minimal).api_readers, 1);
  EXPECT_EQ(load(with_readers("0")).api_readers, 0);
  EXPECT_EQ(load(with_readers("4")).api_readers, 4);
  const std::string error = error_of(with_readers("17"));
  EXPECT_NE(error.find(path_ + ":6: storage.readers: must be between 0 and 16, not 17"),
            std::string::npos)
      << error;
}

TEST_F(ConfigTest, AnalyticsGoalAndTargetsAreReadAndChecked) {
  const auto cfg = load(std::string(minimal) +
                        "[analytics]\nconversion = \"redeem:mug\"\n[analytics.targets]\n"
                        "exit_rate = 0.05\n");
  EXPECT_EQ(cfg.analytics.conversion.event, "redeem");
  EXPECT_EQ(cfg.analytics.conversion.item, "mug");
  EXPECT_DOUBLE_EQ(cfg.analytics.targets.at("exit_rate"), 0.05);
  EXPECT_DOUBLE_EQ(cfg.analytics.targets.at("active_rate"), 0.30);  // the default stays
  EXPECT_EQ(load(minimal).analytics.conversion.event, "redeem");
  std::string error = error_of(std::string(minimal) + "[analytics]\nconversion = \"likes\"\n");
  EXPECT_NE(error.find(path_ + ":11: analytics.conversion: must be \"redeem\""), std::string::npos)
      << error;
  error = error_of(std::string(minimal) + "[analytics.targets]\nactive_rate = 30\n");
  EXPECT_NE(error.find("analytics.targets.active_rate: must be between 0"), std::string::npos)
      << error;
  error = error_of(std::string(minimal) + "[analytics.targets]\nhappiness = 0.9\n");
  EXPECT_NE(error.find("analytics.targets.happiness: unknown key"), std::string::npos) << error;
}

TEST_F(ConfigTest, TiersAndChurnAreReadAndChecked) {
  const auto cfg = load(std::string(minimal) +
                        "[analytics]\ndaily_at = \"09:30\"\n[analytics.tiers]\ncore_share = 0.2\n"
                        "[analytics.churn]\nlevels = [2, 5]\nmention_levels = [5]\n"
                        "[analytics.churn.groups]\n\"-100\" = [10]\n");
  EXPECT_EQ(cfg.care_at_minute, 9 * 60 + 30);
  EXPECT_DOUBLE_EQ(cfg.tiers.core_share, 0.2);
  EXPECT_EQ(cfg.churn.levels, (std::vector<int>{2, 5}));
  EXPECT_EQ(cfg.churn.mention_levels, (std::set<int>{5}));
  EXPECT_EQ(cfg.churn.group_levels.at("-100"), std::vector<int>{10});
  EXPECT_EQ(load(minimal).care_at_minute, 10 * 60);
  EXPECT_TRUE(load(minimal).reviews.weekly);
  EXPECT_TRUE(load(minimal).reviews.monthly);
  const auto weekly_only = load(std::string(minimal) + "[analytics]\nreviews = [\"week\"]\n");
  EXPECT_TRUE(weekly_only.reviews.weekly);
  EXPECT_FALSE(weekly_only.reviews.monthly);
  for (const auto& [toml, expected] : std::vector<std::pair<std::string, std::string>>{
           {"[analytics]\ndaily_at = \"25:00\"\n", "analytics.daily_at: must be a local time"},
           {"[analytics.churn]\nlevels = [7, 3]\n", "analytics.churn.levels: must be 1 to 5"},
           {"[analytics.churn]\nmention_levels = [4]\n",
            "analytics.churn.mention_levels: lists 4, which is not in levels"},
           {"[analytics.tiers]\ncore_share = 0.7\npotential_share = 0.5\n",
            "analytics.tiers.potential_share: core_share + potential_share must be at most 1"},
           {"[analytics.churn]\nlevels = [\"3\"]\n",
            "analytics.churn.levels: every entry must be a whole number"},
           {"[analytics.churn]\nprivate_levels = [30]\n",
            "analytics.churn.private_levels: lists 30, which is not in levels"},
           {"[analytics]\nreviews = [\"week\", \"year\"]\n",
            "analytics.reviews: must list \"week\" and/or \"month\", not \"year\""}}) {
    const std::string error = error_of(std::string(minimal) + toml);
    EXPECT_NE(error.find(expected), std::string::npos) << error;
  }
}

TEST_F(ConfigTest, UnknownSectionsAndKeysAreRejected) {
  EXPECT_NE(
      error_of(std::string(minimal) + "[telegarm]\ntoken = \"x\"\n").find("telegarm: unknown key"),
      std::string::npos);
  EXPECT_NE(error_of(std::string(minimal) + "[server]\n").find("server"), std::string::npos);
}

TEST_F(ConfigTest, QuietCheckinAnswersAndNumericAdminIds) {
  const auto c = load(std::string(minimal) +
                      "[checkin]\nrepeat_answer = \"reaction\"\n[moderation]\n"
                      "admin_ids = [123, \"456\"]\n");
  EXPECT_EQ(c.checkin.repeat_answer, "reaction");
  EXPECT_EQ(c.moderation.admin_ids, (std::vector<std::string>{"123", "456"}));
  EXPECT_NE(error_of(std::string(minimal) + "[checkin]\nrepeat_answer = \"loud\"\n")
                .find("checkin.repeat_answer: must be \"reply\", \"reaction\" or \"silent\""),
            std::string::npos);
  EXPECT_NE(error_of(std::string(minimal) + "[moderation]\nadmin_ids = [1.5]\n")
                .find("moderation.admin_ids: every entry must be an id"),
            std::string::npos);
}

TEST_F(ConfigTest, PerGroupTimeZonesAreValidated) {
  const config c =
      load(std::string(minimal) + "[groups]\n[groups.time_zones]\n\"-1001\" = \"Europe/Berlin\"\n");
  EXPECT_EQ(c.group_time_zones.at("-1001"), "Europe/Berlin");
  EXPECT_NE(error_of(std::string(minimal) + "[groups.time_zones]\n\"-1\" = \"Nowhere/City\"\n")
                .find("groups.time_zones.-1: unknown IANA time zone 'Nowhere/City'"),
            std::string::npos);
}

// Telegram makes a mute under 30 s permanent: the config cannot ask for one.
TEST_F(ConfigTest, MutesShorterThanAMinuteAreRefused) {
  EXPECT_NE(error_of(std::string(minimal) + "[moderation]\nladder = [\"warn\", \"mute 10s\"]\n")
                .find("moderation.ladder: steps are"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(minimal) + "[moderation.rules.phone]\nmute = \"20s\"\n")
                .find("moderation.rules.phone.mute: a mute lasts at least 1 minute"),
            std::string::npos);
  EXPECT_NO_THROW(load(std::string(minimal) + "[moderation]\nladder = [\"warn\", \"mute 1m\"]\n"));
}

TEST_F(ConfigTest, ShopItemsAreReadAndChecked) {
  const config c = load(std::string(minimal) + R"(
[[shop.items]]
id = "mug"
price = 50
stock = 3
valid_until = 2026-12-31T23:59:59+08:00
)");
  ASSERT_EQ(c.shop_items.size(), 1u);
  EXPECT_EQ(c.shop_items[0].name, "mug");
  EXPECT_EQ(c.shop_items[0].stock, 3);
  EXPECT_EQ(c.shop_items[0].per_member_limit, std::nullopt);
  EXPECT_EQ(c.shop_items[0].valid_until, 1798732799);  // 2026-12-31 15:59:59 UTC

  const std::string error = error_of(std::string(minimal) + R"(
[[shop.items]]
id = "mug"
price = -1
valid_from = "soon"
[[shop.items]]
id = "mug"
)");
  EXPECT_NE(error.find("shop.items[0].price: must be between 0"), std::string::npos) << error;
  EXPECT_NE(error.find("shop.items[0].valid_from: must be a date-time with an offset"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("shop.items[1].id: 'mug' is used by another item"), std::string::npos)
      << error;
  // An item without a price is not free: it is a mistake, reported at the item's table.
  EXPECT_NE(error.find(":15: shop.items[1].price: is required"), std::string::npos) << error;
  const std::string tier_error =
      error_of(std::string(minimal) + "[[shop.items]]\nid = \"pin\"\nprice = 1\ntier = \"gold\"\n");
  EXPECT_NE(tier_error.find("shop.items[0].tier: must be \"core\" or \"potential\""),
            std::string::npos)
      << tier_error;
}

TEST_F(ConfigTest, AMalformedBotTokenIsRefusedNamingTheKey) {
  for (const char* bad : {"bot123456:ABC", "123456 ABC", "123456:", ":ABC", "123456:AB C",
                          "https://api.telegram.org/bot123:ABC"}) {
    std::string text = minimal;
    text.replace(text.find("123456:ABC"), 10, bad);
    const auto error = error_of(text);
    EXPECT_NE(error.find(":7: telegram.token: must look like 123456789:AAF"), std::string::npos)
        << bad << " → " << error;
  }
  std::string text = minimal;
  text.replace(text.find("123456:ABC"), 10, "not-a-token");
  const auto error = error_of(text);  // also from the environment
  EXPECT_NE(error.find("telegram.token"), std::string::npos);
  EXPECT_NO_THROW(load(minimal, {{"STEWARD_TELEGRAM_TOKEN", "42:AAF-x_y"}}));
}

TEST_F(ConfigTest, TheListenAddressCanComeFromTheEnvironment) {
  const config c = load(minimal, {{"STEWARD_LISTEN", "0.0.0.0:9090"}});
  EXPECT_EQ(c.server.host, "0.0.0.0");
  EXPECT_EQ(c.server.port, 9090);
  std::map<std::string, std::string> env{{"STEWARD_LISTEN", "everywhere"}};
  try {
    load(minimal, env);
    ADD_FAILURE() << "a bad STEWARD_LISTEN was accepted";
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find("server.listen: must be HOST:PORT"), std::string::npos)
        << e.what();
  }
}

TEST_F(ConfigTest, ADirectoryOrAMissingFileIsNamedAsSuch) {
  const auto dir = std::filesystem::temp_directory_path();
  auto error_for = [](const std::string& path) {
    try {
      load_config(path, [](const char*) -> const char* { return nullptr; });
    } catch (const config_error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  const auto as_dir = error_for(dir.string());
  EXPECT_NE(as_dir.find(dir.string() + ": is a directory; give the configuration file inside it"),
            std::string::npos)
      << as_dir;
  const auto missing = error_for((dir / "no-such-steward.toml").string());
  EXPECT_NE(missing.find("no-such-steward.toml: no such file"), std::string::npos) << missing;
}

TEST_F(ConfigTest, FaqAndScheduleProblemsNameTheKeyTheyAreAbout) {
  const std::string error = error_of(std::string(minimal) + R"(
[[faq]]
id = "refund"
triggers = ["(unclosed"]
match = "regex"
answer = "See the policy"
[[faq]]
id = "hours"
triggers = ["hours"]
answer = "Q&A at 9"
[[schedules]]
id = "morning"
cron = "0 9 * * *"
text = "Good morning {points}"
)");
  EXPECT_NE(error.find("faq[0].triggers: bad regex \"(unclosed\""), std::string::npos) << error;
  EXPECT_NE(error.find("faq[1].answer: a bare '&' at 1"), std::string::npos) << error;
  EXPECT_NE(error.find("schedules[0].text: unknown placeholder {points}"), std::string::npos)
      << error;
}

TEST_F(ConfigTest, SecretTokenMustUseTelegramsAlphabet) {
  std::string text = minimal;
  text.replace(text.find("s3cret"), 6, "has space");
  EXPECT_NE(error_of(text).find("telegram.secret_token"), std::string::npos);
}

}  // namespace
}  // namespace steward::app

namespace steward::app {
namespace {

constexpr const char* qq_only = R"(
[server]
listen = "127.0.0.1:8080"
[storage]
path = "steward.db"
[onebot]
secret = "onebot-test-secret"
api_url = "http://127.0.0.1:3000"
access_token = "tok"
self_id = "10001000"
)";

TEST_F(ConfigTest, QqAloneNeedsNoTelegramToken) {
  const config c = load(qq_only);
  ASSERT_TRUE(c.onebot.has_value());
  EXPECT_FALSE(c.serves_telegram());
  EXPECT_EQ(c.onebot->self_id, "10001000");
  EXPECT_EQ(c.onebot->limits.per_chat_per_minute, 20.0);  // QQ's cautious default
  EXPECT_TRUE(load(minimal).serves_telegram());
  EXPECT_FALSE(load(minimal).onebot.has_value());
}

TEST_F(ConfigTest, QqSecretsComeFromTheEnvironmentAndAreRequired) {
  std::string without_secret = qq_only;
  without_secret.replace(without_secret.find("secret = \"onebot-test-secret\"\n"),
                         std::string("secret = \"onebot-test-secret\"\n").size(), "");
  EXPECT_NE(error_of(without_secret).find("onebot.secret: is required"), std::string::npos)
      << error_of(without_secret);
  const config c = load(without_secret, {{"STEWARD_ONEBOT_SECRET", "from-env"},
                                         {"STEWARD_ONEBOT_ACCESS_TOKEN", "tok-env"}});
  EXPECT_EQ(c.onebot->secret, "from-env");
  EXPECT_EQ(c.onebot->access_token, "tok-env");
  EXPECT_NE(error_of(std::string(qq_only) + "per_group_per_minute = 0\n")
                .find("onebot.per_group_per_minute: must be between"),
            std::string::npos);
  std::string remote = qq_only;
  remote.replace(remote.find("127.0.0.1:3000"), 14, "203.0.113.9:3000");
  EXPECT_NE(error_of(remote).find("onebot.api_url: plain http:// carries the access token"),
            std::string::npos)
      << error_of(remote);
}

TEST_F(ConfigTest, GenericWebhookDeclaresWhatItCanDo) {
  const std::string base = R"(
[server]
listen = "127.0.0.1:8080"
[storage]
path = "steward.db"
[generic]
secret = "generic-test-secret"
callback_url = "http://127.0.0.1:9/actions"
)";
  const config c = load(base + "can = [\"delete\", \"mute\"]\n");
  ASSERT_TRUE(c.generic.has_value());
  EXPECT_EQ(c.generic->can, (std::vector<std::string>{"delete", "mute"}));
  EXPECT_FALSE(c.serves_telegram());
  EXPECT_NE(
      error_of(base + "can = [\"teleport\"]\n").find("generic.can: \"teleport\" is not one of"),
      std::string::npos);
  std::string short_secret = base;
  short_secret.replace(short_secret.find("generic-test-secret"), 19, "short");
  EXPECT_NE(error_of(short_secret).find("generic.secret: must be at least 16"), std::string::npos);
}

TEST_F(ConfigTest, SlackNeedsItsSigningSecretAndABotToken) {
  const std::string base =
      "[server]\nlisten = \"127.0.0.1:8080\"\n[storage]\npath = \"s.db\"\n"
      "[slack]\nsigning_secret = \"abc\"\n";
  EXPECT_NE(error_of(base + "bot_token = \"xoxp-user\"\n").find("slack.bot_token: must be"),
            std::string::npos);
  const config c = load(base, {{"STEWARD_SLACK_BOT_TOKEN", "xoxb-env"}});
  ASSERT_TRUE(c.slack.has_value());
  EXPECT_EQ(c.slack->bot_token, "xoxb-env");
  EXPECT_FALSE(c.serves_telegram());
}

TEST_F(ConfigTest, FeishuNeedsItsCredentialsAndItsEncryptKey) {
  const std::string base =
      "[server]\nlisten = \"127.0.0.1:8080\"\n[storage]\npath = \"s.db\"\n"
      "[feishu]\napp_id = \"cli_a1\"\nverification_token = \"vt\"\n";
  const std::string problems = error_of(base);
  EXPECT_NE(problems.find("feishu.app_secret: is required"), std::string::npos) << problems;
  EXPECT_NE(problems.find("feishu.encrypt_key: is required"), std::string::npos) << problems;
  const config c =
      load(base, {{"STEWARD_FEISHU_APP_SECRET", "sec"}, {"STEWARD_FEISHU_ENCRYPT_KEY", "key"}});
  ASSERT_TRUE(c.feishu.has_value());
  EXPECT_EQ(c.feishu->app_secret, "sec");
  EXPECT_EQ(c.feishu->encrypt_key, "key");
  EXPECT_EQ(c.feishu->api_base_url, "https://open.feishu.cn");
  EXPECT_FALSE(c.serves_telegram());
  std::string wrong_id = base;
  wrong_id.replace(wrong_id.find("cli_a1"), 6, "a1");
  EXPECT_NE(error_of(wrong_id).find("feishu.app_id: must be the app's App ID"), std::string::npos);
  EXPECT_NE(error_of(base + "api_base_url = \"http://open.feishu.cn\"\n")
                .find("feishu.api_base_url: plain http:// is only allowed for loopback"),
            std::string::npos);
}

TEST_F(ConfigTest, WecomChecksItsKeyAndWhatTheAppNeeds) {
  const std::string base =
      "[server]\nlisten = \"127.0.0.1:8080\"\n[storage]\npath = \"s.db\"\n"
      "[wecom]\ntoken = \"t\"\n";
  EXPECT_NE(error_of(base + "encoding_aes_key = \"short\"\n")
                .find("wecom.encoding_aes_key: must be the callback's EncodingAESKey"),
            std::string::npos);
  const std::string key = "encoding_aes_key = \"jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C\"\n";
  EXPECT_NE(error_of(base + key + "corp_secret = \"s\"\n").find("wecom.corp_secret: needs corp_id"),
            std::string::npos);
  const config c = load(base + key, {{"STEWARD_WECOM_TOKEN", "from-env"}});
  ASSERT_TRUE(c.wecom.has_value());
  EXPECT_EQ(c.wecom->token, "from-env");
  EXPECT_FALSE(c.serves_telegram());
}

TEST_F(ConfigTest, DingtalkNeedsItsAppCredentials) {
  const std::string base =
      "[server]\nlisten = \"127.0.0.1:8080\"\n[storage]\npath = \"s.db\"\n"
      "[dingtalk]\napp_key = \"dingk\"\n";
  EXPECT_NE(error_of(base).find("dingtalk.app_secret: is required"), std::string::npos);
  const config c = load(base + "scene_groups = true\n", {{"STEWARD_DINGTALK_APP_SECRET", "s"}});
  ASSERT_TRUE(c.dingtalk.has_value());
  EXPECT_EQ(c.dingtalk->app_secret, "s");
  EXPECT_TRUE(c.dingtalk->scene_groups);
}

TEST_F(ConfigTest, WithoutAnyPlatformTheTelegramTokenIsAsked) {
  const std::string none = "[server]\nlisten = \"127.0.0.1:8080\"\n[storage]\npath = \"s.db\"\n";
  EXPECT_NE(error_of(none).find("telegram.token: is required"), std::string::npos);
}

}  // namespace
}  // namespace steward::app
