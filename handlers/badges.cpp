#include "handlers/badges.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "handlers/admin_policy.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"
#include "handlers/target.hpp"

namespace steward::handlers {

const std::vector<std::string>& all_badges() {
  static const std::vector<std::string> ids = {"newcomer", "active", "creator", "partner", "king"};
  return ids;
}

std::string badge_name(const template_book& book, const std::string& chat_id, const std::string& id,
                       core::language lang) {
  if (std::find(all_badges().begin(), all_badges().end(), id) == all_badges().end()) return id;
  return plain_text(say(book, chat_id, "badge_name_" + id, lang));
}

std::string badge_rules::how(const std::string& chat_id, const std::string& id,
                             core::language lang) const {
  if (std::find(all_badges().begin(), all_badges().end(), id) == all_badges().end()) return id;
  return plain_text(
      say(book_, chat_id, "badge_how_" + id, lang,
          {{"days", std::to_string(id == "king" ? settings_.king_streak : settings_.active_streak)},
           {"invites", std::to_string(settings_.partner_invites)}}));
}

badge_rules::badge_rules(storage::badge_store& badges, const template_book& book,
                         badge_settings settings)
    : badges_(badges), book_(book), settings_(settings) {}

std::optional<core::action> badge_rules::award_in(const earning& e, telling how) {
  const bool quiet_group = quiet_ != nullptr && quiet_->digests_badges(e.chat_id);
  if (how == telling::now) {
    if (!badges_.award(e.member_id, e.badge_id, e.origin, e.at)) return std::nullopt;
    if (settings_.announce_every_s > 0) badges_.record_announcement(e.member_id, e.at);
    return announcement(e);
  }
  if (quiet_group || how == telling::digest_only) {
    // Quiet groups hear of it in their digest; elsewhere a first message that is a command
    // is answered by its own reply (nothing said).
    badges_.award(e.member_id, e.badge_id, e.origin, e.at, quiet_group);
    return std::nullopt;
  }
  return award_paced(e);
}

std::optional<core::action> badge_rules::award_paced(const earning& e) {
  if (settings_.announce_every_s <= 0) {
    if (!badges_.award(e.member_id, e.badge_id, e.origin, e.at)) return std::nullopt;
    return announcement(e);
  }
  // A burst of newcomers (a launch, an import) would otherwise post one announcement each, and
  // at the platform's per-chat limit hold up every reply behind them for minutes: badges earned
  // too soon after an announcement wait, and are told together (badge_digest::paced_due).
  // Awarded untold first: a member who already holds the badge takes no announcement's slot.
  if (!badges_.award(e.member_id, e.badge_id, e.origin, e.at, true)) return std::nullopt;
  if (!badges_.take_announcement(e.member_id, e.at, settings_.announce_every_s)) {
    badges_.wait_for_pace(e.member_id);
    return std::nullopt;
  }
  badges_.mark_told(e.member_id, e.badge_id);
  return announcement(e);
}

core::action badge_rules::announcement(const earning& e) const {
  // Announced to the whole group, so in the group's language.
  const auto lang = book_.group_language(e.chat_id);
  const std::string text = book_.render(e.chat_id, "badge", lang,
                                        {{"name", name_for_reply(e.member_name, lang)},
                                         {"badge", badge_name(book_, e.chat_id, e.badge_id, lang)},
                                         {"how", this->how(e.chat_id, e.badge_id, lang)}});
  return labelled(core::action{e.platform, e.chat_id, e.origin, core::send_message{text, true}},
                  "badge");
}

std::vector<storage::paced_group> badge_rules::take_paced(std::int64_t now_s) {
  return badges_.take_paced(now_s, settings_.announce_every_s);
}

std::optional<core::action> badge_rules::award(const context& ctx, std::int64_t member_id,
                                               const std::string& member_name,
                                               const std::string& badge_id) {
  return award_in({ctx.event.platform, ctx.event.chat.chat_id, ctx.event.event_id, member_id,
                   member_name, badge_id, ctx.at},
                  telling::now);
}

std::optional<core::action> badge_rules::earned(const context& ctx, const std::string& badge_id) {
  return award_in({ctx.event.platform, ctx.event.chat.chat_id, ctx.event.event_id, ctx.member.id,
                   ctx.member.display_name, badge_id, ctx.at},
                  telling::digest_if_quiet);
}

std::optional<core::action> badge_rules::on_message(const context& ctx) {
  if (!ctx.command && ctx.event.kind != core::event_kind::command) return earned(ctx, "newcomer");
  static const std::string newcomer = "newcomer";
  return award_in({ctx.event.platform, ctx.event.chat.chat_id, ctx.event.event_id, ctx.member.id,
                   ctx.member.display_name, newcomer, ctx.at},
                  telling::digest_only);
}

std::vector<core::action> badge_rules::on_streak(const context& ctx, std::int64_t streak) {
  std::vector<core::action> out;
  if (streak >= settings_.active_streak) {
    if (auto a = earned(ctx, "active")) out.push_back(*a);
  }
  if (streak >= settings_.king_streak) {
    if (auto a = earned(ctx, "king")) out.push_back(*a);
  }
  return out;
}

std::optional<core::action> badge_rules::on_invites_credited(
    const std::string& platform, const std::string& chat_id, std::int64_t member_id,
    const std::string& member_name, std::int64_t credited, std::int64_t now_s) {
  if (credited < settings_.partner_invites) return std::nullopt;
  static const std::string no_origin;
  static const std::string partner = "partner";
  return award_in({platform, chat_id, no_origin, member_id, member_name, partner, now_s},
                  telling::digest_if_quiet);
}

badges_handler::badges_handler(storage::badge_store& badges, storage::community_store& community,
                               badge_rules& rules)
    : badges_(badges), community_(community), rules_(rules) {}

handler_result badges_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  if (ctx.command->name == "badge") return grant(ctx);
  return {{reply_to(ctx.event, list(ctx), true)}, true};
}

std::string badges_handler::list(const context& ctx) {
  const auto held = badges_.of(ctx.member.id);
  const auto lang = ctx.command->lang;
  const auto& book = rules_.book();
  std::string lines;
  const auto& chat = ctx.event.chat.chat_id;
  for (const auto& id : all_badges()) {
    const bool has = std::find(held.begin(), held.end(), id) != held.end();
    lines += "\n" + say(book, ctx, has ? "badge_held" : "badge_missing",
                        {{"badge", badge_name(book, chat, id, lang)},
                         {"how", rules_.how(chat, id, lang)}});
  }
  return say(book, ctx, "badges", {{"name", name_for_reply(ctx.member.display_name, lang)}},
             {{"lines", lines}});
}

handler_result badges_handler::grant(const context& ctx) {
  if (const auto refusal = admin_refusal(ctx, rules_.book()); !refusal.empty()) {
    return {{reply_to(ctx.event, refusal, true)}, true};
  }
  const auto who = resolve_target(ctx, community_);
  if (auto unknown = unknown_target(ctx, rules_.book()); !who && !unknown.empty()) {
    return {{reply_to(ctx.event, unknown, true)}, true};
  }
  if (!who || who->rest != "creator") {
    return {{reply_with(rules_.book(), ctx, "badge_usage", {{"command", ctx.command->word}})},
            true};
  }
  if (auto announcement = rules_.award(ctx, who->member.id, who->member.display_name, "creator")) {
    return {{*announcement}, true};
  }
  const auto lang = ctx.command->lang;
  const std::string name = name_for_reply(who->member.display_name, lang);
  return {
      {reply_with(rules_.book(), ctx, "badge_already",
                  {{"name", name},
                   {"badge", badge_name(rules_.book(), ctx.event.chat.chat_id, "creator", lang)}})},
      true};
}

std::vector<core::command_spec> badges_handler::commands() {
  return {
      {.name = "badges",
       .owner = "badges",
       .aliases = {"徽章"},
       .help_en = "your badges and how to earn the others",
       .help_zh = "你的徽章和获得方式",
       .reference = "your badges (新手 newcomer, 活跃 active, 内容创作者 creator, 社群合伙人 "
                    "partner, 连续签到王者 check-in king) and how to earn the rest"},
      {.name = "badge",
       .owner = "badges",
       .role = core::command_role::admin,
       .section = core::command_section::community_admin,
       .aliases = {"颁发徽章"},
       .alias_args = true,
       .usage_en = "@user creator",
       .usage_zh = "@成员 creator",
       .help_en = "grant the creator badge",
       .help_zh = "颁发内容创作者徽章",
       .reference = "grant the creator badge (the others are earned automatically)"},
  };
}

}  // namespace steward::handlers
