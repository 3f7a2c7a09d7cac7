#include "handlers/history.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <map>

#include "handlers/phrases.hpp"
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
// "（运营 Olga：活动奖励）", " (Mug)"; nothing for Steward's own rules or older rows.
std::string history_handler::who_and_why(const storage::ledger_entry& e, const context& ctx,
                                         core::language lang) {
  const bool zh = lang == core::language::zh;
  std::string who;
  if (e.actor.rfind("admin:", 0) == 0) {
    const auto admin = community_.find_member(ctx.group.id, e.actor.substr(6));
    const std::string name = name_for_reply(admin ? admin->display_name : "", lang);
    who = zh ? "管理员 " + name : "admin " + name;
  } else if (e.actor.rfind("api:", 0) == 0) {
    who = (zh ? "运营 " : "operator ") + e.actor.substr(4);
  }
  if (who.empty() && e.note.empty()) return {};
  const std::string sep = zh ? "：" : ": ";
  const std::string inside = who.empty() ? e.note : e.note.empty() ? who : who + sep + e.note;
  return zh ? "（" + inside + "）" : " (" + inside + ")";
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

history_handler::history_handler(storage::community_store& community, storage::ledger_store& ledger)
    : community_(community), ledger_(ledger) {}

handler_result history_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const auto lang = ctx.command->lang;
  storage::member_row subject = ctx.member;
  if (ctx.event.author.is_admin.value_or(false)) {
    if (auto other = resolve_target(ctx, community_)) {
      subject = other->member;
    } else if (auto unknown = unknown_target(ctx); !unknown.empty()) {
      return {{reply_to(ctx.event, unknown)}, true};  // never someone else's history instead
    }
  }
  const auto entries = ledger_.recent(subject.id, entries_shown);
  const std::string name = name_for_reply(subject.display_name, lang);
  if (entries.empty()) {
    return {{reply_to(ctx.event, lang == core::language::zh
                                     ? fmt::format("{} 还没有积分记录。", name)
                                     : fmt::format("{} has no points history yet.", name))},
            true};
  }
  std::string text = lang == core::language::zh
                         ? fmt::format("{} 最近的积分明细（当前 {} 分）：", name, subject.points)
                         : fmt::format("{}'s latest points ({} now):", name, subject.points);
  for (const auto& e : entries) {
    text += fmt::format("\n{:+} {}{} · {}", e.delta, describe_reason(e.reason, lang),
                        who_and_why(e, ctx, lang), local_time(e.created_at, ctx.group.time_zone));
  }
  return {{reply_to(ctx.event, text)}, true};
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
