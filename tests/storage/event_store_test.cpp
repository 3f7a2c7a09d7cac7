#include "storage/event_store.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

TEST(EventStore, RecordsEachUpdateOncePerPlatform) {
  testing::temp_store temp;
  event_store events(temp.db());
  EXPECT_TRUE(events.record("telegram", "1", 100));
  EXPECT_FALSE(events.record("telegram", "1", 101));
  EXPECT_TRUE(events.record("slack", "1", 101));
}

TEST(EventStore, PruneForgetsOnlyOldUpdates) {
  testing::temp_store temp;
  event_store events(temp.db());
  events.record("telegram", "old", 100);
  events.record("telegram", "new", 200);
  EXPECT_EQ(events.prune(150), 1);
  EXPECT_TRUE(events.record("telegram", "old", 300));
  EXPECT_FALSE(events.record("telegram", "new", 300));
}

}  // namespace
}  // namespace steward::storage
