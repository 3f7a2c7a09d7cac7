#include "handlers/template_book.hpp"

#include "bot/core/log.hpp"
#include "handlers/builtin_texts.hpp"
#include "handlers/markup_check.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

// The built-in texts by language, then key.
const std::map<std::string, template_texts>& built_in() {
  static const std::map<std::string, template_texts> texts = [] {
    std::map<std::string, template_texts> out;
    for (const auto& t : builtin_texts()) {
      out["en"][t.key] = t.en;
      out["zh"][t.key] = t.zh;
    }
    return out;
  }();
  return texts;
}

const builtin_text* find_builtin(const std::string& key) {
  static const std::map<std::string, const builtin_text*> by_key = [] {
    std::map<std::string, const builtin_text*> out;
    for (const auto& t : builtin_texts())
      out.emplace(t.key, &t);
    return out;
  }();
  const auto it = by_key.find(key);
  return it == by_key.end() ? nullptr : it->second;
}

const std::string* find_text(const std::map<std::string, template_texts>& by_scope,
                             const std::string& scope, const std::string& key) {
  const auto s = by_scope.find(scope);
  if (s == by_scope.end()) return nullptr;
  const auto t = s->second.find(key);
  return t == s->second.end() ? nullptr : &t->second;
}

}  // namespace

template_book::template_book(template_settings settings) : settings_(std::move(settings)) {}

const std::set<std::string, std::less<>>& template_book::placeholders(const std::string& key) {
  static const std::set<std::string, std::less<>> none;
  const auto* t = find_builtin(key);
  return t == nullptr ? none : t->placeholders;
}

std::string template_book::topic(const std::string& key) {
  const auto* t = find_builtin(key);
  return t == nullptr ? "" : t->topic;
}

const std::set<std::string>& template_book::keys() {
  static const std::set<std::string> all = [] {
    std::set<std::string> out;
    for (const auto& [key, text] : built_in().at("en"))
      out.insert(key);
    return out;
  }();
  return all;
}

std::optional<std::string> template_book::check(const std::string& key, const std::string& text) {
  if (!keys().contains(key)) {
    std::string known;
    for (const auto& k : keys())
      known += (known.empty() ? "" : ", ") + k;
    return "unknown template \"" + key + "\" (" + known + ")";
  }
  if (auto problem = check_template(text, placeholders(key))) return problem;
  return check_telegram_html(text);
}

std::string template_book::language(const std::string& chat_id) const {
  if (const auto chosen = chosen_languages_.find(chat_id); chosen != chosen_languages_.end()) {
    return chosen->second;
  }
  const auto it = settings_.groups.find(chat_id);
  if (it != settings_.groups.end() && !it->second.language.empty()) return it->second.language;
  return settings_.language;
}

std::string template_book::text(const std::string& chat_id, const std::string& key) const {
  return resolve(chat_id, key, language(chat_id)).text;
}

resolved_template template_book::resolve(const std::string& chat_id, const std::string& key,
                                         const std::string& lang) const {
  const std::string group = group_scope(chat_id);
  if (const auto* t = stored(group, key)) return {*t, "stored", group};
  if (const auto g = settings_.groups.find(chat_id); g != settings_.groups.end()) {
    if (const auto t = g->second.texts.find(key); t != g->second.texts.end()) {
      return {t->second, "config", group};
    }
  }
  const std::string language = language_scope(lang);
  if (const auto* t = stored(language, key)) return {*t, "stored", language};
  if (const auto* t = find_text(settings_.texts, lang, key)) return {*t, "config", language};
  const auto& texts = built_in().at(lang == "en" ? "en" : "zh");
  if (const auto t = texts.find(key); t != texts.end()) return {t->second, "built-in", ""};
  // A key the code names but the book lacks is a bug; the update must still go through (a
  // thrown error would fail it, and the platform's retries with it), so the text is empty and
  // the call carrying it fails on its own.
  core::log_error("template.missing", "no text for a template key", {core::field("key", key)});
  return {"", "missing", ""};
}

std::string template_book::render(const std::string& chat_id, const std::string& key,
                                  core::language lang, const template_values& values,
                                  const template_markup& markup) const {
  const auto resolved = resolve(chat_id, key, lang == core::language::zh ? "zh" : "en");
  return render_template(resolved.text, values, markup);
}

void template_book::set_stored(const std::string& scope, const std::string& key,
                               std::optional<std::string> text) {
  if (text) {
    stored_[scope][key] = std::move(*text);
  } else if (const auto s = stored_.find(scope); s != stored_.end()) {
    s->second.erase(key);
  }
}

void template_book::set_group_language(const std::string& chat_id,
                                       std::optional<std::string> language) {
  if (language) {
    chosen_languages_[chat_id] = std::move(*language);
  } else {
    chosen_languages_.erase(chat_id);
  }
}

std::optional<std::string> template_book::chosen_language(const std::string& chat_id) const {
  const auto it = chosen_languages_.find(chat_id);
  if (it == chosen_languages_.end()) return std::nullopt;
  return it->second;
}

const std::string* template_book::stored(const std::string& scope, const std::string& key) const {
  return find_text(stored_, scope, key);
}

}  // namespace steward::handlers
