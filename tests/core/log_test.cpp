#include "bot/core/log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace steward::core {
namespace {

/// Routes the default logger into a string for one test, and puts the old one back.
class captured_log {
 public:
  captured_log() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~captured_log() {
    spdlog::set_default_logger(previous_);
    spdlog::set_pattern("%+");  // the default text format, for the tests that follow
  }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST(Log, TextRecordsAreLogfmtAfterTheSentence) {
  captured_log captured;
  spdlog::set_pattern("%v");
  log_warn("dispatch.refused", "the platform refused the call",
           {field("chat", "-100"), field("error", "Bad Request: not enough \"rights\""),
            field("attempt", 2), field("member", "")});
  EXPECT_EQ(captured.text(),
            "dispatch.refused: the platform refused the call chat=-100 "
            "error=\"Bad Request: not enough \\\"rights\\\"\" attempt=2 member=\"\"\n");
}

TEST(Log, JsonRecordsCarryEveryFieldTyped) {
  captured_log captured;
  use_json_logs();
  log_info("update", "processed",
           {field("platform", "telegram"), field("update_id", "42"), field("chat", "-100"),
            field("latency_ms", 1.5), field("actions", 2)});
  spdlog::info("a record from a library: {}", "no fields");
  std::istringstream lines(captured.text());
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  const auto record = nlohmann::json::parse(first);
  EXPECT_EQ(record["level"], "info");
  EXPECT_EQ(record["event"], "update");
  EXPECT_EQ(record["message"], "processed");
  EXPECT_EQ(record["platform"], "telegram");
  EXPECT_EQ(record["update_id"], "42");  // ids stay text
  EXPECT_EQ(record["chat"], "-100");
  EXPECT_DOUBLE_EQ(record["latency_ms"].get<double>(), 1.5);
  EXPECT_EQ(record["actions"], 2);
  const std::string time = record["time"];
  ASSERT_EQ(time.size(), 24u) << time;  // 2026-11-29T17:20:01.123Z
  EXPECT_EQ(time.back(), 'Z');
  const auto plain = nlohmann::json::parse(second);
  EXPECT_EQ(plain["event"], "log");
  EXPECT_EQ(plain["message"], "a record from a library: no fields");
}

TEST(Log, LogfmtQuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(logfmt_value("plain_token-1.2:3"), "plain_token-1.2:3");
  EXPECT_EQ(logfmt_value("two words"), "\"two words\"");
  EXPECT_EQ(logfmt_value("a=b"), "\"a=b\"");
  EXPECT_EQ(logfmt_value("line\nbreak"), "\"line\\nbreak\"");
  EXPECT_EQ(logfmt_value(""), "\"\"");
}

}  // namespace
}  // namespace steward::core
