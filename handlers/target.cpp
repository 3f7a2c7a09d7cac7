#include "handlers/target.hpp"

#include "bot/core/text.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// A mention linking to an account that stands first after the command ("/give Bo Lee 50",
// "加分 Bo Lee 50"): only the command word comes before it.
const core::mentioned_member* mentioned_first(const context& ctx) {
  if (ctx.event.mentioned.empty()) return nullptr;
  const auto& first = ctx.event.mentioned.front();
  const auto before = core::trim_typed(std::string_view(ctx.event.text).substr(0, first.begin));
  if (before.empty() || core::find_typed_space(before).first != std::string_view::npos) {
    return nullptr;
  }
  return &first;
}

}  // namespace

std::optional<target> resolve_target(const context& ctx, storage::community_store& community) {
  const std::string& args = ctx.command->args;
  if (!ctx.event.reply_to_author.user_id.empty() && !ctx.event.reply_to_author.is_bot) {
    // Replying names the member even if they never spoke since Steward joined.
    const auto member = community.ensure_member(ctx.group.id, ctx.event.reply_to_author, ctx.now_s);
    return target{member, std::string(core::trim(args))};
  }
  if (const auto* mentioned = mentioned_first(ctx)) {
    const auto member = community.ensure_member(ctx.group.id, mentioned->member, ctx.now_s);
    const auto& text = ctx.event.text;
    return target{member,
                  std::string(core::trim_typed(std::string_view(text).substr(mentioned->end)))};
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

std::string unknown_target(const context& ctx, const template_book& book) {
  const auto [word, rest] = core::split_first_word(ctx.command->args);
  if (word.empty() || !ctx.event.reply_to_author.user_id.empty()) return {};
  if (!(word.size() > 1 && word.front() == '@') && !all_digits(word)) return {};
  return say(book, ctx, "unknown_target", {{"who", word}});
}

}  // namespace steward::handlers
