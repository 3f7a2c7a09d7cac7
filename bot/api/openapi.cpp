// The OpenAPI 3 description of the admin API, served at /api/v1/openapi.json.

#include <string_view>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/openapi_bodies.hpp"

namespace steward::api {

using namespace detail;

namespace {

/// One operation: its summary, the role it needs, and its parameters ("limit", "group", … as
/// query parameters; names in braces in the path become path parameters).
json operation(std::string_view path, const char* summary, const char* role,
               std::initializer_list<const char*> query = {}, const char* body = nullptr) {
  json o{{"summary", summary},
         {"description", std::string("Requires the ") + role + " role."},
         {"security", json::array({{{"bearer", json::array()}}, {{"session", json::array()}}})},
         {"responses",
          {{"200", {{"description", "OK (202: accepted, compiled in the background)"}}},
           {"400", {{"description", "A bad parameter or body field, named in `field`"}}},
           {"401", {{"description", "Missing, unknown or revoked token"}}},
           {"403", {{"description", "The token's role is too low"}}},
           {"404", {{"description", "No such group, member, template, version or code"}}}}}};
  json params = json::array();
  for (std::size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    const std::string name(path.substr(open + 1, path.find('}', open) - open - 1));
    json param{
        {"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
    if (name == "chat_id") {
      param["description"] =
          "the group's address: a Telegram chat id as is, any other platform's as "
          "platform:chat id (onebot:20002000, slack:C0123, generic:team-1)";
    }
    params.push_back(param);
  }
  for (const char* name : query) {
    json schema{{"type", "string"}};
    if (std::string_view(name) == "limit") {
      schema = {{"type", "integer"}, {"minimum", 1}, {"maximum", max_limit}};
    }
    params.push_back({{"name", name}, {"in", "query"}, {"schema", schema}});
  }
  if (!params.empty()) o["parameters"] = params;
  if (body != nullptr) {
    o["requestBody"] = {{"required", true},
                        {"description", body},
                        {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  }
  return o;
}

// The JSON schema of a 200 answer (components/schemas), and its CSV form.
void with_schema(json& op, const char* schema, const char* status = "200", bool csv = true) {
  auto& answer = op["responses"][status];
  if (!answer.contains("description")) {
    answer["description"] = std::string_view(status) == "202" ? "Accepted" : "OK";
  }
  auto& content = answer["content"];
  content["application/json"] = {
      {"schema", {{"$ref", std::string("#/components/schemas/") + schema}}}};
  if (csv) content["text/csv"] = {{"schema", {{"type", "string"}}}};
}

// The JSON schema of a request body (components/schemas).
void with_body(json& op, const char* schema) {
  op["requestBody"]["content"]["application/json"]["schema"] = {
      {"$ref", std::string("#/components/schemas/") + schema}};
}

json integers(std::initializer_list<const char*> names) {
  json out;
  for (const char* name : names)
    out[name] = {{"type", "integer"}};
  return out;
}

// Schemas of the analytics answers. Shares are 0-1 and null when there is nothing to divide by.
// The console's session and the rules sandbox.
json console_schemas() {
  const json text{{"type", "string"}};
  const json integer{{"type", "integer"}};
  const json match{{"type", "object"},
                   {"properties",
                    {{"rule", text},
                     {"tag", text},
                     {"action", text},
                     {"shadow", {{"type", "boolean"}}},
                     {"start", {{"type", "integer"}, {"description", "byte offset in text"}}},
                     {"end", integer},
                     {"matched", text},
                     {"normalized", text}}}};
  return {
      {"Session",
       {{"type", "object"},
        {"properties",
         {{"name", text},
          {"role", {{"type", "string"}, {"enum", {"viewer", "operator", "admin"}}}},
          {"csrf",
           {{"type", "string"},
            {"nullable", true},
            {"description", "send as X-CSRF-Token on every write made with the cookie"}}},
          {"expires_at", {{"type", "integer"}, {"nullable", true}}}}}}},
      {"SessionRequest",
       {{"type", "object"}, {"required", {"token"}}, {"properties", {{"token", text}}}}},
      {"RuleCheck",
       {{"type", "object"},
        {"properties",
         {{"text", text},
          {"action", text},
          {"mute_seconds", integer},
          {"moderated", {{"type", "boolean"}}},
          {"rules_generation", integer},
          {"matches", {{"type", "array"}, {"items", match}}}}}}},
      {"RuleCheckRequest",
       {{"type", "object"},
        {"required", {"text"}},
        {"properties", {{"text", text}, {"group", text}, {"newcomer", {{"type", "boolean"}}}}}}}};
}

// Moderation: the log, operators' sanctions and approvals.
json moderation_schemas() {
  const json text{{"type", "string"}};
  const json integer{{"type", "integer"}};
  const json status{{"type", "string"}, {"enum", {"pending", "done", "failed"}}};
  const json not_done_item{{"type", "object"},
                           {"properties", {{"chat_id", text}, {"reason", text}}}};
  const json entry{
      {"type", "object"},
      {"properties",
       {{"id", integer},
        {"group_id", integer},
        {"member_id", {{"type", "integer"}, {"nullable", true}}},
        {"message_id", text},
        {"rule",
         {{"type", "string"}, {"description", "a rule, or an admin's or operator's order"}}},
        {"tag", text},
        {"action", text},
        {"taken", text},
        {"shadow", {{"type", "boolean"}}},
        {"spans", {{"type", "array"}, {"items", {{"type", "object"}}}}},
        {"normalized", text},
        {"text", text},
        {"actor", {{"type", "string"}, {"description", "user id, api:<token name>, or empty"}}},
        {"reason", text},
        {"status", status},
        {"failure", {{"type", "string"}, {"description", "the platform's reason for a refusal"}}},
        {"at", integer}}}};
  const json ban{
      {"type", "object"},
      {"properties",
       {{"platform", text},
        {"user_id", text},
        {"name", text},
        {"reason", text},
        {"actor", {{"type", "string"}, {"description", "telegram:<admin id> or api:<token>"}}},
        {"at", integer}}}};
  const json sample{
      {"type", "object"},
      {"properties",
       {{"id", integer},
        {"chat_id", text},
        {"text", text},
        {"label", {{"type", "string"}, {"enum", {"spam", "ham"}}}},
        {"source", {{"type", "string"}, {"description", "del, ban, kick, approve or api"}}},
        {"actor", text},
        {"at", integer}}}};
  const json duration{{"oneOf", {integer, text}},
                      {"description", "seconds or 30m, 2h, 7d; mute and ban only"}};
  return {
      {"LogEntry", entry},
      {"ModerationLog",
       {{"type", "object"},
        {"properties",
         {{"entries",
           {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/LogEntry"}}}}}}}}},
      {"SanctionRequest",
       {{"type", "object"},
        {"required", {"action"}},
        {"properties",
         {{"action",
           {{"type", "string"}, {"enum", {"warn", "mute", "kick", "ban", "unmute", "unban"}}}},
          {"duration", duration},
          {"reason", {{"type", "string"}, {"maxLength", 200}}},
          {"announce",
           {{"type", "boolean"},
            {"default", true},
            {"description", "tell the group, once the platform confirmed"}}}}}}},
      {"SanctionResult",
       {{"type", "object"},
        {"properties",
         {{"log_id", integer},
          {"action", text},
          {"taken", text},
          {"status", status},
          {"announce", {{"type", "boolean"}}},
          {"message", text}}}}},
      {"Approvals",
       {{"type", "object"},
        {"properties",
         {{"approvals",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"user_id", text}, {"name", text}, {"actor", text}, {"at", integer}}}}}}}}}}},
      {"Approval",
       {{"type", "object"},
        {"properties", {{"approved", {{"type", "boolean"}}}, {"changed", {{"type", "boolean"}}}}}}},
      {"Ban", ban},
      {"Bans",
       {{"type", "object"},
        {"properties",
         {{"bans", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Ban"}}}}}}}}},
      {"BanRequest",
       {{"type", "object"},
        {"required", {"user_id"}},
        {"properties",
         {{"user_id", {{"oneOf", {integer, text}}, {"description", "the member's numeric id"}}},
          {"platform",
           {{"type", "string"},
            {"enum", {"telegram", "onebot", "slack", "generic"}},
            {"default", "telegram"}}},
          {"name", text},
          {"reason", {{"type", "string"}, {"maxLength", 200}}}}}}},
      {"BanResult",
       {{"type", "object"},
        {"properties",
         {{"ban", {{"$ref", "#/components/schemas/Ban"}}},
          {"added", {{"type", "boolean"}}},
          {"groups", {{"type", "array"}, {"items", text}}},
          {"not_done",
           {{"type", "array"},
            {"description",
             "groups where they are known but the bot may not ban them (or the group's platform "
             "is not configured)"},
            {"items", not_done_item}}},
          {"message", text}}}}},
      {"BanLift",
       {{"type", "object"},
        {"properties",
         {{"removed", {{"type", "boolean"}}},
          {"groups", {{"type", "array"}, {"items", text}}},
          {"not_done",
           {{"type", "array"},
            {"description",
             "groups where they are known but nothing could be asked (the group's platform is "
             "not configured)"},
            {"items", not_done_item}}}}}}},
      {"BanImport",
       {{"type", "array"},
        {"description",
         "bans as BanRequest objects (or {\"bans\": [...]}), or CSV (text/csv) with a header "
         "naming user_id and any of platform, name, reason"},
        {"items", {{"$ref", "#/components/schemas/BanRequest"}}}}},
      {"Sample", sample},
      {"Samples",
       {{"type", "object"},
        {"properties",
         {{"samples",
           {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Sample"}}}}}}}}},
      {"SampleRequest",
       {{"type", "object"},
        {"required", {"text", "label"}},
        {"properties",
         {{"text", text}, {"label", {{"type", "string"}, {"enum", {"spam", "ham"}}}}}}}},
      {"SampleAdded",
       {{"type", "object"},
        {"properties",
         {{"id", {{"type", "integer"}, {"nullable", true}}}, {"label", text}, {"message", text}}}}},
      {"SampleRemoved", {{"type", "object"}, {"properties", {{"removed", {{"type", "boolean"}}}}}}},
      {"SampleQuality",
       {{"type", "object"},
        {"properties",
         {{"spam", integer},
          {"ham", integer},
          {"ready", {{"type", "boolean"}, {"description", "at least 5 of each"}}},
          {"threshold", {{"type", "number"}}},
          {"true_positives", integer},
          {"false_positives", integer},
          {"false_negatives", integer},
          {"precision", {{"type", "number"}}},
          {"recall", {{"type", "number"}}},
          {"rule",
           {{"type", "object"}, {"description", "rule learned: enabled, shadow, action"}}}}}}},
      {"BanImportResult",
       {{"type", "object"},
        {"properties",
         {{"imported", integer},
          {"added", integer},
          {"updated", integer},
          {"bans_asked", integer}}}}}};
}

json schemas() {
  const json share{{"type", "number"}, {"nullable", true}};
  const json date{{"type", "string"}, {"format", "date"}};
  json counts = integers({"members_start", "members_end", "messages", "speakers", "joins", "leaves",
                          "left", "kicked", "banned", "checkins", "points_earned", "points_spent",
                          "redemptions", "invites"});
  counts["from"] = date;
  counts["to"] = date;
  json bucket = counts;
  for (const char* rate :
       {"active_rate", "speaking_rate", "join_rate", "exit_rate", "checkin_rate"}) {
    bucket[rate] = share;
  }
  json summary = counts;
  summary["days"] = {{"type", "integer"}};
  summary["dau"] = {{"type", "number"}};
  summary["wau"] = {{"type", "integer"}};
  summary["mau"] = {{"type", "integer"}};
  summary["kpis"] = {{"type", "array"},
                     {"items",
                      {{"type", "object"},
                       {"properties",
                        {{"name", {{"type", "string"}}},
                         {"value", share},
                         {"target", share},
                         {"progress", share}}}}}};
  summary["moderation"] = {{"type", "array"},
                           {"items",
                            {{"type", "object"},
                             {"properties",
                              {{"rule", {{"type", "string"}}},
                               {"action", {{"type", "string"}}},
                               {"count", {{"type", "integer"}}}}}}}};
  summary["template_sends"] = {
      {"type", "array"},
      {"items",
       {{"type", "object"},
        {"properties", {{"template", {{"type", "string"}}}, {"count", {{"type", "integer"}}}}}}}};
  const json text{{"type", "string"}};
  const json nullable_text{{"type", "string"}, {"nullable", true}};
  const json integer{{"type", "integer"}};
  json variant = integers({"exposures", "conversions", "pending", "responses", "groups"});
  variant["name"] = text;
  variant["text"] = nullable_text;
  variant["rate"] = share;
  variant["p_value"] = share;
  const json experiment{
      {"type", "object"},
      {"properties",
       {{"name", text},
        {"template", text},
        {"chat_id", nullable_text},
        {"language", {{"type", "string"}, {"enum", {"zh", "en"}}}},
        {"outcome",
         {{"type", "string"}, {"enum", {"speaks_24h", "checkin_next_day", "messages_1h"}}}},
        {"unit", {{"type", "string"}, {"enum", {"member", "group"}}}},
        {"started_at", integer},
        {"stopped_at", {{"type", "integer"}, {"nullable", true}}},
        {"running", {{"type", "boolean"}}},
        {"variants", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", variant}}}}},
        {"significant", {{"type", "boolean"}}},
        {"verdict", {{"type", "string"}, {"enum", {"significant", "not significant yet"}}}},
        {"note", text}}}};
  return {{"Stats",
           {{"type", "object"},
            {"properties",
             {{"chat_id", text},
              {"time_zone", text},
              {"interval", {{"type", "string"}, {"enum", {"day", "week", "month"}}}},
              {"summary", {{"type", "object"}, {"properties", summary}}},
              {"series",
               {{"type", "array"}, {"items", {{"type", "object"}, {"properties", bucket}}}}}}}}},
          {"Experiment", experiment},
          {"Session", console_schemas()["Session"]},
          {"SessionRequest", console_schemas()["SessionRequest"]},
          {"RuleCheck", console_schemas()["RuleCheck"]},
          {"RuleCheckRequest", console_schemas()["RuleCheckRequest"]},
          {"LogEntry", moderation_schemas()["LogEntry"]},
          {"ModerationLog", moderation_schemas()["ModerationLog"]},
          {"SanctionRequest", moderation_schemas()["SanctionRequest"]},
          {"SanctionResult", moderation_schemas()["SanctionResult"]},
          {"Approvals", moderation_schemas()["Approvals"]},
          {"Approval", moderation_schemas()["Approval"]},
          {"Ban", moderation_schemas()["Ban"]},
          {"Bans", moderation_schemas()["Bans"]},
          {"BanRequest", moderation_schemas()["BanRequest"]},
          {"BanResult", moderation_schemas()["BanResult"]},
          {"BanLift", moderation_schemas()["BanLift"]},
          {"BanImport", moderation_schemas()["BanImport"]},
          {"BanImportResult", moderation_schemas()["BanImportResult"]},
          {"Sample", moderation_schemas()["Sample"]},
          {"Samples", moderation_schemas()["Samples"]},
          {"SampleRequest", moderation_schemas()["SampleRequest"]},
          {"SampleAdded", moderation_schemas()["SampleAdded"]},
          {"SampleRemoved", moderation_schemas()["SampleRemoved"]},
          {"SampleQuality", moderation_schemas()["SampleQuality"]},
          {"PointsRequest",
           {{"type", "object"},
            {"required", {"delta", "reason"}},
            {"properties",
             {{"delta", {{"type", "integer"}}},
              {"reason", {{"type", "string"}, {"maxLength", 200}}},
              {"key", {{"type", "string"}, {"description", "idempotency key"}}}}}}},
          {"PointsResult",
           {{"type", "object"},
            {"properties",
             {{"applied", {{"type", "boolean"}}},
              {"balance", {{"type", "integer"}}},
              {"delta", {{"type", "integer"}}}}}}},
          {"Experiments",
           {{"type", "object"},
            {"properties",
             {{"experiments",
               {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Experiment"}}}}}}}}},
          {"Review",
           {{"type", "object"},
            {"properties",
             {{"chat_id", text},
              {"time_zone", text},
              {"period", {{"type", "string"}, {"enum", {"week", "month"}}}},
              {"from", date},
              {"to", date},
              {"complete", {{"type", "boolean"}}},
              {"counted_since", {{"type", "string"}, {"format", "date"}, {"nullable", true}}},
              {"facts", {{"type", "object"}}},
              {"previous_facts", {{"type", "object"}, {"nullable", true}}},
              {"kpis",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"properties",
                   {{"name", text},
                    {"value", share},
                    {"previous", share},
                    {"target", share},
                    {"progress", share}}}}}}},
              {"tiers", {{"type", "object"}}},
              {"tier_moves", {{"type", "object"}}},
              {"top_members", {{"type", "array"}, {"items", {{"type", "object"}}}}},
              {"newcomers", {{"type", "object"}}},
              {"churn_warnings", {{"type", "object"}}},
              {"best_hours", {{"type", "array"}, {"items", {{"type", "object"}}}}},
              {"moderation", {{"type", "array"}, {"items", {{"type", "object"}}}}},
              {"moderation_total", {{"type", "integer"}}},
              {"text", {{"type", "string"}, {"nullable", true}}}}}}},
          {"Heatmap",
           {{"type", "object"},
            {"properties",
             {{"chat_id", text},
              {"time_zone", text},
              {"from", date},
              {"to", date},
              {"hours",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"properties",
                   {{"weekday", text},
                    {"messages",
                     {{"type", "array"},
                      {"items", {{"type", "integer"}}},
                      {"minItems", 24},
                      {"maxItems", 24}}}}}}}}}}}}}};
}

json paths() {
  json p;
  const auto add = [&](const std::string& path, const char* method, const char* summary,
                       const char* role, std::initializer_list<const char*> query = {},
                       const char* body = nullptr) {
    p[path][method] = operation(path, summary, role, query, body);
  };
  add("/api/v1/groups", "get", "Groups Steward knows", "viewer");
  add("/api/v1/groups/{chat_id}/language", "put",
      "Choose the group's language for welcome, rules and announcements (null: the configured "
      "one)",
      "operator", {}, "{language: zh | en | null}");
  add("/api/v1/groups/{chat_id}/members", "get",
      "Members, most active first, with their tier; filters: search (name), tier "
      "(core|potential|base), inactive_days, badge",
      "viewer", {"search", "tier", "inactive_days", "badge", "limit", "format"});
  add("/api/v1/groups/{chat_id}/members/{user_id}", "get",
      "A member's profile: points (and the ledger's sum), XP, "
      "rank, last check-in, badges, warnings still counting, tier history",
      "viewer");
  add("/api/v1/groups/{chat_id}/members/{user_id}/points", "post",
      "Grant (delta > 0) or deduct (delta < 0) points with a reason; a ledger entry, audited; 409 "
      "if a deduction would go below zero",
      "operator", {}, "{delta, reason, key?}");
  with_body(p["/api/v1/groups/{chat_id}/members/{user_id}/points"]["post"], "PointsRequest");
  with_schema(p["/api/v1/groups/{chat_id}/members/{user_id}/points"]["post"], "PointsResult", "200",
              false);
  add("/api/v1/groups/{chat_id}/members/{user_id}/ledger", "get",
      "A member's points ledger, newest first", "viewer", {"limit"});
  add("/api/v1/groups/{chat_id}/members/{user_id}/export", "get",
      "Everything Steward holds about the member, by table (audited)", "admin");
  add("/api/v1/groups/{chat_id}/members/{user_id}/erase", "post",
      "Erase the member's personal data: name, username and id replaced, stored messages, "
      "invite links and welcomes deleted, moderation texts cleared; points and counts stay "
      "(audited without the person)",
      "admin");
  const char* period[] = {"from", "to", "interval", "format"};
  add("/api/v1/groups/{chat_id}/stats", "get",
      "The community's numbers for a period in the group's time zone (default: the last 30 "
      "days): a summary with KPIs, targets and progress, and a series per day, week or month. "
      "CSV (UTF-8 with BOM) with format=csv or Accept: text/csv",
      "viewer", {period[0], period[1], period[2], period[3]});
  with_schema(p["/api/v1/groups/{chat_id}/stats"]["get"], "Stats");
  add("/api/v1/groups/{chat_id}/stats/heatmap", "get",
      "Messages by local weekday (Monday first) and hour over a period; CSV as for stats", "viewer",
      {period[0], period[1], period[3]});
  with_schema(p["/api/v1/groups/{chat_id}/stats/heatmap"]["get"], "Heatmap");
  add("/api/v1/groups/{chat_id}/tiers", "get",
      "Members per tier, the score's settings, and tier changes of the last 30 days (CSV of the "
      "changes with format=csv)",
      "viewer", {"limit", "format"});
  add("/api/v1/groups/{chat_id}/churn", "get",
      "Churn levels, members idle now, warnings of the last 30 days with returns, and the "
      "reactivation rate per level and action (CSV of the idle members with format=csv, of the "
      "warnings with list=warnings)",
      "viewer", {"limit", "format", "list"});
  add("/api/v1/groups/{chat_id}/review", "get",
      "The weekly or monthly review (周复盘 / 月总结) of the period containing date (default: the "
      "last complete one): facts, KPIs against the previous period and targets, tiers, top "
      "members, newcomers, churn, busiest hours, moderation, and the text as posted",
      "viewer", {"period", "date"});
  with_schema(p["/api/v1/groups/{chat_id}/review"]["get"], "Review");
  add("/api/v1/experiments", "get",
      "Every A/B test of templates with its results per variant (exposures decided, "
      "conversions, pending, rate, p-value against the first variant) and its verdict; CSV "
      "with format=csv or Accept: text/csv",
      "viewer", {"format"});
  with_schema(p["/api/v1/experiments"]["get"], "Experiments");
  add("/api/v1/experiments", "post",
      "Start an A/B test of the welcome, the check-in reply or a scheduled post (201; 409 if "
      "one runs on that template there)",
      "operator", {},
      "{name, template: welcome | checkin | schedule:<id>, chat_id?, language?, variants: "
      "[{name, text?}] (2-5; no text: the template as it stands)}");
  with_schema(p["/api/v1/experiments"]["post"], "Experiment", "201", false);
  add("/api/v1/experiments/{name}", "get", "One experiment's results", "viewer");
  with_schema(p["/api/v1/experiments/{name}"]["get"], "Experiment", "200", false);
  add("/api/v1/experiments/{name}/stop", "post", "Stop an experiment; its results stay",
      "operator");
  with_schema(p["/api/v1/experiments/{name}/stop"]["post"], "Experiment", "200", false);
  add("/api/v1/care/run", "post",
      "Recompute tiers and check churn in every group, starting now in the background (202; "
      "warnings are not repeated)",
      "admin");
  add("/api/v1/moderation/log", "get",
      "Moderation decisions, newest first; filters: group, member (a user id, with group), rule "
      "(or an order such as mute), status, since and until (Unix seconds); before (an entry id) "
      "pages back",
      "viewer", {"group", "member", "rule", "status", "since", "until", "before", "limit"});
  with_schema(p["/api/v1/moderation/log"]["get"], "ModerationLog", "200", false);
  add("/api/v1/moderation/log/{id}", "get",
      "One decision, e.g. to follow an operator's sanction until the platform answered (with "
      "group: 404 unless it is that group's)",
      "viewer", {"group"});
  with_schema(p["/api/v1/moderation/log/{id}"]["get"], "LogEntry", "200", false);
  const std::string sanctions = "/api/v1/groups/{chat_id}/members/{user_id}/sanctions";
  add(sanctions, "post",
      "Warn, mute, kick, ban, unmute or unban a member, as an admin would in chat: a warning "
      "climbs the escalation ladder and is announced at once (200); a platform call answers 202 "
      "with the log entry to follow, and the group is told only after the platform confirmed "
      "(a refusal is recorded in the entry, not posted); 409 when the bot may not do it there "
      "or the member is a configured admin, and (platform_not_configured) when the group's "
      "platform is not configured here",
      "operator", {}, "{action, duration?, reason?, announce?}");
  with_body(p[sanctions]["post"], "SanctionRequest");
  with_schema(p[sanctions]["post"], "SanctionResult", "202", false);
  with_schema(p[sanctions]["post"], "SanctionResult", "200", false);
  const std::string approval = "/api/v1/groups/{chat_id}/members/{user_id}/approval";
  add(approval, "put", "Approve a member: automatic moderation skips them (logged, audited)",
      "operator");
  with_schema(p[approval]["put"], "Approval", "200", false);
  add(approval, "delete", "Withdraw a member's approval (logged, audited)", "operator");
  with_schema(p[approval]["delete"], "Approval", "200", false);
  add("/api/v1/groups/{chat_id}/approvals", "get", "Approved members of a group, newest first",
      "viewer");
  with_schema(p["/api/v1/groups/{chat_id}/approvals"]["get"], "Approvals", "200", false);
  add("/api/v1/bans", "get",
      "The shared ban list, newest first (format=csv: the export, columns platform, user_id, "
      "name, reason, actor, at)",
      "viewer", {"format"});
  with_schema(p["/api/v1/bans"]["get"], "Bans", "200", true);
  add("/api/v1/bans", "post",
      "Ban a member from every group: listed at once, banned in every group where Steward knows "
      "them (each group told once the platform confirmed; 202), and removed from any group they "
      "join or write in later (200 when they are known nowhere yet); groups where the bot may "
      "not ban them are listed in not_done. Unlimited tokens only",
      "operator", {}, "{user_id, platform?, name?, reason?}");
  with_body(p["/api/v1/bans"]["post"], "BanRequest");
  with_schema(p["/api/v1/bans"]["post"], "BanResult", "202", false);
  with_schema(p["/api/v1/bans"]["post"], "BanResult", "200", false);
  add("/api/v1/bans/import", "post",
      "Import a ban list (JSON or the export's CSV): every row is checked first and nothing is "
      "imported when one is wrong (400 lists each row's problem); each ban is carried out as "
      "POST /bans",
      "operator", {}, "[{user_id, platform?, name?, reason?}] or CSV");
  with_body(p["/api/v1/bans/import"]["post"], "BanImport");
  with_schema(p["/api/v1/bans/import"]["post"], "BanImportResult", "200", false);
  add("/api/v1/bans/{platform}/{user_id}", "delete",
      "Take a member off the shared ban list and lift their ban in every group where Steward "
      "knows them (quietly); groups where nothing could be asked are listed in not_done; 404 "
      "when they are not listed",
      "operator");
  with_schema(p["/api/v1/bans/{platform}/{user_id}"]["delete"], "BanLift", "200", false);
  add("/api/v1/samples", "get",
      "The spam classifier's samples, newest first: what admins removed (spam) or approved (ham), "
      "and what operators added",
      "viewer", {"label", "limit"});
  with_schema(p["/api/v1/samples"]["get"], "Samples", "200", false);
  add("/api/v1/samples", "post",
      "Teach the classifier a text as spam or ham (200 with a null id when that text already has "
      "that label); audited",
      "operator", {}, "{text, label: spam | ham}");
  with_body(p["/api/v1/samples"]["post"], "SampleRequest");
  with_schema(p["/api/v1/samples"]["post"], "SampleAdded", "201", false);
  with_schema(p["/api/v1/samples"]["post"], "SampleAdded", "200", false);
  add("/api/v1/samples/{id}", "delete", "Remove a sample; the classifier forgets it at once",
      "operator");
  with_schema(p["/api/v1/samples/{id}"]["delete"], "SampleRemoved", "200", false);
  add("/api/v1/samples/quality", "get",
      "How well the classifier does on its own samples (each judged by a model trained on all "
      "the others): precision and recall at the threshold, and rule learned's state. Read it "
      "before turning the rule's shadow mode off",
      "viewer");
  with_schema(p["/api/v1/samples/quality"]["get"], "SampleQuality", "200", false);
  add("/api/v1/rules", "get",
      "Every rule with its action, whether it is on, and its shadow mode in force (switched: set "
      "through the API rather than the configuration)",
      "viewer");
  add("/api/v1/rules/{rule}/shadow", "put",
      "Switch a rule into shadow (it logs what it would do and does nothing) or out of it; null "
      "follows the configuration again. Kept in the database, in force without recompiling; "
      "audited",
      "admin", {}, "{shadow: true | false | null}");
  add("/api/v1/rules/replay", "post",
      "Replay the rules in force over stored messages of a period (the newest `limit`) and "
      "compare with what was done then; nothing is changed or sent",
      "operator", {}, "{group?, days? (1-30, 7), limit? (1-20000, 5000)}");
  add("/api/v1/rules/reload", "post", "Recompile the word lists in the background", "admin");
  add("/api/v1/rules/check", "post",
      "The sandbox: every rule's verdict on a text, with the spans matched (nothing is stored)",
      "viewer", {}, "{text, group?, newcomer?}");
  with_body(p["/api/v1/rules/check"]["post"], "RuleCheckRequest");
  with_schema(p["/api/v1/rules/check"]["post"], "RuleCheck", "200", false);
  add("/api/v1/session", "post",
      "Console sign-in: trade a token for a session cookie (HttpOnly, SameSite=Strict; 12 h); "
      "429 after ten failures from one client in a minute",
      "any", {}, "{token}");
  with_body(p["/api/v1/session"]["post"], "SessionRequest");
  with_schema(p["/api/v1/session"]["post"], "Session", "201", false);
  add("/api/v1/session", "get", "Who the token or session cookie is, and the session's CSRF token",
      "any");
  with_schema(p["/api/v1/session"]["get"], "Session", "200", false);
  add("/api/v1/session", "delete", "Console sign-out: the session ends and its cookie is cleared",
      "any");
  for (const char* list : {"words", "allow"}) {
    const std::string path = std::string("/api/v1/rules/") + list;
    add(path, "get", "The global list's entries", "viewer", {"search"});
    add(path, "post", "Add an entry to the first list file and recompile (202; 409 if listed)",
        "operator", {}, "{word, tag?, action?} (tag and action: word lists only)");
    add(path, "delete", "Remove an entry from every list file and recompile (202)", "operator",
        {"word"});
  }
  add("/api/v1/templates", "get",
      "Every template in force, its source (stored, config, built-in), its topic and its "
      "placeholders",
      "viewer", {"group", "language"});
  add("/api/v1/templates/preview", "post", "Render a draft with sample data", "operator", {},
      "{key, text, group?}");
  add("/api/v1/templates/{key}", "put", "Save a new version and put it in force at once (audited)",
      "operator", {},
      "{text, group? | language?, note?}; neither group nor language: the default "
      "language");
  add("/api/v1/templates/{key}", "delete",
      "Remove the saved text (a new version); the default applies again", "operator",
      {"group", "language"});
  add("/api/v1/templates/{key}/versions", "get",
      "Saved versions, newest first, with author, time and note", "viewer",
      {"group", "language", "limit"});
  add("/api/v1/templates/{key}/rollback", "post",
      "Put an earlier version's text in force as a new version", "operator", {},
      "{version, group? | language?}");
  add("/api/v1/faq", "get",
      "FAQ entries in force (configured and saved), each with the moderation rules its "
      "triggers collide with",
      "viewer");
  add("/api/v1/faq/{id}", "put",
      "Save an entry (replaces a configured one of the same id) and put it in force; the answer "
      "lists collisions with moderation rules",
      "operator", {},
      "{triggers: [text], match?: exact|contains|regex, answer, priority?, cooldown_s?, "
      "groups?: [chat id]}");
  add("/api/v1/faq/{id}", "delete", "Remove an entry, configured or saved", "operator");
  add("/api/v1/schedules", "get",
      "Scheduled posts in force, each with its next five runs (Unix times) in the group's time "
      "zone (?group=; else UTC)",
      "viewer", {"group"});
  add("/api/v1/schedules/{id}", "put", "Save a scheduled post and put it in force", "operator", {},
      "{cron | once (Unix time or date-time with offset), text, groups?, enabled?, "
      "missed?: skip|catch_up}");
  add("/api/v1/schedules/{id}", "delete", "Remove a scheduled post, configured or saved",
      "operator");
  add("/api/v1/shop/items", "get", "Shop items with stock taken and left", "viewer");
  add("/api/v1/shop/items/{id}", "put",
      "Create or replace an item, offered at once; the database owns it from then on (the "
      "configuration no longer changes it); 409 if the stock is below what was redeemed",
      "operator", {},
      "{name, price, description?, stock?, per_member_limit?, valid_from?, valid_until? (Unix "
      "times), min_level?, badge?, tier?: core | potential}");
  add("/api/v1/shop/items/{id}", "delete", "Withdraw an item (its redemptions stay)", "operator");
  add("/api/v1/shop/redemptions", "get", "A group's redemptions, newest first", "viewer",
      {"group", "state", "limit"});
  add("/api/v1/shop/redemptions/{code}/fulfil", "post",
      "Mark a pending redemption fulfilled (409 if not pending)", "operator");
  add("/api/v1/shop/redemptions/{code}/refund", "post",
      "Refund a pending redemption: a ledger credit; the stock comes back", "operator");
  add("/api/v1/tokens", "get", "Every token (never a secret): name, role, groups, created, revoked",
      "admin");
  add("/api/v1/tokens", "post", "Create a token (201); its secret is in this answer only; audited",
      "admin", {}, "{name, role: viewer | operator | admin, groups?: [chat id]}");
  add("/api/v1/tokens/{id}/revoke", "post", "Revoke a token at once (its sessions end); audited",
      "admin");
  add("/api/v1/groups/{chat_id}/time_zone", "put",
      "Set the group's time zone (IANA, e.g. Asia/Shanghai); audited", "operator", {},
      "{time_zone}");
  add("/api/v1/audit", "get", "Writes made through the API: who, what, before, after", "admin",
      {"limit"});
  for (const auto& route : route_bodies()) {
    if (!p.contains(route.path) || !p[route.path].contains(route.method)) continue;
    auto& op = p[route.path][route.method];
    with_schema(op, route.answer, route.status, route.csv);
    if (route.request != nullptr) with_body(op, route.request);
  }
  return p;
}

}  // namespace

namespace {

json all_schemas() {
  json all = schemas();
  all.update(route_schemas());
  return all;
}

}  // namespace

const std::string& admin_api::openapi_json() {
  static const std::string spec = json{
      {"openapi", "3.0.3"},
      {"info", {{"title", "Steward admin API"}, {"version", "1"}}},
      {"components",
       {{"schemas", all_schemas()},
        {"securitySchemes",
         {{"bearer",
           {{"type", "http"},
            {"scheme", "bearer"},
            {"description",
             "Create one with `steward token create --role viewer|operator|admin`"}}},
          {"session",
           {{"type", "apiKey"},
            {"in", "cookie"},
            {"name", "steward_session"},
            {"description",
             "The console's session (POST /api/v1/session); writes also need X-CSRF-Token"}}}}}}},
      {"paths", paths()}}.dump(2);
  return spec;
}

}  // namespace steward::api
