#include "storage/postgresql/partition_leases.hpp"

#include "bot/core/log.hpp"
#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/lock_keys.hpp"
#include "storage/postgresql/migrations.hpp"

namespace steward::storage::postgresql {

partition_leases::partition_leases(pg_backend& db, std::string address, core::chat_owners& owners)
    : db_(db), address_(std::move(address)), owners_(owners) {}

partition_leases::~partition_leases() = default;

void partition_leases::begin_session() {
  owners_.serve_none();  // the old session's partitions went with it
  leaving_.reset();
  // Prepared statements belong to the session: made again in each.
  const std::string space(lock_space);
  read_map_ = db_.prepare(("SELECT l.objid::bigint, CAST(l.pid = pg_backend_pid() AS integer), "
                           "coalesce(a.application_name, '')" +
                           std::string(granted_locks))
                              .c_str());
  try_lock_ = db_.prepare(
      ("SELECT CAST(pg_try_advisory_lock(" + space + ", CAST(? AS integer)) AS integer)").c_str());
  unlock_ = db_.prepare(("SELECT pg_advisory_unlock(" + space + ", CAST(? AS integer))").c_str());
  auto name = db_.prepare("SELECT set_config('application_name', ?, false)");
  name->bind(1, std::string(instance_name_prefix) + address_);
  name->step();
  name->reset();
  db_.query_int("SELECT count(*) FROM (SELECT pg_advisory_lock_shared(" + space + ", " +
                std::to_string(serving_marker) + ")) AS taken");
  // Checked with the serving lock held: a step that needs every instance stopped holds that
  // lock exclusively while it applies, so the schema read here cannot change under a serving
  // session. A session of an older build meeting such a step throws, and is not kept.
  require_servable(db_.native());
  keep();
}

void partition_leases::keep() {
  core::chat_owners::assignment map;
  std::bitset<core::chat_partitions> held;  // by anyone
  std::size_t instances = 0;
  auto& rows = *read_map_;
  rows.reset();
  while (rows.step()) {
    const auto key = rows.integer(0);
    if (key == serving_marker) {
      ++instances;
      continue;
    }
    if (key < 0 || key >= core::chat_partitions) continue;
    const auto p = static_cast<std::size_t>(key);
    held.set(p);
    if (rows.integer(1) != 0) {
      map.mine.set(p);
    } else {
      auto name = rows.text(2);
      map.address[p] =
          name.rfind(instance_name_prefix, 0) == 0 ? name.substr(instance_name_prefix.size()) : "";
    }
  }
  rows.reset();
  if (instances == 0) instances = 1;  // our own marker is gone only with our session
  map.instances = static_cast<int>(instances);
  const std::size_t share = (core::chat_partitions + instances - 1) / instances;
  leaving_ &= map.mine;  // (held only while our session lives)
  map.mine &= ~leaving_;
  const auto before = map.mine.count();
  if (map.mine.count() < share) keep_leaving(map, share);
  let_go_quiet();
  if (map.mine.count() > share) give_back(map, share);
  if (map.mine.count() < share) take_share(map, held, share);
  if (map.mine.count() != before) {
    core::log_info(
        "partitions.leased", "chat partitions served by this instance changed",
        {core::field("partitions", map.mine.count()), core::field("instances", instances),
         core::field("before", before), core::field("leaving", leaving_.count())});
  }
  owners_.assign(map);
}

void partition_leases::take_share(core::chat_owners::assignment& map,
                                  const std::bitset<core::chat_partitions>& held,
                                  std::size_t share) {
  for (int p = 0; p < core::chat_partitions && map.mine.count() < share; ++p) {
    if (held.test(static_cast<std::size_t>(p))) continue;
    try_lock_->reset();
    try_lock_->bind(1, p);
    const bool taken = try_lock_->step() && try_lock_->integer(0) != 0;
    try_lock_->reset();
    if (taken) map.mine.set(static_cast<std::size_t>(p));
  }
}

// The highest partitions go back first, so the low ones — partition 0 leads — move least.
// A partition given back is served no more from now on, but stays locked until its calls in
// flight are recorded (let_go_quiet, at a later keep).
void partition_leases::give_back(core::chat_owners::assignment& map, std::size_t share) {
  for (int p = core::chat_partitions - 1; p >= 0 && map.mine.count() > share; --p) {
    const auto at = static_cast<std::size_t>(p);
    if (!map.mine.test(at)) continue;
    map.mine.reset(at);
    leaving_.set(at);
  }
}

// The share grew again (an instance left) before a partition on its way out was let go: it is
// served again rather than given to another instance.
void partition_leases::keep_leaving(core::chat_owners::assignment& map, std::size_t share) {
  for (int p = 0; p < core::chat_partitions && map.mine.count() < share; ++p) {
    const auto at = static_cast<std::size_t>(p);
    if (!leaving_.test(at)) continue;
    leaving_.reset(at);
    map.mine.set(at);
  }
}

// Every partition given back at an earlier keep was published as no longer served then, so no
// call for its chats starts after that; once none is in flight or unrecorded, its next owner
// finds every outcome committed, and the lock goes.
void partition_leases::let_go_quiet() {
  for (int p = 0; p < core::chat_partitions; ++p) {
    const auto at = static_cast<std::size_t>(p);
    if (!leaving_.test(at) || owners_.sending(p)) continue;
    unlock_->reset();
    unlock_->bind(1, p);
    unlock_->step();
    unlock_->reset();
    leaving_.reset(at);
  }
}

}  // namespace steward::storage::postgresql
