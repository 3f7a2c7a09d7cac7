// The evasion corpus (tests/rules/corpus/evasions.tsv) must all be caught with the right rule and
// normalised form; the false-positive traps (traps.txt) must all pass untouched. Both engines.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "rules/rule_set.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {
namespace {

const std::string corpus = std::string(STEWARD_FIXTURES_DIR) + "/../rules/corpus/";

/// Turns \uXXXX and \n into the characters they name.
std::string unescape(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 5 < line.size() + 0 && line[i + 1] == 'u') {
      append_utf8(out, static_cast<char32_t>(std::stoul(line.substr(i + 2, 4), nullptr, 16)));
      i += 5;
    } else if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += line[i];
    }
  }
  return out;
}

std::vector<std::vector<std::string>> read_cases(const std::string& file) {
  std::ifstream in(corpus + file);
  std::vector<std::vector<std::string>> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t pos = 0, tab;
    while ((tab = line.find('\t', pos)) != std::string::npos) {
      fields.push_back(unescape(line.substr(pos, tab - pos)));
      pos = tab + 1;
    }
    fields.push_back(unescape(line.substr(pos)));
    cases.push_back(std::move(fields));
  }
  return cases;
}

std::shared_ptr<const rule_set> corpus_rules(matcher_engine engine) {
  rules_config cfg;
  cfg.words = {corpus + "words.txt"};
  cfg.allow = {corpus + "allow.txt"};
  cfg.homophones = {corpus + "homophones.txt"};
  cfg.engine = engine;
  return rule_set::compile(cfg);
}

class corpus_test : public ::testing::TestWithParam<matcher_engine> {};

TEST_P(corpus_test, CatchesEveryEvasion) {
  const auto rules = corpus_rules(GetParam());
  const auto cases = read_cases("evasions.tsv");
  ASSERT_GE(cases.size(), 150u);
  for (const auto& c : cases) {
    ASSERT_EQ(c.size(), 3u) << c[0];
    const auto v = decide(rules->scan(c[0]));
    const bool found = std::any_of(v.matches.begin(), v.matches.end(), [&](const match& m) {
      return m.rule == c[1] && m.normalized == c[2];
    });
    std::string seen;
    for (const auto& m : v.matches)
      seen += " [" + m.rule + " " + m.normalized + "]";
    EXPECT_TRUE(found) << "missed: " << c[0] << " (want " << c[1] << " " << c[2] << ", got:" << seen
                       << ")";
    EXPECT_NE(v.action, "allow") << c[0];
  }
}

TEST_P(corpus_test, LeavesOrdinarySpeechAlone) {
  const auto rules = corpus_rules(GetParam());
  const auto cases = read_cases("traps.txt");
  ASSERT_GE(cases.size(), 50u);
  for (const auto& c : cases) {
    const auto v = decide(rules->scan(c[0]));
    std::string seen;
    for (const auto& m : v.matches)
      seen += " [" + m.rule + " " + m.matched + "]";
    EXPECT_TRUE(v.matches.empty()) << "false positive: " << c[0] << " →" << seen;
  }
}

TEST_P(corpus_test, DigitsInsideLinksAndAddressesAreNoPhones) {
  const auto rules = corpus_rules(GetParam());
  for (const std::string text :
       {"see http://www.kuro5hin.org/comments/2002/4/16/61744/5230?pid=5#6",
        "-- Larry Wall in <1992Jul3.191825.14435@netlabs.com>"}) {
    const auto v = decide(rules->scan(text));
    ASSERT_EQ(v.matches.size(), 1u) << text;
    EXPECT_NE(v.matches[0].rule, "phone") << text;
  }
}

TEST_P(corpus_test, LinksEndBeforeTheSentenceAroundThem) {
  const auto rules = corpus_rules(GetParam());
  const std::pair<std::string, std::string> cases[] = {
      {"Debian Wiki（https://wiki.debian.org/）用于变化的话题", "https://wiki.debian.org/"},
      {"(see http://x.org/a/b).", "http://x.org/a/b"},
      {"read https://en.wikipedia.org/wiki/Lisp_(language), then",
       "https://en.wikipedia.org/wiki/Lisp_(language)"},
      {"www . example . com 见", "www . example . com"}};
  for (const auto& [text, link] : cases) {
    const auto v = decide(rules->scan(text));
    ASSERT_EQ(v.matches.size(), 1u) << text;
    EXPECT_EQ(v.matches[0].matched, link);
  }
}

TEST_P(corpus_test, ReportsOriginalByteOffsets) {
  const auto rules = corpus_rules(GetParam());
  const std::string text = "前缀 傻@逼 后缀";
  const auto v = decide(rules->scan(text));
  ASSERT_EQ(v.matches.size(), 1u);
  EXPECT_EQ(text.substr(v.matches[0].begin, v.matches[0].end - v.matches[0].begin), "傻@逼");
  EXPECT_EQ(v.matches[0].matched, "傻@逼");
  EXPECT_EQ(v.matches[0].tag, "insult");
}

INSTANTIATE_TEST_SUITE_P(engines, corpus_test,
                         ::testing::Values(matcher_engine::hyperscan, matcher_engine::aho_corasick),
                         [](const auto& info) {
                           return info.param == matcher_engine::hyperscan ? "hyperscan"
                                                                          : "aho_corasick";
                         });

}  // namespace
}  // namespace steward::rules
