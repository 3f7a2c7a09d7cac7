#include "bot/api/admin_api.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/transaction.hpp"
#include "tests/support/temp_database.hpp"

namespace steward::api {
namespace {

class AdminApiTest : public ::testing::Test {
 protected:
  AdminApiTest()
      : community_(temp_.db()),
        moderation_(temp_.db()),
        tokens_(temp_.db()),
        rules_(rules::rules_config{}),
        book_(book_settings()),
        faq_{{"price", {"价格"}, "contains", "See the list", 0, 60, {}}},
        api_(community_, moderation_, tokens_, rules_, {&book_, &faq_, &schedules_}) {
    for (const char* role : {"viewer", "operator", "admin"}) {
      secrets_[role] = new_token_secret();
      tokens_.create_token(std::string(role) + " bot", role, hash_secret(secrets_[role]), 1);
    }
    community_.ensure_group({"telegram", "-100", "Makers", true}, "UTC", 1);
  }

  static handlers::template_settings book_settings() {
    handlers::template_settings s;
    s.language = "en";
    s.texts["en"]["rules"] = "Be kind in {group}.";
    return s;
  }

  response call(const std::string& role, const std::string& method, const std::string& path,
                std::map<std::string, std::string> query = {}, std::string body = {}) {
    const std::string auth = role.empty() ? "" : "Bearer " + secrets_[role];
    return api_.handle({method, path, std::move(query), auth, std::move(body)}, 1000);
  }

  testing::temp_database temp_;
  storage::community_store community_;
  storage::moderation_store moderation_;
  storage::api_store tokens_;
  rules::rules_engine rules_;
  handlers::template_book book_;
  std::vector<handlers::faq_entry> faq_;
  std::vector<handlers::schedule_entry> schedules_;
  admin_api api_;
  std::map<std::string, std::string> secrets_;
};

TEST_F(AdminApiTest, RoleMatrix) {
  struct route {
    const char* method;
    const char* path;
    int min_rank;  // 1 viewer, 2 operator, 3 admin
  };
  const route routes[] = {
      {"GET", "/api/v1/groups", 1},         {"GET", "/api/v1/groups/-100/members", 1},
      {"GET", "/api/v1/moderation/log", 1}, {"GET", "/api/v1/audit", 3},
      {"GET", "/api/v1/templates", 1},      {"GET", "/api/v1/faq", 1},
      {"GET", "/api/v1/schedules", 1},      {"POST", "/api/v1/rules/reload", 3}};
  for (const auto& r : routes) {
    EXPECT_EQ(call("", r.method, r.path).status, 401) << r.path;
    for (const std::string role : {"viewer", "operator", "admin"}) {
      const int status = call(role, r.method, r.path).status;
      if (role_rank(role) >= r.min_rank) {
        EXPECT_TRUE(status == 200 || status == 202) << role << " " << r.path << " " << status;
      } else {
        EXPECT_EQ(status, 403) << role << " " << r.path;
      }
    }
  }
}

TEST_F(AdminApiTest, BadTokensUnknownRoutesAndFieldsAreExplained) {
  EXPECT_EQ(api_.handle({"GET", "/api/v1/groups", {}, "Bearer stw_nope", ""}, 1).status, 401);
  EXPECT_EQ(api_.handle({"GET", "/api/v1/groups", {}, secrets_["admin"], ""}, 1).status, 401);
  EXPECT_EQ(call("admin", "GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(call("admin", "DELETE", "/api/v1/groups").status, 405);
  const auto bad = call("viewer", "GET", "/api/v1/moderation/log", {{"limit", "0"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["field"], "limit");
  const auto missing = call("viewer", "GET", "/api/v1/groups/-999/members");
  EXPECT_EQ(missing.status, 404);
}

TEST_F(AdminApiTest, MembersSearchAndReloadIsAudited) {
  const auto group = community_.ensure_group({"telegram", "-100", "Makers", true}, "UTC", 1);
  community_.ensure_member(group.id, {"7", "Ann Lee", "ann", false, {}}, 1);
  community_.ensure_member(group.id, {"8", "Bo", "bo", false, {}}, 1);
  const auto found = nlohmann::json::parse(
      call("viewer", "GET", "/api/v1/groups/-100/members", {{"search", "lee"}}).body);
  ASSERT_EQ(found["members"].size(), 1u);
  EXPECT_EQ(found["members"][0]["user_id"], "7");
  EXPECT_EQ(call("admin", "POST", "/api/v1/rules/reload").status, 202);
  const auto audit = tokens_.recent_audit(5);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "admin bot");
  EXPECT_EQ(audit[0].action, "rules.reload");
}

TEST_F(AdminApiTest, PreviewRendersDraftsWithSampleDataAndNamesBadFields) {
  const std::string draft =
      R"({"key":"welcome","text":"Hi {mentions} in {group}! {rules}","group":"-100"})";
  EXPECT_EQ(call("viewer", "POST", "/api/v1/templates/preview", {}, draft).status, 403);
  const auto ok = call("operator", "POST", "/api/v1/templates/preview", {}, draft);
  ASSERT_EQ(ok.status, 200) << ok.body;
  const auto rendered = nlohmann::json::parse(ok.body)["rendered"].get<std::string>();
  EXPECT_EQ(rendered,
            "Hi <a href=\"tg://user?id=1\">Ann</a>, <a href=\"tg://user?id=2\">Bo</a> in Makers! "
            "Be kind in Makers.");
  const auto unknown = call("operator", "POST", "/api/v1/templates/preview", {},
                            R"({"key":"welcome","text":"Hi {pionts}"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["field"], "text");
  const auto bad_key =
      call("operator", "POST", "/api/v1/templates/preview", {}, R"({"key":"farewell","text":"x"})");
  EXPECT_EQ(nlohmann::json::parse(bad_key.body)["field"], "key");
  EXPECT_EQ(
      nlohmann::json::parse(
          call("operator", "POST", "/api/v1/templates/preview", {}, "not json").body)["field"],
      "body");
  const auto texts = nlohmann::json::parse(call("viewer", "GET", "/api/v1/templates").body);
  EXPECT_EQ(texts["templates"]["rules"]["text"], "Be kind in {group}.");
  EXPECT_EQ(texts["language"], "en");
  const auto faq = nlohmann::json::parse(call("viewer", "GET", "/api/v1/faq").body);
  EXPECT_EQ(faq["faq"][0]["id"], "price");
}

TEST(AdminApiSecrets, TokensAreRandomAndStoredHashed) {
  const auto a = new_token_secret(), b = new_token_secret();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 4u + 64u);
  EXPECT_EQ(hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
}

}  // namespace
}  // namespace steward::api
