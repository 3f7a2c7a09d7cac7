#include "handlers/sanction_outcomes.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/core/log.hpp"

namespace steward::handlers {

core::refusal refusal_of(const delivery_answer& answer, const core::platform_adapter& platform) {
  switch (answer.why) {
    case core::delivery_failure::unreachable:
      return core::refusal::unreachable;
    case core::delivery_failure::expired:
      return core::refusal::expired;
    case core::delivery_failure::unsupported:
      return core::refusal::unsupported;
    case core::delivery_failure::unconfirmed:
      return core::refusal::unconfirmed;
    default:
      return platform.explain_failure(answer.answer);
  }
}

sanction_outcomes::sanction_outcomes(storage::moderation_store& log,
                                     storage::community_store& community,
                                     const rules::rules_config& cfg, const template_book& book)
    : log_(log), community_(community), cfg_(cfg), book_(book) {}

std::vector<core::action> sanction_outcomes::follow_up(const delivery_answer& answer,
                                                       const core::platform_adapter& platform) {
  if (answer.purpose != confirm_purpose) return {};
  const auto c = read_confirmation(answer.purpose_ref);
  if (!c) {
    core::log_warn("sanction.unreadable", "an unreadable confirmation; nothing announced",
                   {core::field("platform", answer.platform), core::field("chat", answer.chat_id),
                    core::field("purpose", answer.purpose)});
    return {};
  }
  const core::refusal why =
      answer.delivered ? core::refusal::unknown : refusal_of(answer, platform);
  // A message someone else already removed is gone, which is all a delete wanted.
  if (answer.delivered || (c->kind == "delete" && why == core::refusal::message_gone)) {
    log_.settle(c->log_id, "");
    if (c->notice.empty()) return {};
    return {tell(answer, *c, c->notice, c->html)};
  }
  return on_failure(answer, *c, why);
}

std::vector<core::action> sanction_outcomes::on_failure(const delivery_answer& answer,
                                                        const confirmation& c, core::refusal why) {
  log_.settle(c.log_id, fmt::format("{} {}: {}", c.kind,
                                    why == core::refusal::unconfirmed ? "not confirmed" : "failed",
                                    answer.answer));
  learn_rights(c, why);
  if (c.quiet) return {};
  std::string text = failure_notice(book_, answer.chat_id, c.kind, c.target_name, why,
                                    answer.answer, c.lang, answer.platform);
  if (c.reply_to.empty() && !cfg_.report_chat.empty()) {
    // Automatic moderation reports its failures where the admins look, not to the group.
    const auto group = community_.find_group(answer.platform, answer.chat_id);
    text = fmt::format("{} ({})", text,
                       escape_html(group && !group->title.empty() ? group->title : answer.chat_id));
    return {{answer.platform, cfg_.report_chat, "", core::send_message{std::move(text), true}}};
  }
  return {tell(answer, c, std::move(text), true)};
}

void sanction_outcomes::learn_rights(const confirmation& c, core::refusal why) {
  if (c.kind == "report") return;  // made in the report chat: says nothing of the group
  core::bot_rights learned;
  if (why == core::refusal::not_admin) learned.is_admin = false;
  // "Not enough rights" to restrict or ban: Telegram's one right for mute, kick and ban.
  if (why == core::refusal::lacks_right && c.kind != "delete") learned.can_restrict = false;
  if (why == core::refusal::lacks_right && c.kind == "delete") learned.can_delete = false;
  // A basic group: mutes never work there, so later decisions use the fallback at once.
  if (why == core::refusal::not_supergroup && c.kind == "mute") learned.can_mute = false;
  if (learned == core::bot_rights{}) return;
  community_.learn_bot_rights(c.group_id, learned);
}

core::action sanction_outcomes::tell(const delivery_answer& answer, const confirmation& c,
                                     std::string text, bool html) {
  const std::string& chat = c.chat_id.empty() ? answer.chat_id : c.chat_id;
  if (!c.reply_to.empty()) {
    return {answer.platform, chat, "", core::reply_message{std::move(text), c.reply_to, html}};
  }
  return {answer.platform, chat, "", core::send_message{std::move(text), html}};
}

}  // namespace steward::handlers
