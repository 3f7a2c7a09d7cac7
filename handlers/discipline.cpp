#include "handlers/discipline.hpp"

#include <fmt/format.h>

#include "bot/core/duration.hpp"
#include "bot/core/local_day.hpp"
#include "handlers/handler.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

sanction parse_step(const std::string& step, std::int64_t now_s) {
  if (step.rfind("mute ", 0) == 0) {
    return timed_sanction("mute", now_s, core::parse_duration(step.substr(5)).value_or(3600));
  }
  return {step, 0};
}

bool can_do(const std::string& kind, const core::capabilities& caps) {
  return kind == "warn" || (kind == "mute" && caps.mute_with_duration) ||
         (kind == "kick" && caps.kick) || (kind == "ban" && caps.ban);
}

// A ban that is to end by itself needs a platform that ends bans (QQ's are for good).
bool can_do(const sanction& s, const core::capabilities& caps) {
  return can_do(s.kind, caps) && (s.kind != "ban" || s.until == 0 || caps.timed_ban);
}

// Why the bot cannot restrict here, from what the platform told us of its rights.
core::refusal why_not(const core::bot_rights& rights, const std::string& kind) {
  if (rights.is_admin == false) return core::refusal::not_admin;
  if (rights.can_restrict == false) return core::refusal::lacks_right;
  if (kind == "mute" && rights.can_mute == false) return core::refusal::not_supergroup;
  // Nothing the bot lacks explains it: the platform itself cannot (QQ: a ban that ends).
  return core::refusal::unsupported;
}

}  // namespace

sanction within_platform_limits(sanction s, const core::capabilities& caps, std::int64_t now_s) {
  if (s.kind != "mute" || caps.longest_mute_s <= 0) return s;
  if (s.until == 0 || s.until - now_s > caps.longest_mute_s) s.until = now_s + caps.longest_mute_s;
  return s;
}

sanction timed_sanction(const std::string& kind, std::int64_t now_s, std::int64_t seconds) {
  if (seconds <= 0 || seconds > longest_timed_sanction_s) return {kind, 0};
  return {kind, now_s + seconds};
}

escalation_ladder::escalation_ladder(storage::moderation_store& store,
                                     const rules::rules_config& cfg)
    : store_(store), cfg_(cfg) {}

sanction escalation_ladder::escalate(std::int64_t member_id, std::int64_t now_s,
                                     const std::string& reason, const std::string& actor) {
  const int count = store_.add_warning(member_id, now_s, reason, actor, active_since(now_s));
  const auto& ladder = cfg_.ladder;
  const std::size_t step =
      std::min<std::size_t>(static_cast<std::size_t>(count) - 1, ladder.size() - 1);
  sanction s = parse_step(ladder[step], now_s);
  s.warnings = count;
  s.ladder_size = static_cast<int>(ladder.size());
  return s;
}

std::int64_t escalation_ladder::default_mute_seconds() const {
  for (const auto& step : cfg_.ladder) {
    if (step.rfind("mute ", 0) == 0) return core::parse_duration(step.substr(5)).value_or(3600);
  }
  return 3600;
}

enforcement enforce(const core::chat_event& event, const std::string& user_id, const sanction& s,
                    const core::capabilities& caps, const core::bot_rights& rights,
                    const std::string& fallback) {
  const auto act = [&](core::action_body body) { return act_in(event, std::move(body)); };
  enforcement out;
  if (!can_do(s, caps)) {
    out.cannot = why_not(rights, s.kind);
    if (fallback == "kick" && caps.kick) {
      out.actions.push_back(act(core::kick_member{user_id}));
      out.done = "kick";
    }
    out.taken = fmt::format("{} (fallback: cannot {})", fallback, s.kind);
    return out;
  }
  out.done = s.kind;
  if (s.kind == "mute") {
    out.actions.push_back(act(core::restrict_member{user_id, s.until}));
    out.taken = s.until == 0 ? "mute" : fmt::format("mute until {}", s.until);
  } else if (s.kind == "kick") {
    out.actions.push_back(act(core::kick_member{user_id}));
    out.taken = "kick";
  } else if (s.kind == "ban") {
    out.actions.push_back(act(core::ban_member{user_id, s.until}));
    out.taken = s.until == 0 ? "ban" : fmt::format("ban until {}", s.until);
  } else {
    out.taken = fmt::format("warn {}/{}", s.warnings, s.ladder_size);
  }
  return out;
}

std::string format_until(std::int64_t until, const std::string& time_zone) {
  return core::local_time_text(until, time_zone);
}

std::string sanction_notice(const template_book& book, const std::string& chat_id,
                            const sanction& s, const std::string& name, const std::string& reason,
                            core::language lang, const std::string& time_zone) {
  const bool forever = s.until == 0;
  const template_values values{{"name", name},
                               {"until", forever ? "" : format_until(s.until, time_zone)},
                               {"warnings", std::to_string(s.warnings)},
                               {"ladder", std::to_string(s.ladder_size)}};
  std::string key;
  if (s.kind == "warn") {
    key = "sanction_warned";
  } else if (s.kind == "mute") {
    key = forever ? "sanction_muted_forever" : "sanction_muted";
  } else if (s.kind == "kick") {
    key = "sanction_kicked";
  } else {
    key = forever ? "sanction_banned_forever" : "sanction_banned";
  }
  const std::string what = say(book, chat_id, key, lang, values);
  if (reason.empty()) return what;
  return join_sentences(what, say(book, chat_id, "sanction_reason", lang, {{"reason", reason}}),
                        lang);
}

core::language language_of(const std::string& text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xE4 && c <= 0xE9) return core::language::zh;  // lead bytes of U+4E00–U+9FFF
  }
  return core::language::en;
}

}  // namespace steward::handlers
