#pragma once

#include <array>
#include <atomic>
#include <bitset>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/chat_event.hpp"

namespace steward::core {

/// Chats are shared out between instances in this many partitions (docs/postgresql.md).
inline constexpr int chat_partitions = 256;

/// The partition a chat belongs to: the first byte of SHA-256("<platform>:<chat id>"), which
/// PostgreSQL computes as `get_byte(sha256(convert_to(platform || ':' || chat_id, 'UTF8')), 0)`.
int partition_of(std::string_view platform, std::string_view chat_id);

/// The chat an update belongs to (its first event's), or none (an update of no chat).
std::optional<std::string_view> chat_of(const inbound_update& update);

/// Which instance serves each partition of chats: this one, another (reached at its address),
/// or none right now. Written by the lease keeper on the core thread, read by any thread. One
/// instance (SQLite, or PostgreSQL before it is shared) serves every partition.
class chat_owners {
 public:
  /// Who serves a partition.
  struct owner {
    bool mine = false;
    std::string address;  ///< another instance's base URL ("http://10.0.0.5:8080"); "" none
  };
  /// The whole map, as the lease keeper read it from the database.
  struct assignment {
    std::bitset<chat_partitions> mine;
    std::array<std::string, chat_partitions> address;  ///< of the others' partitions
    int instances = 1;                                 ///< live instances, this one included
  };

  /// Starts with every partition this instance's.
  chat_owners();

  /// Whether this instance serves the partition now.
  bool mine(int partition) const;
  /// Whether this instance serves the chat now.
  bool mine(std::string_view platform, std::string_view chat_id) const {
    return serves_all() || mine(partition_of(platform, chat_id));
  }
  /// Whether this instance serves every partition (alone: nothing to hash or forward).
  bool serves_all() const { return all_.load(std::memory_order_acquire); }
  /// Whether this instance serves the update's chat (an update of no chat: always).
  bool mine(const inbound_update& update) const;
  /// Who serves the partition.
  owner of(int partition) const;
  /// The owner of partition 0 also runs the community-wide work of the clock (scheduled posts,
  /// reviews, retention), so it runs once however many instances serve.
  bool leads() const { return mine(0); }
  /// Live instances sharing the platforms' global rate limits (1 alone).
  int instances() const { return instances_.load(std::memory_order_relaxed); }
  /// Grows with every change of the map: whoever keeps per-chat work checks it.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  /// Replaces the map; counts a new generation only when something changed.
  void assign(const assignment& next);
  /// Serves nothing (the database session holding the leases is gone).
  void serve_none();

  /// A call is about to be made for a chat of the partition (the dispatcher, which then checks
  /// that the partition is still its own: a partition given back meanwhile is not sent for).
  void begin_send(int partition) const;
  /// The outcome of a call counted by begin_send() is committed (or lost with its batch).
  void end_send(int partition) const;
  /// Whether calls for the partition's chats are in flight or their outcomes uncommitted: the
  /// partition is not given back then, or its next owner would find their rows still pending
  /// and make the calls again.
  bool sending(int partition) const;

 private:
  mutable std::array<std::atomic<int>, chat_partitions> sending_{};
  mutable std::mutex mutex_;
  assignment map_;
  std::atomic<bool> all_{true};
  std::atomic<int> instances_{1};
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace steward::core
