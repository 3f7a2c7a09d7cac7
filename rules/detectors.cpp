#include "rules/detectors.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <memory>

#include "rules/fold_table.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

// Separators an evader puts between the parts of a contact: spaces (line breaks too),
// punctuation, symbols and emoji.
#define NOISE R"([\s\p{P}\p{S}])"
// Words an evader puts between a trigger and the ID ("微信搜索 abc123", "vx号是 abc123").
#define FILLER \
  "搜索|搜一搜|搜|群号|群|私聊|私信|添加|加我|加|联系|找我|找|备注|号码|号|账号|id|是|为|我的|我"
#define GAP "(?:" NOISE "|" FILLER "){0,10}"
// What sits between an ID and the trigger after it ("abc_123 是我的微信", "abc123（vx）").
#define BACK_GAP "(?:" NOISE "|是|我的|我|的|为|这个|加|同号){0,8}"
#define WECHAT_TRIGGER                           \
  "(?:微|薇|威|维|徽|危|卫|围|唯|v|w)" NOISE     \
  "{0,2}(?:信|芯|星|新|心|❤|♥|欣|鑫)" \
  "|wechat|weixin|vchat|vx|wx|(?:\\+|加)" NOISE "{0,2}(?:vx|wx|v|微)"
#define WECHAT_ID "[a-z][-_a-z0-9]{5,19}|1[3-9][0-9]{9}"
#define QQ_TRIGGER "qq|扣扣|叩叩|企鹅|🐧|q号|球球"
#define QQ_NUMBER "[0-9](?:[ -]?[0-9]){4,10}"
#define DOT R"((?:\s*(?:点|\bdot\b|\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{\.\}|【\.】|（\.）)\s*|\.|。))"
#define LABEL "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"

constexpr const char* wechat_pattern = "(" WECHAT_TRIGGER ")(" GAP ")(" WECHAT_ID ")";
constexpr const char* wechat_id_first_pattern = "(" WECHAT_ID ")(" BACK_GAP ")(" WECHAT_TRIGGER ")";
constexpr const char* qq_pattern = "(" QQ_TRIGGER ")(" GAP ")(" QQ_NUMBER ")";
constexpr const char* qq_number_first_pattern = "(" QQ_NUMBER ")(" BACK_GAP ")(" QQ_TRIGGER ")";
constexpr const char* url_pattern = "((?:https?|ftp)://)?(www" DOT ")?((?:" LABEL DOT
                                    ")+)([a-z]{2,24})(:[0-9]{1,5})?(/[\\x21-\\x7e]*)?";
// "www . example . com": spaced dots, only believable after www.
constexpr const char* spaced_url_pattern =
    "()(www\\s*[.。]\\s*)((?:" LABEL "\\s*[.。]\\s*)+)([a-z]{2,24})()()\\b";
constexpr const char* email_pattern =
    "[a-z0-9][a-z0-9._%+-]*(?:@|\\s*(?:\\[at\\]|\\(at\\))\\s*)(?:[a-z0-9-]+" DOT ")+([a-z]{2,24})";

std::unique_ptr<RE2> compile(const char* pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) throw std::logic_error("detector pattern: " + re->error());
  return re;
}

// Titles written with a dot before a name ("Mr.Li", "Dr.Wang"): with a country-code TLD after
// them they look like domains, and never are.
bool is_title_abbreviation(std::string_view label) {
  static constexpr std::string_view titles[] = {"mr", "mrs",  "ms", "dr", "st", "jr",
                                                "sr", "prof", "no", "vs", "mt", "gen"};
  return std::find(std::begin(titles), std::end(titles), label) != std::end(titles);
}

// A bare name that reads as a word before a dot, not a host: a title before a name ("mr.li"), or
// code calling a method ("model.fit(", "df.to_csv(").
bool reads_as_prose_or_code(const std::string& host, std::string_view after) {
  if (!after.empty() && after.front() == '(') return true;
  const auto dot = host.find('.');
  return dot != std::string::npos && host.find('.', dot + 1) == std::string::npos &&
         is_title_abbreviation(std::string_view(host).substr(0, dot));
}

// English words that a spelled-out "dot" sits between in prose ("the dot com bubble", "a polka dot
// is back"): a host made of them is no host.
bool is_prose_word(std::string_view word) {
  static constexpr std::string_view words[] = {
      "a",  "an", "the", "of", "in", "on", "at", "to", "is",  "it", "be", "by", "me", "my",
      "us", "so", "no",  "do", "go", "as", "or", "if", "and", "we", "he", "im", "am", "polka"};
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// A host assembled from a spelled-out separator: 点 after a bare number is a time of day
// ("9点lol开黑", "10点app上见") unless a classic TLD follows ("163点com"); "dot" between prose
// words is the word dot.
bool reads_as_spelled_prose(const std::string& host, std::string_view labels_as_written) {
  const bool cn = labels_as_written.find("点") != std::string_view::npos;
  const bool en = labels_as_written.find("dot") != std::string_view::npos;
  if (!cn && !en) return false;
  const auto first_dot = host.find('.');
  const auto last_dot = host.rfind('.');
  if (first_dot == std::string::npos) return false;
  const std::string_view first(host.data(), first_dot);
  const std::string_view tld = std::string_view(host).substr(last_dot + 1);
  if (cn && first.find_first_not_of("0123456789") == std::string_view::npos) {
    static constexpr std::string_view classic[] = {"com", "net", "org", "cn", "cc", "top"};
    return std::find(std::begin(classic), std::end(classic), tld) == std::end(classic);
  }
  return en && (is_prose_word(first) || is_prose_word(tld));
}

/// A URL's path without the sentence punctuation that follows it ("(see http://x.org/a).").
std::size_t path_end(std::string_view path) {
  const bool parenthesised = path.find('(') != std::string_view::npos;
  while (!path.empty()) {
    const char c = path.back();
    if (std::string_view(".,;:!?'\"").find(c) == std::string_view::npos &&
        !(c == ')' && !parenthesised)) {
      break;
    }
    path.remove_suffix(1);
  }
  return path.size();
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Between an ID and the trigger after it, a word or a bracket must tie them together
// ("abc_123 是我的微信", "abc_123（vx）"); bare neighbours are a sentence ("我用 iphone15 微信").
bool ties_id_to_trigger(std::string_view gap) {
  for (const std::string_view tie : {"是", "的", "为", "同号", "(", "（", "[", "【"}) {
    if (gap.find(tie) != std::string_view::npos) return true;
  }
  return false;
}

bool has_id_marker(std::string_view gap) {
  for (const std::string_view marker :
       {":", "：", "号", "是", "为", "id", "搜", "加", "找", "联系"}) {
    if (gap.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

std::size_t offset(std::string_view whole, re2::StringPiece part) {
  return static_cast<std::size_t>(part.data() - whole.data());
}

/// Calls `on_match(groups)` for each leftmost match of `re` in `text`; groups[0] is the match.
template <typename OnMatch>
void each_match(const RE2& re, std::string_view text, int groups, OnMatch on_match) {
  std::vector<re2::StringPiece> g(static_cast<std::size_t>(groups) + 1);
  std::size_t pos = 0;
  while (pos < text.size() && re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                                       RE2::UNANCHORED, g.data(), groups + 1)) {
    const std::size_t end = offset(text, g[0]) + g[0].size();
    if (!on_match(g)) {
      pos = offset(text, g[0]) + decode_utf8(text, offset(text, g[0])).size;
    } else {
      pos = std::max(end, offset(text, g[0]) + 1);
    }
  }
}

std::string digits_of(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

std::string dotted_host(const RE2& dot, std::string_view labels, std::string_view tld) {
  std::string host(labels);
  RE2::GlobalReplace(&host, dot, ".");
  return host + std::string(tld);
}

bool is_cn_mobile(std::string_view d) {
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/// A run of digit chunks joined by separators, as the phone detector sees it.
struct digit_chunk {
  std::size_t begin;
  std::size_t end;
  std::string digits;
};

// Anything an evader can put between digits: spaces and line breaks, punctuation, symbols, emoji;
// but not a colon, which makes times, ratios and fields ("12:30", "13262:0:99999").
bool is_phone_separator(char32_t cp) {
  return cp != ':' && fold_table::shared().classify(cp) == char_class::noise;
}

bool is_currency_after(std::string_view rest) {
  for (const std::string_view unit : {"元", "块", "万", "千", "rmb", "usd", "$", "¥", "%"}) {
    if (rest.rfind(unit, 0) == 0) return true;
  }
  return false;
}

bool is_currency_before(std::string_view before) {
  for (const std::string_view unit : {"¥", "$", "￥", "金额", "价格", "rmb"}) {
    if (before.size() >= unit.size() && before.substr(before.size() - unit.size()) == unit) {
      return true;
    }
  }
  return false;
}

// Words that announce a phone number: after one, a unit next to the number does not make it an
// amount ("咨询电话13800138000元" is an evader's disguise; "价格 ¥13800138000" a price).
bool follows_contact_cue(std::string_view before) {
  const std::string_view near = before.substr(before.size() > 24 ? before.size() - 24 : 0);
  for (const std::string_view cue :
       {"电话", "手机", "联系", "咨询", "热线", "致电", "拨打", "打给", "tel", "call", "phone"}) {
    if (near.find(cue) != std::string_view::npos) return true;
  }
  return false;
}

std::string_view trim_spaces_left(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  return s;
}
std::string_view trim_spaces_right(std::string_view s) {
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

/// Two digit runs joined by a dot read as a decimal number ("16.000000000"), four short ones as
/// an IP address ("192.168.0.15/24"); an evader's dotted phone number has three groups of 3-4.
bool reads_as_decimal_or_address(std::string_view text, const std::vector<digit_chunk>& group,
                                 std::size_t first, std::size_t last) {
  const auto dot_after = [&](std::size_t k) {
    return group[k + 1].begin == group[k].end + 1 && text[group[k].end] == '.';
  };
  std::size_t dotted_run = 0;  // chunks of at most 3 digits joined by dots: an IPv4 address
  for (std::size_t k = first; k <= last; ++k) {
    if (group[k].digits.size() > 3) {
      dotted_run = 0;
      continue;
    }
    dotted_run = k > first && dot_after(k - 1) ? dotted_run + 1 : 1;
    if (dotted_run == 4) return true;
  }
  return last == first + 1 && dot_after(first);  // one decimal point
}

/// Digits grouped in threes by commas are an amount ("18,446,744,073,709"), not a phone.
bool reads_as_thousands(std::string_view text, const std::vector<digit_chunk>& group,
                        std::size_t first, std::size_t last) {
  if (first == last) return false;
  for (std::size_t k = first; k < last; ++k) {
    const bool comma = group[k + 1].begin == group[k].end + 1 && text[group[k].end] == ',';
    if (!comma || group[k + 1].digits.size() != 3) return false;
  }
  return true;
}

/// Groups of digit chunks separated by at most three separator characters ("138 * 0013").
std::vector<std::vector<digit_chunk>> digit_groups(std::string_view text) {
  std::vector<std::vector<digit_chunk>> groups;
  std::vector<digit_chunk> current;
  std::size_t gap = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto [cp, size] = decode_utf8(text, pos);
    if (is_ascii_digit(cp)) {
      if (current.empty() || gap > 0) current.push_back({pos, pos, ""});
      current.back().digits += static_cast<char>(cp);
      current.back().end = pos + 1;
      gap = 0;
    } else if (!current.empty() && is_phone_separator(cp) && gap < 3) {
      ++gap;
    } else if (!current.empty()) {
      groups.push_back(std::move(current));
      current.clear();
      gap = 0;
    }
    pos += size;
  }
  if (!current.empty()) groups.push_back(std::move(current));
  return groups;
}

void detect_phones(std::string_view text, std::vector<detection>& out) {
  for (const auto& group : digit_groups(text)) {
    for (std::size_t i = 0; i < group.size(); ++i) {
      std::string digits;
      for (std::size_t j = i; j < group.size() && digits.size() < 15; ++j) {
        digits += group[j].digits;
        std::string_view number = digits;
        const bool plus = group[i].begin > 0 && text[group[i].begin - 1] == '+';
        if (number.size() == 15 && number.substr(0, 4) == "0086") number.remove_prefix(4);
        if (number.size() == 13 && number.substr(0, 2) == "86" && (plus || j > i)) {
          number.remove_prefix(2);
        }
        if (!is_cn_mobile(number)) continue;
        // A number inside a longer run of digits (an order number) is not a phone.
        const bool longer = (i > 0 && group[i - 1].end == group[i].begin) ||
                            (j + 1 < group.size() && group[j + 1].begin == group[j].end);
        const auto after = trim_spaces_left(text.substr(group[j].end));
        const auto before = trim_spaces_right(text.substr(0, group[i].begin));
        const bool amount = is_currency_after(after) || is_currency_before(before);
        if (longer || (amount && !follows_contact_cue(before))) continue;
        if (reads_as_decimal_or_address(text, group, i, j) || reads_as_thousands(text, group, i, j))
          continue;
        out.push_back(
            {"phone", group[i].begin - (plus ? 1 : 0), group[j].end, std::string(number)});
      }
    }
  }
}

/// What a text contains, found in one pass, so that the regexes run only where they can match.
struct text_traits {
  std::size_t longest_id_run = 0;  // [a-z0-9_-]
  std::size_t digits = 0;
  bool at_sign = false;
  bool dot_like = false;
  bool non_ascii = false;
};

text_traits traits_of(std::string_view text) {
  text_traits t;
  std::size_t run = 0;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (is_id_char(c)) {
      t.longest_id_run = std::max(t.longest_id_run, ++run);
    } else {
      run = 0;
    }
    t.digits += (c >= '0' && c <= '9') ? 1 : 0;
    t.at_sign = t.at_sign || c == '@';
    t.dot_like = t.dot_like || c == '.';
    t.non_ascii = t.non_ascii || u >= 0x80;
  }
  return t;
}

/// Digits inside a link or an address are part of it ("…/16/61744/5230", "<1992Jul3.191825@…>"),
/// and what two patterns of one rule both found (a trigger between two IDs, a link read twice) is
/// one finding.
void drop_overlaps(std::vector<detection>& found) {
  const auto inside_link = [&](const detection& d) {
    return std::any_of(found.begin(), found.end(), [&](const detection& other) {
      const bool link = other.rule == "url" || other.rule == "email";
      if (&other == &d || other.begin >= d.end || other.end <= d.begin) return false;
      return (link && d.rule == "phone") || (other.rule == d.rule && &other < &d);
    });
  };
  std::vector<bool> drop(found.size());
  for (std::size_t i = 0; i < found.size(); ++i)
    drop[i] = inside_link(found[i]);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (drop[i]) continue;
    if (kept != i) found[kept] = std::move(found[i]);  // never a self-move: it empties strings
    ++kept;
  }
  found.resize(kept);
}

}  // namespace

struct contact_detectors::patterns {
  std::unique_ptr<RE2> wechat = compile(wechat_pattern);
  std::unique_ptr<RE2> wechat_id_first = compile(wechat_id_first_pattern);
  std::unique_ptr<RE2> qq = compile(qq_pattern);
  std::unique_ptr<RE2> qq_number_first = compile(qq_number_first_pattern);
  std::unique_ptr<RE2> url = compile(url_pattern);
  std::unique_ptr<RE2> spaced_url = compile(spaced_url_pattern);
  std::unique_ptr<RE2> email = compile(email_pattern);
  std::unique_ptr<RE2> dot = compile(DOT);
};

contact_detectors::contact_detectors(std::vector<std::string> allowed_domains)
    : allowed_domains_(std::move(allowed_domains)), patterns_(new patterns) {}

bool contact_detectors::is_allowed(const std::string& host) const {
  for (const auto& domain : allowed_domains_) {
    if (host == domain || (host.size() > domain.size() &&
                           host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
                           host[host.size() - domain.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

contact_detectors::~contact_detectors() {
  delete patterns_;
}

std::vector<detection> contact_detectors::detect(const normalized_text& strict) const {
  const std::string_view text = strict.text;
  std::vector<detection> out;
  const text_traits traits = traits_of(text);
  if (traits.digits >= 11) detect_phones(text, out);
  // A WeChat ID is 6+ ID characters; QQ numbers 5+ digits; e-mail needs @ or [at]; links a dot
  // or one of its stand-ins (。, 点, dot, which all leave a dot or non-ASCII text behind).
  const bool wechat_possible = traits.longest_id_run >= 6;
  const bool qq_possible = traits.digits >= 5;
  const bool dot_possible =
      traits.dot_like || traits.non_ascii || text.find("dot") != std::string_view::npos;
  const bool email_possible =
      dot_possible && (traits.at_sign || text.find("at") != std::string_view::npos);
  if (wechat_possible)
    each_match(*patterns_->wechat, text, 3, [&](const std::vector<re2::StringPiece>& g) {
      const std::size_t begin = offset(text, g[0]), end = begin + g[0].size();
      const bool latin_trigger = g[1][0] >= 'a' && g[1][0] <= 'z';
      if (latin_trigger && begin > 0 && is_id_char(text[begin - 1])) return false;
      if (end < text.size() && is_id_char(text[end])) return false;  // longer than an ID
      const std::string id(g[3].data(), g[3].size());
      const bool marked = id.find_first_of("0123456789_-") != std::string::npos ||
                          has_id_marker(std::string_view(g[2].data(), g[2].size()));
      if (!marked) return false;
      out.push_back({"wechat", begin, end, id});
      return true;
    });
  if (wechat_possible)
    each_match(*patterns_->wechat_id_first, text, 3, [&](const std::vector<re2::StringPiece>& g) {
      const std::size_t begin = offset(text, g[0]), end = begin + g[0].size();
      const std::string id(g[1].data(), g[1].size());
      if (begin > 0 && is_id_char(text[begin - 1])) return false;
      if (end < text.size() && is_id_char(text[end]) && is_id_char(text[end - 1])) return false;
      // Only a marked ID tied to the trigger after it: "hello 是我微信" reads as a greeting.
      if (id.find_first_of("0123456789_-") == std::string::npos) return false;
      if (!ties_id_to_trigger(std::string_view(g[2].data(), g[2].size()))) return false;
      out.push_back({"wechat", begin, end, id});
      return true;
    });
  if (qq_possible)
    each_match(*patterns_->qq, text, 3, [&](const std::vector<re2::StringPiece>& g) {
      const std::size_t begin = offset(text, g[0]), end = begin + g[0].size();
      if (g[1][0] == 'q' && begin > 0 && is_id_char(text[begin - 1])) return false;
      if (end < text.size() && is_ascii_digit(static_cast<unsigned char>(text[end]))) return false;
      out.push_back({"qq", begin, end, digits_of(std::string_view(g[3].data(), g[3].size()))});
      return true;
    });
  if (qq_possible)
    each_match(*patterns_->qq_number_first, text, 3, [&](const std::vector<re2::StringPiece>& g) {
      const std::size_t begin = offset(text, g[0]), end = begin + g[0].size();
      if (begin > 0 && is_ascii_digit(static_cast<unsigned char>(text[begin - 1]))) return false;
      if (end < text.size() && is_id_char(text[end]) && is_id_char(text[end - 1])) return false;
      if (!ties_id_to_trigger(std::string_view(g[2].data(), g[2].size()))) return false;
      out.push_back({"qq", begin, end, digits_of(std::string_view(g[1].data(), g[1].size()))});
      return true;
    });
  std::vector<std::pair<std::size_t, std::size_t>> emails;
  if (email_possible)
    each_match(*patterns_->email, text, 1, [&](const std::vector<re2::StringPiece>& g) {
      const std::size_t begin = offset(text, g[0]), end = begin + g[0].size();
      if (!is_known_tld(std::string_view(g[1].data(), g[1].size()))) return false;
      emails.emplace_back(begin, end);
      out.push_back({"email", begin, end, std::string(g[0].data(), g[0].size())});
      return true;
    });
  if (dot_possible) {
    const auto on_url = [&](const std::vector<re2::StringPiece>& g) {
      const std::size_t begin = offset(text, g[0]);
      const std::string_view tld(g[4].data(), g[4].size());
      const bool scheme = !g[1].empty(), www = !g[2].empty(), path = !g[6].empty();
      const std::size_t end =
          path ? offset(text, g[6]) + path_end(std::string_view(g[6].data(), g[6].size()))
               : begin + g[0].size();
      if (!is_known_tld(tld)) return false;
      if (begin > 0 && (is_id_char(text[begin - 1]) || text[begin - 1] == '@')) return false;
      if (!scheme && !www && !path && is_file_extension_tld(tld)) return false;
      for (const auto& [b, e] : emails) {
        if (begin < e && end > b) return true;
      }
      const std::string_view labels(g[3].data(), g[3].size());
      std::string host = dotted_host(*patterns_->dot, labels, tld);
      host.erase(std::remove(host.begin(), host.end(), ' '), host.end());
      if (!scheme && !www && !path && reads_as_prose_or_code(host, text.substr(end))) return true;
      if (!scheme && !www && reads_as_spelled_prose(host, labels)) return true;
      if (is_allowed(host)) return true;
      out.push_back({"url", begin, end, host});
      return true;
    };
    each_match(*patterns_->url, text, 6, on_url);
    if (text.find("www") != std::string_view::npos)
      each_match(*patterns_->spaced_url, text, 6, on_url);
  }
  drop_overlaps(out);
  return out;
}

}  // namespace steward::rules
