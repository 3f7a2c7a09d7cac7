// Two instances on one PostgreSQL database, each with its own connection and transaction: what
// one is committing, the other waits for and then sees as taken — a redelivered update is a
// duplicate, a check-in counts once, the last item goes once.
#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "storage/badge_store.hpp"
#include "storage/checkin_store.hpp"
#include "storage/community_store.hpp"
#include "storage/event_store.hpp"
#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/migrations.hpp"
#include "storage/shop_store.hpp"
#include "storage/transaction.hpp"
#include "tests/postgresql/pg_test_schema.hpp"

namespace steward::storage {
namespace {

using namespace std::chrono_literals;

class TwoInstances : public ::testing::Test {
 protected:
  TwoInstances() { postgresql::migrate(first_.native()); }

  /// Whether `work` on the second connection is still waiting after a moment: it can only end
  /// once the first connection's transaction does.
  template <typename T>
  static bool still_waiting(std::future<T>& work) {
    return work.wait_for(300ms) == std::future_status::timeout;
  }

  /// Runs `work` on the second connection in a transaction of its own, committed, on a thread:
  /// the second instance handling its update while the first's batch is still open.
  template <typename Work>
  auto on_second_instance(Work work) {
    return std::async(std::launch::async, [this, work] {
      write_transaction second_batch(second_);
      const auto out = work();
      second_batch.commit();
      return out;
    });
  }

  testing::pg_test_schema schema_;
  postgresql::pg_backend first_{schema_.conninfo()};
  postgresql::pg_backend second_{schema_.conninfo()};
};

TEST_F(TwoInstances, ARedeliveryWhileTheFirstIsCommittingIsADuplicate) {
  event_store on_first(first_);
  event_store on_second(second_);
  write_transaction first_batch(first_);
  ASSERT_TRUE(on_first.record("telegram", "42", 1));
  auto redelivery = on_second_instance([&] { return on_second.record("telegram", "42", 2); });
  EXPECT_TRUE(still_waiting(redelivery));
  first_batch.commit();
  EXPECT_FALSE(redelivery.get());
  EXPECT_EQ(first_.query_int("SELECT COUNT(*) FROM processed_events"), 1);
}

TEST_F(TwoInstances, ARedeliveryAfterTheFirstRolledBackIsProcessed) {
  event_store on_first(first_);
  event_store on_second(second_);
  auto redelivery = std::async(std::launch::deferred, [] { return false; });
  {
    write_transaction first_batch(first_);
    ASSERT_TRUE(on_first.record("telegram", "42", 1));
    redelivery = on_second_instance([&] { return on_second.record("telegram", "42", 2); });
    EXPECT_TRUE(still_waiting(redelivery));
  }  // the first batch fails: rolled back, its update not acknowledged
  EXPECT_TRUE(redelivery.get());
  EXPECT_EQ(first_.query_int("SELECT received_at FROM processed_events"), 2);
}

TEST_F(TwoInstances, ACheckInCountsOncePerMemberAndDay) {
  community_store community(first_);
  const auto group = community.ensure_group({"telegram", "-100", "G", true}, "UTC", 1);
  const auto member = community.ensure_member(group.id, {"7", "Ann", "", false, {}}, 1).id;
  checkin_store on_first(first_);
  checkin_store on_second(second_);
  const checkin_row today{20000, "2024-10-04", 1, 10};
  write_transaction first_batch(first_);
  ASSERT_TRUE(on_first.insert(member, today, "e1", 100));
  auto again = on_second_instance([&] { return on_second.insert(member, today, "e2", 101); });
  EXPECT_TRUE(still_waiting(again));
  first_batch.commit();
  EXPECT_FALSE(again.get());
  EXPECT_EQ(first_.query_int("SELECT COUNT(*) FROM checkins"), 1);
}

TEST_F(TwoInstances, TheLastItemGoesOnce) {
  community_store community(first_);
  const auto group = community.ensure_group({"telegram", "-100", "G", true}, "UTC", 1);
  const auto ann = community.ensure_member(group.id, {"7", "Ann", "", false, {}}, 1).id;
  const auto bo = community.ensure_member(group.id, {"8", "Bo", "", false, {}}, 1).id;
  shop_store shop_on_first(first_);
  shop_store shop_on_second(second_);
  shop_item mug;
  mug.id = "mug";
  mug.name = "Mug";
  mug.price = 10;
  mug.stock = 1;
  shop_on_first.save_item(mug);

  // As the shop handler redeems: find the item, count what is taken, then record.
  const auto redeem = [](shop_store& shop, std::int64_t member, const std::string& code) {
    const auto item = shop.find_item("mug");
    if (!item || shop.taken(item->id) >= *item->stock) return false;
    return shop.insert({0, code, item->id, member, item->price, "pending"}, code, 100);
  };
  write_transaction first_batch(first_);
  ASSERT_TRUE(redeem(shop_on_first, ann, "AAAA-AAAA"));
  auto second = on_second_instance([&] { return redeem(shop_on_second, bo, "BBBB-BBBB"); });
  EXPECT_TRUE(still_waiting(second));  // on the item's row
  first_batch.commit();
  EXPECT_FALSE(second.get());
  EXPECT_EQ(first_.query_int("SELECT COUNT(*) FROM redemptions"), 1);
}

TEST_F(TwoInstances, OneAnnouncementPerPaceWhateverInstanceAwards) {
  community_store community(first_);
  const auto group = community.ensure_group({"telegram", "-100", "G", true}, "UTC", 1);
  const auto ann = community.ensure_member(group.id, {"7", "Ann", "", false, {}}, 1).id;
  const auto bo = community.ensure_member(group.id, {"8", "Bo", "", false, {}}, 1).id;
  badge_store on_first(first_);
  badge_store on_second(second_);
  {
    write_transaction earlier(first_);
    on_first.record_announcement(ann, 10);
    earlier.commit();
  }
  write_transaction first_batch(first_);
  ASSERT_TRUE(on_first.take_announcement(ann, 100, 60));
  auto second = on_second_instance([&] { return on_second.take_announcement(bo, 101, 60); });
  EXPECT_TRUE(still_waiting(second));  // on the group's pace row
  first_batch.commit();
  EXPECT_FALSE(second.get());  // re-read as committed: 1 s after Ann's
  EXPECT_EQ(first_.query_int("SELECT announced_at FROM badge_pace"), 100);
}

}  // namespace
}  // namespace steward::storage
