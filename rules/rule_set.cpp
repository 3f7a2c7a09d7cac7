#include "rules/rule_set.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "rules/detectors.hpp"
#include "rules/normalizer.hpp"
#include "rules/word_breaks.hpp"
#include "rules/word_index.hpp"

namespace steward::rules {

namespace {

constexpr std::int64_t regex_max_mem = 8 << 20;

struct operator_regex {
  std::unique_ptr<RE2> re;
  regex_entry source;
};

std::vector<word_entry> read_all(const std::vector<std::string>& files) {
  std::vector<word_entry> out;
  for (const auto& f : files) {
    auto entries = read_word_list(f);
    out.insert(out.end(), std::make_move_iterator(entries.begin()),
               std::make_move_iterator(entries.end()));
  }
  return out;
}

std::vector<operator_regex> compile_regexes(const std::vector<std::string>& files) {
  std::vector<operator_regex> out;
  for (const auto& f : files) {
    for (auto& entry : read_regex_list(f)) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_max_mem(regex_max_mem);
      auto re = std::make_unique<RE2>(entry.pattern, options);
      if (!re->ok()) {
        throw rules_error(fmt::format("{}:{}: bad regex \"{}\": {}", entry.file, entry.line,
                                      entry.pattern, re->error()));
      }
      out.push_back({std::move(re), std::move(entry)});
    }
  }
  return out;
}

bool covered_by_allow(const word_index::hit& h, const std::vector<word_index::hit>& allows) {
  return std::any_of(allows.begin(), allows.end(), [&](const word_index::hit& a) {
    return a.begin <= h.begin && a.end >= h.end;
  });
}

std::string slice(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  return std::string(text.substr(begin, end - begin));
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// The entries with a Latin letter: the only ones leetspeak can hide.
std::vector<word_entry> latin_entries(const std::vector<word_entry>& entries) {
  std::vector<word_entry> latin;
  for (const auto& e : entries) {
    const auto folded = normalize(e.word, view::folded).text;
    if (std::any_of(folded.begin(), folded.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      latin.push_back(e);
    }
  }
  return latin;
}

/// A leet-view hit counts only where the original really uses a digit or symbol for a letter
/// (without one, "shot" would read as "sh*t" like the word it is not) and is still mostly letters
/// (a number with a unit, "035s" or "1355", is no word).
bool uses_leetspeak(std::string_view original, std::uint32_t begin, std::uint32_t end) {
  std::size_t letters = 0, digits = 0;
  for (const char c : original.substr(begin, end - begin)) {
    letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
  }
  const auto span = original.substr(begin, end - begin);
  const bool symbol = span.find_first_of("@$") != std::string_view::npos;
  return (digits > 0 || symbol) && letters >= digits;
}

}  // namespace

struct rule_set::compiled {
  std::unique_ptr<word_index> words;
  std::unique_ptr<word_index> leet;  ///< Latin entries in the leet view; null without any
  std::unique_ptr<word_index> homophones;
  std::vector<operator_regex> regexes;
  std::unique_ptr<contact_detectors> contacts;
};

int action_rank(std::string_view action) {
  const auto& names = action_names();
  const auto it = std::find(names.begin(), names.end(), action);
  return it == names.end() ? 0 : static_cast<int>(it - names.begin());
}

verdict decide(std::vector<match> matches) {
  verdict v;
  for (const match& m : matches) {
    if (m.shadow || action_rank(m.action) < action_rank(v.action)) continue;
    if (action_rank(m.action) > action_rank(v.action)) v.mute_seconds = 0;
    v.action = m.action;
    v.mute_seconds = std::max(v.mute_seconds, m.mute_seconds);
  }
  std::sort(matches.begin(), matches.end(), [](const match& a, const match& b) {
    return std::tie(a.begin, a.end, a.rule) < std::tie(b.begin, b.end, b.rule);
  });
  v.matches = std::move(matches);
  return v;
}

std::shared_ptr<const rule_set> rule_set::compile(const rules_config& cfg,
                                                  const std::string& chat_id,
                                                  std::shared_ptr<const rule_switches> switches,
                                                  const std::vector<word_edit>& edits) {
  // Operators' edits change the global lists; a group's extra lists are its own files.
  auto words = apply_word_edits(read_all(cfg.words), edits, false);
  auto allowed = apply_word_edits(read_all(cfg.allow), edits, true);
  if (const auto it = cfg.groups.find(chat_id); it != cfg.groups.end()) {
    for (auto& e : read_all(it->second.words))
      words.push_back(std::move(e));
    for (auto& e : read_all(it->second.allow))
      allowed.push_back(std::move(e));
  }
  auto parts = std::make_unique<compiled>();
  parts->words = std::make_unique<word_index>(words, allowed, view::folded, cfg.engine);
  if (auto latin = latin_entries(words); !latin.empty()) {
    parts->leet =
        std::make_unique<word_index>(latin, latin_entries(allowed), view::leet, cfg.engine);
  }
  const auto homophones = read_all(cfg.homophones);
  if (!homophones.empty()) {
    parts->homophones = std::make_unique<word_index>(homophones, allowed, view::pinyin, cfg.engine);
  }
  parts->regexes = compile_regexes(cfg.regex);
  parts->contacts = std::make_unique<contact_detectors>(cfg.allowed_domains);
  return std::shared_ptr<const rule_set>(new rule_set(cfg, std::move(parts), std::move(switches)));
}

rule_set::rule_set(rules_config cfg, std::unique_ptr<compiled> parts,
                   std::shared_ptr<const rule_switches> switches)
    : cfg_(std::move(cfg)), parts_(std::move(parts)), switches_(std::move(switches)) {
  auto defaults = rules_config::default_policies();
  for (auto& [name, policy] : cfg_.rules)
    defaults[name] = policy;
  cfg_.rules = std::move(defaults);
}

rule_set::~rule_set() = default;

rule_policy rule_set::policy(const std::string& rule) const {
  const auto it = cfg_.rules.find(rule);
  if (it == cfg_.rules.end()) return rule_policy{false, "flag", 0, false};
  rule_policy p = it->second;
  if (switches_) p.shadow = switches_->shadow(rule).value_or(p.shadow);
  return p;
}

std::size_t rule_set::word_count() const {
  return parts_->words->size() + (parts_->homophones ? parts_->homophones->size() : 0);
}

std::size_t rule_set::memory() const {
  return parts_->words->memory() + (parts_->homophones ? parts_->homophones->memory() : 0);
}

std::vector<match> rule_set::scan(std::string_view text, bool newcomer,
                                  std::string* folded_text) const {
  std::vector<match> out;
  const auto add = [&](const std::string& rule, std::string tag, std::string action,
                       std::uint32_t begin, std::uint32_t end, std::string normalized) {
    const rule_policy p = policy(rule);
    if (!p.enabled) return;
    if (action.empty()) action = p.action;
    out.push_back({rule, std::move(tag), std::move(action), p.shadow, begin, end,
                   slice(text, begin, end), std::move(normalized), p.mute_seconds});
  };

  thread_local normalized_views views;  // buffers reused: no allocation per message
  normalize_views(text, views);
  const normalized_text& folded = views.folded;
  if (folded_text != nullptr) *folded_text = folded.text;
  auto hits = parts_->words->find(text, folded);
  if (parts_->leet && may_hide_leetspeak(text)) {
    for (auto& h : parts_->leet->find(text, normalize(text, view::leet))) {
      if (!h.what->allow && !uses_leetspeak(text, h.begin, h.end)) continue;
      h.normalized = lower_ascii(h.what->source.word);  // the listed word, not "f*ck"
      hits.push_back(std::move(h));
    }
  }
  if (parts_->homophones) {
    for (auto& h : parts_->homophones->find(text, normalize(text, view::pinyin))) {
      // Syllables of two neighbouring words are no homophone (大厦比较: sha | bi).
      const bool ideographs = std::any_of(text.begin() + h.begin, text.begin() + h.end, [](char c) {
        return static_cast<unsigned char>(c) >= 0x80;
      });
      if (h.what->allow || !ideographs || spans_whole_words(text, h.begin, h.end)) {
        hits.push_back(std::move(h));
      }
    }
  }
  std::vector<word_index::hit> allows;
  for (const auto& h : hits) {
    if (h.what->allow) allows.push_back(h);
  }
  for (const auto& h : hits) {
    if (h.what->allow || covered_by_allow(h, allows)) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const match& m) {
      return m.begin == h.begin && m.end == h.end && m.tag == h.what->source.tag;
    });
    if (!seen) {
      add("word", h.what->source.tag.empty() ? "sensitive" : h.what->source.tag,
          h.what->source.action, h.begin, h.end, h.normalized);
    }
  }

  for (const auto& r : parts_->regexes) {
    re2::StringPiece found;
    const std::string_view f = folded.text;
    if (!r.re->Match(re2::StringPiece(f.data(), f.size()), 0, f.size(), RE2::UNANCHORED, &found,
                     1) ||
        found.empty()) {
      continue;
    }
    const auto b = static_cast<std::size_t>(found.data() - f.data());
    const auto [ob, oe] = folded.original(b, b + found.size());
    add("regex", r.source.tag.empty() ? "regex" : r.source.tag, r.source.action, ob, oe,
        std::string(found.data(), found.size()));
  }

  const normalized_text& strict = views.strict;
  int links = 0;
  auto detections = views.has_strict ? parts_->contacts->detect(strict) : std::vector<detection>{};
  for (auto& d : detections) {
    const auto [ob, oe] = strict.original(d.begin, d.end);
    const std::string tag = d.rule == "url" ? "link" : "contact";
    std::string action;
    if (newcomer && action_rank(policy(d.rule).action) < action_rank("delete")) action = "delete";
    links += d.rule == "url" ? 1 : 0;
    add(d.rule, tag, action, ob, oe, std::move(d.value));
  }
  if (links > cfg_.max_links) {
    add("links", "link", "", 0, static_cast<std::uint32_t>(text.size()),
        fmt::format("{} links", links));
  }
  int mentions = 0;
  for (std::size_t pos = text.find('@'); pos != std::string_view::npos;
       pos = text.find('@', pos + 1)) {
    mentions += pos + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[pos + 1]));
  }
  if (mentions > cfg_.max_mentions) {
    add("mentions", "mention", "", 0, static_cast<std::uint32_t>(text.size()),
        fmt::format("{} mentions", mentions));
  }
  return out;
}

}  // namespace steward::rules
