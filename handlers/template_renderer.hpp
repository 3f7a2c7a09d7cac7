#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace steward::handlers {

/// Values for a template's placeholders. Values are plain text (member names, numbers): the
/// renderer escapes them for the platform's markup and never reads them as template syntax.
using template_values = std::map<std::string, std::string, std::less<>>;

/// Values that are already markup (a mention link built by Steward): inserted as they are.
using template_markup = std::map<std::string, std::string, std::less<>>;

/// Escapes text for Telegram's HTML subset (&, <, >, ").
std::string escape_html(std::string_view text);
/// A Telegram HTML link that mentions a user by id, showing their (escaped) name.
std::string mention_html(std::string_view user_id, std::string_view name);

/// Checks a template: every `{name}` must be one of `allowed`, and so must the name counted by a
/// plural choice `{name|one|many}` (English: "{n} {n|point|points}"); `{{` and `}}` are literal
/// braces; an unclosed `{` is an error. Returns the problem ("unknown placeholder {pionts} at 12"),
/// or nullopt when the template is fine.
std::optional<std::string> check_template(std::string_view text,
                                          const std::set<std::string, std::less<>>& allowed);

/// Renders a checked template: operator text is kept (it may use the platform's markup),
/// `{name}` becomes the escaped value (or the markup value), `{name|one|many}` the form for the
/// value (one for 1 and -1), unknown names are left as written.
std::string render_template(std::string_view text, const template_values& values,
                            const template_markup& markup = {});

}  // namespace steward::handlers
