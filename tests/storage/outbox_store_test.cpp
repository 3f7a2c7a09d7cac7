#include "storage/outbox_store.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_database.hpp"

namespace steward::storage {
namespace {

TEST(OutboxStore, PendingRowsInIdOrderAfterACursor) {
  testing::temp_database temp;
  outbox_store outbox(temp.db());
  const auto a = outbox.enqueue({0, "telegram", "-1", "sendMessage", "{}", 0, 0, "", ""}, "e1", 1);
  const auto b =
      outbox.enqueue({0, "telegram", "-1", "deleteMessage", "{}", 0, 0, "", ""}, "e1", 1);
  EXPECT_LT(a, b);
  EXPECT_EQ(outbox.pending_after(0, 10).size(), 2u);
  EXPECT_EQ(outbox.pending_after(a, 10).at(0).method, "deleteMessage");
  EXPECT_EQ(outbox.pending_count(), 2);

  outbox.update({a, outbox_state::sent, 1, 0, "", ""}, 2);
  outbox.update({b, outbox_state::pending, 2, 5000, "HTTP 502", ""}, 2);
  const auto rows = outbox.pending_after(0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_EQ(rows[0].next_attempt_at_ms, 5000);
  EXPECT_EQ(outbox.pending_count(), 1);
}

}  // namespace
}  // namespace steward::storage
