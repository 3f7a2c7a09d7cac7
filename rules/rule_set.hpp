#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_switches.hpp"
#include "rules/rules_config.hpp"
#include "rules/word_list.hpp"

namespace steward::rules {

/// One thing a rule found in a message.
struct match {
  std::string rule;         ///< word, phone, wechat, qq, email, url, regex, mentions, links, …
  std::string tag;          ///< the word list's tag, or the detector's kind
  std::string action;       ///< what this rule asks for
  bool shadow = false;      ///< logged only
  std::uint32_t begin = 0;  ///< byte offsets in the original text
  std::uint32_t end = 0;
  std::string matched;     ///< the original text of the span
  std::string normalized;  ///< the form the rule saw (傻逼, 13800138000, example.com)
  std::int64_t mute_seconds = 0;
  bool hidden = false;  ///< found in a link target the text does not show (matched: the target)
};

/// What the rules ask for a message: the strongest action of its non-shadow matches.
struct verdict {
  std::string action = "allow";
  std::int64_t mute_seconds = 0;
  std::vector<match> matches;
};

/// How much an action weighs: allow 0 … ban 6.
int action_rank(std::string_view action);
/// The verdict for a set of matches.
verdict decide(std::vector<match> matches);

/// A compiled, immutable set of content rules: word and allow lists (Hyperscan or
/// Aho-Corasick), homophones, operator regexes (RE2) and the contact detectors. Safe to use
/// from several threads; replaced as a whole when the lists are reloaded.
class rule_set {
 public:
  /// Compiles the lists `cfg` names, plus the extra lists of group `chat_id` if any. Throws
  /// rules_error naming the file, the line and the problem.
  /// `switches`, when given, are laid over the configured shadow modes at every scan;
  /// `edits` (operators' edits kept in the database) over the global word and allow lists.
  static std::shared_ptr<const rule_set> compile(
      const rules_config& cfg, const std::string& chat_id = {},
      std::shared_ptr<const rule_switches> switches = nullptr,
      const std::vector<word_edit>& edits = {});
  ~rule_set();

  /// Every content match in `text`. `newcomer`: links and contacts are at least deleted.
  /// `folded`, if given, receives the folded text (the behaviour rules compare it).
  std::vector<match> scan(std::string_view text, bool newcomer = false,
                          std::string* folded_text = nullptr) const;
  /// The policy of `rule` (disabled when unknown), with its shadow switch if one is set.
  rule_policy policy(const std::string& rule) const;
  /// How many words and allowed phrases were compiled.
  std::size_t word_count() const;
  /// Bytes held by the compiled matchers.
  std::size_t memory() const;
  const rules_config& config() const { return cfg_; }

  struct compiled;

 private:
  rule_set(rules_config cfg, std::unique_ptr<compiled> parts,
           std::shared_ptr<const rule_switches> switches);
  rules_config cfg_;
  std::unique_ptr<compiled> parts_;
  std::shared_ptr<const rule_switches> switches_;
};

}  // namespace steward::rules
