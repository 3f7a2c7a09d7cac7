#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/literal_matcher.hpp"
#include "rules/normalizer.hpp"
#include "rules/word_list.hpp"

namespace steward::rules {

/// Word and allow lists compiled for one view: each entry normalised exactly like the text,
/// multi-character entries in a literal matcher, single characters in a table.
class word_index {
 public:
  struct entry {
    word_entry source;
    bool allow = false;
    std::vector<std::uint16_t> runs;  ///< repeats the entry itself has (good → g o×2 d)
    bool latin_start = false;         ///< whole-word guard at each end
    bool latin_end = false;
    bool spelled_numerals = false;  ///< 三八: the digits came from numerals, not typed digits
  };
  /// A hit that passed the guards, in original byte offsets.
  struct hit {
    const entry* what;
    std::uint32_t begin;
    std::uint32_t end;
    std::string normalized;
  };

  word_index(const std::vector<word_entry>& words, const std::vector<word_entry>& allowed,
             view form, matcher_engine engine);
  ~word_index();

  /// Every word and allowed phrase in `text` (already normalised in this index's view).
  std::vector<hit> find(std::string_view original, const normalized_text& text) const;
  view form() const { return form_; }
  std::size_t size() const { return entries_.size(); }
  std::size_t memory() const;

 private:
  void add(const word_entry& source, bool allow);
  /// Indexes one normalised form of `source`.
  void add_form(const word_entry& source, bool allow, const normalized_text& norm);
  bool passes_guards(const entry& e, std::string_view original, const normalized_text& text,
                     std::size_t begin, std::size_t end) const;

  view form_;
  std::vector<entry> entries_;
  std::vector<std::string> literals_;
  std::unordered_map<std::string, std::uint32_t> literal_ids_;
  std::vector<std::vector<std::uint32_t>> by_literal_;
  std::unordered_map<char32_t, std::vector<std::uint32_t>> singles_;
  std::unique_ptr<literal_matcher> matcher_;
};

}  // namespace steward::rules
