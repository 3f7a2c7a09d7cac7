#include "bot/net/detail/dispatcher.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "bot/core/pipeline.hpp"
#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "storage/transaction.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::net {
namespace {

/// Telegram, except that reading the first answer throws (a reader with a bug) and every later
/// answer reads as delivered. The calls go to a closed loopback port: no answer is needed.
class first_answer_throws final : public core::platform_adapter {
 public:
  std::string_view name() const override { return "telegram"; }
  bool verify(const core::raw_request& r) const override { return real_.verify(r); }
  core::result<core::inbound_update> parse(const core::raw_request& r) const override {
    return real_.parse(r);
  }
  std::vector<core::outbound_request> render(const core::action& a) const override {
    return real_.render(a);
  }
  std::string endpoint_url(std::string_view method) const override {
    return real_.endpoint_url(method);
  }
  core::delivery_verdict classify(const core::delivery_response&) const override {
    if (classified_++ == 0) throw std::runtime_error("reader bug");
    return {};
  }
  core::capabilities caps() const override { return real_.caps(); }
  core::refusal explain_failure(std::string_view error) const override {
    return real_.explain_failure(error);
  }
  core::lane lane_of(std::string_view method) const override { return real_.lane_of(method); }
  int answers_read() const { return classified_; }
  std::string created_invite_link(const core::delivery_response& r) const override {
    return real_.created_invite_link(r);
  }
  std::string sent_message_id(const core::delivery_response& r) const override {
    return real_.sent_message_id(r);
  }
  core::outbound_request admin_list_request(std::string_view chat) const override {
    return real_.admin_list_request(chat);
  }
  std::optional<core::bot_rights> parsed_bot_rights(
      const core::delivery_response& r) const override {
    return real_.parsed_bot_rights(r);
  }
  core::result<std::vector<std::string>> parse_admin_list(
      const core::delivery_response& r) const override {
    return real_.parse_admin_list(r);
  }

 private:
  platforms::telegram::telegram_adapter real_{{"1:T", "", "http://127.0.0.1:9", ""}};
  mutable int classified_ = 0;
};

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : events_(temp_.db()),
        community_(temp_.db()),
        outbox_(temp_.db()),
        commands_({}, ""),
        clock_(1795276800),
        pipe_(temp_.db(), {events_, community_, outbox_}, commands_, {}, {{"telegram", &adapter_}},
              clock_, {"Asia/Shanghai"}),
        executor_(temp_.db(), pipe_, events_, outbox_, stats_, clock_, {16, 3600, 3600}) {}

  void queue_replies(int count) {
    storage::write_transaction tx(temp_.db());
    for (int i = 0; i < count; ++i) {
      outbox_.enqueue(
          {0, "telegram", "-100", "sendMessage", R"({"chat_id":-100,"text":"hi"})", 0, 0, "", ""},
          "e" + std::to_string(i), 1);
    }
    tx.commit();
  }

  /// Runs the dispatcher until nothing is queued (or 10 s pass), then commits the outcomes.
  void dispatch() {
    asio::io_context ioc;
    access_tokens tokens;
    dispatch_settings settings;
    settings.per_chat_per_second = 50;
    settings.per_chat_burst = 50;
    settings.per_chat_per_minute = 10000;
    dispatcher sender(ioc, executor_, {{"telegram", &adapter_}}, stats_, settings, tokens);
    executor_.start();
    sender.start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool loaded = false;
    while (std::chrono::steady_clock::now() < deadline) {
      ioc.run_for(std::chrono::milliseconds(20));
      loaded = loaded || sender.queued() > 0;
      if (loaded && sender.queued() == 0) break;
    }
    sender.stop();
    ioc.run_for(std::chrono::milliseconds(50));
    executor_.stop();
  }

  testing::temp_store temp_;
  storage::event_store events_;
  storage::community_store community_;
  storage::outbox_store outbox_;
  core::command_table commands_;
  testing::fake_clock clock_;
  first_answer_throws adapter_;
  core::metrics stats_;
  core::pipeline pipe_;
  core::core_executor executor_;
};

// A throw reading one answer once left the chat's lane marked busy for good: every later reply
// to that chat stayed pending. The call is now failed — not retried, as it may have gone
// through — and the chat's next call goes out.
TEST_F(DispatcherTest, AFailureReadingOneAnswerFailsThatCallAloneAndTheChatGoesOn) {
  queue_replies(2);
  dispatch();
  const auto count = [this](const std::string& where) {
    return temp_.db().query_int("SELECT COUNT(*) FROM outbox WHERE " + where);
  };
  const auto first = std::to_string(temp_.db().query_int("SELECT MIN(id) FROM outbox"));
  EXPECT_EQ(count("id = " + first +
                  " AND state = 'failed' AND last_error = 'Steward failed on "
                  "this call, which may have gone through: reader bug'"),
            1);
  EXPECT_EQ(count("id > " + first + " AND state = 'sent'"), 1);
  EXPECT_EQ(adapter_.answers_read(), 2) << "the failed call is not made again";
}

}  // namespace
}  // namespace steward::net
