#include "rules/word_index.hpp"

#include "rules/fold_table.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

bool is_typed_digit(char32_t cp) {
  return is_ascii_digit(cp) || (cp >= 0xFF10 && cp <= 0xFF19);
}

bool has_typed_digit(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const auto d = decode_utf8(s, pos);
    if (is_typed_digit(d.cp)) return true;
    pos += d.size;
  }
  return false;
}

bool only_typed_digits(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const auto d = decode_utf8(s, pos);
    if (!is_typed_digit(d.cp) && d.cp != ' ') return false;
    pos += d.size;
  }
  return true;
}

// The leet view's blurred vowel stands for a letter (no other view keeps that symbol).
bool has_ideograph(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const auto d = decode_utf8(s, pos);
    if (fold_table::shared().classify(d.cp) == char_class::ideo) return true;
    pos += d.size;
  }
  return false;
}

bool is_word_char(char32_t cp) {
  return cp == blurred_vowel || fold_table::shared().classify(cp) == char_class::word;
}
bool is_letter(char32_t cp) {
  return cp == blurred_vowel || fold_table::shared().classify(cp) != char_class::noise;
}

/// The code point that ends just before byte `pos`, or 0 at the start.
char32_t before(std::string_view text, std::size_t pos) {
  if (pos == 0) return 0;
  std::size_t lead = pos - 1;
  while (lead > 0 && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80)
    --lead;
  return decode_utf8(text, lead).cp;
}
char32_t at(std::string_view text, std::size_t pos) {
  return pos < text.size() ? decode_utf8(text, pos).cp : 0;
}

/// The listed form of a collapsed literal: every character repeated as often as in the entry.
std::string expand(std::string_view literal, const std::vector<std::uint16_t>& runs) {
  std::string out;
  std::size_t i = 0;
  for (std::size_t pos = 0; pos < literal.size(); ++i) {
    const auto d = decode_utf8(literal, pos);
    for (std::uint16_t n = 0; n < (i < runs.size() ? runs[i] : 1); ++n)
      out += literal.substr(pos, d.size);
    pos += d.size;
  }
  return out;
}

}  // namespace

word_index::word_index(const std::vector<word_entry>& words, const std::vector<word_entry>& allowed,
                       view form, matcher_engine engine)
    : form_(form) {
  for (const auto& w : words)
    add(w, false);
  for (const auto& w : allowed)
    add(w, true);
  matcher_ = make_matcher(engine, literals_);
}

word_index::~word_index() = default;

void word_index::add(const word_entry& source, bool allow) {
  const normalized_text norm = normalize(source.word, form_);
  add_form(source, allow, norm);
  // Pinyin is also typed without spaces ("shabi" for 傻逼): the syllables joined are a second
  // form of the entry, a whole Latin word.
  if (form_ == view::pinyin && has_ideograph(source.word)) {
    std::string joined;
    for (const char c : norm.text) {
      if (c != ' ') joined += c;
    }
    if (joined.size() + 1 < norm.text.size()) add_form(source, allow, normalize(joined, form_));
  }
}

void word_index::add_form(const word_entry& source, bool allow, const normalized_text& norm) {
  std::string literal = norm.text;
  while (!literal.empty() && literal.front() == ' ')
    literal.erase(0, 1);
  while (!literal.empty() && literal.back() == ' ')
    literal.pop_back();
  if (literal.empty()) return;  // nothing but noise: cannot match anything
  entry e{source, allow, {}, false, false, false};
  const std::size_t offset = norm.text.find(literal);
  e.runs = norm.runs(offset, offset + literal.size());
  e.latin_start = is_word_char(decode_utf8(literal, 0).cp);
  e.latin_end = is_word_char(before(literal, literal.size()));
  e.spelled_numerals = has_typed_digit(literal) && !has_typed_digit(source.word);
  const auto index = static_cast<std::uint32_t>(entries_.size());
  entries_.push_back(std::move(e));
  const auto first = decode_utf8(literal, 0);
  if (first.size == literal.size()) {  // one character: too short for the literal matcher
    singles_[first.cp].push_back(index);
    return;
  }
  const auto [it, inserted] =
      literal_ids_.try_emplace(literal, static_cast<std::uint32_t>(literals_.size()));
  if (inserted) {
    literals_.push_back(literal);
    by_literal_.emplace_back();
  }
  by_literal_[it->second].push_back(index);
}

bool word_index::passes_guards(const entry& e, std::string_view original,
                               const normalized_text& text, std::size_t begin,
                               std::size_t end) const {
  const std::string_view t = text.text;
  // Latin words match whole words only: "ass" never inside "classic".
  if (e.latin_start && is_word_char(before(t, begin))) return false;
  if (e.latin_end && is_word_char(at(t, end))) return false;
  // A collapsed repeat in the entry needs as many repeats in the text (ass ≠ as, good ≠ god).
  const auto runs = text.runs(begin, end);
  if (runs.size() != e.runs.size()) return false;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i] < e.runs[i]) return false;
  }
  // A single character only counts on its own (操! yes; 操场, 体操 no).
  if (runs.size() == 1 && (is_letter(before(t, begin)) || is_letter(at(t, end)))) return false;
  const auto [ob, oe] = text.original(begin, end);
  // 三八 is a word; "38" typed as digits is a number.
  if (e.spelled_numerals && only_typed_digits(original.substr(ob, oe - ob))) return false;
  return true;
}

std::vector<word_index::hit> word_index::find(std::string_view original,
                                              const normalized_text& text) const {
  std::vector<hit> hits;
  const auto consider = [&](std::uint32_t index, std::size_t begin, std::size_t end) {
    const entry& e = entries_[index];
    if (!passes_guards(e, original, text, begin, end)) return;
    const auto [ob, oe] = text.original(begin, end);
    hits.push_back({&e, ob, oe, expand(text.text.substr(begin, end - begin), e.runs)});
  };
  matcher_->scan(text.text, [&](const literal_hit& h) {
    for (const std::uint32_t index : by_literal_[h.id])
      consider(index, h.begin, h.end);
  });
  if (!singles_.empty()) {
    for (std::size_t pos = 0; pos < text.text.size();) {
      const auto d = decode_utf8(text.text, pos);
      if (const auto it = singles_.find(d.cp); it != singles_.end()) {
        for (const std::uint32_t index : it->second)
          consider(index, pos, pos + d.size);
      }
      pos += d.size;
    }
  }
  return hits;
}

std::size_t word_index::memory() const {
  std::size_t size = matcher_->memory();
  for (const auto& l : literals_)
    size += l.capacity() + sizeof(std::string);
  size += entries_.capacity() * sizeof(entry);
  return size;
}

}  // namespace steward::rules
