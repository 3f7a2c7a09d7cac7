#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

namespace steward::handlers {

/// Operator texts for one language or one group: template key → text.
using template_texts = std::map<std::string, std::string>;

/// Template overrides for one group.
struct group_templates {
  std::string language;  ///< "zh" or "en"; empty: the default language
  template_texts texts;
};

/// The `[templates]` configuration.
struct template_settings {
  std::string language = "zh";                    ///< groups' default language
  std::map<std::string, template_texts> texts;    ///< by language: overrides of the built-ins
  std::map<std::string, group_templates> groups;  ///< by chat id
  bool welcome = true;
  bool goodbye = false;
  bool delete_previous_welcome = true;
  std::int64_t welcome_burst_seconds = 30;  ///< joins this close together share one welcome
};

/// The template book: built-in zh-CN and English texts for welcome, goodbye and rules, with
/// operator overrides per language and per group. Texts are checked when loaded.
class template_book {
 public:
  explicit template_book(template_settings settings);

  /// The placeholders a template key accepts (empty set: the key is unknown).
  static const std::set<std::string, std::less<>>& placeholders(const std::string& key);
  /// Every key of the book.
  static const std::set<std::string>& keys();
  /// Checks an operator text for `key`; returns the problem or nullopt.
  static std::optional<std::string> check(const std::string& key, const std::string& text);

  /// The group's language ("zh" or "en").
  std::string language(const std::string& chat_id) const;
  /// The text for `key` in a group: the group's override, else its language's override, else
  /// the built-in text.
  std::string text(const std::string& chat_id, const std::string& key) const;
  const template_settings& settings() const { return settings_; }

 private:
  template_settings settings_;
};

}  // namespace steward::handlers
