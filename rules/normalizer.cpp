#include "rules/normalizer.hpp"

#include "rules/fold_table.hpp"
#include "rules/pinyin.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

/// One character after per-character folding, with the original bytes it came from.
struct item {
  char32_t cp;
  std::uint32_t begin;
  std::uint32_t end;
  char_class cls;
};

std::vector<item> fold_characters(std::string_view text, const fold_table& table) {
  std::vector<item> items;
  items.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto [cp, size] = decode_utf8(text, pos);
    char32_t self = 0;
    for (const char32_t out : table.fold(cp, self)) {
      items.push_back({out, static_cast<std::uint32_t>(pos),
                       static_cast<std::uint32_t>(pos + size), table.classify(out)});
    }
    pos += size;
  }
  return items;
}

/// Appends normalised code points, collapsing repeats when asked to.
class emitter {
 public:
  emitter(normalized_text& out, bool collapse) : out_(out), collapse_(collapse) {}

  void put(char32_t cp, std::uint32_t begin, std::uint32_t end) {
    if (collapse_ && cp == last_ && !out_.origins.empty()) {
      auto& o = out_.origins.back();
      o.end = end;
      if (o.run < UINT16_MAX) ++o.run;
      return;
    }
    append_utf8(out_.text, cp);
    out_.cps.resize(out_.text.size(), static_cast<std::uint32_t>(out_.origins.size()));
    out_.origins.push_back({begin, end, 1});
    last_ = cp;
  }
  void put_space(std::uint32_t begin, std::uint32_t end) {
    if (last_ == U' ' || out_.origins.empty()) return;
    put(U' ', begin, end);
  }

 private:
  normalized_text& out_;
  bool collapse_;
  char32_t last_ = 0;
};

/// A word of a spaced script, or a single ideograph, as a range of items.
struct token {
  std::size_t first;
  std::size_t last;  // one past
  bool ideo;
  bool isolated() const { return ideo || last - first == 1; }
};

std::vector<token> tokenize(const std::vector<item>& items) {
  std::vector<token> tokens;
  for (std::size_t i = 0; i < items.size();) {
    if (items[i].cls == char_class::noise) {
      ++i;
    } else if (items[i].cls == char_class::ideo) {
      tokens.push_back({i, i + 1, true});
      ++i;
    } else {
      std::size_t j = i;
      while (j < items.size() && items[j].cls == char_class::word) ++j;
      tokens.push_back({i, j, false});
      i = j;
    }
  }
  return tokens;
}

/// TR39-style: look-alikes are read as Latin in a word that mixes them with ASCII letters, or
/// that consists of nothing else (a whole-script confusable such as Cyrillic "ѕех").
void fold_lookalikes(std::vector<item>& items, const token& t, const fold_table& table) {
  bool ascii = false, foreign = false, lookalike = false;
  for (std::size_t i = t.first; i < t.last; ++i) {
    const char32_t cp = items[i].cp;
    if (cp < 0x80) {
      ascii = ascii || !is_ascii_digit(cp);
    } else if (table.latin_lookalike(cp)) {
      lookalike = true;
    } else {
      foreign = true;
    }
  }
  if (!lookalike || (foreign && !ascii)) return;
  for (std::size_t i = t.first; i < t.last; ++i) {
    if (const char32_t latin = table.latin_lookalike(items[i].cp)) items[i].cp = latin;
  }
}

void emit_token(emitter& out, const std::vector<item>& items, const token& t, view form) {
  if (form == view::pinyin && t.ideo) {
    const auto reading = pinyin_table::shared().reading(items[t.first].cp);
    if (!reading.empty()) {
      out.put_space(items[t.first].begin, items[t.first].begin);
      for (const char c : reading) out.put(static_cast<char32_t>(c), items[t.first].begin,
                                           items[t.first].end);
      out.put_space(items[t.first].end, items[t.first].end);
      return;
    }
  }
  for (std::size_t i = t.first; i < t.last; ++i) out.put(items[i].cp, items[i].begin, items[i].end);
}

normalized_text fold_words(std::vector<item> items, view form, const fold_table& table) {
  normalized_text out;
  emitter emit(out, true);
  const auto tokens = tokenize(items);
  for (const token& t : tokens) {
    if (!t.ideo) fold_lookalikes(items, t, table);
  }
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (k > 0) {
      const token& prev = tokens[k - 1];
      const token& next = tokens[k];
      const bool gap = next.first > prev.last;
      // Noise between two single characters is an evasion (傻@逼, f u c k); elsewhere it
      // separates words, which the whole-word guard needs to see.
      if (gap && !(prev.isolated() && next.isolated())) {
        emit.put_space(items[prev.last].begin, items[next.first - 1].end);
      }
    }
    emit_token(emit, items, tokens[k], form);
  }
  return out;
}

normalized_text fold_strict(const std::vector<item>& items) {
  normalized_text out;
  emitter emit(out, false);
  for (const item& i : items) emit.put(i.cp, i.begin, i.end);
  return out;
}

}  // namespace

std::pair<std::uint32_t, std::uint32_t> normalized_text::original(std::size_t begin,
                                                                  std::size_t end) const {
  if (begin >= end || end > cps.size()) return {0, 0};
  return {origins[cps[begin]].begin, origins[cps[end - 1]].end};
}

std::vector<std::uint16_t> normalized_text::runs(std::size_t begin, std::size_t end) const {
  std::vector<std::uint16_t> out;
  if (begin >= end || end > cps.size()) return out;
  for (std::uint32_t i = cps[begin]; i <= cps[end - 1]; ++i) out.push_back(origins[i].run);
  return out;
}

normalized_text normalize(std::string_view text, view form) {
  const fold_table& table = fold_table::shared();
  auto items = fold_characters(text, table);
  if (form == view::strict) return fold_strict(items);
  return fold_words(std::move(items), form, table);
}

}  // namespace steward::rules
