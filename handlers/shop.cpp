#include "handlers/shop.hpp"

#include <fmt/format.h>

#include "bot/core/text.hpp"
#include "handlers/phrases.hpp"

namespace steward::handlers {

namespace {

// Letters and digits that cannot be mistaken for each other when read aloud or copied.
constexpr std::string_view code_alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

std::string stock_note(const storage::shop_item& item, std::int64_t taken) {
  if (!item.stock) return "";
  const std::int64_t left = std::max<std::int64_t>(0, *item.stock - taken);
  return left == 0 ? " — sold out" : fmt::format(" — {} left", left);
}

}  // namespace

shop_handler::shop_handler(storage::shop_store& shop, storage::ledger_store& ledger,
                           storage::badge_store& badges, level_curve levels)
    : shop_(shop), ledger_(ledger), badges_(badges), levels_(levels) {}

handler_result shop_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  if (ctx.command->name == "shop") return {{reply_to(ctx.event, list(ctx))}, true};
  if (ctx.command->name != "redeem") return {};
  const std::string wanted(core::trim(ctx.command->args));
  if (wanted.empty()) {
    return {{reply_to(ctx.event,
                      "Which item? Use /redeem <item>, e.g. /redeem " +
                          (shop_.items().empty() ? std::string("mug") : shop_.items().front().id) +
                          ". /shop lists them.")},
            true};
  }
  return {{reply_to(ctx.event, redeem(ctx, wanted))}, true};
}

std::string shop_handler::list(const context& ctx) {
  const auto items = shop_.items();
  if (items.empty()) return "The points shop is empty for now.";
  std::string text = fmt::format("🛍 Points shop — you have {} points:", ctx.member.points);
  for (const auto& item : items) {
    const std::string why = refusal(ctx, item);
    text += fmt::format("\n{} {} — {}: {} points{}", why.empty() ? "✅" : "▫️", item.id,
                        item.name, item.price, stock_note(item, shop_.taken(item.id)));
    if (!item.description.empty()) text += " (" + item.description + ")";
  }
  text += "\nRedeem with /redeem <item>.";
  return text;
}

std::string shop_handler::refusal(const context& ctx, const storage::shop_item& item) {
  if (item.valid_from && ctx.at < *item.valid_from) return item.name + " is not on sale yet.";
  if (item.valid_until && ctx.at > *item.valid_until) return item.name + " is no longer on sale.";
  if (levels_.level_for(ctx.member.xp) < item.min_level) {
    return fmt::format("{} needs level {}; you are level {}.", item.name, item.min_level,
                       levels_.level_for(ctx.member.xp));
  }
  if (!item.required_badge.empty() && !badges_.has(ctx.member.id, item.required_badge)) {
    return fmt::format("{} needs the {} badge.", item.name, item.required_badge);
  }
  if (item.stock && shop_.taken(item.id) >= *item.stock) {
    return fmt::format("Sorry, {} is sold out.", item.name);
  }
  if (item.per_member_limit && shop_.taken_by(item.id, ctx.member.id) >= *item.per_member_limit) {
    return fmt::format("You already have {} (limit {} per member).", item.name,
                       *item.per_member_limit);
  }
  if (ctx.member.points < item.price) {
    return fmt::format("{} costs {} points; you have {}.", item.name, item.price,
                       ctx.member.points);
  }
  return "";
}

std::string shop_handler::redeem(const context& ctx, const std::string& wanted) {
  const auto item = shop_.find_item(wanted);
  if (!item)
    return fmt::format("There is no item called \"{}\". /shop lists what is on offer.", wanted);
  if (const std::string why = refusal(ctx, *item); !why.empty()) return why;
  const auto balance =
      ledger_.append({ctx.member.id, -item->price, "redeem", ctx.event.event_id,
                      "redeem:" + ctx.event.platform + ":" + ctx.event.event_id, ctx.at});
  if (!balance) return "That redemption was already made.";
  std::string code = new_code();
  while (!shop_.insert({0, code, item->id, ctx.member.id, item->price, "pending"},
                       ctx.event.event_id, ctx.at)) {
    code = new_code();  // 32^8 codes: a collision is rare, and retrying is cheap
  }
  const std::string name = name_for_reply(ctx.member.display_name, core::language::en);
  return fmt::format(
      "🎁 {} redeemed {} for {} points. Code: {} — show it to an admin to collect. "
      "Balance: {} points.",
      name, item->name, item->price, code, *balance);
}

std::string shop_handler::new_code() {
  std::uniform_int_distribution<std::size_t> pick(0, code_alphabet.size() - 1);
  std::string code;
  for (int i = 0; i < 8; ++i) {
    if (i == 4) code += '-';
    code += code_alphabet[pick(random_)];
  }
  return code;
}

redemption_admin_handler::redemption_admin_handler(storage::shop_store& shop,
                                                   storage::ledger_store& ledger)
    : shop_(shop), ledger_(ledger) {}

handler_result redemption_admin_handler::handle(const context& ctx) {
  if (!ctx.command || (ctx.command->name != "fulfil" && ctx.command->name != "refund")) return {};
  return {{reply_to(ctx.event, apply(ctx, ctx.command->name == "refund"))}, true};
}

std::string redemption_admin_handler::apply(const context& ctx, bool refund) {
  if (!ctx.event.author.is_admin.value_or(false)) {
    return ctx.event.author.is_admin ? "Only group admins can fulfil or refund redemptions."
                                     : "I could not check whether you are an admin right now; "
                                       "please try again in a minute.";
  }
  const std::string code(core::trim(ctx.command->args));
  const auto result =
      code.empty() ? settle_result{}
                   : settle_redemption(shop_, ledger_, code, refund, ctx.event.event_id, ctx.at);
  const auto& found = result.found;
  switch (result.outcome) {
    case settle_outcome::unknown_code:
      return fmt::format("No redemption with code \"{}\". Use /{} <code>.", code,
                         refund ? "refund" : "fulfil");
    case settle_outcome::not_pending:
      return refund ? fmt::format("{} is {}; only pending redemptions can be refunded.", found.code,
                                  found.state)
                    : fmt::format("{} is already {}.", found.code, found.state);
    case settle_outcome::done:
      break;
  }
  return refund ? fmt::format("↩️ {} refunded: {} points returned (balance {}).", found.code,
                              found.price, result.balance)
                : fmt::format("✅ {} marked fulfilled.", found.code);
}

settle_result settle_redemption(storage::shop_store& shop, storage::ledger_store& ledger,
                                const std::string& code, bool refund,
                                const std::string& source_event, std::int64_t at) {
  settle_result result;
  const auto found = shop.find_redemption(code);
  if (!found) return result;
  result.found = *found;
  if (!shop.transition(found->code, "pending", refund ? "refunded" : "fulfilled", at)) {
    result.outcome = settle_outcome::not_pending;
    return result;
  }
  result.outcome = settle_outcome::done;
  if (refund) {
    // Keyed by the code: a redemption is refunded at most once, whoever asks.
    ledger.append(
        {found->member_id, found->price, "refund", source_event, "refund:" + found->code, at});
    result.balance = ledger.balance(found->member_id);
  }
  return result;
}

}  // namespace steward::handlers
