#include "bot/core/metrics.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

namespace steward::core {
namespace {

TEST(Metrics, EveryMetricHasHelpAndTypeAndEverySeriesBelongsToOne) {
  metrics m;
  m.count_event("telegram", "processed");
  m.count(tally{tally_kind::moderation, {"wechat", "delete"}});
  m.count(tally{tally_kind::checkin, {"telegram"}});
  m.count(tally{tally_kind::redemption, {"telegram", "mug"}});
  m.count_api_request("/api/v1/groups", "GET", 200);
  m.record_dispatch_wait(0.3);
  const std::string text = m.render();

  std::set<std::string> helped, typed;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      helped.insert(line.substr(7, line.find(' ', 7) - 7));
    } else if (line.rfind("# TYPE ", 0) == 0) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
    } else {
      std::string name = line.substr(0, line.find_first_of("{ "));
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s = suffix;
        if (name.size() > s.size() && name.ends_with(s) &&
            typed.contains(name.substr(0, name.size() - s.size()))) {
          name = name.substr(0, name.size() - s.size());
        }
      }
      EXPECT_TRUE(helped.contains(name) && typed.contains(name)) << line;
    }
  }
  EXPECT_EQ(helped, typed);
  for (const char* name : {"steward_build_info", "steward_moderation_verdicts_total",
                           "steward_checkins_total", "steward_redemptions_total",
                           "steward_api_requests_total", "steward_dispatch_queue_seconds"}) {
    EXPECT_TRUE(helped.contains(name)) << name;
  }
  EXPECT_NE(text.find("steward_moderation_verdicts_total{rule=\"wechat\",action=\"delete\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("steward_api_requests_total{route=\"/api/v1/groups\",method=\"GET\","
                      "status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("steward_build_info{version=\"" + std::string(version()) + "\"} 1"),
            std::string::npos);
}

TEST(Metrics, LabelValuesAreEscaped) {
  counter_family family("x_total", "X.", {"item"});
  family.add({"a\"b\\c\nd"});
  std::string out;
  family.render(out);
  EXPECT_NE(out.find(R"(x_total{item="a\"b\\c\nd"} 1)"), std::string::npos) << out;
}

}  // namespace
}  // namespace steward::core
