#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "bot/core/command.hpp"
#include "handlers/template_renderer.hpp"

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

/// A template text and where it came from.
struct resolved_template {
  std::string text;
  std::string source;  ///< "stored" (saved through the API), "config", "built-in" or "missing"
  std::string scope;   ///< "group:<chat>", "lang:<zh|en>", or "" for built-ins
};

/// The template book: built-in zh-CN and English texts for the replies Steward posts (see
/// builtin_texts.hpp), with operator overrides per language and per group, from the
/// configuration and, above those, saved through the admin API.
/// Texts are checked when loaded or saved.
class template_book {
 public:
  explicit template_book(template_settings settings);

  /// The placeholders a template key accepts (empty set: the key is unknown).
  static const std::set<std::string, std::less<>>& placeholders(const std::string& key);
  /// The topic a key belongs to ("engagement", "moderation" …; empty: unknown key).
  static std::string topic(const std::string& key);
  /// Every key of the book.
  static const std::set<std::string>& keys();
  /// Checks an operator text for `key`; returns the problem or nullopt.
  static std::optional<std::string> check(const std::string& key, const std::string& text);
  /// The scope of a group's own overrides.
  static std::string group_scope(const std::string& chat_id) { return "group:" + chat_id; }
  /// The scope of a language's overrides ("zh" or "en").
  static std::string language_scope(const std::string& lang) { return "lang:" + lang; }

  /// The group's language ("zh" or "en"): chosen through the API, else configured, else the
  /// default.
  std::string language(const std::string& chat_id) const;
  /// language(), as the language texts are rendered in.
  core::language group_language(const std::string& chat_id) const {
    return language(chat_id) == "en" ? core::language::en : core::language::zh;
  }
  /// The text for `key` in a group: its own override (saved, then configured), else its
  /// language's override (saved, then configured), else the built-in text.
  std::string text(const std::string& chat_id, const std::string& key) const;
  /// As text(), but for an answer in `lang` (the language a command was asked in).
  resolved_template resolve(const std::string& chat_id, const std::string& key,
                            const std::string& lang) const;
  /// Renders `key` for a group in `lang` (Telegram HTML; values escaped).
  std::string render(const std::string& chat_id, const std::string& key, core::language lang,
                     const template_values& values, const template_markup& markup = {}) const;

  /// Puts a saved text in force for (scope, key); nullopt removes the saved override.
  void set_stored(const std::string& scope, const std::string& key,
                  std::optional<std::string> text);
  /// Puts a group's language chosen through the API in force (nullopt: the configured one).
  void set_group_language(const std::string& chat_id, std::optional<std::string> language);
  /// The language chosen for a group through the API, if any.
  std::optional<std::string> chosen_language(const std::string& chat_id) const;
  /// Forgets every saved text (before reading them back from the database).
  void clear_stored() {
    stored_.clear();
    chosen_languages_.clear();
  }
  const template_settings& settings() const { return settings_; }

 private:
  const std::string* stored(const std::string& scope, const std::string& key) const;

  template_settings settings_;
  std::map<std::string, template_texts> stored_;         // by scope
  std::map<std::string, std::string> chosen_languages_;  // by chat id
};

}  // namespace steward::handlers
