#include "bot/app/application.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <bitset>
#include <ostream>

#include "bot/api/admin_api.hpp"
#include "bot/app/api_readers.hpp"
#include "bot/app/copy_cli.hpp"
#include "bot/app/store_engine.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/command.hpp"
#include "bot/core/core_executor.hpp"
#include "bot/core/log.hpp"
#include "bot/core/metrics.hpp"
#include "bot/core/pipeline.hpp"
#include "bot/net/service.hpp"
#include "handlers/activity.hpp"
#include "handlers/admin_points.hpp"
#include "handlers/auto_delete.hpp"
#include "handlers/badge_digest.hpp"
#include "handlers/badges.hpp"
#include "handlers/bot_rights.hpp"
#include "handlers/checkin.hpp"
#include "handlers/command_registry.hpp"
#include "handlers/console_link.hpp"
#include "handlers/daily_care.hpp"
#include "handlers/earnings.hpp"
#include "handlers/expiry.hpp"
#include "handlers/faq.hpp"
#include "handlers/help.hpp"
#include "handlers/history.hpp"
#include "handlers/invites.hpp"
#include "handlers/mod_commands.hpp"
#include "handlers/moderation.hpp"
#include "handlers/points.hpp"
#include "handlers/private_chat.hpp"
#include "handlers/pulse.hpp"
#include "handlers/rank.hpp"
#include "handlers/sanction_outcomes.hpp"
#include "handlers/schedules.hpp"
#include "handlers/shared_bans.hpp"
#include "handlers/shop.hpp"
#include "handlers/spam_learning.hpp"
#include "handlers/stats_command.hpp"
#include "handlers/timezone.hpp"
#include "handlers/verification.hpp"
#include "handlers/welcome.hpp"
#include "handlers/word_edits.hpp"
#include "storage/activity_store.hpp"
#include "storage/badge_store.hpp"
#include "storage/checkin_store.hpp"
#include "storage/community_store.hpp"
#include "storage/content_store.hpp"
#include "storage/cooldown_store.hpp"
#include "storage/database.hpp"
#include "storage/event_store.hpp"
#include "storage/global_ban_store.hpp"
#include "storage/invite_store.hpp"
#include "storage/leaderboard_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/outbox_store.hpp"
#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/partition_leases.hpp"
#include "storage/sample_store.hpp"
#include "storage/shop_store.hpp"
#include "storage/template_store.hpp"
#include "storage/transaction.hpp"
#include "storage/verification_store.hpp"
#include "storage/welcome_store.hpp"

namespace steward::app {

namespace {

// Churn digests go where moderation reports go.
handlers::churn_settings churn_settings_of(const config& cfg) {
  auto settings = cfg.churn;
  settings.report_chat = cfg.moderation.report_chat;
  return settings;
}

// The base URL the other instances forward this one's chats to: configured, or the address it
// listens on unless that is every interface (which of them would the others reach?).
std::string instance_address(const net::server_settings& server, std::uint16_t port) {
  if (!server.instance_url.empty()) return server.instance_url;
  if (server.host.empty() || server.host == "0.0.0.0" || server.host == "::") return "";
  const bool v6 = server.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + server.host + "]" : server.host) + ":" + std::to_string(port);
}

// The registry as the handlers declare it, with the aliases configured under [commands].
core::command_table make_commands(const config& cfg) {
  return core::command_table(core::with_aliases(handlers::all_commands(), cfg.command_aliases),
                             cfg.telegram.bot_username);
}

}  // namespace

struct application::parts {
  using adapter_map = std::map<std::string, const core::platform_adapter*, std::less<>>;

  explicit parts(const config& cfg)
      : store(open_store(cfg, store_user::server)),
        db(*store),
        events(db),
        community(db),
        checkins(db),
        ledger(db),
        outbox(db),
        activity(db),
        shop(db),
        badges(db),
        boards(db),
        invite_links(db),
        moderation_log(db),
        welcomes(db),
        newcomers(db),
        banned(db),
        samples(db),
        auto_deletes(db),
        cooldowns(db),
        analytics(db),
        care(db),
        experiment_rows(db),
        rules(cfg.moderation, handlers::word_edits_in(moderation_log)),
        ladder(moderation_log, rules.config()),
        telegram(cfg.telegram),
        onebot(cfg.onebot ? std::optional<platforms::onebot::onebot_adapter>(*cfg.onebot)
                          : std::nullopt),
        generic(cfg.generic ? std::optional<platforms::generic::generic_adapter>(
                                  std::in_place, *cfg.generic, [this] { return clock.now_s(); })
                            : std::nullopt),
        slack(cfg.slack ? std::optional<platforms::slack::slack_adapter>(
                              std::in_place, *cfg.slack, [this] { return clock.now_s(); })
                        : std::nullopt),
        feishu(cfg.feishu ? std::optional<platforms::feishu::feishu_adapter>(
                                std::in_place, *cfg.feishu, [this] { return clock.now_s(); })
                          : std::nullopt),
        dingtalk(cfg.dingtalk ? std::optional<platforms::dingtalk::dingtalk_adapter>(
                                    std::in_place, *cfg.dingtalk, [this] { return clock.now_s(); })
                              : std::nullopt),
        wecom(cfg.wecom ? std::optional<platforms::wecom::wecom_adapter>(
                              std::in_place, *cfg.wecom, [this] { return clock.now_s(); })
                        : std::nullopt),
        adapters(served_platforms(cfg)),
        commands(make_commands(cfg)),
        earned(ledger, activity, cfg.daily_earn_cap),
        book(cfg.templates),
        tier_keeping(care, cfg.tiers),
        churn(care, book, churn_settings_of(cfg)),
        experiments(experiment_rows, community),
        pulse(analytics, &churn),
        group_stats(analytics, stats_settings_of(cfg)),
        stats_command(group_stats, book),
        console_links(
            care,
            [this](const storage::api_token& who, std::int64_t now_s, std::int64_t valid_s) {
              return api::issue_console_link(api_tokens, who, now_s, valid_s);
            },
            {cfg.server.public_url, cfg.telegram.bot_username}, book),
        reviews(group_stats, care, book, review_settings_of(cfg)),
        care_days(community, care, tier_keeping, churn, reviews, cfg.care_at_minute),
        badge_awards(badges, book, cfg.badges),
        activity_rewards(activity, earned, badge_awards, book, cfg.activity),
        checkin(checkins, earned, badge_awards, book, cfg.checkin),
        points(community, checkins, badges, book, cfg.activity.levels, &care),
        timezone(community, book),
        admin_points(community, ledger, book),
        history(community, ledger, book),
        shop_front(shop, ledger, badges, book, cfg.activity.levels, &care),
        shop_admin(shop, ledger, book),
        badge_board(badges, community, badge_awards),
        ranks(boards, community, 10, book),
        invites(invite_links, ledger, badge_awards, cfg.invites),
        moderation(rules, moderation_log, ladder, capabilities(), book),
        mod_commands(rules, moderation_log, community, ladder, capabilities(), book),
        sanction_results(moderation_log, community, rules.config(), book),
        operator_orders(
            moderation_log, ladder, capabilities(),
            [this](const std::string& platform) { return adapters.contains(platform); },
            rules.config(), book),
        bans(banned, community, operator_orders, book, cfg.moderation.admin_ids),
        learning(samples, cfg.moderation.learning_threshold),
        private_chats(community, commands, book),
        rights_answers(community, book),
        welcome(book, welcomes),
        verification(book, newcomers, welcomes, cfg.verification),
        quiet(auto_deletes, cfg.quiet),
        digest(badges, book),
        faq(cfg.faq, &cooldowns),
        help(commands, book),
        schedule_runs(db),
        api_tokens(db),
        template_versions(db),
        saved_content(db),
        member_data(db),
        sop_posts(cfg.schedules, community, schedule_runs),
        admin_api({community, moderation_log, api_tokens, template_versions, ledger, shop, badges,
                   checkins, saved_content, member_data},
                  rules, {&book, &faq, &sop_posts, cfg.faq, cfg.schedules, platform_caps()},
                  {&group_stats, &care, &churn, &tier_keeping, &reviews,
                   [this] { return care_days.run_all_soon(); }, &experiment_rows, &experiments}),
        pipe(db, {events, community, outbox}, commands,
             {&bans,         &moderation,       &quiet,         &mod_commands,  &verification,
              &welcome,      &activity_rewards, &checkin,       &points,        &timezone,
              &admin_points, &history,          &shop_front,    &shop_admin,    &badge_board,
              &ranks,        &invites,          &stats_command, &console_links, &faq,
              &help},
             adapters, clock,
             {cfg.default_time_zone,
              {cfg.moderation.admin_ids.begin(), cfg.moderation.admin_ids.end()}}),
        expiry(ledger, cfg.points_expire_days),
        executor(db, pipe, events, outbox, stats, clock, {256, cfg.dedupe_retention_s, 3600}),
        service(cfg.server, cfg.dispatch, executor, adapter_list(), stats, commands,
                cfg.admin_cache_s) {
    share_chats(cfg);
    apply_group_time_zones(cfg);
    apply_shop_items(cfg);
    admin_api.apply_saved_content();
    admin_api.allow_sanctions(operator_orders,
                              [this](const core::action& action) { pipe.enqueue(action); });
    admin_api.allow_shared_bans(bans);
    admin_api.allow_learning(learning);
    learning.load();
    verification.set_capabilities(capabilities());
    moderation.set_learning(&learning);
    mod_commands.set_learning(&learning);
    pipe.set_follow_ups({&invites, &welcome, &verification, &sanction_results, &rights_answers,
                         &experiments, &churn, &quiet});
    badge_awards.set_quiet(&quiet.settings());
    care_days.set_badge_digest(&digest);
    if (cfg.quiet.any_auto_delete()) {
      pipe.mark_purposes([this](const core::action& action) { return quiet.purpose_for(action); });
    }
    experiments.load(clock.now_s());
    pulse.set_experiments(&experiments);
    welcome.set_experiments(&experiments);
    checkin.set_experiments(&experiments);
    sop_posts.set_experiments(&experiments);
    pipe.set_rollups(&pulse, &analytics);
    if (cfg.test_clock) {
      core::log_warn("clock.settable",
                     "the wall clock can be set through the admin API (tests only)", {});
      admin_api.allow_clock_setting(
          [this](std::int64_t unix_s) { clock.set_now_ms(unix_s * 1000); });
    }
    ledger.on_append([this](const storage::ledger_entry& entry) { pulse.points_changed(entry); });
    pipe.on_private_chat(
        [this](const core::chat_event& event, const std::optional<core::command_match>& command) {
          // Whoever writes to the bot one-to-one may be written to (Telegram's rule).
          if (!event.author.is_bot) {
            care.note_private_contact(event.platform, event.author.user_id, clock.now_s());
          }
          return private_chats.handle(event, command);
        });
    pipe.on_join_request(
        [this](const core::chat_event& event) { return bans.answer_join_request(event); });
    pipe.on_bot_status([this](const core::chat_event& event, const storage::group_row&,
                              const core::bot_rights& before) {
      std::vector<core::action> out;
      if (auto notice =
              handlers::rights_notice(event, before, group_language(event.chat.chat_id), book)) {
        out.push_back(std::move(*notice));
      }
      return out;
    });
    pipe.on_chat_migrated([this](const std::string&, const std::string& from, const std::string& to,
                                 std::int64_t now_s) { admin_api.follow_chat(from, to, now_s); });
    executor.on_tick([this](std::int64_t now_s) {
      bool wrote = false;
      if (leases) {
        const auto before = owners.generation();
        pipe.run_isolated("partition leases", [&] { leases->keep(); });
        // The dispatcher looks again: chats gained may have rows waiting, and other instances
        // write rows for this one's chats (it hears of its own commits only).
        wrote = owners.generation() != before || !owners.serves_all();
        pipe.run_isolated("moderation memory", [&] { recall_behaviour(now_s); });
      }
      // The clock's work reads and writes every chat's rows: one instance does it.
      if (!owners.leads()) return wrote;
      pipe.run_isolated("welcomes", [&] {
        for (const auto& action : welcome.flush_due(now_s)) {
          pipe.enqueue(action);
          wrote = true;
        }
      });
      pipe.run_isolated("verification", [&] {
        for (const auto& action : verification.due(now_s)) {
          pipe.enqueue(action);
          wrote = true;
        }
      });
      const auto isolate = [this](const std::string& what, const std::function<void()>& work) {
        return pipe.run_isolated(what, work);
      };
      care_days.due(now_s, isolate, [&](const core::action& action) {
        pipe.enqueue(action);
        wrote = true;
      });
      pipe.run_isolated("paced badges", [&] {
        for (const auto& action : digest.paced_due(badge_awards, community, now_s)) {
          pipe.enqueue(action);
          wrote = true;
        }
      });
      pipe.run_isolated("auto-delete", [&] {
        for (const auto& action : quiet.flush_due(now_s)) {
          pipe.enqueue(action);
          wrote = true;
        }
      });
      pipe.run_isolated("scheduled posts", [&] {
        for (const auto& action : sop_posts.due(now_s)) {
          pipe.enqueue(action);
          wrote = true;
        }
      });
      return wrote;
    });
    report_faq_collisions();
    recall_behaviour(clock.now_s());
    service.serve_api(
        [this](const api::request& req) { return admin_api.handle(req, clock.now_s()); });
    if (cfg.api_readers > 0 && readers_can_share(cfg)) {
      readers = std::make_unique<api_readers>(
          cfg, static_cast<std::size_t>(cfg.api_readers),
          reader_shared{rules, &churn, &tier_keeping, [this] { return clock.now_s(); }});
      service.serve_api_reads([this](api::request req, std::function<void(api::response)> reply) {
        readers->call(std::move(req), std::move(reply));
      });
    }
    executor.on_housekeeping([this](std::int64_t now_s) {
      if (!owners.leads()) return;
      pipe.run_isolated("point expiry", [&] { expiry.run(now_s); });
      pipe.run_isolated("moderation retention", [&] {
        const auto& m = rules.config();
        moderation_log.prune(now_s - m.message_retention_seconds, now_s - m.log_retention_seconds);
        member_data.forget_texts_before(now_s - m.text_retention_seconds);
      });
      pipe.run_isolated("invite credits", [&] {
        for (const auto& announcement : invites.credit_due(now_s))
          pipe.enqueue(announcement);
      });
    });
    service.on_reload_signal([this] { rules.reload(); });
    // Operator content has one owner, the database: memory follows what was committed.
    // With instances sharing a database, an edit through one's API — or a spam sample an
    // admin's /del taught — reaches the others' memory too: they hear of it from the database
    // (PostgreSQL's NOTIFY). Word list edits are stored too, laid over each one's own files.
    executor.on_committed([this] {
      // Owed until read back: a read below that fails (the database gone after the commit)
      // leaves them for the next commit.
      owed_changes_ |= db.changes_elsewhere();
      const auto elsewhere = owed_changes_;
      // Groups cached here go stale when another instance changes one: an operator's time
      // zone or language, or what its owner wrote while the chat was served there.
      if ((elsewhere & storage::shared_state::groups) != 0 ||
          std::exchange(groups_seen_at_, owners.generation()) != owners.generation()) {
        community.forget_groups();
      }
      if ((elsewhere & storage::shared_state::content) != 0) admin_api.reload_content();
      if ((elsewhere & storage::shared_state::samples) != 0) learning.reload();
      if ((elsewhere & storage::shared_state::words) != 0) admin_api.reload_word_lists();
      owed_changes_ = 0;
      auto mine = admin_api.after_commit(clock.now_s());
      if (learning.take_changed()) mine |= storage::shared_state::samples;
      if (mine != 0) db.announce_changes(mine);
    });
    service.want_admin_status([this](const core::chat_event& e) {
      // Moderation exempts admins, so every moderated message needs its author's status (the
      // list is cached per chat, so this is one lookup per chat per cache period).
      return !e.text.empty() && rules.enabled_in(e.chat.chat_id);
    });
    stats.set_ready(true);
  }

  // On PostgreSQL several instances may serve one database: each serves the chats of the
  // partitions it holds (docs/postgresql.md, "Several instances"), forwards the others' updates
  // to their owners, and sends only its own chats' outbox rows.
  void share_chats(const config& cfg) {
    executor.serve_chats_of(owners);
    auto* shared = dynamic_cast<storage::postgresql::pg_backend*>(store.get());
    if (shared == nullptr) return;  // SQLite: one instance serves every chat
    const auto address = instance_address(cfg.server, service.port());
    service.serve_chats_of(owners, address);
    leases = std::make_unique<storage::postgresql::partition_leases>(*shared, address, owners);
    shared->on_session([this](storage::postgresql::pg_backend& session) {
      session.listen_for_content_changes();
      leases->begin_session();
    });
  }

  // Moderation's memory of recent behaviour (flood, duplicates, raids) is per chat and lives
  // on the instance serving the chat; it is read back from the stored messages for every chat
  // this instance begins to serve — at start, and when chats move to it from another — so a
  // restart or a move does not wipe the minutes of history those rules need.
  void recall_behaviour(std::int64_t now_s) {
    if (std::exchange(recalled_at_, owners.generation()) == owners.generation()) return;
    std::bitset<core::chat_partitions> mine;
    for (int p = 0; p < core::chat_partitions; ++p)
      mine[p] = owners.mine(p);
    const auto gained = mine & ~recalled_;
    recalled_ = mine;
    if (gained.none()) return;
    const auto& m = rules.config();
    const auto horizon =
        std::max({m.flood_seconds, m.duplicate_seconds, m.raid_seconds, m.split_seconds});
    auto recent = moderation_log.messages_since(now_s - horizon, 0, recall_limit);
    if (!gained.all()) {
      std::erase_if(recent, [&](const storage::stored_message& message) {
        return !gained[core::partition_of(message.platform, message.chat_id)];
      });
    }
    const auto read = moderation.recall(recent);
    core::log_info("moderation.recalled",
                   fmt::format("moderation read back the last {} s of {} chat partitions: {} "
                               "messages",
                               horizon, gained.count(), read),
                   {core::field("messages", read), core::field("partitions", gained.count())});
  }

  core::language group_language(const std::string& chat_id) const {
    return book.group_language(chat_id);
  }

  // An FAQ trigger that moderation would act on can never be answered: say so at start.
  void report_faq_collisions() {
    for (const auto& entry : faq.entries()) {
      if (entry.match == "regex") continue;
      for (const auto& trigger : entry.triggers) {
        for (const auto& m : rules.for_chat("")->scan(trigger)) {
          if (m.shadow || m.action == "flag") continue;
          core::log_warn("faq.collision",
                         fmt::format("faq {}: trigger \"{}\" collides with moderation rule {} "
                                     "({}): messages asking it are acted on ({}) before the FAQ "
                                     "can answer",
                                     entry.id, trigger, m.rule, m.tag, m.action),
                         {core::field("faq", entry.id), core::field("trigger", trigger),
                          core::field("rule", m.rule), core::field("action", m.action)});
        }
      }
    }
  }

  handlers::capability_lookup capabilities() {
    return [this](const std::string& platform) {
      const auto it = adapters.find(platform);
      return it == adapters.end() ? core::capabilities{} : it->second->caps();
    };
  }

  /// The platforms this configuration serves, by name (each has its /webhook/<name>).
  adapter_map served_platforms(const config& cfg) {
    adapter_map out;
    if (cfg.serves_telegram()) out.emplace("telegram", &telegram);
    if (onebot) out.emplace("onebot", &*onebot);
    if (generic) out.emplace("generic", &*generic);
    if (slack) out.emplace("slack", &*slack);
    if (feishu) out.emplace("feishu", &*feishu);
    if (dingtalk) out.emplace("dingtalk", &*dingtalk);
    if (wecom) out.emplace("wecom", &*wecom);
    return out;
  }

  /// Each served platform's capabilities, by name.
  std::vector<std::pair<std::string, core::capabilities>> platform_caps() const {
    std::vector<std::pair<std::string, core::capabilities>> out;
    for (const auto& [name, adapter] : adapters)
      out.emplace_back(name, adapter->caps());
    return out;
  }

  std::vector<const core::platform_adapter*> adapter_list() const {
    std::vector<const core::platform_adapter*> out;
    for (const auto& [name, adapter] : adapters)
      out.push_back(adapter);
    return out;
  }

  void apply_group_time_zones(const config& cfg) {
    storage::write_transaction tx(db);
    for (const auto& [chat, zone] : cfg.group_time_zones) {
      // "onebot:20002000" names another platform's group; a bare id is Telegram's.
      const auto colon = chat.find(':');
      const bool named = colon != std::string::npos && adapters.contains(chat.substr(0, colon));
      community.set_time_zone(named ? chat.substr(0, colon) : "telegram",
                              named ? chat.substr(colon + 1) : chat, zone, clock.now_s());
    }
    tx.commit();
  }

  void apply_shop_items(const config& cfg) {
    storage::write_transaction tx(db);
    shop.sync_items(cfg.shop_items);
    tx.commit();
  }

  core::metrics stats;
  core::shifted_clock clock;
  core::chat_owners owners;  ///< every chat, unless instances share a PostgreSQL database
  std::unique_ptr<storage::backend> store;
  storage::backend& db;  ///< *store
  storage::event_store events;
  storage::community_store community;
  unsigned owed_changes_ = 0;         // others' changes (shared_state flags) not yet read back
  std::uint64_t groups_seen_at_ = 0;  // the chat owners' generation the cached groups follow
  storage::checkin_store checkins;
  storage::ledger_store ledger;
  storage::outbox_store outbox;
  storage::activity_store activity;
  storage::shop_store shop;
  storage::badge_store badges;
  storage::leaderboard_store boards;
  storage::invite_store invite_links;
  storage::moderation_store moderation_log;
  storage::welcome_store welcomes;
  storage::verification_store newcomers;
  storage::global_ban_store banned;
  storage::sample_store samples;
  storage::auto_delete_store auto_deletes;
  storage::cooldown_store cooldowns;
  storage::analytics_store analytics;
  storage::care_store care;
  storage::experiment_store experiment_rows;
  rules::rules_engine rules;
  handlers::escalation_ladder ladder;
  platforms::telegram::telegram_adapter telegram;
  std::optional<platforms::onebot::onebot_adapter> onebot;
  std::optional<platforms::generic::generic_adapter> generic;
  std::optional<platforms::slack::slack_adapter> slack;
  std::optional<platforms::feishu::feishu_adapter> feishu;
  std::optional<platforms::dingtalk::dingtalk_adapter> dingtalk;
  std::optional<platforms::wecom::wecom_adapter> wecom;
  adapter_map adapters;  ///< the platforms served (their adapters above)
  core::command_table commands;
  handlers::earnings earned;
  handlers::template_book book;
  handlers::tier_keeper tier_keeping;
  handlers::churn_watch churn;
  handlers::experiment_runner experiments;
  handlers::community_pulse pulse;
  handlers::community_stats group_stats;
  handlers::stats_command_handler stats_command;
  handlers::console_link_handler console_links;
  handlers::review_writer reviews;
  handlers::daily_care care_days;
  handlers::badge_rules badge_awards;
  handlers::activity_handler activity_rewards;
  handlers::checkin_handler checkin;
  handlers::points_handler points;
  handlers::timezone_handler timezone;
  handlers::admin_points_handler admin_points;
  handlers::history_handler history;
  handlers::shop_handler shop_front;
  handlers::redemption_admin_handler shop_admin;
  handlers::badges_handler badge_board;
  handlers::rank_handler ranks;
  handlers::invites_handler invites;
  handlers::moderation_handler moderation;
  handlers::mod_commands_handler mod_commands;
  handlers::sanction_outcomes sanction_results;
  handlers::operator_sanctions operator_orders;
  handlers::shared_bans bans;
  handlers::spam_learning learning;
  handlers::private_chat_handler private_chats;
  handlers::bot_rights_answers rights_answers;
  handlers::welcome_handler welcome;
  handlers::verification_handler verification;
  handlers::auto_delete_handler quiet;
  handlers::badge_digest digest;
  handlers::faq_handler faq;
  handlers::help_handler help;
  storage::schedule_store schedule_runs;
  storage::api_store api_tokens;
  storage::template_store template_versions;
  storage::content_store saved_content;
  storage::member_data_store member_data;
  handlers::scheduler sop_posts;
  api::admin_api admin_api;
  core::pipeline pipe;
  handlers::points_expiry expiry;
  core::core_executor executor;
  net::service service;  // constructed last: it registers the outbox notification on executor
  std::unique_ptr<storage::postgresql::partition_leases> leases;  ///< PostgreSQL only
  std::unique_ptr<api_readers> readers;  ///< absent with [storage] readers = 0
  /// The most recent messages moderation reads back for chats it begins to serve (bounds the
  /// time a start or a move takes: a few milliseconds per thousand).
  static constexpr int recall_limit = 50'000;
  std::bitset<core::chat_partitions> recalled_;    ///< partitions read back (recall_behaviour)
  std::uint64_t recalled_at_ = ~std::uint64_t{0};  ///< the owners' generation then
};

application::application(const config& cfg)
    : parts_(std::make_unique<parts>(cfg)), host_(cfg.server.host) {
  if (cfg.serves_telegram() && cfg.telegram.secret_token.empty()) {
    core::log_warn("config.unverified",
                   "telegram.secret_token is empty: webhook requests are NOT verified",
                   {core::field("config", cfg.file)});
  }
}

application::~application() = default;

std::uint16_t application::port() const {
  return parts_->service.port();
}

void application::run() {
  parts_->executor.start();
  core::log_info("steward.listening", "serving webhooks, the admin API and metrics",
                 {core::field("address", host_ + ":" + std::to_string(port())),
                  core::field("version", core::version())});
  parts_->service.run();
  parts_->executor.stop();  // commits the last dispatch results before anything is destroyed
  report_pending_outbox();
}

// After the drain, what is still to be sent stays in the outbox and goes out at the next start:
// say how much, rather than claim a clean stop.
void application::report_pending_outbox() {
  const auto pending = parts_->outbox.pending_by_method();
  if (pending.empty()) {
    core::log_info("steward.stopped", "stopped; the outbox is empty");
    return;
  }
  std::int64_t total = 0;
  std::string methods;
  for (const auto& [method, count] : pending) {
    total += count;
    methods += fmt::format("{}{} {}", methods.empty() ? "" : ", ", count, method);
  }
  core::log_warn(
      "steward.stopped",
      fmt::format("stopped with {} outbox calls pending ({}); they are sent at the next start",
                  total, methods),
      {core::field("pending", total)});
}

void application::request_stop() {
  parts_->service.request_stop();
}

int create_api_token(const config& cfg, const std::string& role, const std::string& name,
                     std::ostream& out, const std::vector<std::string>& groups) {
  const auto store = open_store(cfg, store_user::tool);
  auto& db = *store;
  storage::api_store tokens(db);
  const std::string secret = api::new_token_secret();
  const std::string label = name.empty() ? role + " token" : name;
  storage::write_transaction tx(db);
  const auto id =
      tokens.create_token(label, role, api::hash_secret(secret), core::system_clock{}.now_s(),
                          fmt::format("{}", fmt::join(groups, ",")));
  tx.commit();
  out << secret << "\n";
  core::log_info(
      "token.created", "created; the token is shown only now",
      {core::field("token_id", id), core::field("name", label), core::field("role", role)});
  return 0;
}

int create_console_link(const config& cfg, const console_link_request& link, std::ostream& out) {
  const auto store = open_store(cfg, store_user::tool);
  auto& db = *store;
  storage::api_store tokens(db);
  const auto now = core::system_clock{}.now_s();
  const storage::api_token who{0, link.name.empty() ? link.role + " (console link)" : link.name,
                               link.role, fmt::format("{}", fmt::join(link.groups, ","))};
  storage::write_transaction tx(db);
  const auto code = api::issue_console_link(tokens, who, now, link.valid_s);
  tokens.audit({0, "cli", "console.link", who.name, "",
                fmt::format("{{\"role\":\"{}\",\"valid_s\":{}}}", who.role, link.valid_s), now});
  tx.commit();
  const std::string base = link.base_url.empty()
                               ? fmt::format("http://{}:{}", cfg.server.host, cfg.server.port)
                               : link.base_url;
  out << base << "/console/#link=" << code << "\n";
  return 0;
}

int list_api_tokens(const config& cfg, std::ostream& out) {
  const auto store = open_store(cfg, store_user::tool);
  auto& db = *store;
  storage::api_store tokens(db);
  for (const auto& t : tokens.tokens()) {
    out << t.id << "\t" << t.role << "\t" << t.name << "\t" << (t.revoked_at ? "revoked" : "live")
        << "\t" << (t.groups.empty() ? "every group" : t.groups) << "\n";
  }
  return 0;
}

int revoke_api_token(const config& cfg, std::int64_t id, std::ostream& out, std::ostream& err) {
  const auto store = open_store(cfg, store_user::tool);
  auto& db = *store;
  storage::api_store tokens(db);
  const std::int64_t now = core::system_clock{}.now_s();
  storage::write_transaction tx(db);
  if (!tokens.revoke_token(id, now)) {
    err << "steward: no live token with id " << id << " (steward token list shows them)\n";
    return 1;
  }
  tokens.audit({0, "cli", "token.revoke", std::to_string(id), "live", "revoked", now});
  tx.commit();
  out << "token " << id << " revoked\n";
  return 0;
}

int migrate_database(const config& cfg, std::ostream& out, std::ostream& err) {
  if (cfg.engine == storage::sql_dialect::postgresql) {
    return migrate_postgresql(cfg.postgresql, out, err);
  }
  storage::database db(cfg.storage);
  const int before = db.schema_version();
  db.migrate();
  core::log_info("storage.schema", "the database is at the current schema",
                 {core::field("path", cfg.storage.path),
                  core::field("version", db.schema_version()), core::field("was", before)});
  return 0;
}

}  // namespace steward::app
