// The OpenAPI schemas of the admin API's longer-standing routes: what each answers and takes.
// Kept beside openapi.cpp so that file stays about the routes themselves.

#include "bot/api/detail/openapi_bodies.hpp"

namespace steward::api::detail {

namespace {

const json text{{"type", "string"}};
const json integer{{"type", "integer"}};
const json boolean{{"type", "boolean"}};

json nullable(json schema) {
  schema["nullable"] = true;
  return schema;
}

json object(json properties, std::vector<std::string> required = {}) {
  json out{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = std::move(required);
  return out;
}

json list_of(json item) {
  return {{"type", "array"}, {"items", std::move(item)}};
}

json texts() {
  return list_of(text);
}

json ref(const char* name) {
  return {{"$ref", std::string("#/components/schemas/") + name}};
}

json member_schemas() {
  const json tier = nullable({{"type", "string"}, {"enum", {"core", "potential", "base"}}});
  const json member = object({{"id", integer},
                              {"user_id", text},
                              {"name", text},
                              {"username", text},
                              {"points", integer},
                              {"xp", integer},
                              {"messages", integer},
                              {"first_seen", integer},
                              {"last_active", nullable(integer)},
                              {"tier", tier}});
  const json warning =
      object({{"at", integer}, {"reason", text}, {"actor", text}, {"expires_at", integer}});
  const json decision = object({{"id", integer},
                                {"rule", text},
                                {"taken", text},
                                {"status", text},
                                {"failure", text},
                                {"actor", text},
                                {"reason", text},
                                {"at", integer}});
  return {
      {"Group", object({{"id", integer},
                        {"platform", text},
                        {"chat_id", text},
                        {"address", text},
                        {"title", text},
                        {"time_zone", text},
                        {"language", nullable(text)}})},
      {"Groups", object({{"groups", list_of(ref("Group"))}})},
      {"Members", object({{"members", list_of(member)}})},
      {"Profile",
       object({{"id", integer},
               {"user_id", text},
               {"name", text},
               {"username", text},
               {"points", integer},
               {"ledger_sum", integer},
               {"xp", integer},
               {"messages", integer},
               {"first_seen", integer},
               {"rank", integer},
               {"last_checkin", nullable({{"type", "string"}, {"format", "date"}})},
               {"last_streak", integer},
               {"badges", list_of({{"type", "object"}})},
               {"tier", tier},
               {"warnings", list_of(warning)},
               {"tier_history", list_of(object({{"from", tier}, {"to", text}, {"at", integer}}))},
               {"approved", boolean},
               {"moderation", list_of(decision)}})},
      {"Ledger", object({{"user_id", text},
                         {"balance", integer},
                         {"entries", list_of(object({{"delta", integer},
                                                     {"reason", text},
                                                     {"actor", text},
                                                     {"note", text},
                                                     {"source_event", text},
                                                     {"key", text},
                                                     {"at", integer}}))}})},
      {"MemberExport",
       object({{"platform", text},
               {"chat_id", text},
               {"user_id", text},
               {"exported_at", integer},
               {"tables", {{"type", "object"}, {"description", "rows by table name"}}}})},
      {"Erasure", object({{"member", integer},
                          {"messages_deleted", integer},
                          {"moderation_texts_cleared", integer},
                          {"warning_reasons_cleared", integer},
                          {"invite_links_deleted", integer},
                          {"welcomes_deleted", integer},
                          {"verifications_deleted", integer},
                          {"replies_blanked", integer},
                          {"points_kept", integer}})},
      {"LanguageRequest",
       object({{"language", nullable({{"type", "string"}, {"enum", {"zh", "en"}}})}},
              {"language"})},
      {"Language", object({{"chat_id", text}, {"language", text}})},
      {"TimeZoneRequest", object({{"time_zone", text}}, {"time_zone"})},
      {"TimeZone", object({{"chat_id", text}, {"time_zone", text}})},
  };
}

json care_schemas() {
  const json person = object({{"user_id", text}, {"name", text}, {"hidden", boolean}});
  return {
      {"Tiers", object({{"chat_id", text},
                        {"distribution",
                         object({{"core", integer}, {"potential", integer}, {"base", integer}})},
                        {"settings", {{"type", "object"}}},
                        {"changes", list_of(object({{"user_id", text},
                                                    {"name", text},
                                                    {"hidden", boolean},
                                                    {"from", nullable(text)},
                                                    {"to", text},
                                                    {"at", integer}}))}})},
      {"Churn",
       object({{"chat_id", text},
               {"levels", list_of(integer)},
               {"return_window_days", integer},
               {"idle", list_of(person)},
               {"warnings", list_of({{"type", "object"}})},
               {"reactivation", list_of(object({{"level_days", integer},
                                                {"actions", text},
                                                {"warned", integer},
                                                {"returned", integer},
                                                {"rate", nullable({{"type", "number"}})}}))}})},
      {"CareRun", object({{"groups", integer}})},
      {"Audit", object({{"entries", list_of(object({{"id", integer},
                                                    {"actor", text},
                                                    {"action", text},
                                                    {"target", text},
                                                    {"before", text},
                                                    {"after", text},
                                                    {"at", integer}}))}})},
  };
}

json content_schemas() {
  const json faq_entry =
      object({{"id", text},
              {"triggers", texts()},
              {"match", {{"type", "string"}, {"enum", {"contains", "exact", "regex"}}}},
              {"answer", text},
              {"priority", integer},
              {"cooldown_s", integer},
              {"groups", texts()}});
  json listed = faq_entry;
  listed["properties"]["collisions"] =
      list_of(object({{"trigger", text}, {"rule", text}, {"tag", text}, {"action", text}}));
  const json post = object({{"id", text},
                            {"cron", nullable(text)},
                            {"once", nullable(integer)},
                            {"groups", texts()},
                            {"text", text},
                            {"enabled", boolean},
                            {"missed", {{"type", "string"}, {"enum", {"catch_up", "skip"}}}}});
  json scheduled = post;
  scheduled["properties"]["next_runs"] = list_of(integer);
  const json version = object({{"version", integer},
                               {"text", nullable(text)},
                               {"author", text},
                               {"note", text},
                               {"at", integer}});
  json saved = version;
  saved["properties"]["key"] = text;
  saved["properties"]["scope"] = text;
  // What each served platform cannot show of the text (saved all the same).
  const json not_expressible =
      list_of(object({{"platform", text}, {"name", text}, {"losses", texts()}}));
  saved["properties"]["not_expressible"] = not_expressible;
  return {
      {"FaqEntry", listed},
      {"Faq", object({{"faq", list_of(ref("FaqEntry"))}})},
      {"FaqRequest", faq_entry},
      {"Post", scheduled},
      {"Schedules", object({{"time_zone", text}, {"schedules", list_of(ref("Post"))}})},
      {"PostRequest", post},
      {"Removed", object({{"removed", text}})},
      {"Templates",
       object(
           {{"language", text},
            {"templates",
             {{"type", "object"},
              {"additionalProperties",
               object({{"text", text},
                       {"source", {{"type", "string"}, {"enum", {"stored", "config", "built-in"}}}},
                       {"scope", text},
                       {"topic", text},
                       {"placeholders", texts()}})}}}})},
      {"TemplateRequest",
       object({{"text", text}, {"group", text}, {"language", text}, {"note", text}}, {"text"})},
      {"TemplateVersion", saved},
      {"TemplateVersions",
       object({{"key", text}, {"scope", text}, {"versions", list_of(version)}})},
      {"RollbackRequest",
       object({{"version", integer}, {"group", text}, {"language", text}}, {"version"})},
      {"PreviewRequest", object({{"key", text}, {"text", text}, {"group", text}}, {"key", "text"})},
      {"Preview", object({{"key", text},
                          {"rendered", text},
                          {"parse_mode", text},
                          {"not_expressible", not_expressible}})},
  };
}

json shop_schemas() {
  const json item = object({{"name", text},
                            {"price", integer},
                            {"description", text},
                            {"stock", nullable(integer)},
                            {"per_member_limit", nullable(integer)},
                            {"valid_from", nullable(integer)},
                            {"valid_until", nullable(integer)},
                            {"min_level", integer},
                            {"badge", text},
                            {"tier", text}},
                           {"name", "price"});
  json offered = object({{"id", text},
                         {"name", text},
                         {"description", text},
                         {"price", integer},
                         {"stock", nullable(integer)},
                         {"taken", integer},
                         {"left", nullable(integer)},
                         {"per_member_limit", nullable(integer)},
                         {"valid_from", nullable(integer)},
                         {"valid_until", nullable(integer)},
                         {"min_level", integer},
                         {"required_badge", text}});
  const json redemption =
      object({{"code", text},
              {"item", text},
              {"price", integer},
              {"state", {{"type", "string"}, {"enum", {"pending", "fulfilled", "refunded"}}}},
              {"user_id", text},
              {"name", text},
              {"created_at", integer},
              {"updated_at", integer},
              {"balance", {{"type", "integer"}, {"description", "after a refund"}}}});
  return {
      {"ShopItem", offered},
      {"ShopItems", object({{"items", list_of(ref("ShopItem"))}})},
      {"ShopItemRequest", item},
      {"ShopItemSaved", object({{"id", text}, {"saved", boolean}, {"taken", integer}})},
      {"ShopItemWithdrawn", object({{"id", text}, {"withdrawn", boolean}})},
      {"Redemption", redemption},
      {"Redemptions", object({{"redemptions", list_of(ref("Redemption"))}})},
  };
}

json rule_schemas() {
  const json entry =
      object({{"word", text}, {"tag", text}, {"action", text}, {"file", text}, {"line", integer}});
  const json sample = object({{"chat_id", text},
                              {"message_id", text},
                              {"text", text},
                              {"now", text},
                              {"then", text},
                              {"at", integer}});
  return {
      {"WordList", object({{"files", texts()}, {"entries", list_of(entry)}})},
      {"WordRequest", object({{"word", text}, {"tag", text}, {"action", text}}, {"word"})},
      {"WordAdded", object({{"added", entry}, {"reloading", boolean}})},
      {"WordRemoved", object({{"removed", text}, {"files", texts()}, {"reloading", boolean}})},
      {"Reloading", object({{"reloading", boolean}, {"message", text}})},
      {"Rules", object({{"rules", list_of(object({{"rule", text},
                                                  {"enabled", boolean},
                                                  {"action", text},
                                                  {"mute_seconds", integer},
                                                  {"shadow", boolean},
                                                  {"configured_shadow", boolean},
                                                  {"switched", boolean}}))}})},
      {"ShadowRequest", object({{"shadow", nullable(boolean)}}, {"shadow"})},
      {"Shadow", object({{"rule", text}, {"shadow", boolean}, {"switched", boolean}})},
      {"ReplayRequest", object({{"group", text}, {"days", integer}, {"limit", integer}})},
      {"Replay", object({{"messages", integer},
                         {"changed", integer},
                         {"truncated", boolean},
                         {"days", integer},
                         {"rules_generation", integer},
                         {"changes", list_of(object({{"rule", text},
                                                     {"newly_matched", integer},
                                                     {"no_longer_matched", integer},
                                                     {"samples", list_of(sample)}}))}})},
  };
}

json access_schemas() {
  const json token = object({{"id", integer},
                             {"name", text},
                             {"role", text},
                             {"groups", nullable(texts())},
                             {"created_at", integer},
                             {"revoked_at", nullable(integer)}});
  return {
      {"Tokens", object({{"tokens", list_of(token)}})},
      {"TokenRequest",
       object({{"name", text},
               {"role", {{"type", "string"}, {"enum", {"viewer", "operator", "admin"}}}},
               {"groups", texts()}},
              {"name", "role"})},
      {"TokenCreated", object({{"id", integer},
                               {"name", text},
                               {"role", text},
                               {"groups", nullable(texts())},
                               {"token", text},
                               {"message", text}})},
      {"TokenRevoked", object({{"id", integer}, {"revoked", boolean}})},
      {"SignedOut", object({{"ended", boolean}})},
      {"ExperimentRequest",
       object({{"name", text},
               {"template", text},
               {"chat_id", text},
               {"language", text},
               {"variants", list_of(object({{"name", text}, {"text", nullable(text)}}, {"name"}))}},
              {"name", "template", "variants"})},
  };
}

}  // namespace

json route_schemas() {
  json out = member_schemas();
  for (const auto& part :
       {care_schemas(), content_schemas(), shop_schemas(), rule_schemas(), access_schemas()}) {
    out.update(part);
  }
  return out;
}

const std::vector<route_body>& route_bodies() {
  static const std::vector<route_body> all{
      {"/api/v1/groups", "get", "Groups"},
      {"/api/v1/groups/{chat_id}/language", "put", "Language", "LanguageRequest"},
      {"/api/v1/groups/{chat_id}/time_zone", "put", "TimeZone", "TimeZoneRequest"},
      {"/api/v1/groups/{chat_id}/members", "get", "Members", nullptr, "200", true},
      {"/api/v1/groups/{chat_id}/members/{user_id}", "get", "Profile"},
      {"/api/v1/groups/{chat_id}/members/{user_id}/ledger", "get", "Ledger"},
      {"/api/v1/groups/{chat_id}/members/{user_id}/export", "get", "MemberExport"},
      {"/api/v1/groups/{chat_id}/members/{user_id}/erase", "post", "Erasure"},
      {"/api/v1/groups/{chat_id}/tiers", "get", "Tiers", nullptr, "200", true},
      {"/api/v1/groups/{chat_id}/churn", "get", "Churn", nullptr, "200", true},
      {"/api/v1/care/run", "post", "CareRun", nullptr, "202"},
      {"/api/v1/audit", "get", "Audit"},
      {"/api/v1/faq", "get", "Faq"},
      {"/api/v1/faq/{id}", "put", "FaqEntry", "FaqRequest"},
      {"/api/v1/faq/{id}", "delete", "Removed"},
      {"/api/v1/schedules", "get", "Schedules"},
      {"/api/v1/schedules/{id}", "put", "Post", "PostRequest"},
      {"/api/v1/schedules/{id}", "delete", "Removed"},
      {"/api/v1/templates", "get", "Templates"},
      {"/api/v1/templates/preview", "post", "Preview", "PreviewRequest"},
      {"/api/v1/templates/{key}", "put", "TemplateVersion", "TemplateRequest"},
      {"/api/v1/templates/{key}", "delete", "TemplateVersion"},
      {"/api/v1/templates/{key}/versions", "get", "TemplateVersions"},
      {"/api/v1/templates/{key}/rollback", "post", "TemplateVersion", "RollbackRequest"},
      {"/api/v1/shop/items", "get", "ShopItems"},
      {"/api/v1/shop/items/{id}", "put", "ShopItemSaved", "ShopItemRequest"},
      {"/api/v1/shop/items/{id}", "delete", "ShopItemWithdrawn"},
      {"/api/v1/shop/redemptions", "get", "Redemptions"},
      {"/api/v1/shop/redemptions/{code}/fulfil", "post", "Redemption"},
      {"/api/v1/shop/redemptions/{code}/refund", "post", "Redemption"},
      {"/api/v1/rules", "get", "Rules"},
      {"/api/v1/rules/{rule}/shadow", "put", "Shadow", "ShadowRequest"},
      {"/api/v1/rules/replay", "post", "Replay", "ReplayRequest"},
      {"/api/v1/rules/reload", "post", "Reloading", nullptr, "202"},
      {"/api/v1/rules/words", "get", "WordList"},
      {"/api/v1/rules/words", "post", "WordAdded", "WordRequest", "202"},
      {"/api/v1/rules/words", "delete", "WordRemoved", nullptr, "202"},
      {"/api/v1/rules/allow", "get", "WordList"},
      {"/api/v1/rules/allow", "post", "WordAdded", "WordRequest", "202"},
      {"/api/v1/rules/allow", "delete", "WordRemoved", nullptr, "202"},
      {"/api/v1/tokens", "get", "Tokens"},
      {"/api/v1/tokens", "post", "TokenCreated", "TokenRequest", "201"},
      {"/api/v1/tokens/{id}/revoke", "post", "TokenRevoked"},
      {"/api/v1/session", "delete", "SignedOut"},
      {"/api/v1/experiments", "post", "Experiment", "ExperimentRequest", "201"},
  };
  return all;
}

}  // namespace steward::api::detail
