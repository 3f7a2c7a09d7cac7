#pragma once

#include <string>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"

namespace steward::handlers {

/// The language of an answer to `ctx`: the command's when there is one, else the group's.
core::language answer_language(const template_book& book, const context& ctx);

/// Renders `key` in `lang` for the group `chat_id` (Telegram HTML, values escaped).
std::string say(const template_book& book, const std::string& chat_id, const std::string& key,
                core::language lang, const template_values& values = {},
                const template_markup& markup = {});

/// Renders `key` for the event's group in the answer's language.
std::string say(const template_book& book, const context& ctx, const std::string& key,
                const template_values& values = {}, const template_markup& markup = {});

/// A reply to the event rendered from `key` in the answer's language.
core::action reply_with(const template_book& book, const context& ctx, const std::string& key,
                        const template_values& values = {}, const template_markup& markup = {});

/// Joins two rendered sentences the way the language does: a space in English, none in Chinese
/// (its full-width punctuation already separates them); an empty part adds nothing.
std::string join_sentences(const std::string& first, const std::string& second,
                           core::language lang);

/// A rendered text as a member reads it (tags dropped, entities decoded): for words stored with
/// a record and shown again later, such as a warning's reason.
std::string plain_text(std::string_view html);

/// A platform's name as its users know it ("onebot" → "QQ").
std::string platform_name(std::string_view platform);

/// The book's built-in English texts, for logs and records that must not follow operator edits.
const template_book& built_in_book();

}  // namespace steward::handlers
