#include "handlers/shop.hpp"

#include <fmt/format.h>

#include "bot/core/text.hpp"
#include "handlers/admin_policy.hpp"
#include "handlers/badges.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"
#include "handlers/tiers.hpp"

namespace steward::handlers {

namespace {

// Letters and digits that cannot be mistaken for each other when read aloud or copied (no I, O,
// 0, 1), without vowels (a code spells no word a word list may hold) and without Q, V and W:
// a code is posted in the chat (/fulfil, "my code is …"), and "WXYL-3AXB" reads as a WeChat
// ID ("wx" + an ID), "QQ23-4567" as a QQ number — the member was warned for a contact.
constexpr std::string_view code_alphabet = "BCDFGHJKLMNPRSTXYZ23456789";

/// A consumed result that answers with one action.
handler_result answer(core::action reply) {
  handler_result out{{}, true};
  out.actions.push_back(std::move(reply));
  return out;
}

}  // namespace

shop_handler::shop_handler(storage::shop_store& shop, storage::ledger_store& ledger,
                           storage::badge_store& badges, const template_book& book,
                           level_curve levels, storage::care_store* care)
    : shop_(shop), ledger_(ledger), badges_(badges), book_(book), levels_(levels), care_(care) {}

namespace {

// core above potential above base; an item for "potential" is for core members too.
bool tier_reaches(const std::optional<std::string>& tier, const std::string& wanted) {
  if (wanted.empty()) return true;
  if (!tier) return false;
  return *tier == "core" || (wanted == "potential" && *tier == "potential");
}

}  // namespace

handler_result shop_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  if (ctx.command->name == "shop") return {{list(ctx)}, true};
  const std::string wanted(core::trim(ctx.command->args));
  if (wanted.empty()) {
    const std::string example = shop_.items().empty() ? "mug" : shop_.items().front().id;
    return {{reply_with(book_, ctx, "shop_which_item",
                        {{"command", ctx.command->word}, {"example", example}})},
            true};
  }
  return redeem(ctx, wanted);
}

core::action shop_handler::list(const context& ctx) {
  const auto lang = ctx.command->lang;
  const auto items = shop_.items();
  if (items.empty()) {
    return reply_with(book_, ctx, "shop_empty");
  }
  std::string lines;
  for (const auto& item : items) {
    lines += (lines.empty() ? "" : "\n") + item_line(ctx, item);
  }
  const std::string name = name_for_reply(ctx.member.display_name, lang);
  return labelled(
      reply_to(ctx.event,
               book_.render(
                   ctx.event.chat.chat_id, "shop", lang,
                   {{"name", name}, {"points", std::to_string(ctx.member.points)}},
                   {{"items", lines}, {"mention", mention_html(ctx.event.author.user_id, name)}}),
               true),
      "shop");
}

// One line of the list: ✅ when the member can have it now, else ▫️; stock and description.
std::string shop_handler::item_line(const context& ctx, const storage::shop_item& item) {
  std::string stock;
  if (item.stock) {
    const std::int64_t left = std::max<std::int64_t>(0, *item.stock - shop_.taken(item.id));
    stock = left == 0 ? say(book_, ctx, "shop_item_sold_out")
                      : say(book_, ctx, "shop_item_left", {{"left", std::to_string(left)}});
  }
  const std::string about = item.description.empty()
                                ? ""
                                : say(book_, ctx, "shop_item_about", {{"about", item.description}});
  return say(book_, ctx, "shop_item",
             {{"mark", refusal(ctx, item).empty() ? "✅" : "▫️"},
              {"id", item.id},
              {"name", item.name},
              {"price", std::to_string(item.price)}},
             {{"stock", stock}, {"about", about}});
}

std::string shop_handler::refusal(const context& ctx, const storage::shop_item& item) {
  const auto lang = ctx.command->lang;
  const auto refuse = [&](const char* key, template_values values = {}) {
    values.emplace("item", item.name);
    return say(book_, ctx, key, values);
  };
  if (item.valid_from && ctx.at < *item.valid_from) return refuse("shop_not_yet");
  if (item.valid_until && ctx.at > *item.valid_until) return refuse("shop_ended");
  const std::int64_t level = levels_.level_for(ctx.member.xp);
  if (level < item.min_level) {
    return refuse("shop_needs_level",
                  {{"level", std::to_string(item.min_level)}, {"yours", std::to_string(level)}});
  }
  if (!item.required_badge.empty() && !badges_.has(ctx.member.id, item.required_badge)) {
    return refuse(
        "shop_needs_badge",
        {{"badge", badge_name(book_, ctx.event.chat.chat_id, item.required_badge, lang)}});
  }
  if (!item.min_tier.empty() &&
      !tier_reaches(care_ != nullptr ? care_->tier_of(ctx.member.id) : std::nullopt,
                    item.min_tier)) {
    return refuse("shop_needs_tier",
                  {{"tier", tier_name(book_, ctx.event.chat.chat_id, item.min_tier, lang)}});
  }
  if (item.stock && shop_.taken(item.id) >= *item.stock) return refuse("shop_sold_out");
  if (item.per_member_limit && shop_.taken_by(item.id, ctx.member.id) >= *item.per_member_limit) {
    return refuse("shop_limit", {{"limit", std::to_string(*item.per_member_limit)}});
  }
  if (ctx.member.points < item.price) {
    return refuse("shop_too_dear", {{"price", std::to_string(item.price)},
                                    {"points", std::to_string(ctx.member.points)}});
  }
  return "";
}

handler_result shop_handler::redeem(const context& ctx, const std::string& wanted) {
  const auto lang = ctx.command->lang;
  const auto item = shop_.find_item(wanted);
  if (!item) {
    return answer(reply_with(book_, ctx, "shop_no_such_item", {{"item", wanted}}));
  }
  if (std::string why = refusal(ctx, *item); !why.empty()) {
    return answer(reply_to(ctx.event, why, true));
  }
  const auto balance = ledger_.append({ctx.member.id, -item->price, "redeem", ctx.event.event_id,
                                       "redeem:" + ctx.event.platform + ":" + ctx.event.event_id,
                                       ctx.at, "member", item->name});
  if (!balance) {
    return answer(reply_with(book_, ctx, "shop_already_redeemed"));
  }
  std::string code = new_code();
  while (!shop_.insert({0, code, item->id, ctx.member.id, item->price, "pending"},
                       ctx.event.event_id, ctx.at)) {
    code = new_code();  // 26^8 codes: a collision is rare, and retrying is cheap
  }
  const std::string name = name_for_reply(ctx.member.display_name, lang);
  handler_result done = answer(
      labelled(reply_to(ctx.event,
                        book_.render(ctx.event.chat.chat_id, "redeemed", lang,
                                     {{"name", name},
                                      {"item", item->name},
                                      {"price", std::to_string(item->price)},
                                      {"code", code},
                                      {"balance", std::to_string(*balance)}},
                                     {{"mention", mention_html(ctx.event.author.user_id, name)}}),
                        true),
               "redeemed"));
  done.tallies.push_back({core::tally_kind::redemption, {ctx.event.platform, item->id}});
  return done;
}

std::string shop_handler::new_code() {
  return redemption_code(random_);
}

std::string redemption_code(std::mt19937_64& random) {
  std::uniform_int_distribution<std::size_t> pick(0, code_alphabet.size() - 1);
  std::string code;
  for (int i = 0; i < 8; ++i) {
    if (i == 4) code += '-';
    code += code_alphabet[pick(random)];
  }
  return code;
}

redemption_admin_handler::redemption_admin_handler(storage::shop_store& shop,
                                                   storage::ledger_store& ledger,
                                                   const template_book& book)
    : shop_(shop), ledger_(ledger), book_(book) {}

handler_result redemption_admin_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  return {{reply_to(ctx.event, apply(ctx, ctx.command->name == "refund"), true)}, true};
}

namespace {

const char* state_name(const std::string& state, core::language lang) {
  if (state == "fulfilled") return in(lang, "fulfilled", "已核销");
  if (state == "refunded") return in(lang, "refunded", "已退款");
  return in(lang, "pending", "待处理");
}

}  // namespace

std::string redemption_admin_handler::apply(const context& ctx, bool refund) {
  if (auto refusal = admin_refusal(ctx, book_); !refusal.empty()) return refusal;
  const auto lang = ctx.command->lang;
  const std::string& command = ctx.command->word;
  const std::string code(core::trim(ctx.command->args));
  if (code.empty()) return say(book_, ctx, "redemption_which", {{"command", command}});
  const auto result = settle_redemption(shop_, ledger_, code, refund, ctx.event.event_id,
                                        "admin:" + ctx.event.author.user_id, ctx.at);
  const auto& found = result.found;
  switch (result.outcome) {
    case settle_outcome::unknown_code:
      return say(book_, ctx, "redemption_unknown", {{"code", code}, {"command", command}});
    case settle_outcome::not_pending:
      return say(book_, ctx, refund ? "redemption_not_refundable" : "redemption_already",
                 {{"code", found.code}, {"state", state_name(found.state, lang)}});
    case settle_outcome::done:
      break;
  }
  if (!refund) return say(book_, ctx, "redemption_fulfilled", {{"code", found.code}});
  return say(book_, ctx, "redemption_refunded",
             {{"code", found.code},
              {"price", std::to_string(found.price)},
              {"balance", std::to_string(result.balance)}});
}

settle_result settle_redemption(storage::shop_store& shop, storage::ledger_store& ledger,
                                const std::string& code, bool refund,
                                const std::string& source_event, const std::string& actor,
                                std::int64_t at) {
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
    ledger.append({found->member_id, found->price, "refund", source_event, "refund:" + found->code,
                   at, actor, found->code});
    result.balance = ledger.balance(found->member_id);
  }
  return result;
}

std::vector<core::command_spec> shop_handler::commands() {
  return {
      {.name = "shop",
       .owner = "shop",
       .aliases = {"积分商城", "商城"},
       .help_en = "the points shop: what you can buy and for how much",
       .help_zh = "积分商城：可兑换的商品和价格",
       .reference = "the points shop: price, stock left, and whether you can have each item"},
      {.name = "redeem",
       .owner = "shop",
       .aliases = {"兑换"},
       .alias_args = true,
       .usage_en = "<item>",
       .usage_zh = "<商品>",
       .help_en = "buy an item with your points",
       .help_zh = "用积分兑换商品",
       .reference = "buy an item: one transaction (stock, limits and balance checked, points "
                    "debited); the reply carries a redemption code"},
  };
}

std::vector<core::command_spec> redemption_admin_handler::commands() {
  return {
      {.name = "fulfil",
       .owner = "redemption_admin",
       .role = core::command_role::admin,
       .section = core::command_section::community_admin,
       .aliases = {"核销"},
       .alias_args = true,
       .usage_en = "<code>",
       .usage_zh = "<兑换码>",
       .help_en = "hand over a redemption",
       .help_zh = "核销兑换码（礼品已发放）",
       .reference = "mark a redemption handed over"},
      {.name = "refund",
       .owner = "redemption_admin",
       .role = core::command_role::admin,
       .section = core::command_section::community_admin,
       .aliases = {"退款"},
       .alias_args = true,
       .usage_en = "<code>",
       .usage_zh = "<兑换码>",
       .help_en = "cancel a redemption: the points come back",
       .help_zh = "退回兑换：积分退还，库存恢复",
       .reference = "cancel a redemption: the points come back and the stock returns"},
  };
}

}  // namespace steward::handlers
