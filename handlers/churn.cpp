#include "handlers/churn.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "handlers/say.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t day_s = 86400;

std::string shown_name(const storage::idle_member& m) {
  return m.name.empty() ? m.user_id : m.name;
}

}  // namespace

churn_watch::churn_watch(storage::care_store& care, const template_book& book,
                         churn_settings settings)
    : care_(care), book_(book), settings_(std::move(settings)) {
  std::sort(settings_.levels.begin(), settings_.levels.end());
  for (auto& [chat, levels] : settings_.group_levels)
    std::sort(levels.begin(), levels.end());
  shortest_level_ = settings_.levels.empty() ? 0 : settings_.levels.front();
  for (const auto& [chat, levels] : settings_.group_levels) {
    if (!levels.empty() && (shortest_level_ == 0 || levels.front() < shortest_level_))
      shortest_level_ = levels.front();
  }
}

const std::vector<int>& churn_watch::levels_of(const std::string& chat_id) const {
  const auto own = settings_.group_levels.find(chat_id);
  return own != settings_.group_levels.end() ? own->second : settings_.levels;
}

std::vector<core::action> churn_watch::run(const storage::group_row& group, std::int64_t now_s) {
  const auto& levels = levels_of(group.chat_id);
  if (levels.empty()) return {};
  // Only the highest level reached is warned: a member found after 14 days (Steward was off, or
  // the level is new) hears once, not three times.
  std::map<int, std::vector<reached>> by_level;
  for (auto& m : care_.idle_members(group.id, now_s - levels.front() * day_s)) {
    int level = 0;
    for (const int l : levels) {
      if (now_s - m.idle_since >= l * day_s) level = l;
    }
    const bool mention = settings_.mention_levels.contains(level) && !m.hidden;
    const bool digest = settings_.digest && !settings_.report_chat.empty();
    std::string actions = digest ? "digest" : "";
    if (mention) actions += actions.empty() ? "mention" : ",mention";
    const storage::churn_warning warning{m.member_id,  m.user_id, m.name,  level,
                                         m.idle_since, now_s,     actions, std::nullopt};
    if (care_.record_warning(group.id, warning)) by_level[level].push_back({std::move(m), level});
  }
  std::vector<core::action> out;
  if (settings_.digest && !settings_.report_chat.empty() && !by_level.empty()) {
    out = digest(group, by_level);
  }
  for (const auto& [level, members] : by_level) {
    if (settings_.private_levels.contains(level)) {
      for (const auto& r : members) {
        if (r.member.reachable_privately) out.push_back(private_message(group, r));
      }
    }
    if (!settings_.mention_levels.contains(level)) continue;
    for (auto& action : mentions(group, members, level))
      out.push_back(std::move(action));
  }
  return out;
}

// To the member's private chat (on Telegram its id is the user's); recorded as an action of the
// warning only once delivered.
core::action churn_watch::private_message(const storage::group_row& group, const reached& r) const {
  const auto lang = book_.group_language(group.chat_id);
  const std::string text = book_.render(group.chat_id, "churn_private", lang,
                                        {{"name", shown_name(r.member)},
                                         {"group", group.title},
                                         {"days", std::to_string(r.level_days)}});
  core::action dm{group.platform, r.member.user_id, "", core::send_message{text, true}};
  dm.purpose = "churn_private";
  dm.label = "churn_private";
  dm.purpose_ref = fmt::format("{}:{}:{}:{}", r.member.member_id, r.level_days, r.member.idle_since,
                               r.member.user_id);
  return dm;
}

std::vector<core::action> churn_watch::follow_up(const delivery_answer& answer,
                                                 const core::platform_adapter&) {
  if (answer.purpose != "churn_private") return {};
  // "<member row>:<level>:<idle since>:<user id>"
  std::int64_t member = 0;
  int level = 0;
  std::int64_t idle_since = 0;
  char user[64] = {};
  if (std::sscanf(answer.purpose_ref.c_str(), "%" SCNd64 ":%d:%" SCNd64 ":%63s", &member, &level,
                  &idle_since, user) != 4) {
    return {};
  }
  if (answer.delivered) {
    care_.add_warning_action(member, level, idle_since, "private");
  } else if (answer.why == core::delivery_failure::refused) {
    care_.private_contact_refused(answer.platform, user, answer.now_s);
  }
  return {};
}

// Batched mentions, at most max_mentions members a day; hidden members are never named in the
// group.
std::vector<core::action> churn_watch::mentions(const storage::group_row& group,
                                                const std::vector<reached>& members,
                                                int level_days) const {
  std::vector<std::string> links;
  for (const auto& r : members) {
    if (r.member.hidden || links.size() >= settings_.max_mentions) continue;
    links.push_back(mention_html(r.member.user_id, shown_name(r.member)));
  }
  std::vector<core::action> out;
  const auto lang = book_.group_language(group.chat_id);
  for (std::size_t first = 0; first < links.size(); first += settings_.mention_batch) {
    std::string joined;
    const auto last = std::min(links.size(), first + settings_.mention_batch);
    for (std::size_t i = first; i < last; ++i)
      joined += (i > first ? " " : "") + links[i];
    const std::string text = book_.render(
        group.chat_id, "churn_mention", lang,
        {{"days", std::to_string(level_days)}, {"group", group.title}}, {{"mentions", joined}});
    out.push_back(labelled({group.platform, group.chat_id, "", core::send_message{text, true}},
                           "churn_mention"));
  }
  return out;
}

std::vector<core::action> churn_watch::digest(
    const storage::group_row& group, const std::map<int, std::vector<reached>>& by_level) const {
  const auto lang = book_.group_language(group.chat_id);
  const bool zh = lang == core::language::zh;
  std::string lists;
  std::size_t count = 0;
  for (const auto& [level, members] : by_level) {
    std::string names;
    for (const auto& r : members) {
      names += (names.empty() ? "" : (zh ? "、" : ", ")) + escape_html(shown_name(r.member));
    }
    count += members.size();
    lists += (lists.empty() ? "" : "\n") +
             say(book_, group.chat_id, "churn_level", lang,
                 {{"days", std::to_string(level)}, {"count", std::to_string(members.size())}},
                 {{"names", names}});
  }
  const std::string text =
      book_.render(group.chat_id, "churn_digest", lang,
                   {{"group", group.title}, {"count", std::to_string(count)}}, {{"lists", lists}});
  return {{group.platform, settings_.report_chat, "", core::send_message{text, true}}};
}

void churn_watch::member_wrote(std::int64_t member_id, std::int64_t last_wrote, std::int64_t at) {
  // Only a member quiet for at least the shortest level can have an open warning: everyone else
  // costs nothing here.
  if (shortest_level_ == 0 || at - last_wrote < shortest_level_ * day_s) return;
  care_.mark_returned(member_id, at);
}

}  // namespace steward::handlers
