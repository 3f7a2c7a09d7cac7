#include "handlers/faq.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "handlers/markup_check.hpp"
#include "handlers/phrases.hpp"
#include "handlers/template_renderer.hpp"
#include "rules/literal_matcher.hpp"
#include "rules/normalizer.hpp"

namespace steward::handlers {

namespace {

const std::set<std::string, std::less<>>& answer_placeholders() {
  static const std::set<std::string, std::less<>> allowed{"name", "mention", "group"};
  return allowed;
}

std::string folded(const std::string& text) {
  std::string out = rules::normalize(text, rules::view::folded).text;
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

std::unique_ptr<RE2> compile(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);
  return std::make_unique<RE2>(pattern, options);
}

}  // namespace

struct faq_handler::compiled {
  faq_entry entry;
  std::vector<std::unique_ptr<RE2>> regexes;  // for match = "regex"
};

/// Where a trigger literal leads: an entry, and whether the whole message must be the literal.
struct faq_handler::literal_use {
  std::size_t entry = 0;
  bool exact = false;
};

std::optional<entry_problem> check_faq(const faq_entry& entry) {
  if (entry.match != "exact" && entry.match != "contains" && entry.match != "regex") {
    return entry_problem{
        "match", "must be \"exact\", \"contains\" or \"regex\", not \"" + entry.match + "\""};
  }
  if (entry.triggers.empty()) return entry_problem{"triggers", "needs at least one trigger"};
  if (entry.answer.empty()) return entry_problem{"answer", "needs an answer"};
  if (entry.match == "regex") {
    for (const auto& t : entry.triggers) {
      const auto re = compile(t);
      if (!re->ok()) return entry_problem{"triggers", "bad regex \"" + t + "\": " + re->error()};
    }
  }
  auto problem = check_template(entry.answer, answer_placeholders());
  if (!problem) problem = check_telegram_html(entry.answer);
  if (problem) return entry_problem{"answer", *problem};
  return std::nullopt;
}

faq_handler::faq_handler(std::vector<faq_entry> entries, storage::cooldown_store* cooldowns)
    : cooldowns_(cooldowns) {
  replace(std::move(entries));
}

void faq_handler::replace(std::vector<faq_entry> entries) {
  entries_.clear();
  uses_.clear();
  regex_entries_.clear();
  matcher_.reset();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const faq_entry& a, const faq_entry& b) { return a.priority > b.priority; });
  // Every exact and contains trigger goes into one literal matcher, so a message is scanned
  // once however many entries there are; regex triggers are tried one by one.
  std::map<std::string, std::uint32_t> literal_ids;
  std::vector<std::string> literals;
  for (auto& e : entries) {
    auto c = std::make_unique<compiled>();
    for (const auto& t : e.triggers) {
      if (e.match == "regex") {
        c->regexes.push_back(compile(t));
        if (regex_entries_.empty() || regex_entries_.back() != entries_.size()) {
          regex_entries_.push_back(entries_.size());
        }
        continue;
      }
      const std::string literal = folded(t);
      if (literal.empty()) continue;
      const auto [it, added] =
          literal_ids.emplace(literal, static_cast<std::uint32_t>(literals.size()));
      if (added) {
        literals.push_back(literal);
        uses_.emplace_back();
      }
      uses_[it->second].push_back({entries_.size(), e.match == "exact"});
    }
    c->entry = std::move(e);
    entries_.push_back(std::move(c));
  }
  if (!literals.empty()) matcher_ = rules::make_matcher(rules::matcher_engine::hyperscan, literals);
}

faq_handler::~faq_handler() = default;

std::vector<faq_entry> faq_handler::entries() const {
  std::vector<faq_entry> out;
  for (const auto& c : entries_)
    out.push_back(c->entry);
  return out;
}

const faq_entry* faq_handler::answer_for(const std::string& chat_id, const std::string& text,
                                         std::int64_t now_s) {
  if (entries_.empty()) return nullptr;
  const std::string normal = folded(text);
  // Entries whose triggers the message holds; their indices are their priority order.
  std::vector<std::size_t> hits;
  if (matcher_) {
    matcher_->scan(normal, [&](const rules::literal_hit& hit) {
      const bool whole = hit.begin == 0 && hit.end == normal.size();
      for (const auto& use : uses_[hit.id]) {
        if (!use.exact || whole) hits.push_back(use.entry);
      }
    });
  }
  for (const std::size_t i : regex_entries_) {
    const auto& res = entries_[i]->regexes;
    if (std::any_of(res.begin(), res.end(),
                    [&](const auto& re) { return RE2::PartialMatch(normal, *re); })) {
      hits.push_back(i);
    }
  }
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  for (const std::size_t i : hits) {
    const auto& e = entries_[i]->entry;
    if (!e.groups.empty() && !e.groups.contains(chat_id)) continue;
    const std::string key = e.id + "\x1f" + chat_id;
    const auto last = answered_at(key);
    if (last && now_s - *last < e.cooldown_s) return nullptr;  // the best match is resting
    answered(key, now_s);
    return &e;
  }
  return nullptr;
}

std::optional<std::int64_t> faq_handler::answered_at(const std::string& key) {
  if (cooldowns_ != nullptr) return cooldowns_->last("faq", key);
  const auto it = answered_at_.find(key);
  if (it == answered_at_.end()) return std::nullopt;
  return it->second;
}

void faq_handler::answered(const std::string& key, std::int64_t at) {
  if (cooldowns_ != nullptr) {
    cooldowns_->record("faq", key, at);
  } else {
    answered_at_[key] = at;
  }
}

handler_result faq_handler::handle(const context& ctx) {
  const auto& ev = ctx.event;
  if (!ev.chat.is_group || ev.kind != core::event_kind::message || ev.text.empty()) return {};
  const faq_entry* e = answer_for(ev.chat.chat_id, ev.text, ctx.now_s);
  if (e == nullptr) return {};
  const std::string name = name_for_reply(ev.author.display_name, core::language::en);
  const std::string text = render_template(e->answer, {{"name", name}, {"group", ev.chat.title}},
                                           {{"mention", mention_html(ev.author.user_id, name)}});
  return {{labelled({ev.platform, ev.chat.chat_id, ev.event_id,
                     core::reply_message{text, ev.message_id, true}},
                    "faq:" + e->id)},
          false};
}

}  // namespace steward::handlers
