#include "storage/community_store.hpp"

#include <gtest/gtest.h>

#include "storage/checkin_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/transaction.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

class CommunityStoreTest : public ::testing::Test {
 protected:
  CommunityStoreTest() : community_(temp_.db()), ledger_(temp_.db()), checkins_(temp_.db()) {}

  member_row member_in(const std::string& chat, const std::string& user, std::int64_t points) {
    const auto group = community_.ensure_group({"telegram", chat, "G", true}, "Asia/Shanghai", 1);
    auto member = community_.ensure_member(group.id, {user, "N" + user, "", false, {}}, 1);
    if (points != 0) {
      ledger_.append({member.id, points, "test", "", chat + ":" + user + ":seed", 1});
    }
    return member;
  }

  testing::temp_store temp_;
  community_store community_;
  ledger_store ledger_;
  checkin_store checkins_;
};

TEST_F(CommunityStoreTest, GroupsAndMembersAreCreatedOnceAndRefreshed) {
  const auto g1 = community_.ensure_group({"telegram", "-1", "First", true}, "UTC", 1);
  const auto g2 = community_.ensure_group({"telegram", "-1", "Renamed", true}, "Asia/Tokyo", 2);
  EXPECT_EQ(g1.id, g2.id);
  EXPECT_EQ(g2.title, "Renamed");
  EXPECT_EQ(g2.time_zone, "UTC");  // the default applies only to new groups

  const auto m1 = community_.ensure_member(g1.id, {"5", "Ann", "ann", false, {}}, 1);
  const auto m2 = community_.ensure_member(g1.id, {"5", "", "", false, {}}, 2);
  EXPECT_EQ(m1.id, m2.id);
  EXPECT_EQ(m2.display_name, "Ann");  // an empty name does not erase the known one
}

// Groups are cached on the core thread; what the cache returns must be what the file holds.
TEST_F(CommunityStoreTest, CachedGroupsFollowWritesAndForgetWhatARollbackUndid) {
  const auto group = community_.ensure_group({"telegram", "-7", "G", true}, "UTC", 1);
  community_.learn_bot_rights(group.id, {true, true, std::nullopt, std::nullopt, std::nullopt});
  community_.set_group_time_zone(group.id, "Asia/Tokyo");
  auto found = community_.find_group("telegram", "-7");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->time_zone, "Asia/Tokyo");
  EXPECT_EQ(found->bot.is_admin, true);

  {
    write_transaction tx(temp_.db());
    savepoint undone(temp_.db(), "undone");
    community_.ensure_group({"telegram", "-8", "New", true}, "UTC", 2);
    community_.ensure_group({"telegram", "-7", "Renamed", true}, "UTC", 2);
    EXPECT_TRUE(community_.find_group("telegram", "-8"));
    undone.rollback();
    tx.commit();
  }
  EXPECT_FALSE(community_.find_group("telegram", "-8"));
  EXPECT_EQ(community_.find_group("telegram", "-7")->title, "G");

  community_.migrate_chat("telegram", "-7", "-1007", 3);
  EXPECT_EQ(community_.find_group("telegram", "-1007")->id, group.id);
  EXPECT_EQ(community_.find_group("telegram", "-7")->id, group.id);  // the old id follows
}

TEST_F(CommunityStoreTest, ActivityJoinAndLeave) {
  const auto m = member_in("-1", "5", 0);
  community_.record_message(m.id, 100, true);
  community_.record_message(m.id, 90, true);  // out of order: last_active never goes back
  community_.record_leave(m.id, 110);
  EXPECT_EQ(temp_.db().query_int("SELECT message_count FROM members"), 2);
  EXPECT_EQ(temp_.db().query_int("SELECT last_active FROM members"), 100);
  EXPECT_EQ(temp_.db().query_int("SELECT status = 'left' FROM members"), 1);
  community_.record_join(m.id, 120);
  EXPECT_EQ(temp_.db().query_int("SELECT status = 'member' AND left_at IS NULL FROM members"), 1);
  // Speaking after a leave that was seen (the join was missed): in the group again.
  community_.record_leave(m.id, 130);
  community_.record_message(m.id, 140, false);
  EXPECT_EQ(temp_.db().query_int("SELECT status = 'member' FROM members"), 1);
  EXPECT_EQ(temp_.db().query_int("SELECT message_count FROM members"), 3);
}

// /points gives the place the points board gives: ties in row order, members who left and
// members hidden from boards not counted.
TEST_F(CommunityStoreTest, RankIsThePlaceOnThePointsBoard) {
  const auto a = member_in("-1", "a", 30);
  const auto b = member_in("-1", "b", 20);
  const auto c = member_in("-1", "c", 20);
  member_in("-2", "d", 99);  // another group does not count
  EXPECT_EQ(community_.rank_by_points(b.group_id, a.id, 30), 1);
  EXPECT_EQ(community_.rank_by_points(b.group_id, b.id, 20), 2);
  EXPECT_EQ(community_.rank_by_points(b.group_id, c.id, 20), 3);  // tied, listed after b
  community_.record_leave(a.id, 100);
  EXPECT_EQ(community_.rank_by_points(b.group_id, b.id, 20), 1);
  community_.record_join(a.id, 200);  // back: on the board again
  community_.set_hidden(a.id, true);
  EXPECT_EQ(community_.rank_by_points(b.group_id, c.id, 20), 2);
}

TEST_F(CommunityStoreTest, MigrationMovesTheGroupToItsNewChatId) {
  const auto before = member_in("-4001", "5", 40);
  community_.migrate_chat("telegram", "-4001", "-1004001", 2);
  const auto after = community_.ensure_group({"telegram", "-1004001", "", true}, "UTC", 3);
  EXPECT_EQ(after.id, before.group_id);
  EXPECT_EQ(after.chat_id, "-1004001");
  // Late events still addressed to the old id find the same group.
  EXPECT_EQ(community_.ensure_group({"telegram", "-4001", "", true}, "UTC", 3).id, after.id);
  EXPECT_EQ(community_.ensure_member(after.id, {"5", "", "", false, {}}, 3).points, 40);
}

TEST_F(CommunityStoreTest, MigrationFoldsAGroupThatTheNewIdAlreadyHad) {
  const auto old_ann = member_in("-4001", "ann", 40);
  checkins_.insert(old_ann.id, {100, "d100", 3, 14}, "e", 1);
  const auto new_ann = member_in("-1004001", "ann", 10);
  const auto new_bo = member_in("-1004001", "bo", 5);
  community_.migrate_chat("telegram", "-4001", "-1004001", 2);

  const auto group = community_.ensure_group({"telegram", "-1004001", "", true}, "UTC", 3);
  EXPECT_EQ(group.id, old_ann.group_id);
  const auto ann = community_.ensure_member(group.id, {"ann", "", "", false, {}}, 3);
  const auto bo = community_.ensure_member(group.id, {"bo", "", "", false, {}}, 3);
  EXPECT_EQ(ann.points, 50);
  EXPECT_EQ(bo.points, 5);
  EXPECT_EQ(checkins_.latest(ann.id)->streak, 3);
  // Every member's balance still equals its ledger, the folded ones included (now zero).
  for (auto id : {ann.id, bo.id, new_ann.id, new_bo.id}) {
    EXPECT_EQ(ledger_.balance(id), ledger_.ledger_sum(id)) << id;
  }
  EXPECT_EQ(ledger_.balance(new_ann.id), 0);
}

}  // namespace
}  // namespace steward::storage
