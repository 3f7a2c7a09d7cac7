#include "handlers/points.hpp"

#include <fmt/format.h>

#include "bot/core/local_day.hpp"
#include "handlers/badges.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"
#include "handlers/tiers.hpp"

namespace steward::handlers {

points_handler::points_handler(storage::community_store& community,
                               storage::checkin_store& checkins, storage::badge_store& badges,
                               const template_book& book, level_curve levels,
                               storage::care_store* care)
    : community_(community),
      checkins_(checkins),
      badges_(badges),
      book_(book),
      levels_(levels),
      care_(care) {}

// The member's tier as last computed (daily), or a plain word until it first is.
std::string points_handler::tier_text(const context& ctx, bool zh) {
  const auto tier = care_ != nullptr ? care_->tier_of(ctx.member.id) : std::nullopt;
  if (!tier) {
    return plain_text(say(book_, ctx, "points_no_tier"));
  }
  return tier_name(book_, ctx.event.chat.chat_id, *tier,
                   zh ? core::language::zh : core::language::en);
}

std::int64_t points_handler::current_streak(const context& ctx) {
  const auto latest = checkins_.latest(ctx.member.id);
  if (!latest) return 0;
  // A streak is alive while the last check-in was today or yesterday.
  if (latest->local_day < ctx.today.day_number - 1) return 0;
  return latest->streak;
}

handler_result points_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const auto lang = ctx.command->lang;
  const bool zh = lang == core::language::zh;
  const std::string name = name_for_reply(ctx.member.display_name, lang);
  const std::int64_t streak = current_streak(ctx);
  const std::int64_t rank =
      community_.rank_by_points(ctx.group.id, ctx.member.id, ctx.member.points);
  const std::int64_t level = levels_.level_for(ctx.member.xp);
  std::string earned;
  for (const auto& id : badges_.of(ctx.member.id)) {
    earned += (earned.empty() ? ""
               : zh           ? "、"
                              : ", ") +
              badge_name(book_, ctx.event.chat.chat_id, id, lang);
  }
  if (earned.empty()) earned = plain_text(say(book_, ctx, "points_no_badges"));
  const std::string text =
      book_.render(ctx.event.chat.chat_id, "points", lang,
                   {{"name", name},
                    {"points", std::to_string(ctx.member.points)},
                    {"streak", std::to_string(streak)},
                    {"rank", std::to_string(rank)},
                    {"level", std::to_string(level)},
                    {"xp", std::to_string(ctx.member.xp)},
                    {"badges", earned},
                    {"tier", tier_text(ctx, zh)}},
                   {{"mention", mention_html(ctx.event.author.user_id, name)}});
  return {{labelled(reply_to(ctx.event, text, true), "points")}, true};
}

std::vector<core::command_spec> points_handler::commands() {
  return {
      {.name = "points",
       .owner = "points",
       .aliases = {"积分"},
       .help_en = "your points, level, badges and rank in this group",
       .help_zh = "你的积分、等级、徽章和群内排名",
       .reference = "your balance, level, badges, current streak and rank in the group (the same "
                    "place as on `/rank`)"},
  };
}

}  // namespace steward::handlers
