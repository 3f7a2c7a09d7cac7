#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/platform.hpp"
#include "handlers/churn.hpp"
#include "handlers/community_stats.hpp"
#include "handlers/experiments.hpp"
#include "handlers/faq.hpp"
#include "handlers/operator_sanctions.hpp"
#include "handlers/review.hpp"
#include "handlers/schedules.hpp"
#include "handlers/shared_bans.hpp"
#include "handlers/spam_learning.hpp"
#include "handlers/template_book.hpp"
#include "handlers/tiers.hpp"
#include "rules/engine.hpp"
#include "storage/api_store.hpp"
#include "storage/badge_store.hpp"
#include "storage/care_store.hpp"
#include "storage/checkin_store.hpp"
#include "storage/community_store.hpp"
#include "storage/content_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/member_data_store.hpp"
#include "storage/moderation_store.hpp"
#include "storage/shop_store.hpp"
#include "storage/template_store.hpp"

namespace steward::api {

/// The stores the API reads and writes (all on the core thread's connection).
struct api_stores {
  storage::community_store& community;
  storage::moderation_store& moderation;
  storage::api_store& tokens;
  storage::template_store& templates;
  storage::ledger_store& ledger;
  storage::shop_store& shop;
  storage::badge_store& badges;
  storage::checkin_store& checkins;
  storage::content_store& content;
  storage::member_data_store& member_data;
};

/// The stores of an API beside the core's (a reader thread's, a fuzzer's), owned, each over
/// the same connection of its own.
struct owned_api_stores {
  explicit owned_api_stores(storage::backend& db);
  /// References to them, for admin_api.
  api_stores refs();

  storage::community_store community;
  storage::moderation_store moderation;
  storage::api_store tokens;
  storage::template_store templates;
  storage::ledger_store ledger;
  storage::shop_store shop;
  storage::badge_store badges;
  storage::checkin_store checkins;
  storage::content_store content;
  storage::member_data_store member_data;
};

/// The operator content the API shows, previews and edits. Edits are put in force at once in
/// the template book, the FAQ handler and the scheduler.
struct content {
  handlers::template_book* templates = nullptr;
  handlers::faq_handler* faq = nullptr;
  handlers::scheduler* schedules = nullptr;
  std::vector<handlers::faq_entry> configured_faq;  ///< from the configuration file
  std::vector<handlers::schedule_entry> configured_schedules;
  /// The platforms served and what they can do: a template they cannot show in full is reported
  /// when it is saved or previewed.
  std::vector<std::pair<std::string, core::capabilities>> platforms = {};
};

/// The community analytics the API serves (all optional: without them the routes are absent).
struct analytics_parts {
  handlers::community_stats* stats = nullptr;
  storage::care_store* care = nullptr;
  const handlers::churn_watch* churn = nullptr;
  const handlers::tier_keeper* tiers = nullptr;
  handlers::review_writer* reviews = nullptr;
  /// Makes the daily member care of every group run at the next ticks; the number of groups.
  std::function<std::size_t()> run_care = {};
  storage::experiment_store* experiments = nullptr;
  /// Told to reload when an experiment starts or stops.
  handlers::experiment_runner* experiment_runner = nullptr;
};

/// An admin API request, as the HTTP layer hands it over.
struct request {
  std::string method;  ///< GET, POST, …
  std::string path;    ///< without the query
  std::map<std::string, std::string> query;
  std::string authorization;  ///< the Authorization header
  std::string body;
  std::string accept = {};  ///< the Accept header ("text/csv" asks lists for CSV)
  /// What the console's requests carry: its session cookie and CSRF token, and what the browser
  /// says of where a request comes from (Origin, Host, Sec-Fetch-Site).
  std::string cookie = {};
  std::string csrf = {};  ///< the X-CSRF-Token header
  std::string origin = {};
  std::string host = {};
  std::string fetch_site = {};
  bool secure = false;      ///< reached over HTTPS (X-Forwarded-Proto: https from the proxy)
  std::string client = {};  ///< the client's address, for the failed sign-in limit
};

/// An answer: JSON unless the route says otherwise (CSV for lists asked for it).
struct response {
  int status = 200;
  std::string body;
  std::string allow = {};  ///< for 405: the methods the resource takes (the Allow header)
  std::string content_type = "application/json";
  std::string disposition = {};  ///< Content-Disposition, for downloads
  std::string set_cookie = {};   ///< Set-Cookie, when a console session begins or ends
};

/// The console session cookie's name.
inline constexpr std::string_view session_cookie = "steward_session";
/// How long a console session lasts after log-in.
inline constexpr std::int64_t session_seconds = 12 * 3600;
/// Failed console log-ins tolerated per minute from one client before 429.
inline constexpr int failed_logins_per_minute = 10;
/// Distinct clients with failed log-ins in one minute beyond which everyone waits for the next
/// minute (a bound on the memory a flood of addresses can take).
inline constexpr std::size_t failing_clients_per_minute = 10'000;

/// A new token secret ("stw_" and 64 hex digits from the system's CSPRNG).
std::string new_token_secret();
/// The token in an Authorization header of the form "Bearer <token>" (the scheme in any case),
/// or empty when the header has another form.
std::string_view bearer_token(std::string_view authorization);
/// SHA-256 of a secret, hex: the only form a token is stored in.
std::string hash_secret(std::string_view secret);
/// A one-time console sign-in code for `who`, valid `valid_s` seconds (the console takes it at
/// /console/#link=<code>); only its hash is stored.
std::string issue_console_link(storage::api_store& store, const storage::api_token& who,
                               std::int64_t now_s, std::int64_t valid_s);
/// viewer 1, operator 2, admin 3; 0 for anything else.
int role_rank(std::string_view role);

/// The admin REST API under /api/v1 (JSON). Bearer tokens carry a role: viewers read,
/// operators also edit content, admins also run rules and read the audit log. The console signs
/// in with a token at /api/v1/session and then calls the same routes with a session cookie
/// (HttpOnly, SameSite=Strict), its writes carrying the session's CSRF token. Every write is
/// recorded in the audit log. Runs on the core thread, inside its transaction.
class admin_api {
 public:
  admin_api(api_stores stores, rules::rules_engine& rules, content operator_content = {},
            analytics_parts analytics = {});

  /// Answers one request (401 without a valid token, 403 below the route's role, 400 naming
  /// the offending field, 404/405 for unknown routes and methods).
  response handle(const request& req, std::int64_t now_s);
  /// Puts everything saved through the API in force: templates, group languages, rules' shadow
  /// switches, and FAQ entries and scheduled posts beside the configured ones (saved entries
  /// replace configured ones of the same id). At start.
  void apply_saved_content();
  /// Puts the saved templates and the groups' chosen languages in force in the template book:
  /// the part of apply_saved_content a reader needs before it renders a review with a book of
  /// its own (app/api_readers.hpp).
  void apply_saved_templates();
  /// After a commit: if it changed operator content, memory (the template book, the FAQ, the
  /// scheduler, running experiments) is read back from the database. The database is the one
  /// owner of that content: edits are written there only, and memory never runs ahead of it.
  /// Returns what this instance's API changed (storage::shared_state flags: operator content,
  /// the word lists, a group's time zone or language) — the others sharing the database are
  /// told.
  unsigned after_commit(std::int64_t now_s);
  /// Another instance sharing the database changed operator content: read back at the next
  /// after_commit, as if changed here.
  void reload_content() { content_stale_ = experiments_stale_ = true; }
  /// Reads the stored word and allow list edits again and recompiles the rules with them (in
  /// the background): another instance edited a list.
  void reload_word_lists();
  /// A group moved from chat id `from` to `to` (upgraded to a supergroup): its saved templates
  /// follow it, and saved FAQ entries and posts that named the old id name the new one.
  void follow_chat(const std::string& from, const std::string& to, std::int64_t now_s);
  /// Lets admins set the wall clock with PUT /api/v1/testing/clock {"now": unix seconds}
  /// (`serve --test-clock`; integration tests play weeks in seconds). Absent otherwise (404).
  void allow_clock_setting(std::function<void(std::int64_t)> set_clock) {
    set_clock_ = std::move(set_clock);
  }
  /// Serves operators' sanctions (POST .../members/{user}/sanctions): `sanctions` decides and
  /// logs them, `enqueue` queues the platform calls and notices in the open transaction.
  /// Absent otherwise (404).
  void allow_sanctions(handlers::operator_sanctions& sanctions,
                       std::function<void(const core::action&)> enqueue) {
    sanctions_ = &sanctions;
    enqueue_ = std::move(enqueue);
  }
  /// Serves the shared ban list (/api/v1/bans): `bans` keeps it and carries bans out; their
  /// calls are queued with the sanctions' `enqueue` (allow_sanctions first). Absent otherwise.
  void allow_shared_bans(handlers::shared_bans& bans) { shared_bans_ = &bans; }
  /// Serves the spam classifier's samples (/api/v1/samples). Absent otherwise (404).
  void allow_learning(handlers::spam_learning& learning) { learning_ = &learning; }
  /// Whether `req` only reads what is committed — a group's statistics, members, tiers and
  /// churn, its review, the moderation and audit logs — and needs nothing held in the core
  /// thread's memory, so that an admin_api over a reading connection of its own may answer it
  /// (app/api_readers.hpp). Every other request runs on the core thread.
  static bool reads_committed_only(const request& req);
  /// Whether `req` renders with the operator's saved templates (a group's review): a reader
  /// reads them afresh first (apply_saved_templates), as the core holds them in memory.
  static bool renders_templates(const request& req);
  /// The OpenAPI 3 description served at /api/v1/openapi.json (no token needed).
  static const std::string& openapi_json();

 private:
  struct call;  // one authenticated request
  /// The group at an address ("-100…" on Telegram, "onebot:20002000"; core::group_address).
  std::optional<storage::group_row> find_group_at(const std::string& address);
  /// Who makes the request (its Bearer token or console session), or the 401/403 refusal.
  std::optional<response> authenticate(const request& req, std::int64_t now_s,
                                       storage::api_token& who);
  /// The 403 for a group-limited caller whose request names no group of theirs.
  std::optional<response> outside_groups(const call& c);
  response session(const request& req, std::int64_t now_s);
  response log_in(const request& req, std::int64_t now_s);
  response log_out(const request& req, std::int64_t now_s);
  response whoami(const request& req, std::int64_t now_s);
  /// The console session the request's cookie names, if live.
  std::optional<storage::console_session> session_of(const request& req, std::int64_t now_s);
  response route_all(const call& c);
  std::optional<response> route(const call& c);
  std::optional<response> route_templates(const call& c);
  std::optional<response> route_members(const call& c);
  std::optional<response> route_shop(const call& c);
  std::optional<response> route_words(const call& c);
  std::optional<response> route_sanctions(const call& c);
  response sanction(const call& c, const std::string& chat_id, const std::string& user_id);
  response approve(const call& c, const std::string& chat_id, const std::string& user_id,
                   bool approved);
  response approvals(const std::string& chat_id);
  std::optional<response> route_bans(const call& c);
  response bans(const call& c);
  response add_ban(const call& c);
  response lift_ban(const call& c, const std::string& platform, const std::string& user_id);
  response import_bans(const call& c);
  std::optional<response> route_samples(const call& c);
  response samples(const call& c);
  response add_sample(const call& c);
  response remove_sample(const call& c, const std::string& id_text);
  response sample_quality();
  response moderation_entry(const request& req, const std::string& id);
  std::optional<response> route_stats(const call& c);
  response stats(const call& c, const std::string& chat_id);
  response heatmap(const call& c, const std::string& chat_id);
  response tiers(const call& c, const std::string& chat_id);
  response churn(const call& c, const std::string& chat_id);
  response review(const call& c, const std::string& chat_id);
  std::optional<response> route_tokens(const call& c);
  response create_token(const call& c);
  response set_time_zone(const call& c, const std::string& chat_id);
  std::optional<response> route_experiments(const call& c);
  response experiments(const call& c);
  response experiment(const call& c, const std::string& name);
  response start_experiment(const call& c);
  response stop_experiment(const call& c, const std::string& name);
  nlohmann::json tier_json(std::int64_t member_id);

  response groups(const storage::api_token& who);
  response set_language(const call& c, const std::string& chat_id);
  response members(const std::string& chat_id, const request& req, std::int64_t now_s);
  /// The group and member a path names, or (in `error`) the 404 saying which is unknown.
  struct found_member {
    storage::group_row group;
    storage::member_row member;
    /// Who the member is, for the member data store.
    storage::member_identity identity() const {
      return {member.id, group.platform, group.chat_id, member.user_id, member.display_name};
    }
    /// How the audit log names them: by group and row, never by person.
    std::string audit_target() const {
      return group.chat_id + "/member " + std::to_string(member.id);
    }
  };
  std::optional<found_member> find_member(const std::string& chat_id, const std::string& user_id,
                                          response& error);
  response member_profile(const call& c, const std::string& chat_id, const std::string& user_id);
  nlohmann::json member_record(const storage::member_row& m, std::int64_t now_s);
  response adjust_points(const call& c, const std::string& chat_id, const std::string& user_id);
  response member_ledger(const std::string& chat_id, const std::string& user_id,
                         const request& req);
  response export_member(const call& c, const std::string& chat_id, const std::string& user_id);
  response erase_member(const call& c, const std::string& chat_id, const std::string& user_id);
  response moderation_log(const request& req);
  response reload(const storage::api_token& who, std::int64_t now_s);
  response audit(const request& req);
  response templates(const request& req);
  response preview(const request& req);
  response save_template(const call& c, const std::string& key);
  response remove_template(const call& c, const std::string& key);
  response template_versions(const call& c, const std::string& key);
  response rollback_template(const call& c, const std::string& key);
  /// What of `text` each served platform cannot show ("not_expressible" in the answers).
  nlohmann::json markup_report(const std::string& text) const;
  response put_in_force(const call& c, const std::string& action, const std::string& scope,
                        const std::string& key, const std::optional<std::string>& text,
                        const std::string& note);
  std::optional<std::string> scope_of(const std::string& group, const std::string& language,
                                      response& error);
  response shop_items();
  response save_item(const call& c, const std::string& id);
  response withdraw_item(const call& c, const std::string& id);
  response redemptions(const request& req);
  response settle(const call& c, const std::string& code, bool refund);
  response check_text(const call& c);
  response rule_policies();
  response replay(const call& c);
  response switch_shadow(const call& c, const std::string& rule);
  response list_words(bool allow, const request& req);
  response add_word(const call& c, bool allow);
  response remove_word(const call& c, bool allow);
  std::optional<response> route_content(const call& c);
  response faq();
  response schedules(const call& c);
  response save_faq(const call& c, const std::string& id);
  response save_schedule(const call& c, const std::string& id);
  response remove_content(const call& c, const std::string& kind, const std::string& id);
  std::optional<std::string> in_force(const std::string& kind, const std::string& id);
  void put_content(const call& c, const std::string& kind, const std::string& id,
                   const std::optional<nlohmann::json>& after);
  std::vector<handlers::faq_entry> faq_in_force();
  std::vector<handlers::schedule_entry> schedules_in_force();

  storage::community_store& community_;
  storage::moderation_store& moderation_;
  storage::api_store& tokens_;
  storage::template_store& template_versions_;
  storage::ledger_store& ledger_;
  storage::shop_store& shop_;
  storage::badge_store& badges_;
  storage::checkin_store& checkins_;
  storage::content_store& saved_content_;
  storage::member_data_store& member_data_;
  rules::rules_engine& rules_;
  content content_;
  analytics_parts analytics_;
  std::function<void(std::int64_t)> set_clock_;
  handlers::operator_sanctions* sanctions_ = nullptr;
  handlers::shared_bans* shared_bans_ = nullptr;
  handlers::spam_learning* learning_ = nullptr;
  std::function<void(const core::action&)> enqueue_;
  bool content_stale_ = false;      ///< operator content changed in the open transaction
  bool words_changed_ = false;      ///< a word or allow list was edited since the last commit
  bool groups_changed_ = false;     ///< a group's time zone or language was set since then
  bool experiments_stale_ = false;  ///< an experiment started or stopped in it
  struct {
    std::int64_t minute = 0;             ///< the minute counted
    std::map<std::string, int> clients;  ///< failures by client address in it
  } failed_logins_;
};

}  // namespace steward::api
