#include "handlers/pulse.hpp"

#include <algorithm>
#include <string_view>

namespace steward::handlers {

namespace {

using core::event_kind;

void count_leave(core::leave_reason why, storage::hour_counts& counts) {
  switch (why) {
    case core::leave_reason::left:
      ++counts.left;
      break;
    case core::leave_reason::kicked:
      ++counts.kicked;
      break;
    case core::leave_reason::banned:
      ++counts.banned;
      break;
  }
}

}  // namespace

community_pulse::community_pulse(storage::analytics_store& analytics, churn_watch* churn)
    : analytics_(analytics), churn_(churn) {}

void community_pulse::observe(const context& ctx, std::span<const core::tally> tallies) {
  if (ctx.member.is_bot || ctx.event.author.is_bot) return;
  const auto now = core::local_hour_at(ctx.at, ctx.group.time_zone);
  if (!now) return;  // the group's zone was checked when it was set; nothing sane to count
  storage::hour_counts counts;
  // A row created just now is present (its status starts as 'member') unless this is a leave.
  const bool present_before = ctx.member.present && !ctx.member.is_new;
  bool present_after = ctx.member.present;
  switch (ctx.event.kind) {
    case event_kind::member_joined:
      ++counts.joins;
      present_after = true;
      break;
    case event_kind::member_left:
      count_leave(ctx.event.left_because, counts);
      present_after = false;
      break;
    case event_kind::message:
    case event_kind::command:
      ++counts.messages;
      present_after = true;  // whoever writes is in the group
      count_speaker(ctx, *now, counts);
      if (churn_ != nullptr && !ctx.member.is_new) {
        // Never wrote before (0): idle since joining, so they may have a warning to answer.
        churn_->member_wrote(ctx.member.id, ctx.member.last_active, ctx.at);
      }
      if (experiments_ != nullptr) experiments_->member_wrote(ctx.group.id, ctx.member.id, ctx.at);
      break;
    default:
      break;
  }
  counts.member_change = (present_after ? 1 : 0) - (present_before ? 1 : 0);
  for (const auto& t : tallies) {
    if (t.kind == core::tally_kind::checkin) {
      ++counts.checkins;
      if (experiments_ != nullptr) experiments_->checked_in(ctx.member.id, ctx.at);
    }
    if (t.kind == core::tally_kind::redemption) ++counts.redemptions;
    if (t.kind == core::tally_kind::moderation && t.labels.size() == 2)
      analytics_.add_keyed(ctx.group.id, *now, "moderation", t.labels[0] + "/" + t.labels[1]);
  }
  analytics_.add(ctx.group.id, *now, counts);
}

// The member row still holds the previous message's time: a different local hour (or day) makes
// this the member's first message of the hour (or day). A message older than the last one (a
// late delivery) is not a first.
void community_pulse::count_speaker(const context& ctx, core::local_hour now,
                                    storage::hour_counts& counts) {
  const std::int64_t last = ctx.member.last_active;
  if (last > ctx.at) return;
  std::optional<core::local_hour> before;
  if (last > 0) {
    if (auto h = core::local_hour_at(last, ctx.group.time_zone)) before = *h;
  }
  if (!before || *before != now) ++counts.speakers;
  if ((!before || before->day_number != now.day_number) &&
      analytics_.mark_active(ctx.group.id, now.day_number, ctx.member.id)) {
    ++counts.day_speakers;
  }
}

void community_pulse::points_changed(const storage::ledger_entry& entry) {
  storage::hour_counts counts;
  if (entry.reason == "group_merge") return;  // points moved between rows, not earned
  if (entry.reason == "redeem" || entry.reason == "refund") {
    counts.spent = -entry.delta;  // a refund is spending undone
  } else if (entry.delta > 0) {
    counts.earned = entry.delta;
  }
  if (entry.reason == "invite" && entry.idempotency_key.ends_with(":inviter")) ++counts.invites;
  if (counts.empty()) return;
  const auto place = analytics_.place_of(entry.member_id);
  if (!place) return;
  const auto at = core::local_hour_at(entry.created_at, place->time_zone);
  if (!at) return;
  analytics_.add(place->group_id, *at, counts);
}

}  // namespace steward::handlers
