#include "handlers/checkin.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "handlers/phrases.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

checkin_award decide_checkin(const std::optional<storage::checkin_row>& latest, std::int64_t today,
                             const checkin_settings& settings) {
  if (latest && latest->local_day == today) return {true, latest->streak, 0};
  const std::int64_t streak = latest && latest->local_day == today - 1 ? latest->streak + 1 : 1;
  const std::int64_t bonus =
      std::min(settings.max_streak_bonus, (streak - 1) * settings.streak_bonus);
  return {false, streak, settings.base_points + bonus};
}

checkin_handler::checkin_handler(storage::checkin_store& checkins, earnings& points,
                                 badge_rules& badges, const template_book& book,
                                 checkin_settings settings)
    : checkins_(checkins), points_(points), badges_(badges), book_(book), settings_(settings) {}

handler_result checkin_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const auto lang = ctx.command->lang;
  if (!ctx.event.chat.is_group) {
    return {{reply_with(book_, ctx, "checkin_in_groups")}, true};
  }
  const core::local_day& today = ctx.today;
  const auto latest = checkins_.latest(ctx.member.id);
  const checkin_award award = decide_checkin(latest, today.day_number, settings_);
  const storage::checkin_row row{today.day_number, today.iso, award.streak, award.points};
  // The primary key (member, local day) is the arbiter: a lost race reads as "already".
  if (award.already_checked_in ||
      !checkins_.insert(ctx.member.id, row, ctx.event.event_id, ctx.at)) {
    return answer_repeat(ctx, today, award.already_checked_in ? *latest : row);
  }
  const auto credit = points_.earn(ctx.member.id, award.points, "checkin", ctx.event.event_id,
                                   fmt::format("checkin:{}:{}", ctx.member.id, today.iso),
                                   today.day_number, ctx.at);

  const std::string name = name_for_reply(ctx.member.display_name, lang);
  const template_values values{{"name", name},
                               {"points", std::to_string(credit.awarded)},
                               {"streak", std::to_string(award.streak)},
                               {"balance", std::to_string(credit.balance)},
                               {"date", today.iso}};
  const template_markup markup{{"mention", mention_html(ctx.event.author.user_id, name)}};
  const auto variant = experiments_ == nullptr
                           ? std::nullopt
                           : experiments_->for_members(ctx.event.chat.chat_id, "checkin",
                                                       lang == core::language::zh ? "zh" : "en",
                                                       {ctx.event.author.user_id});
  const std::string text =
      variant && variant->text
          ? render_template(*variant->text, values, markup)
          : book_.render(ctx.event.chat.chat_id, "checkin", lang, values, markup);
  handler_result result{{labelled(reply_to(ctx.event, text, true), "checkin")}, true};
  if (variant) {  // the exposure is recorded once Telegram delivered the reply
    result.actions.front().purpose = "exposure";
    result.actions.front().purpose_ref = variant->ref;
  }
  result.tallies.push_back({core::tally_kind::checkin, {ctx.event.platform}});
  for (auto& announcement : badges_.on_streak(ctx, award.streak)) {
    result.actions.push_back(std::move(announcement));
  }
  return result;
}

handler_result checkin_handler::answer_repeat(const context& ctx, const core::local_day& today,
                                              const storage::checkin_row& done) {
  // Groups that find the reminders noisy answer with a reaction, or not at all.
  if (settings_.repeat_answer == "silent") return {{}, true};
  if (settings_.repeat_answer == "reaction" && !ctx.event.message_id.empty()) {
    return {{act_in(ctx.event, core::react_to_message{ctx.event.message_id, "👌"})}, true};
  }
  if (!checkins_.claim_repeat_notice(ctx.member.id, today.day_number, ctx.now_s,
                                     settings_.repeat_notice_cooldown_s)) {
    return {{}, true};  // answered a repeat moments ago: stay quiet rather than flood the chat
  }
  const auto lang = ctx.command->lang;
  const std::string name = name_for_reply(ctx.member.display_name, lang);
  const std::string text =
      book_.render(ctx.event.chat.chat_id, "checkin_again", lang,
                   {{"name", name},
                    {"streak", std::to_string(done.streak)},
                    {"wait", format_wait(today.seconds_until_next_day, lang)}},
                   {{"mention", mention_html(ctx.event.author.user_id, name)}});
  return {{labelled(reply_to(ctx.event, text, true), "checkin_again")}, true};
}

std::vector<core::command_spec> checkin_handler::commands() {
  return {
      {.name = "checkin",
       .owner = "checkin",
       .aliases = {"签到", "打卡"},
       .help_en = "daily check-in for points; streaks earn a bonus",
       .help_zh = "每日签到领积分，连续签到有额外奖励",
       .reference = "daily check-in: once per member per local day in the group's time zone; "
                    "streaks earn a bonus; the reply shows points earned, streak and balance. A "
                    "repeat the same day gets \"already checked in\" and the time until the next "
                    "one (or a 👌 reaction, or nothing: `checkin.repeat_answer`)"},
  };
}

}  // namespace steward::handlers
