#include "handlers/history.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <map>

#include "handlers/phrases.hpp"
#include "handlers/say.hpp"
#include "handlers/target.hpp"

namespace steward::handlers {

namespace {

constexpr int entries_shown = 10;

std::string local_time(std::int64_t unix_s, const std::string& zone) {
  const date::zoned_seconds when{zone, date::sys_seconds{std::chrono::seconds{unix_s}}};
  return date::format("%m-%d %H:%M", when);
}

}  // namespace

// Who caused a ledger row and why, as it follows the reason: " (admin Bo: helpful answer)",
// "（运营 Olga：活动奖励）", " (Mug)"; nothing for Steward's own rules or older rows. HTML.
std::string history_handler::who_and_why(const storage::ledger_entry& e, const context& ctx,
                                         core::language lang) {
  std::string who;
  if (e.actor.rfind("admin:", 0) == 0) {
    const auto admin = community_.find_member(ctx.group.id, e.actor.substr(6));
    who = say(book_, ctx, "history_admin",
              {{"name", name_for_reply(admin ? admin->display_name : "", lang)}});
  } else if (e.actor.rfind("api:", 0) == 0) {
    who = say(book_, ctx, "history_operator", {{"name", e.actor.substr(4)}});
  }
  if (who.empty() && e.note.empty()) return {};
  if (who.empty()) return say(book_, ctx, "history_by", {{"who", e.note}});
  if (e.note.empty()) return say(book_, ctx, "history_by", {}, {{"who", who}});
  return say(book_, ctx, "history_by_reason", {{"reason", e.note}}, {{"who", who}});
}

std::string describe_reason(const std::string& reason, core::language lang) {
  static const std::map<std::string, std::pair<const char*, const char*>> words = {
      {"checkin", {"check-in", "签到"}},
      {"activity", {"activity", "活跃"}},
      {"grant", {"granted", "发放"}},
      {"deduct", {"deducted", "扣除"}},
      {"redeem", {"shop redemption", "兑换"}},
      {"refund", {"refund", "退款"}},
      {"expire", {"expired", "过期"}},
      {"invite", {"invite reward", "邀请奖励"}},
      {"group_merge", {"group upgrade", "群升级"}}};
  const auto it = words.find(reason);
  if (it == words.end()) return reason;
  return lang == core::language::zh ? it->second.second : it->second.first;
}

history_handler::history_handler(storage::community_store& community, storage::ledger_store& ledger,
                                 const template_book& book)
    : community_(community), ledger_(ledger), book_(book) {}

handler_result history_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const auto lang = ctx.command->lang;
  storage::member_row subject = ctx.member;
  if (ctx.event.author.is_admin.value_or(false)) {
    if (auto other = resolve_target(ctx, community_)) {
      subject = other->member;
    } else if (auto unknown = unknown_target(ctx, book_); !unknown.empty()) {
      return {{reply_to(ctx.event, unknown, true)}, true};  // never someone else's history instead
    }
  }
  const auto entries = ledger_.recent(subject.id, entries_shown);
  const std::string name = name_for_reply(subject.display_name, lang);
  if (entries.empty()) {
    return {{reply_with(book_, ctx, "history_empty", {{"name", name}})}, true};
  }
  std::string lines;
  for (const auto& e : entries) {
    lines += "\n" + say(book_, ctx, "history_line",
                        {{"delta", fmt::format("{:+}", e.delta)},
                         {"reason", describe_reason(e.reason, lang)},
                         {"at", local_time(e.created_at, ctx.group.time_zone)}},
                        {{"by", who_and_why(e, ctx, lang)}});
  }
  return {{reply_with(book_, ctx, "history",
                      {{"name", name}, {"points", std::to_string(subject.points)}},
                      {{"lines", lines}})},
          true};
}

std::vector<core::command_spec> history_handler::commands() {
  return {
      {.name = "history",
       .owner = "history",
       .aliases = {"积分明细", "明细"},
       .alias_args = true,
       .checks_admin = true,
       .usage_en = "[@user]",
       .usage_zh = "[@成员]",
       .help_en = "your latest points entries (admins: /history @user)",
       .help_zh = "最近的积分记录（管理员：积分明细 @成员）",
       .reference = "your last ten points entries, each with who caused it and why (\"+7 granted "
                    "(admin Ann: welcome gift)\"); admins: `/history @user`"},
  };
}

}  // namespace steward::handlers
