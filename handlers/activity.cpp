#include "handlers/activity.hpp"

#include <fmt/format.h>

#include "bot/core/text.hpp"
#include "handlers/phrases.hpp"

namespace steward::handlers {

activity_handler::activity_handler(storage::activity_store& activity, earnings& points,
                                   badge_rules& badges, activity_settings settings)
    : activity_(activity), points_(points), badges_(badges), settings_(settings) {}

handler_result activity_handler::handle(const context& ctx) {
  const auto kind = ctx.event.kind;
  if ((kind != core::event_kind::message && kind != core::event_kind::command) ||
      ctx.event.author.is_bot || !ctx.event.chat.is_group) {
    return {};
  }
  // Commands are not conversation: they neither count for activity boards nor earn anything.
  if (ctx.command || kind == core::event_kind::command) {
    return {};
  }
  activity_.count_message(ctx.member.id, ctx.today.day_number);
  handler_result result;  // never consumed: later handlers (FAQ, moderation) still see it
  // The member row was read before this message was counted: 0 means this is the first one.
  if (ctx.member.message_count == 0) {
    if (auto badge = badges_.on_message(ctx)) result.actions.push_back(std::move(*badge));
  }
  const auto xp =
      activity_.award_xp(ctx.member.id, settings_.xp_per_message, ctx.at, settings_.cooldown_s);
  if (!xp) return result;  // cooling down: stops farming by spamming
  if (settings_.points_per_message > 0) {
    points_.earn(ctx.member.id, settings_.points_per_message, "activity", ctx.event.event_id,
                 "activity:" + ctx.event.platform + ":" + ctx.event.event_id, ctx.today.day_number,
                 ctx.at);
  }
  const std::int64_t before = settings_.levels.level_for(*xp - settings_.xp_per_message);
  const std::int64_t after = settings_.levels.level_for(*xp);
  if (after > before) {
    const bool zh = core::has_non_ascii(ctx.event.text);
    const std::string name =
        name_for_reply(ctx.member.display_name, zh ? core::language::zh : core::language::en);
    result.actions.push_back(
        post_in(ctx.event, zh ? fmt::format("🎉 {} 升到了 {} 级！", name, after)
                              : fmt::format("🎉 {} reached level {}!", name, after)));
  }
  return result;
}

}  // namespace steward::handlers
