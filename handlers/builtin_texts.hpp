#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <vector>

namespace steward::handlers {

/// One text Steward posts, as shipped: its key, the placeholders it may use, and its zh and en
/// wording. Operators override any of them per language or per group (see template_book).
struct builtin_text {
  std::string key;
  std::string topic;  ///< "engagement", "moderation", "refusals", "care" … (for the console)
  std::set<std::string, std::less<>> placeholders;
  std::string en;
  std::string zh;
};

/// Every built-in text, by topic. Each topic's texts live in their own file under
/// handlers/texts/ so a text is found next to its neighbours, not in the code that sends it.
const std::vector<builtin_text>& builtin_texts();

/// The texts of several parts, one after the other.
std::vector<builtin_text> joined(std::initializer_list<std::vector<builtin_text>> parts);

/// The texts of each topic (defined in handlers/texts/*.cpp).
std::vector<builtin_text> engagement_texts();
std::vector<builtin_text> moderation_texts();
std::vector<builtin_text> care_texts();
std::vector<builtin_text> admin_texts();
std::vector<builtin_text> redemption_texts();
std::vector<builtin_text> private_texts();
std::vector<builtin_text> help_texts();

}  // namespace steward::handlers
