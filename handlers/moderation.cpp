#include "handlers/moderation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "handlers/confirmation.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

// Only such messages count towards a raid (rules::behaviour_tracker::observe).
bool is_suspicious(bool newcomer, const std::vector<rules::match>& matches) {
  return newcomer || std::any_of(matches.begin(), matches.end(), [](const auto& m) {
           return m.tag == "link" || m.tag == "contact" || m.rule == "mentions";
         });
}

bool moderated_kind(core::event_kind kind) {
  return kind == core::event_kind::message || kind == core::event_kind::edited_message ||
         kind == core::event_kind::command;
}

std::string spans_json(const std::vector<rules::match>& matches, bool shadow) {
  nlohmann::json spans = nlohmann::json::array();
  for (const auto& m : matches) {
    if (m.shadow != shadow) continue;
    spans.push_back({{"rule", m.rule},
                     {"tag", m.tag},
                     {"start", m.begin},
                     {"end", m.end},
                     {"matched", m.matched}});
    if (m.hidden) spans.back()["hidden"] = true;  // matched: the target; no span of the text
  }
  return spans.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const rules::match* strongest(const rules::verdict& v, bool shadow) {
  const rules::match* best = nullptr;
  for (const auto& m : v.matches) {
    if (m.shadow != shadow) continue;
    if (best == nullptr || rules::action_rank(m.action) > rules::action_rank(best->action)) {
      best = &m;
    }
  }
  return best;
}

std::string rule_words(const template_book& book, const std::string& chat_id, const rules::match& m,
                       core::language lang) {
  const auto& rule = m.rule;
  const auto& tag = m.tag;
  const auto words = [&](const char* key, const template_values& values = {}) {
    return plain_text(say(book, chat_id, key, lang, values));
  };
  if (m.hidden) return words("reason_hidden_link", {{"target", m.matched}});
  if (rule == "word" || rule == "split") {
    if (rule == "split" && tag == "contact") return words("reason_split_contact");
    return words("reason_word", {{"list", tag}});
  }
  if (rule == "phone" || rule == "wechat" || rule == "qq" || rule == "email") {
    return words("reason_contact", {{"kind", rule}});
  }
  if (rule == "url" || rule == "links") return words("reason_links");
  if (rule == "mentions") return words("reason_mentions");
  if (rule == "flood") return words("reason_flood");
  if (rule == "duplicate") return words("reason_duplicate");
  if (rule == "raid") return words("reason_raid");
  if (rule == "learned") return words("reason_learned");
  return words("reason_rule", {{"rule", rule}});
}

// A link's target counts like a link in the text: each target is read by the link rules, and a
// match names the target (it has no place in the text to point at).
void scan_hidden_links(const core::chat_event& e, const rules::rule_set& rules, bool newcomer,
                       std::vector<rules::match>& matches) {
  for (const auto& target : e.hidden_links) {
    for (auto& m : rules.scan(target, newcomer)) {
      if (m.tag != "link") continue;
      m.hidden = true;
      m.begin = m.end = 0;
      m.matched = target;
      matches.push_back(std::move(m));
    }
  }
}

}  // namespace

std::string describe_reason(const rules::verdict& v, core::language lang, const template_book& book,
                            const std::string& chat_id) {
  const auto* m = strongest(v, false);
  if (m == nullptr) return {};
  return rule_words(book, chat_id, *m, lang);
}

moderation_handler::moderation_handler(rules::rules_engine& engine,
                                       storage::moderation_store& store, escalation_ladder& ladder,
                                       capability_lookup caps, const template_book& book)
    : engine_(engine),
      store_(store),
      ladder_(ladder),
      caps_(std::move(caps)),
      behaviour_(engine.config()),
      admin_ids_(engine.config().admin_ids.begin(), engine.config().admin_ids.end()),
      book_(book) {}

bool moderation_handler::exempt(const context& ctx) {
  return ctx.event.author.is_admin.value_or(false) ||
         admin_ids_.contains(ctx.event.author.user_id) || ctx.member.approved;
}

std::size_t moderation_handler::recall(const std::vector<storage::stored_message>& recent) {
  std::size_t read = 0;
  for (const auto& m : recent) {
    if (m.text.empty() || m.text.front() == '/' || !engine_.enabled_in(m.chat_id)) continue;
    const auto rules = engine_.for_chat(m.chat_id);
    std::string folded;
    const auto matches = rules->scan(m.text, m.newcomer, &folded);
    behaviour_.observe(std::to_string(m.group_id), std::to_string(m.member_id), m.text,
                       std::move(folded), m.message_id, m.at, *rules,
                       is_suspicious(m.newcomer, matches));
    ++read;
  }
  return read;
}

handler_result moderation_handler::handle(const context& ctx) {
  const auto& e = ctx.event;
  if (!e.chat.is_group || e.author.is_bot || !moderated_kind(e.kind)) return {};
  if (e.text.empty() && e.hidden_links.empty()) return {};
  if (!engine_.enabled_in(e.chat.chat_id)) return {};
  if (exempt(ctx)) return {};  // kept out of replays too: they were never moderated
  const auto rules = engine_.for_chat(e.chat.chat_id);
  // message_count holds the member's earlier messages: this one is number message_count + 1.
  const int newcomer_messages = engine_.config().newcomer_messages;
  const bool newcomer = ctx.member.message_count < newcomer_messages;
  if (!e.message_id.empty()) {
    store_.record_message(ctx.group.id, e.message_id, ctx.member.id, e.text, ctx.at, newcomer);
  }
  std::string folded;
  auto matches = rules->scan(e.text, newcomer, &folded);
  scan_hidden_links(e, *rules, newcomer, matches);
  const bool suspicious = is_suspicious(newcomer, matches);
  std::vector<std::string> also_delete;
  // Commands (/checkin, /points …) are sent repeatedly on purpose: no flood or duplicate rules.
  const auto observed =
      ctx.command
          ? std::vector<rules::behaviour_match>{}
          : behaviour_.observe(std::to_string(ctx.group.id), std::to_string(ctx.member.id), e.text,
                               std::move(folded), e.message_id, ctx.at, *rules, suspicious);
  for (auto b : observed) {
    matches.push_back(std::move(b.what));
    if (matches.back().shadow) continue;
    for (auto& id : b.earlier_message_ids) {  // a duplicate may also be a raid's copy
      if (std::find(also_delete.begin(), also_delete.end(), id) == also_delete.end()) {
        also_delete.push_back(std::move(id));
      }
    }
  }
  if (learning_ != nullptr && !e.text.empty()) {
    if (auto learned = learning_->judge(*rules, e.text)) matches.push_back(std::move(*learned));
  }
  const auto v = rules::decide(std::move(matches));
  if (strongest(v, true) != nullptr) log(ctx, v, "none (shadow)", true);
  if (v.action == "allow") return {};
  auto out = act(ctx, v, also_delete);
  if (const auto* decisive = strongest(v, false)) {
    out.tallies.push_back({core::tally_kind::moderation, {decisive->rule, v.action}});
  }
  return out;
}

handler_result moderation_handler::act(const context& ctx, const rules::verdict& v,
                                       const std::vector<std::string>& also_delete) {
  const auto& e = ctx.event;
  if (v.action == "flag") {
    log(ctx, v, "flag (for review)", false);
    return {};
  }
  const auto lang = language_of(e.text);
  const std::string reason = describe_reason(v, lang, book_, e.chat.chat_id);
  const core::capabilities caps = caps_(e.platform).in_chat(ctx.group.bot);
  const bool removes = caps.delete_others_messages;
  const std::string taken = removes ? "delete" : "flag (fallback: cannot delete)";
  const std::string name = name_for_reply(e.author.display_name, lang);
  handler_result out{{}, removes};
  if (v.action == "delete") {
    const auto log_id = log(ctx, v, taken, false, removes ? 1 + also_delete.size() : 0);
    if (removes)
      out.actions =
          removals(ctx, also_delete, {log_id, ctx.group.id, "delete", name, lang, "", ""});
    return out;
  }
  const sanction s = within_platform_limits(sanction_for(ctx, v, reason), caps, ctx.now_s);
  auto enforced = enforce(e, e.author.user_id, s, caps, ctx.group.bot, engine_.config().fallback);
  const auto log_id = log(ctx, v, taken + ", " + enforced.taken, false,
                          (removes ? 1 + also_delete.size() : 0) + enforced.actions.size());
  if (removes)
    out.actions = removals(ctx, also_delete, {log_id, ctx.group.id, "delete", name, lang, "", ""});
  if (s.kind == "warn") {
    // A warning is Steward's own record, already written: it can be announced now — as an
    // answer to the message where the bot can only answer (WeCom's AI bot).
    auto notice =
        sanction_notice(book_, e.chat.chat_id, s, name, reason, lang, ctx.group.time_zone);
    out.actions.push_back(caps.posts_unprompted || removes ? post_in(e, std::move(notice), true)
                                                           : reply_to(e, std::move(notice), true));
  } else if (!enforced.actions.empty()) {
    const sanction done = enforced.done == s.kind ? s : sanction{enforced.done};
    const confirmation c{
        log_id,
        ctx.group.id,
        enforced.done,
        name,
        lang,
        sanction_notice(book_, e.chat.chat_id, done, name, reason, lang, ctx.group.time_zone),
        ""};
    out.actions.push_back(confirmed(std::move(enforced.actions.front()), c));
  }
  // Nothing could be done against the member: the log says so; the group is not told of a
  // sanction that did not happen.
  return out;
}

// The message's removal, and its earlier parts' (a flood, a split ad). Each is confirmed; only the
// message's own removal says so when it fails, so one missing right is not told five times.
std::vector<core::action> moderation_handler::removals(const context& ctx,
                                                       const std::vector<std::string>& earlier,
                                                       const confirmation& removal) {
  std::vector<core::action> out;
  confirmation quiet = removal;
  quiet.quiet = true;
  for (const auto& id : earlier)
    out.push_back(confirmed(act_in(ctx.event, core::delete_message{id}), quiet));
  out.push_back(confirmed(act_in(ctx.event, core::delete_message{ctx.event.message_id}), removal));
  return out;
}

// Timed sanctions run from now, when Steward acts: never from the message's own date, which for
// an edit or a late delivery may lie days back.
sanction moderation_handler::sanction_for(const context& ctx, const rules::verdict& v,
                                          const std::string& reason) {
  if (v.action == "warn") return ladder_.escalate(ctx.member.id, ctx.now_s, reason, "");
  if (v.action == "mute") {
    return timed_sanction("mute", ctx.now_s,
                          v.mute_seconds > 0 ? v.mute_seconds : ladder_.default_mute_seconds());
  }
  return {v.action, 0};
}

std::int64_t moderation_handler::log(const context& ctx, const rules::verdict& v,
                                     const std::string& taken, bool shadow,
                                     std::size_t pending_calls) {
  const auto* m = strongest(v, shadow);
  if (m == nullptr) return 0;
  storage::moderation_entry entry;
  entry.group_id = ctx.group.id;
  entry.member_id = ctx.member.id;
  entry.message_id = ctx.event.message_id;
  entry.rule = m->rule;
  entry.tag = m->tag;
  entry.action = shadow ? m->action : v.action;
  entry.taken = taken;
  entry.shadow = shadow;
  entry.spans = spans_json(v.matches, shadow);
  entry.normalized = m->normalized;
  entry.text = ctx.event.text;
  entry.reason = describe_reason(v, core::language::en, built_in_book(), "");
  entry.at = ctx.at;
  entry.pending_calls = static_cast<int>(pending_calls);
  return store_.log(entry);
}

}  // namespace steward::handlers
