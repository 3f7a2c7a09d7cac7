// Which instance serves a chat: the partition a chat hashes into, and the map the lease keeper
// publishes for the router, the core and the dispatcher.
#include "bot/core/chat_owners.hpp"

#include <gtest/gtest.h>

#include <set>

namespace steward::core {
namespace {

TEST(ChatOwners, AChatsPartitionIsTheFirstByteOfItsSha256) {
  // sha256("telegram:-1001234567890") = 0x58…, sha256("slack:C0123ABC") = 0x02… (sha256sum).
  EXPECT_EQ(partition_of("telegram", "-1001234567890"), 0x58);
  EXPECT_EQ(partition_of("slack", "C0123ABC"), 0x02);
  std::set<int> seen;
  for (int chat = 0; chat < 2000; ++chat)
    seen.insert(partition_of("telegram", std::to_string(-100000 - chat)));
  EXPECT_EQ(seen.size(), 256u) << "2000 chats should reach every partition";
}

TEST(ChatOwners, AloneEveryChatIsMine) {
  chat_owners owners;
  EXPECT_TRUE(owners.serves_all());
  EXPECT_TRUE(owners.leads());
  EXPECT_TRUE(owners.mine("telegram", "-1001234567890"));
  EXPECT_EQ(owners.instances(), 1);
}

TEST(ChatOwners, TheMapSaysWhoServesEachPartitionAndCountsItsChanges) {
  chat_owners owners;
  chat_owners::assignment map;
  for (int p = 0; p < 128; ++p)
    map.mine.set(static_cast<std::size_t>(p));
  for (int p = 128; p < 255; ++p)
    map.address[static_cast<std::size_t>(p)] = "http://10.0.0.6:8080";
  map.instances = 2;
  const auto before = owners.generation();
  owners.assign(map);
  EXPECT_EQ(owners.generation(), before + 1);
  owners.assign(map);  // the same map again: nothing changed
  EXPECT_EQ(owners.generation(), before + 1);

  EXPECT_FALSE(owners.serves_all());
  EXPECT_TRUE(owners.leads());
  EXPECT_EQ(owners.instances(), 2);
  EXPECT_TRUE(owners.of(5).mine);
  EXPECT_FALSE(owners.of(200).mine);
  EXPECT_EQ(owners.of(200).address, "http://10.0.0.6:8080");
  EXPECT_EQ(owners.of(255).address, "") << "no instance holds partition 255";
  EXPECT_EQ(owners.mine("telegram", "-1001234567890"), 0x58 < 128);
  EXPECT_TRUE(owners.mine("slack", "C0123ABC")) << "partition 2 is mine";
}

TEST(ChatOwners, AnUpdateBelongsToItsFirstChat) {
  chat_owners owners;
  chat_owners::assignment none;
  owners.assign(none);
  inbound_update update;
  update.platform = "slack";
  EXPECT_TRUE(owners.mine(update)) << "an update of no chat is served wherever it arrives";
  chat_event event;
  event.chat.chat_id = "C0123ABC";
  update.events.push_back(event);
  EXPECT_FALSE(owners.mine(update));
  ASSERT_TRUE(chat_of(update).has_value());
  EXPECT_EQ(*chat_of(update), "C0123ABC");
  owners.serve_none();
  EXPECT_FALSE(owners.leads());
}

}  // namespace
}  // namespace steward::core
