#pragma once

#include <memory>
#include <string>

#include "bot/core/chat_owners.hpp"
#include "storage/statement.hpp"

namespace steward::storage::postgresql {

class pg_backend;

/// Shares the chat partitions out between the instances serving one database. Each partition
/// is a session advisory lock held by the instance that serves it, so an instance that dies —
/// or loses its connection — frees its partitions with its session, and no lease can outlive
/// the session that writes for it. Every instance holds a shared "serving" lock too: their
/// number sets each one's fair share, ⌈256 / instances⌉, towards which keep() takes free
/// partitions or gives back surplus ones (once the calls in flight for their chats are recorded).
/// Another instance's address is its session's `application_name` ("steward <address>"), so updates
/// for its chats can be forwarded to it.
class partition_leases {
 public:
  /// `address` is this instance's base URL as the others reach it ("" when it has none: the
  /// others then answer 503 for its chats rather than forward them).
  partition_leases(pg_backend& db, std::string address, core::chat_owners& owners);
  ~partition_leases();

  /// For every new session (pg_backend::on_session): names the session after this instance,
  /// takes the serving lock and its share of partitions (nothing of the old session's is held).
  void begin_session();
  /// Takes free partitions up to the fair share or gives back surplus ones, then publishes the
  /// map to `owners`. Called about once a second on the thread that uses the connection.
  void keep();

 private:
  void take_share(core::chat_owners::assignment& map,
                  const std::bitset<core::chat_partitions>& held, std::size_t share);
  /// Stops serving surplus partitions; they are unlocked by let_go_quiet() at a later keep.
  void give_back(core::chat_owners::assignment& map, std::size_t share);
  /// Serves again partitions on their way out, up to the share.
  void keep_leaving(core::chat_owners::assignment& map, std::size_t share);
  /// Unlocks the partitions on their way out that have no call in flight or unrecorded.
  void let_go_quiet();

  pg_backend& db_;
  std::string address_;
  core::chat_owners& owners_;
  std::unique_ptr<statement> read_map_;
  std::unique_ptr<statement> try_lock_;
  std::unique_ptr<statement> unlock_;
  /// Partitions given back but still locked: served by no one until their calls in flight are
  /// recorded (the next owner would find those rows pending and make the calls again).
  std::bitset<core::chat_partitions> leaving_;
};

}  // namespace steward::storage::postgresql
