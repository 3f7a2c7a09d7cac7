#include "handlers/activity.hpp"

#include "bot/core/text.hpp"
#include "handlers/phrases.hpp"

namespace steward::handlers {

activity_handler::activity_handler(storage::activity_store& activity, earnings& points,
                                   badge_rules& badges, const template_book& book,
                                   activity_settings settings)
    : activity_(activity), points_(points), badges_(badges), book_(book), settings_(settings) {}

handler_result activity_handler::handle(const context& ctx) {
  const auto kind = ctx.event.kind;
  if ((kind != core::event_kind::message && kind != core::event_kind::command) ||
      ctx.event.author.is_bot || !ctx.event.chat.is_group) {
    return {};
  }
  handler_result result;  // never consumed: later handlers (FAQ, moderation) still see it
  // The member row was read before this event was counted: 0 means this is their first message
  // of any kind — a first /checkin earns the newcomer badge as a first "hello" does.
  if (ctx.member.message_count == 0) {
    if (auto badge = badges_.on_message(ctx)) result.actions.push_back(std::move(*badge));
  }
  // Commands are not conversation: they neither count for activity boards nor earn anything.
  if (ctx.command || kind == core::event_kind::command) return result;
  activity_.count_message(ctx.member.id, ctx.today.day_number);
  // Cooling down (known from the row read for this event): stops farming by spamming, and
  // costs no write.
  if (ctx.member.last_xp_at != 0 && ctx.member.last_xp_at > ctx.at - settings_.cooldown_s) {
    return result;
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
    // Level-ups answer in the language the member writes in.
    const auto lang = core::has_non_ascii(ctx.event.text) ? core::language::zh : core::language::en;
    const std::string name = name_for_reply(ctx.member.display_name, lang);
    result.actions.push_back(
        labelled(post_in(ctx.event,
                         book_.render(ctx.event.chat.chat_id, "level_up", lang,
                                      {{"name", name}, {"level", std::to_string(after)}},
                                      {{"mention", mention_html(ctx.event.author.user_id, name)}}),
                         true),
                 "level_up"));
  }
  return result;
}

}  // namespace steward::handlers
