#include "bot/core/pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <limits>

#include "bot/core/chat_owners.hpp"
#include "bot/core/core_executor.hpp"
#include "bot/core/metrics.hpp"
#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "handlers/pulse.hpp"
#include "storage/transaction.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::core {
namespace {

/// Replies "pong" to /ping (counting a check-in), and throws on /boom after an earlier handler
/// counted one, to see one update fail alone.
class ping_handler final : public handlers::handler {
 public:
  std::string_view name() const override { return "ping"; }
  handlers::handler_result handle(const handlers::context& ctx) override {
    if (!ctx.command) return {};
    handlers::handler_result out{{}, ctx.command->name == "ping"};
    out.tallies.push_back({tally_kind::checkin, {ctx.command->name}});
    if (ctx.command->name == "ping") out.actions.push_back(handlers::reply_to(ctx.event, "pong"));
    return out;
  }
};

class boom_handler final : public handlers::handler {
 public:
  std::string_view name() const override { return "boom"; }
  handlers::handler_result handle(const handlers::context& ctx) override {
    if (ctx.command && ctx.command->name == "boom") throw std::runtime_error("handler bug");
    return {};
  }
};

/// Throws on every answer, like a follow-up with a bug or a malformed answer.
class broken_follow_up final : public handlers::follow_up_handler {
 public:
  std::vector<action> follow_up(const handlers::delivery_answer&,
                                const platform_adapter&) override {
    throw std::runtime_error("follow-up bug");
  }
};

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest()
      : events_(temp_.db()),
        community_(temp_.db()),
        outbox_(temp_.db()),
        // Both commands are boom's, so ping (answering no command of its own) sees every
        // message and counts before /boom throws.
        commands_({{.name = "ping", .owner = "boom"}, {.name = "boom", .owner = "boom"}}, ""),
        telegram_({"1:T", "", "https://api.telegram.org", ""}),
        clock_(1795276800),
        pipe_(temp_.db(), {events_, community_, outbox_}, commands_, {&ping_, &boom_},
              {{"telegram", &telegram_}}, clock_, {"Asia/Shanghai"}) {
    // The bot's rights in the test group are known, so it asks Telegram nothing about them.
    const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 0);
    community_.learn_bot_rights(group.id, {true, true, true, true, true});
  }

  inbound_update update(const std::string& id, const std::string& text, bool bot = false,
                        const std::string& chat = "-100") {
    chat_event e;
    e.platform = "telegram";
    e.event_id = id;
    e.chat = {"telegram", chat, "G", true};
    e.author = {"7", "Ann", "", bot, {}};
    e.kind = event_kind::message;
    e.text = text;
    e.message_id = "1";
    e.timestamp = clock_.now_s();
    return {"telegram", id, "message", true, {e}};
  }

  long long count(const char* table) {
    return temp_.db().query_int(std::string("SELECT COUNT(*) FROM ") + table);
  }

  testing::temp_store temp_;
  storage::event_store events_;
  storage::community_store community_;
  storage::outbox_store outbox_;
  command_table commands_;
  platforms::telegram::telegram_adapter telegram_;
  testing::fake_clock clock_;
  ping_handler ping_;
  boom_handler boom_;
  pipeline pipe_;
};

TEST_F(PipelineTest, ACommandWhoseHandlerIsMissingStopsStartUp) {
  const command_table ghostly({{.name = "ping", .owner = "ghost"}}, "");
  EXPECT_THROW(pipeline(temp_.db(), {events_, community_, outbox_}, ghostly, {&ping_, &boom_},
                        {{"telegram", &telegram_}}, clock_, {"Asia/Shanghai"}),
               std::logic_error);
}

TEST_F(PipelineTest, ActionsAreRenderedIntoTheOutbox) {
  storage::write_transaction tx(temp_.db());
  EXPECT_EQ(pipe_.process(update("1", "/ping")), update_outcome::processed);
  tx.commit();
  const auto rows = outbox_.pending_after(0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].method, "sendMessage");
  EXPECT_NE(rows[0].body.find("pong"), std::string::npos);
}

TEST_F(PipelineTest, AGroupWhoseRightsAreUnknownIsAskedOncePerRun) {
  storage::write_transaction tx(temp_.db());
  pipe_.process(update("1", "hello", false, "-200"));
  pipe_.process(update("2", "hello", false, "-200"));
  tx.commit();
  const auto rows = outbox_.pending_after(0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].method, "getChatMember");
  EXPECT_EQ(rows[0].chat_id, "-200");
  EXPECT_EQ(rows[0].purpose, "bot_rights");
}

TEST_F(PipelineTest, ARedeliveryIsADuplicateWithNoEffects) {
  storage::write_transaction tx(temp_.db());
  EXPECT_EQ(pipe_.process(update("1", "/ping")), update_outcome::processed);
  EXPECT_EQ(pipe_.process(update("1", "/ping")), update_outcome::duplicate);
  tx.commit();
  EXPECT_EQ(count("outbox"), 1);
  EXPECT_EQ(temp_.db().query_int("SELECT message_count FROM members"), 1);
}

TEST_F(PipelineTest, AFailingUpdateIsRolledBackAloneAndCanBeRetried) {
  storage::write_transaction tx(temp_.db());
  EXPECT_EQ(pipe_.process(update("1", "/ping")), update_outcome::processed);
  EXPECT_EQ(pipe_.process(update("2", "/boom")), update_outcome::failed);
  EXPECT_EQ(pipe_.process(update("3", "hello")), update_outcome::processed);
  tx.commit();
  EXPECT_EQ(count("processed_events"), 2);  // "2" is not remembered: its retry will run
  EXPECT_EQ(temp_.db().query_int("SELECT message_count FROM members"), 2);
  EXPECT_EQ(count("outbox"), 1);
}

TEST_F(PipelineTest, TalliesOfFailedAndRedeliveredUpdatesAreNotCounted) {
  storage::write_transaction tx(temp_.db());
  pipe_.process(update("1", "/ping"));
  pipe_.process(update("2", "/boom"));  // tallied by the first handler, then failed
  pipe_.process(update("1", "/ping"));  // a redelivery
  pipe_.process(update("3", "/ping"));
  tx.commit();
  const auto tallies = pipe_.take_tallies();
  ASSERT_EQ(tallies.size(), 2u);
  EXPECT_EQ(tallies[0].labels, std::vector<std::string>{"ping"});
  EXPECT_EQ(tallies[1].labels, std::vector<std::string>{"ping"});
  EXPECT_TRUE(pipe_.take_tallies().empty());
}

TEST_F(PipelineTest, AFailingFollowUpIsUndoneAloneAndDoesNotFailTheBatch) {
  broken_follow_up broken;
  pipe_.set_follow_ups({&broken});
  storage::write_transaction tx(temp_.db());
  EXPECT_EQ(pipe_.process(update("1", "/ping")), update_outcome::processed);
  EXPECT_NO_THROW(pipe_.follow_up({"telegram", "-100", "invite_link", "1:2", "{}", 0, true}));
  EXPECT_FALSE(pipe_.run_isolated("broken", [] { throw std::runtime_error("x"); }));
  tx.commit();
  EXPECT_EQ(count("outbox"), 1);  // the update's reply survived
}

TEST_F(PipelineTest, BotsDoNotCountAsActivityOrRunCommands) {
  storage::write_transaction tx(temp_.db());
  pipe_.process(update("1", "/ping", true));
  tx.commit();
  EXPECT_EQ(temp_.db().query_int("SELECT message_count FROM members"), 0);
  EXPECT_EQ(count("outbox"), 0);
}

TEST_F(PipelineTest, RollUpsCountCommittedUpdatesOnceAndNothingOfFailedOnes) {
  storage::analytics_store analytics(temp_.db());
  handlers::community_pulse pulse(analytics);
  pipe_.set_rollups(&pulse, &analytics);
  storage::write_transaction tx(temp_.db());
  pipe_.process(update("1", "/ping"));  // counts a check-in (the test handler's tally)
  pipe_.process(update("2", "/boom"));  // tallied, then failed: nothing of it counts
  pipe_.process(update("1", "/ping"));  // a redelivery
  pipe_.process(update("3", "hello"));
  pipe_.process(update("4", "bot talk", true));
  auto two = update("6", "counted, then undone with its update");
  two.events.push_back(update("6", "/boom").events.front());
  EXPECT_EQ(pipe_.process(two), update_outcome::failed);
  pipe_.before_commit();
  tx.commit();
  EXPECT_EQ(temp_.db().query_int("SELECT SUM(messages) FROM group_hours"), 2);
  EXPECT_EQ(temp_.db().query_int("SELECT SUM(checkins) FROM group_hours"), 1);
  EXPECT_EQ(temp_.db().query_int("SELECT SUM(day_speakers) FROM group_hours"), 1);
  EXPECT_EQ(temp_.db().query_int("SELECT SUM(member_change) FROM group_hours"), 1);  // Ann

  {
    storage::write_transaction failed_batch(temp_.db());  // rolled back when it goes
    pipe_.process(update("5", "lost with its batch"));
  }
  pipe_.drop_uncommitted();
  storage::write_transaction next(temp_.db());
  pipe_.before_commit();
  next.commit();
  EXPECT_EQ(temp_.db().query_int("SELECT SUM(messages) FROM group_hours"), 2);
}

TEST_F(PipelineTest, StewardsOwnKickCountsAsAKickThoughTelegramReportsABan) {
  storage::analytics_store analytics(temp_.db());
  handlers::community_pulse pulse(analytics);
  pipe_.set_rollups(&pulse, &analytics);
  storage::write_transaction tx(temp_.db());
  pipe_.process(update("1", "hello"));
  const auto leave = [&](const std::string& id, const std::string& user) {
    auto u = update(id, "");
    u.events.front().kind = event_kind::member_left;
    u.events.front().author.user_id = user;
    u.events.front().left_because = leave_reason::banned;  // how Telegram reports a kick
    return u;
  };
  pipe_.enqueue({"telegram", "-100", "1", kick_member{"7"}});
  pipe_.process(leave("2", "7"));
  pipe_.process(leave("4", "8"));  // banned by an admin by hand: a ban
  pipe_.before_commit();
  tx.commit();
  EXPECT_EQ(temp_.db().query_int("SELECT SUM(kicked) FROM group_hours"), 1);
  EXPECT_EQ(temp_.db().query_int("SELECT SUM(banned) FROM group_hours"), 1);
}

TEST_F(PipelineTest, MemoryFollowsOnlyWhatWasCommitted) {
  metrics stats;
  core_executor executor(temp_.db(), pipe_, events_, outbox_, stats, clock_, {16, 3600, 3600});
  std::atomic<int> commits{0};
  executor.on_tick([this](std::int64_t) -> bool {
    outbox_.enqueue({0, "telegram", "-1", "sendMessage", "{}", 0, 0, "", ""}, "t", 1);
    throw std::runtime_error("disk full");  // the whole batch fails, as a failed COMMIT would
  });
  executor.on_committed([&] { ++commits; });
  executor.start();
  executor.tick();
  // A call answered ok was committed, and memory was told before the answer; one in the failed
  // batch was not, and nothing was told.
  for (int i = 0; i < 2; ++i) {
    std::promise<std::pair<bool, int>> answered;
    executor.call([] {}, [&](bool ok) { answered.set_value({ok, commits.load()}); });
    auto future = answered.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const auto [ok, told] = future.get();
    EXPECT_EQ(told > 0, ok) << "call " << i;
  }
  executor.stop();
  EXPECT_EQ(count("outbox"), 0);  // the failed batch's writes are gone
  EXPECT_GE(commits.load(), 1);   // the second call's batch committed, at least
}

// What runs after a commit — bringing memory up to date, reading the dispatcher's rows — may
// find the database gone (a server that died just after the COMMIT): the core thread carries
// on, and the read is answered once the database is back. On PostgreSQL the session ends
// itself here; SQLite has no such function, so there the task just fails.
TEST_F(PipelineTest, ADatabaseLostAfterTheCommitDelaysTheFetchAndStopsNothing) {
  std::int64_t row = 0;
  {
    storage::write_transaction tx(temp_.db());
    row = outbox_.enqueue({0, "telegram", "-1", "sendMessage", "{}", 0, 0, "", ""}, "e", 1);
    tx.commit();
  }
  metrics stats;
  core_executor executor(temp_.db(), pipe_, events_, outbox_, stats, clock_, {16, 3600, 3600});
  std::atomic<int> commits{0};
  executor.on_committed([&] {
    if (commits++ == 0)
      temp_.db().query_int("SELECT 1 FROM pg_terminate_backend(pg_backend_pid())");
  });
  // Queued before the thread starts: one batch holds both.
  std::promise<bool> called;
  executor.call([] {}, [&](bool ok) { called.set_value(ok); });
  std::promise<core_executor::pending_rows> fetched;
  executor.fetch_pending(
      0, 10, [&](core_executor::pending_rows page) { fetched.set_value(std::move(page)); });
  executor.start();
  auto call_answer = called.get_future();
  auto fetch_answer = fetched.get_future();
  ASSERT_EQ(call_answer.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(call_answer.get()) << "the batch was committed before the database went";
  ASSERT_EQ(fetch_answer.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const auto page = fetch_answer.get();
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].id, row);
  EXPECT_FALSE(temp_.db().lost());
  executor.stop();
}

// A read of the pending rows that fails for another reason is answered "nothing read": the
// dispatcher's next fetch starts from the same row.
TEST_F(PipelineTest, AFailedFetchIsAnsweredAsNothingReadPast) {
  {
    storage::write_transaction tx(temp_.db());
    outbox_.enqueue({0, "telegram", "-1", "sendMessage", "{}", 0, 0, "", ""}, "e", 1);
    tx.commit();
  }
  metrics stats;
  core_executor executor(temp_.db(), pipe_, events_, outbox_, stats, clock_, {16, 3600, 3600});
  executor.start();
  const auto fetch = [&](std::int64_t after) {
    std::promise<core_executor::pending_rows> answered;
    executor.fetch_pending(
        after, 10, [&](core_executor::pending_rows page) { answered.set_value(std::move(page)); });
    auto future = answered.get_future();
    EXPECT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    return future.get();
  };
  const auto all = fetch(0);
  ASSERT_EQ(all.rows.size(), 1u);
  executor.call([this] { temp_.db().execute("ALTER TABLE outbox RENAME TO outbox_away"); },
                [](bool) {});
  const auto failed = fetch(0);
  EXPECT_TRUE(failed.rows.empty());
  EXPECT_EQ(failed.scanned_to, 0);
  executor.call([this] { temp_.db().execute("ALTER TABLE outbox_away RENAME TO outbox"); },
                [](bool) {});
  const auto again = fetch(0);
  ASSERT_EQ(again.rows.size(), 1u);
  EXPECT_EQ(again.rows[0].id, all.rows[0].id);
  executor.stop();
}

// With instances sharing the chats out, a fetch returns this instance's rows only, and says how
// far it read: the next fetch starts past the others' rows instead of reading them again.
TEST_F(PipelineTest, AFetchReadsPastOtherInstancesRowsOnce) {
  const std::string mine_chat = "-1";
  std::string other_chat = "-2";
  for (int i = 3; partition_of("telegram", other_chat) == partition_of("telegram", mine_chat); ++i)
    other_chat = "-" + std::to_string(i);
  chat_owners owners;
  chat_owners::assignment map;
  map.mine.set(static_cast<std::size_t>(partition_of("telegram", mine_chat)));
  map.instances = 2;
  owners.assign(map);
  std::vector<std::int64_t> ids;
  {
    storage::write_transaction tx(temp_.db());
    for (const auto& chat :
         std::vector<std::string>{other_chat, other_chat, mine_chat, other_chat, other_chat}) {
      ids.push_back(
          outbox_.enqueue({0, "telegram", chat, "sendMessage", "{}", 0, 0, "", ""}, "e", 1));
    }
    tx.commit();
  }
  metrics stats;
  core_executor executor(temp_.db(), pipe_, events_, outbox_, stats, clock_, {16, 3600, 3600});
  executor.serve_chats_of(owners);
  executor.start();
  const auto fetch = [&](std::int64_t after, int limit) {
    std::promise<core_executor::pending_rows> answered;
    executor.fetch_pending(after, limit, [&](core_executor::pending_rows page) {
      answered.set_value(std::move(page));
    });
    return answered.get_future().get();
  };
  const auto first = fetch(0, 2);  // pages of two: the read goes on past the others' rows
  ASSERT_EQ(first.rows.size(), 1u);
  EXPECT_EQ(first.rows[0].id, ids[2]);
  EXPECT_EQ(first.scanned_to, ids[4]);
  const auto next = fetch(first.scanned_to, 2);
  EXPECT_TRUE(next.rows.empty());
  EXPECT_EQ(next.scanned_to, ids[4]) << "nothing read, nothing passed";
  executor.stop();
}

}  // namespace
}  // namespace steward::core

namespace steward::core {
namespace {

TEST(EventTime, ImplausibleDatesGiveWayToTheArrivalTime) {
  chat_event e;
  const std::int64_t now = 1'800'000'000;
  e.timestamp = now - 3600;
  EXPECT_EQ(event_time(e, now), now - 3600);  // late delivery: the platform's time stands
  for (const std::int64_t absurd : {std::int64_t{1}, std::int64_t{1'356'998'399}, now + 86401,
                                    std::numeric_limits<std::int64_t>::max()}) {
    e.timestamp = absurd;
    EXPECT_EQ(event_time(e, now), now) << absurd;
  }
  e.timestamp = 0;
  EXPECT_EQ(event_time(e, now), now);
}

}  // namespace
}  // namespace steward::core
