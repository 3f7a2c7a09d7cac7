#include "bot/core/chat_owners.hpp"

#include <openssl/sha.h>

namespace steward::core {

int partition_of(std::string_view platform, std::string_view chat_id) {
  std::string key;
  key.reserve(platform.size() + 1 + chat_id.size());
  key.append(platform).append(1, ':').append(chat_id);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  return digest[0];
}

std::optional<std::string_view> chat_of(const inbound_update& update) {
  for (const auto& event : update.events) {
    if (!event.chat.chat_id.empty()) return std::string_view(event.chat.chat_id);
  }
  return std::nullopt;
}

chat_owners::chat_owners() {
  map_.mine.set();
}

bool chat_owners::mine(int partition) const {
  std::lock_guard lock(mutex_);
  return map_.mine.test(static_cast<std::size_t>(partition));
}

bool chat_owners::mine(const inbound_update& update) const {
  if (serves_all()) return true;
  const auto chat = chat_of(update);
  return !chat || mine(update.platform, *chat);
}

chat_owners::owner chat_owners::of(int partition) const {
  std::lock_guard lock(mutex_);
  const auto p = static_cast<std::size_t>(partition);
  if (map_.mine.test(p)) return {true, {}};
  return {false, map_.address[p]};
}

void chat_owners::assign(const assignment& next) {
  std::lock_guard lock(mutex_);
  const bool changed =
      next.mine != map_.mine || next.address != map_.address || next.instances != map_.instances;
  if (!changed) return;
  map_ = next;
  all_.store(next.mine.all(), std::memory_order_release);
  instances_.store(next.instances, std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_release);
}

void chat_owners::begin_send(int partition) const {
  sending_[static_cast<std::size_t>(partition)].fetch_add(1, std::memory_order_seq_cst);
}

void chat_owners::end_send(int partition) const {
  sending_[static_cast<std::size_t>(partition)].fetch_sub(1, std::memory_order_seq_cst);
}

bool chat_owners::sending(int partition) const {
  return sending_[static_cast<std::size_t>(partition)].load(std::memory_order_seq_cst) > 0;
}

void chat_owners::serve_none() {
  assignment none;
  none.instances = instances();
  assign(none);
}

}  // namespace steward::core
