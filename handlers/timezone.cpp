#include "handlers/timezone.hpp"

#include <fmt/format.h>

#include "bot/core/local_day.hpp"
#include "handlers/admin_policy.hpp"

namespace steward::handlers {

timezone_handler::timezone_handler(storage::community_store& community) : community_(community) {}

handler_result timezone_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const bool zh = ctx.command->lang == core::language::zh;
  if (!ctx.event.chat.is_group) {
    return {{reply_to(ctx.event, zh ? "时区是群设置，请在群里使用。"
                                    : "The time zone is a group setting; use this in a group.")},
            true};
  }
  if (ctx.command->args.empty()) {
    const std::string text =
        zh ? fmt::format("本群按 {} 时间计算每天的签到。管理员可以用 /timezone 时区名 修改。",
                         ctx.group.time_zone)
           : fmt::format(
                 "This group's day runs on {} time. Admins can change it with "
                 "/timezone <IANA name>, e.g. /timezone Europe/Berlin.",
                 ctx.group.time_zone);
    return {{reply_to(ctx.event, text)}, true};
  }
  return {{reply_to(ctx.event, change(ctx, ctx.command->args))}, true};
}

std::string timezone_handler::change(const context& ctx, const std::string& zone) {
  const bool zh = ctx.command->lang == core::language::zh;
  if (auto refusal = admin_refusal(ctx); !refusal.empty()) return refusal;
  if (!core::is_known_time_zone(zone)) {
    return zh ? fmt::format(
                    "“{}” 不是有效的时区名，请使用 Asia/Shanghai、Europe/Berlin 这样的 "
                    "IANA 名称。",
                    zone)
              : fmt::format(
                    "\"{}\" is not a time zone I know. Use an IANA name such as "
                    "Asia/Shanghai, Europe/Berlin or America/New_York.",
                    zone);
  }
  community_.set_group_time_zone(ctx.group.id, zone);
  return zh ? fmt::format("已将本群时区设为 {}，每天的签到从当地零点开始。", zone)
            : fmt::format("Time zone set to {}. Check-in days now start at midnight {} time.", zone,
                          zone);
}

std::vector<core::command_spec> timezone_handler::commands() {
  return {
      {.name = "timezone",
       .owner = "timezone",
       .aliases = {"时区"},
       .alias_args = true,
       .checks_admin = true,
       .usage_en = "[zone]",
       .usage_zh = "[时区]",
       .help_en = "the group's time zone (admins change it: /timezone Europe/Berlin)",
       .help_zh = "查看本群时区（管理员可修改：时区 Asia/Shanghai）",
       .reference = "the group's time zone; admins change it with `/timezone Europe/Berlin` (or "
                    "`时区 Europe/Berlin`, any IANA zone)"},
  };
}

}  // namespace steward::handlers
