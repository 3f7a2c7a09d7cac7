#include "handlers/timezone.hpp"

#include "bot/core/local_day.hpp"
#include "handlers/admin_policy.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

timezone_handler::timezone_handler(storage::community_store& community, const template_book& book)
    : community_(community), book_(book) {}

handler_result timezone_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  if (!ctx.event.chat.is_group) return {{reply_with(book_, ctx, "timezone_in_groups")}, true};
  if (ctx.command->args.empty()) {
    return {{reply_with(book_, ctx, "timezone_current",
                        {{"zone", ctx.group.time_zone}, {"command", ctx.command->word}})},
            true};
  }
  return {{reply_to(ctx.event, change(ctx, ctx.command->args), true)}, true};
}

std::string timezone_handler::change(const context& ctx, const std::string& zone) {
  if (auto refusal = admin_refusal(ctx, book_); !refusal.empty()) return refusal;
  if (!core::is_known_time_zone(zone)) return say(book_, ctx, "timezone_unknown", {{"zone", zone}});
  community_.set_group_time_zone(ctx.group.id, zone);
  return say(book_, ctx, "timezone_set", {{"zone", zone}});
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
