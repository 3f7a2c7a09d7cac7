#include "handlers/faq.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "handlers/markup_check.hpp"
#include "handlers/phrases.hpp"
#include "handlers/template_renderer.hpp"
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
  std::vector<std::string> triggers;  // normalised
  std::vector<std::unique_ptr<RE2>> regexes;

  bool matches(const std::string& text) const {
    if (entry.match == "regex") {
      return std::any_of(regexes.begin(), regexes.end(),
                         [&](const auto& re) { return RE2::PartialMatch(text, *re); });
    }
    return std::any_of(triggers.begin(), triggers.end(), [&](const std::string& t) {
      return entry.match == "exact" ? text == t : text.find(t) != std::string::npos;
    });
  }
};

std::optional<std::string> check_faq(const faq_entry& entry) {
  if (entry.match != "exact" && entry.match != "contains" && entry.match != "regex") {
    return "match must be \"exact\", \"contains\" or \"regex\", not \"" + entry.match + "\"";
  }
  if (entry.triggers.empty()) return "needs at least one trigger";
  if (entry.answer.empty()) return "needs an answer";
  if (entry.match == "regex") {
    for (const auto& t : entry.triggers) {
      const auto re = compile(t);
      if (!re->ok()) return "bad regex \"" + t + "\": " + re->error();
    }
  }
  if (auto problem = check_template(entry.answer, answer_placeholders())) return problem;
  return check_telegram_html(entry.answer);
}

faq_handler::faq_handler(std::vector<faq_entry> entries) {
  replace(std::move(entries));
}

void faq_handler::replace(std::vector<faq_entry> entries) {
  entries_.clear();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const faq_entry& a, const faq_entry& b) { return a.priority > b.priority; });
  for (auto& e : entries) {
    auto c = std::make_unique<compiled>();
    for (const auto& t : e.triggers) {
      if (e.match == "regex") {
        c->regexes.push_back(compile(t));
      } else {
        c->triggers.push_back(folded(t));
      }
    }
    c->entry = std::move(e);
    entries_.push_back(std::move(c));
  }
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
  for (const auto& c : entries_) {
    const auto& e = c->entry;
    if (!e.groups.empty() && !e.groups.contains(chat_id)) continue;
    if (!c->matches(normal)) continue;
    auto& last = answered_at_[e.id + "\x1f" + chat_id];
    if (last != 0 && now_s - last < e.cooldown_s) return nullptr;  // the best match is resting
    last = now_s;
    return &e;
  }
  return nullptr;
}

handler_result faq_handler::handle(const context& ctx) {
  const auto& ev = ctx.event;
  if (!ev.chat.is_group || ev.kind != core::event_kind::message || ev.text.empty()) return {};
  const faq_entry* e = answer_for(ev.chat.chat_id, ev.text, ctx.now_s);
  if (e == nullptr) return {};
  const std::string name = name_for_reply(ev.author.display_name, core::language::en);
  const std::string text = render_template(e->answer, {{"name", name}, {"group", ev.chat.title}},
                                           {{"mention", mention_html(ev.author.user_id, name)}});
  return {{core::action{ev.platform, ev.chat.chat_id, ev.event_id,
                        core::reply_message{text, ev.message_id, true}}},
          false};
}

}  // namespace steward::handlers
