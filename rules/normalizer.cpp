#include "rules/normalizer.hpp"

#include <algorithm>

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

/// Folds into a per-thread buffer (no allocation once it has grown to the longest message).
std::vector<item>& fold_characters(std::string_view text, const fold_table& table) {
  thread_local std::vector<item> items;
  items.clear();
  items.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {  // ASCII: lower-case, classify, done
      const char32_t lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
      items.push_back({lower, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + 1),
                       table.classify(lower)});
      ++pos;
      continue;
    }
    const auto [cp, size] = decode_utf8(text, pos);
    char32_t self = 0;
    for (const char32_t out : table.fold(cp, self)) {
      items.push_back({out, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + size),
                       table.classify(out)});
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
    out_.origins.push_back({static_cast<std::uint32_t>(out_.text.size()), begin, end, 1});
    if (cp < 0x80) {
      out_.text.push_back(static_cast<char>(cp));
    } else {
      append_utf8(out_.text, cp);
    }
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

const std::vector<token>& tokenize(const std::vector<item>& items) {
  thread_local std::vector<token> tokens;
  tokens.clear();
  for (std::size_t i = 0; i < items.size();) {
    if (items[i].cls == char_class::noise) {
      ++i;
    } else if (items[i].cls == char_class::ideo) {
      tokens.push_back({i, i + 1, true});
      ++i;
    } else {
      std::size_t j = i;
      while (j < items.size() && items[j].cls == char_class::word)
        ++j;
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
      for (const char c : reading)
        out.put(static_cast<char32_t>(c), items[t.first].begin, items[t.first].end);
      out.put_space(items[t.first].end, items[t.first].end);
      return;
    }
  }
  for (std::size_t i = t.first; i < t.last; ++i)
    out.put(items[i].cp, items[i].begin, items[i].end);
}

constexpr char32_t clause_mark = U'|';

bool is_clause_punctuation(char32_t cp) {
  static constexpr std::u32string_view marks = U"，。！？；：、,.!?;:";
  return marks.find(cp) != std::u32string_view::npos;
}

/// How many ideographs touch one another (no noise between) from token `k` on, in direction
/// `step`; stops at two, all the caller needs.
std::size_t ideograph_run(const std::vector<token>& tokens, std::size_t k, int step) {
  std::size_t run = 0;
  for (std::size_t i = k; i < tokens.size() && tokens[i].ideo && run < 2;
       i += static_cast<std::size_t>(step)) {
    ++run;
    const std::size_t j = i + static_cast<std::size_t>(step);
    if (j >= tokens.size()) break;
    const token& left = step > 0 ? tokens[i] : tokens[j];
    const token& right = step > 0 ? tokens[j] : tokens[i];
    if (right.first != left.last) break;  // noise between: the run ends
  }
  return run;
}

/// Whether the gap before token `k` holds clause punctuation with at least two ideographs on
/// each side: two clauses, never one word split by an evader.
bool separates_clauses(const std::vector<item>& items, const std::vector<token>& tokens,
                       std::size_t k) {
  const token& prev = tokens[k - 1];
  const token& next = tokens[k];
  const bool punctuation = std::any_of(items.begin() + static_cast<std::ptrdiff_t>(prev.last),
                                       items.begin() + static_cast<std::ptrdiff_t>(next.first),
                                       [](const item& i) { return is_clause_punctuation(i.cp); });
  return punctuation && ideograph_run(tokens, k - 1, -1) >= 2 && ideograph_run(tokens, k, +1) >= 2;
}

/// Look-alikes read as Latin in every word that calls for it: one step shared by the word view
/// and the strict view the contact and link detectors read ("vх" with a Cyrillic х is "vx").
/// Returns the tokens, which folding look-alikes leaves as they are (it changes code points,
/// never classes), so the word view need not tokenize again.
const std::vector<token>& fold_all_lookalikes(std::vector<item>& items, const fold_table& table) {
  const auto& tokens = tokenize(items);
  for (const token& t : tokens) {
    if (!t.ideo) fold_lookalikes(items, t, table);
  }
  return tokens;
}

bool is_ascii_letter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z');
}

/// The leet view's reading of one ASCII character of a Latin word.
char32_t unleet(char32_t cp) {
  switch (cp) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case '0':
    case '1':
    case '3':
    case '4':
      return blurred_vowel;
    case '5':
      return 's';
    case '7':
      return 't';
    case '8':
      return 'b';
    case '9':
      return 'g';
    default:
      return cp;
  }
}

/// Rewrites Latin words for the leet view: @ and $ before a letter or digit join the word, then
/// every all-ASCII word is read through `unleet`.
void blur_leetspeak(std::vector<item>& items) {
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    const char32_t next = items[i + 1].cp;
    if ((items[i].cp == '@' || items[i].cp == '$') &&
        (is_ascii_letter(next) || is_ascii_digit(next))) {
      items[i].cp = items[i].cp == '@' ? 'a' : 's';
      items[i].cls = char_class::word;
    }
  }
  for (const token& t : tokenize(items)) {
    if (t.ideo) continue;
    const bool ascii = std::all_of(items.begin() + static_cast<std::ptrdiff_t>(t.first),
                                   items.begin() + static_cast<std::ptrdiff_t>(t.last),
                                   [](const item& i) { return i.cp < 0x80; });
    if (!ascii) continue;
    for (std::size_t i = t.first; i < t.last; ++i)
      items[i].cp = unleet(items[i].cp);
  }
}

/// Expects look-alikes already folded and `tokens` those of `items` (fold_all_lookalikes).
void fold_words(const std::vector<item>& items, const std::vector<token>& tokens, view form,
                normalized_text& out) {
  out.text.clear();
  out.origins.clear();
  out.origins.reserve(items.size());
  out.text.reserve(items.size() * 2);
  emitter emit(out, true);
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (k > 0) {
      const token& prev = tokens[k - 1];
      const token& next = tokens[k];
      const bool gap = next.first > prev.last;
      // Noise between two single characters is an evasion (傻@逼, f u c k); elsewhere it
      // separates words, which the whole-word guard needs to see. So does clause punctuation
      // between two runs of ideographs ("你真傻，逼我加班" is two clauses, "傻，逼" one word).
      const bool singles = prev.isolated() && next.isolated();
      const bool clauses = gap && singles && separates_clauses(items, tokens, k);
      if (gap && (!singles || clauses)) {
        emit.put_space(items[prev.last].begin, items[next.first - 1].end);
      }
      // A clause mark, so that neither words nor their pinyin syllables match across it.
      if (clauses) emit.put(clause_mark, items[prev.last].begin, items[next.first - 1].end);
    }
    emit_token(emit, items, tokens[k], form);
  }
}

void fold_strict(const std::vector<item>& items, normalized_text& out) {
  out.text.clear();
  out.origins.clear();
  out.origins.reserve(items.size());
  out.text.reserve(items.size() * 2);
  emitter emit(out, false);
  for (const item& i : items)
    emit.put(i.cp, i.begin, i.end);
}

}  // namespace

namespace {

/// The index of the code point that contains normalised byte `pos`.
std::size_t code_point_at(const std::vector<normalized_text::origin>& origins, std::size_t pos) {
  const auto it = std::upper_bound(origins.begin(), origins.end(), pos,
                                   [](std::size_t p, const auto& o) { return p < o.at; });
  return static_cast<std::size_t>(it - origins.begin()) - 1;
}

bool is_id_char(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || is_ascii_digit(cp) || cp == '_' || cp == '-';
}

bool is_dot_like(char32_t cp) {
  return cp == '.' || cp == 0x3002 || cp == 0x70B9;
}  // . 。 点

/// The latin character nearest to `i` in direction `step`, skipping spaces and brackets.
char32_t latin_near(const std::vector<item>& items, std::size_t i, int step) {
  for (std::size_t j = i; j < items.size(); j += static_cast<std::size_t>(step)) {
    const char32_t cp = items[j].cp;
    if (j != i && cp != ' ' && cp != '[' && cp != ']' && cp != '(' && cp != ')') {
      return is_id_char(cp) ? cp : 0;
    }
    if (step < 0 && j == 0) break;
  }
  return 0;
}

// Whether any contact detector could match: it saves building the strict view and running the
// detectors' regexes on most chat messages.
bool may_hold_contact(const std::vector<item>& items) {
  std::size_t digits = 0, run = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const char32_t cp = items[i].cp;
    digits += is_ascii_digit(cp) ? 1 : 0;
    run = is_id_char(cp) ? run + 1 : 0;
    if (digits >= 5 || run >= 6 || cp == '@') return true;
    if (is_dot_like(cp) && latin_near(items, i, -1) != 0 && latin_near(items, i, +1) != 0) {
      return true;
    }
    if (cp == 't' && i >= 2 && items[i - 1].cp == 'o' && items[i - 2].cp == 'd') return true;
  }
  return false;
}

}  // namespace

bool may_hide_leetspeak(std::string_view text) {
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char a = text[i], b = text[i + 1];
    const bool marker = (a >= '0' && a <= '9') || a == '@' || a == '$';
    const bool b_marker = b >= '0' && b <= '9';
    if ((marker && letter(b)) || (letter(a) && b_marker)) return true;
  }
  return false;
}

std::pair<std::uint32_t, std::uint32_t> normalized_text::original(std::size_t begin,
                                                                  std::size_t end) const {
  if (begin >= end || end > text.size()) return {0, 0};
  return {origins[code_point_at(origins, begin)].begin,
          origins[code_point_at(origins, end - 1)].end};
}

std::vector<std::uint16_t> normalized_text::runs(std::size_t begin, std::size_t end) const {
  std::vector<std::uint16_t> out;
  if (begin >= end || end > text.size()) return out;
  const std::size_t last = code_point_at(origins, end - 1);
  for (std::size_t i = code_point_at(origins, begin); i <= last; ++i)
    out.push_back(origins[i].run);
  return out;
}

normalized_text normalize(std::string_view text, view form) {
  const fold_table& table = fold_table::shared();
  auto& items = fold_characters(text, table);
  const auto* tokens = &fold_all_lookalikes(items, table);
  if (form == view::leet) {
    blur_leetspeak(items);  // @ and $ may join words: tokens change
    tokens = &tokenize(items);
  }
  normalized_text out;
  if (form == view::strict) {
    fold_strict(items, out);
  } else {
    fold_words(items, *tokens, form, out);
  }
  return out;
}

void normalize_views(std::string_view text, normalized_views& out) {
  const fold_table& table = fold_table::shared();
  auto& items = fold_characters(text, table);
  const auto& tokens = fold_all_lookalikes(items, table);
  out.has_strict = may_hold_contact(items);
  if (out.has_strict) fold_strict(items, out.strict);
  fold_words(items, tokens, view::folded, out.folded);
}

}  // namespace steward::rules
