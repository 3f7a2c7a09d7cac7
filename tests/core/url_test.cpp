#include "bot/core/url.hpp"

#include <gtest/gtest.h>

namespace steward::core {
namespace {

TEST(ParseUrl, SchemesHostsPortsAndTargets) {
  auto u = parse_url("https://api.telegram.org");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "api.telegram.org");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/");

  u = parse_url("http://127.0.0.1:8081/bot1:T/sendMessage");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->port, "8081");
  EXPECT_EQ(u->target, "/bot1:T/sendMessage");

  u = parse_url("http://[::1]:9000/x");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "9000");
}

TEST(ParseUrl, RejectsOtherSchemesAndBadPorts) {
  EXPECT_FALSE(parse_url("ftp://x"));
  EXPECT_FALSE(parse_url("api.telegram.org"));
  EXPECT_FALSE(parse_url("https://"));
  EXPECT_FALSE(parse_url("http://host:http/"));
}

TEST(LoopbackHost, OnlyLocalAddresses) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("api.telegram.org"));
}

}  // namespace
}  // namespace steward::core
