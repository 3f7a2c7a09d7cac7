#include "handlers/badge_digest.hpp"

#include "handlers/badges.hpp"
#include "handlers/handler.hpp"
#include "handlers/phrases.hpp"

namespace steward::handlers {

namespace {

constexpr std::size_t most_named = 50;  // the rest are counted, not named

std::string entry(const storage::badge_award& award, const std::string& badge,
                  core::language lang) {
  const std::string name = name_for_reply(award.member_name, lang);
  return lang == core::language::zh ? name + "「" + badge + "」" : name + " (" + badge + ")";
}

// "A, B and C" / "A、B、C"; beyond most_named: "… and 12 more" / "…等 62 项".
std::string listing(const std::vector<storage::badge_award>& awards, const template_book& book,
                    const std::string& chat_id, core::language lang) {
  const bool zh = lang == core::language::zh;
  const std::size_t named = std::min(awards.size(), most_named);
  std::string out;
  for (std::size_t i = 0; i < named; ++i) {
    const bool last = i + 1 == named && named == awards.size();
    if (i > 0) out += zh ? "、" : (last ? " and " : ", ");
    out += entry(awards[i], badge_name(book, chat_id, awards[i].badge, lang), lang);
  }
  if (named < awards.size()) {
    out += zh ? "等 " + std::to_string(awards.size()) + " 项"
              : " and " + std::to_string(awards.size() - named) + " more";
  }
  return out;
}

}  // namespace

badge_digest::badge_digest(storage::badge_store& badges, const template_book& book)
    : badges_(badges), book_(book) {}

std::vector<core::action> badge_digest::paced_due(badge_rules& rules,
                                                  storage::community_store& community,
                                                  std::int64_t now_s) {
  std::vector<core::action> out;
  for (const auto& paced : rules.take_paced(now_s)) {
    const auto group = community.find_group(paced.platform, paced.chat_id);
    if (!group) continue;
    if (auto digest = due(*group)) out.push_back(std::move(*digest));
  }
  return out;
}

std::optional<core::action> badge_digest::due(const storage::group_row& group) {
  const auto awards = badges_.take_untold(group.id);
  if (awards.empty()) return std::nullopt;
  const auto lang = book_.group_language(group.chat_id);
  const std::string text = book_.render(group.chat_id, "badge_digest", lang,
                                        {{"group", group.title},
                                         {"count", std::to_string(awards.size())},
                                         {"badges", listing(awards, book_, group.chat_id, lang)}});
  return labelled(core::action{group.platform, group.chat_id, "", core::send_message{text, true}},
                  "badge_digest");
}

}  // namespace steward::handlers
