#include "bot/net/detail/loaded_rows.hpp"

#include <gtest/gtest.h>

namespace steward::net {
namespace {

TEST(LoadedRows, ARowReadAgainWhileLoadedIsNotTakenTwice) {
  loaded_rows rows;
  const auto first = rows.read_asked();
  rows.read_answered(first);
  EXPECT_TRUE(rows.take(5));
  const auto rescan = rows.read_asked();
  rows.read_answered(rescan);
  EXPECT_FALSE(rows.take(5));
  EXPECT_EQ(rows.held(), 1u);
}

// Three instances sent one reply twice under ThreadSanitizer: a rescan read the row while its
// send was in flight, the send finished, and then the rescan's answer was taken — the row was
// no longer held, so it was queued and sent again.
TEST(LoadedRows, ARowFinishedAfterAReadWasAskedIsNotTakenFromThatRead) {
  loaded_rows rows;
  const auto first = rows.read_asked();
  rows.read_answered(first);
  ASSERT_TRUE(rows.take(5));
  const auto asked_in_flight = rows.read_asked();  // finds row 5 still pending
  rows.finish(5);                                  // sent: its outcome goes to the core
  rows.read_answered(asked_in_flight);
  EXPECT_FALSE(rows.take(5));
  EXPECT_EQ(rows.held(), 0u);
}

TEST(LoadedRows, AFinishedRowStillPendingToALaterReadIsTakenAgain) {
  // Its outcome was not committed (the batch failed): the row is pending, and is sent again.
  loaded_rows rows;
  rows.read_answered(rows.read_asked());
  ASSERT_TRUE(rows.take(5));
  rows.finish(5);
  rows.read_answered(rows.read_asked());
  EXPECT_TRUE(rows.take(5));
}

TEST(LoadedRows, ARowLetGoUnfinishedMayBeTakenAtOnce) {
  // Its chat moved away and back: nothing was sent, so nothing guards it.
  loaded_rows rows;
  const auto read = rows.read_asked();
  rows.read_answered(read);
  ASSERT_TRUE(rows.take(5));
  const auto again = rows.read_asked();
  rows.release(5);
  rows.read_answered(again);
  EXPECT_TRUE(rows.take(5));
}

}  // namespace
}  // namespace steward::net
