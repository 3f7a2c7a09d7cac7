#include "storage/analytics_store.hpp"

#include <map>
#include <tuple>

namespace steward::storage {

namespace {

// The counter columns of group_hours, in the order hour_counts lists them.
#define COUNTER_COLUMNS                                                                    \
  "messages, speakers, day_speakers, joins, left_by_self, kicked, banned, member_change, " \
  "checkins, earned, spent, redemptions, invites"
#define SUMMED_COUNTERS                                                                    \
  "SUM(messages), SUM(speakers), SUM(day_speakers), SUM(joins), SUM(left_by_self), "       \
  "SUM(kicked), SUM(banned), SUM(member_change), SUM(checkins), SUM(earned), SUM(spent), " \
  "SUM(redemptions), SUM(invites)"

// Calls f on each counter of `c` (const or not), in COUNTER_COLUMNS order.
template <typename Counts, typename F>
void each_counter(Counts& c, F&& f) {
  for (auto* field :
       {&c.messages, &c.speakers, &c.day_speakers, &c.joins, &c.left, &c.kicked, &c.banned,
        &c.member_change, &c.checkins, &c.earned, &c.spent, &c.redemptions, &c.invites}) {
    f(*field);
  }
}

hour_counts read_counts(statement& row, int first_column) {
  hour_counts out;
  int column = first_column;
  each_counter(out, [&](std::int64_t& field) { field = row.integer(column++); });
  return out;
}

using hour_key = std::tuple<std::int64_t, std::int64_t, int>;

}  // namespace

hour_counts& hour_counts::operator+=(const hour_counts& other) {
  std::array<std::int64_t, 13> theirs{};
  std::size_t i = 0;
  each_counter(other, [&](const std::int64_t& field) { theirs[i++] = field; });
  i = 0;
  each_counter(*this, [&](std::int64_t& field) { field += theirs[i++]; });
  return *this;
}

bool hour_counts::empty() const {
  bool none = true;
  each_counter(*this, [&](const std::int64_t& field) { none = none && field == 0; });
  return none;
}

analytics_store::analytics_store(backend& db) : statements_(db) {}

void analytics_store::add(std::int64_t group_id, core::local_hour at, const hour_counts& counts) {
  if (!counts.empty()) pending_.push_back({group_id, at, counts});
}

void analytics_store::add_keyed(std::int64_t group_id, core::local_hour at, std::string kind,
                                std::string key) {
  keyed_.push_back({group_id, at, std::move(kind), std::move(key)});
}

void analytics_store::undo_to(std::pair<std::size_t, std::size_t> m) {
  if (m.first < pending_.size()) pending_.resize(m.first);
  if (m.second < keyed_.size()) keyed_.resize(m.second);
}

void analytics_store::discard() {
  pending_.clear();
  keyed_.clear();
}

void analytics_store::flush() {
  std::map<hour_key, hour_counts> hours;
  for (const auto& p : pending_)
    hours[{p.group_id, p.at.day_number, p.at.hour}] += p.counts;
  std::map<std::tuple<std::int64_t, std::int64_t, int, std::string, std::string>, std::int64_t>
      keys;
  for (const auto& k : keyed_)
    ++keys[{k.group_id, k.at.day_number, k.at.hour, k.kind, k.key}];
  discard();
  for (auto& [key, counts] : hours) {
    auto& upsert = statements_.get(
        "INSERT INTO group_hours (group_id, local_day, hour, " COUNTER_COLUMNS
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
        "ON CONFLICT (local_day, hour, group_id) DO UPDATE SET "
        "messages = group_hours.messages + ?4, speakers = group_hours.speakers + ?5, day_speakers "
        "= group_hours.day_speakers + ?6, "
        "joins = group_hours.joins + ?7, left_by_self = group_hours.left_by_self + ?8, kicked = "
        "group_hours.kicked + ?9, "
        "banned = group_hours.banned + ?10, member_change = group_hours.member_change + ?11, "
        "checkins = group_hours.checkins + ?12, "
        "earned = group_hours.earned + ?13, spent = group_hours.spent + ?14, redemptions = "
        "group_hours.redemptions + ?15, "
        "invites = group_hours.invites + ?16");
    upsert.bind(1, static_cast<int64_t>(std::get<0>(key)));
    upsert.bind(2, static_cast<int64_t>(std::get<1>(key)));
    upsert.bind(3, std::get<2>(key));
    int index = 4;
    each_counter(counts, [&](const std::int64_t& field) {
      upsert.bind(index++, static_cast<int64_t>(field));
    });
    upsert.run_later();
  }
  for (const auto& [key, count] : keys) {
    auto& upsert = statements_.get(
        "INSERT INTO group_hour_keys (group_id, local_day, hour, kind, key, count) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (local_day, hour, group_id, kind, key) "
        "DO UPDATE SET count = group_hour_keys.count + ?6");
    upsert.bind(1, static_cast<int64_t>(std::get<0>(key)));
    upsert.bind(2, static_cast<int64_t>(std::get<1>(key)));
    upsert.bind(3, std::get<2>(key));
    upsert.bind(4, std::get<3>(key));
    upsert.bind(5, std::get<4>(key));
    upsert.bind(6, static_cast<int64_t>(count));
    upsert.run_later();
  }
}

bool analytics_store::mark_active(std::int64_t group_id, std::int64_t day_number,
                                  std::int64_t member_id) {
  auto& insert = statements_.get(
      "INSERT INTO active_days (group_id, local_day, member_id) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  insert.bind(1, static_cast<int64_t>(group_id));
  insert.bind(2, static_cast<int64_t>(day_number));
  insert.bind(3, static_cast<int64_t>(member_id));
  return insert.run() == 1;
}

std::vector<day_counts> analytics_store::days(std::int64_t group_id, std::int64_t from,
                                              std::int64_t to) {
  auto& query =
      statements_.get("SELECT local_day, " SUMMED_COUNTERS
                      " FROM group_hours WHERE group_id = ? AND local_day BETWEEN ? AND ? "
                      "GROUP BY local_day ORDER BY local_day");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from));
  query.bind(3, static_cast<int64_t>(to));
  std::vector<day_counts> out;
  while (query.step())
    out.push_back({query.integer(0), read_counts(query, 1)});
  return out;
}

std::int64_t analytics_store::distinct_active(std::int64_t group_id, std::int64_t from,
                                              std::int64_t to) {
  auto& query = statements_.get(
      "SELECT COUNT(DISTINCT member_id) FROM active_days WHERE group_id = ? AND local_day "
      "BETWEEN ? AND ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from));
  query.bind(3, static_cast<int64_t>(to));
  return query.step() ? query.integer(0) : 0;
}

std::int64_t analytics_store::wrote_since(std::int64_t group_id, std::int64_t since_s) {
  auto& query = statements_.get(
      "SELECT COUNT(*) FROM members WHERE group_id = ? AND is_bot = 0 AND last_active >= ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(since_s));
  return query.step() ? query.integer(0) : 0;
}

week_heatmap analytics_store::heatmap(std::int64_t group_id, std::int64_t from, std::int64_t to) {
  auto& query = statements_.get(
      "SELECT local_day, hour, SUM(messages) FROM group_hours WHERE group_id = ? AND local_day "
      "BETWEEN ? AND ? GROUP BY local_day, hour");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from));
  query.bind(3, static_cast<int64_t>(to));
  week_heatmap out{};
  while (query.step()) {
    const int weekday = core::weekday_of(query.integer(0));
    out[static_cast<std::size_t>(weekday)]
       [static_cast<std::size_t>(static_cast<int>(query.integer(1)))] += query.integer(2);
  }
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> analytics_store::keyed(std::int64_t group_id,
                                                                         const std::string& kind,
                                                                         std::int64_t from,
                                                                         std::int64_t to) {
  auto& query = statements_.get(
      "SELECT key, SUM(count) AS n FROM group_hour_keys WHERE group_id = ? AND local_day BETWEEN "
      "? AND ? AND kind = ? GROUP BY key ORDER BY n DESC, key");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from));
  query.bind(3, static_cast<int64_t>(to));
  query.bind(4, kind);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (query.step())
    out.emplace_back(query.text(0), query.integer(1));
  return out;
}

std::int64_t analytics_store::members_now(std::int64_t group_id) {
  auto& query = statements_.get(
      "SELECT COUNT(*) FROM members WHERE group_id = ? AND status = 'member' AND is_bot = 0");
  query.bind(1, static_cast<int64_t>(group_id));
  return query.step() ? query.integer(0) : 0;
}

std::int64_t analytics_store::member_change_after(std::int64_t group_id, std::int64_t day_number) {
  auto& query = statements_.get(
      "SELECT COALESCE(SUM(member_change), 0) FROM group_hours WHERE group_id = ? AND "
      "local_day > ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(day_number));
  return query.step() ? query.integer(0) : 0;
}

cohort analytics_store::retention(std::int64_t group_id, std::int64_t from_s, std::int64_t to_s,
                                  int days, std::int64_t now_s) {
  auto& query = statements_.get(
      "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'member' OR left_at >= joined_at + ?4) "
      "FROM members WHERE group_id = ?1 AND is_bot = 0 AND joined_at >= ?2 AND joined_at < ?3 "
      "AND joined_at + ?4 <= ?5");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.bind(4, static_cast<int64_t>(days) * 86400);
  query.bind(5, static_cast<int64_t>(now_s));
  if (!query.step()) return {};
  return {query.integer(0), query.integer(1)};
}

cohort analytics_store::reactivation(std::int64_t group_id, std::int64_t from_s, std::int64_t to_s,
                                     std::int64_t window_s, std::int64_t now_s) {
  // A warning whose window is still open and who has not come back yet is undecided.
  auto& query = statements_.get(
      "SELECT COUNT(*) FILTER (WHERE returned_at IS NOT NULL OR warned_at + ?4 <= ?5), "
      "COUNT(*) FILTER (WHERE returned_at IS NOT NULL AND returned_at <= warned_at + ?4) "
      "FROM churn_warnings WHERE group_id = ?1 AND warned_at >= ?2 AND warned_at < ?3");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.bind(4, static_cast<int64_t>(window_s));
  query.bind(5, static_cast<int64_t>(now_s));
  query.step();
  cohort out{query.integer(0), query.integer(1)};
  query.reset();
  return out;
}

std::int64_t analytics_store::distinct_redeemers(std::int64_t group_id, std::int64_t from_s,
                                                 std::int64_t to_s, const std::string& item) {
  auto& query = statements_.get(
      "SELECT COUNT(DISTINCT r.member_id) FROM redemptions r JOIN members m ON m.id = "
      "r.member_id WHERE m.group_id = ?1 AND r.created_at >= ?2 AND r.created_at < ?3 AND "
      "r.state != 'refunded' AND (?4 = '' OR r.item_id = ?4)");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.bind(4, item);
  return query.step() ? query.integer(0) : 0;
}

std::int64_t analytics_store::distinct_checkers(std::int64_t group_id, std::int64_t from,
                                                std::int64_t to) {
  auto& query = statements_.get(
      "SELECT COUNT(DISTINCT c.member_id) FROM checkins c JOIN members m ON m.id = c.member_id "
      "WHERE m.group_id = ? AND c.local_day BETWEEN ? AND ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from));
  query.bind(3, static_cast<int64_t>(to));
  return query.step() ? query.integer(0) : 0;
}

std::optional<member_place> analytics_store::place_of(std::int64_t member_id) {
  auto& query = statements_.get(
      "SELECT m.group_id, g.time_zone FROM members m JOIN groups g ON g.id = m.group_id "
      "WHERE m.id = ?");
  query.bind(1, static_cast<int64_t>(member_id));
  if (!query.step()) return std::nullopt;
  return member_place{query.integer(0), query.text(1)};
}

}  // namespace steward::storage
