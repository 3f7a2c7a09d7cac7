#include "storage/outbox_store.hpp"

#include <gtest/gtest.h>

#include "storage/transaction.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

TEST(OutboxStore, PendingRowsInIdOrderAfterACursor) {
  testing::temp_store temp;
  outbox_store outbox(temp.db());
  const auto a = outbox.enqueue({0, "telegram", "-1", "sendMessage", "{}", 0, 0, "", ""}, "e1", 1);
  const auto b =
      outbox.enqueue({0, "telegram", "-1", "deleteMessage", "{}", 0, 0, "", ""}, "e1", 1);
  EXPECT_LT(a, b);
  EXPECT_EQ(outbox.pending_after(0, 10).size(), 2u);
  EXPECT_EQ(outbox.pending_after(a, 10).at(0).method, "deleteMessage");
  EXPECT_EQ(outbox.pending_after(0, 10).at(0).label, "");
  outbox_row labelled{0, "telegram", "-1", "sendMessage", "{}", 0, 0, "", ""};
  labelled.label = "welcome";
  const auto c = outbox.enqueue(labelled, "e2", 1);
  EXPECT_EQ(outbox.pending_after(b, 10).at(0).label, "welcome");
  outbox.update({c, outbox_state::sent, 1, 0, "", ""}, 2);
  EXPECT_EQ(outbox.pending_count(), 2);

  outbox.update({a, outbox_state::sent, 1, 0, "", ""}, 2);
  outbox.update({b, outbox_state::pending, 2, 5000, "HTTP 502", ""}, 2);
  const auto rows = outbox.pending_after(0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_EQ(rows[0].next_attempt_at_ms, 5000);
  EXPECT_EQ(outbox.pending_count(), 1);
}

// The depth is a counter, not a COUNT(*) per batch; it must still agree with the table after
// finished rows are reported again and after changes are rolled back (then it counts again).
TEST(OutboxStore, PendingCounterAgreesWithTheTableThroughRollbacksAndRepeatedReports) {
  testing::temp_store temp;
  outbox_store outbox(temp.db());
  const auto count_rows = [&] {
    return temp.db().query_int("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
  };
  const outbox_row call{0, "telegram", "-1", "sendMessage", "{}", 0, 0, "", ""};
  EXPECT_EQ(outbox.pending_count(), 0);
  const auto a = outbox.enqueue(call, "e1", 1);
  outbox.enqueue(call, "e1", 1);
  {
    write_transaction tx(temp.db());
    savepoint undone(temp.db(), "undone");
    outbox.enqueue(call, "e2", 1);
    outbox.update({a, outbox_state::sent, 1, 0, "", ""}, 2);
    EXPECT_EQ(outbox.pending_count(), 2);
    undone.rollback();
    tx.commit();
  }
  EXPECT_EQ(outbox.pending_count(), 2);
  EXPECT_EQ(outbox.pending_count(), count_rows());

  EXPECT_TRUE(outbox.update({a, outbox_state::sent, 1, 0, "", ""}, 3));
  // Already finished: a template send is counted once, on the report that finished it.
  EXPECT_FALSE(outbox.update({a, outbox_state::dead, 2, 0, "late report", ""}, 4));
  EXPECT_EQ(temp.db().query_int("SELECT COUNT(*) FROM outbox WHERE id = " + std::to_string(a) +
                                " AND state = 'sent' AND attempts = 1"),
            1);  // the late report changed nothing
  EXPECT_EQ(outbox.pending_count(), 1);
  EXPECT_EQ(outbox.pending_count(), count_rows());
  EXPECT_EQ(outbox_store(temp.db()).pending_count(), 1);  // a new store counts the table once
}

}  // namespace
}  // namespace steward::storage
