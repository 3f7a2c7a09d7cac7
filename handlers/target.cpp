#include "handlers/target.hpp"

#include "bot/core/text.hpp"

namespace steward::handlers {

namespace {
bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}
}  // namespace

std::optional<target> resolve_target(const context& ctx, storage::community_store& community) {
  const std::string& args = ctx.command->args;
  if (!ctx.event.reply_to_author.user_id.empty() && !ctx.event.reply_to_author.is_bot) {
    // Replying names the member even if they never spoke since Steward joined.
    const auto member = community.ensure_member(ctx.group.id, ctx.event.reply_to_author, ctx.now_s);
    return target{member, std::string(core::trim(args))};
  }
  auto [word, rest] = core::split_first_word(args);
  std::optional<storage::member_row> found;
  if (word.size() > 1 && word.front() == '@') {
    found = community.find_member_by_username(ctx.group.id, word.substr(1));
  } else if (all_digits(word)) {
    found = community.find_member(ctx.group.id, word);
  }
  if (!found) return std::nullopt;
  return target{*found, rest};
}

}  // namespace steward::handlers
