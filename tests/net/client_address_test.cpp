#include "bot/net/detail/client_address.hpp"

#include <gtest/gtest.h>

namespace steward::net {
namespace {

TEST(ClientAddress, OnlyLocalAndPrivatePeersMayBeProxies) {
  for (const char* proxy : {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.9", "172.31.255.1",
                            "192.168.1.1", "fd00::5", "::ffff:172.18.0.2"}) {
    EXPECT_TRUE(may_be_proxy(proxy)) << proxy;
  }
  for (const char* remote : {"203.0.113.7", "172.32.0.1", "172.15.0.1", "8.8.8.8", "2001:db8::1",
                             "::ffff:8.8.8.8", "", "not an address"}) {
    EXPECT_FALSE(may_be_proxy(remote)) << remote;
  }
}

TEST(ClientAddress, AProxyNamesTheClientARemotePeerCannot) {
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", ""), "203.0.113.7");
  EXPECT_EQ(client_address("172.18.0.2", "", "10.0.0.1, 198.51.100.4"), "198.51.100.4");
  EXPECT_EQ(client_address("127.0.0.1", "", "198.51.100.4"), "198.51.100.4");
  EXPECT_EQ(client_address("127.0.0.1", "", ""), "127.0.0.1");
  EXPECT_EQ(client_address("203.0.113.7", "1.2.3.4", "5.6.7.8"), "203.0.113.7");
}

}  // namespace
}  // namespace steward::net
