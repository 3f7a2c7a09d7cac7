#include "handlers/admin_policy.hpp"

#include <fmt/format.h>

namespace steward::handlers {

std::string admin_refusal(const context& ctx) {
  const auto& is_admin = ctx.event.author.is_admin;
  if (is_admin == true) return {};
  const bool zh = ctx.command && ctx.command->lang == core::language::zh;
  const std::string command = ctx.command ? ctx.command->name : "";
  if (!is_admin.has_value()) {
    return zh ? "暂时无法确认你是否为管理员，请稍后再试。"
              : "I could not check whether you are an admin right now; please try again in a "
                "minute.";
  }
  return zh ? fmt::format("只有群管理员可以使用 /{}。", command)
            : fmt::format("Only group admins can use /{}.", command);
}

}  // namespace steward::handlers
