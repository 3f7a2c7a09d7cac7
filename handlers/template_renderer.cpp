#include "handlers/template_renderer.hpp"

#include <fmt/format.h>

namespace steward::handlers {

namespace {

/// Walks a template: calls `literal(text)` for plain runs and `placeholder(name, at)` for each
/// `{name}`. Returns an error for an unclosed or empty placeholder.
template <typename Literal, typename Placeholder>
std::optional<std::string> walk(std::string_view text, Literal literal, Placeholder placeholder) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t brace = text.find_first_of("{}", pos);
    if (brace == std::string_view::npos) {
      literal(text.substr(pos));
      break;
    }
    literal(text.substr(pos, brace - pos));
    if (brace + 1 < text.size() && text[brace + 1] == text[brace]) {  // {{ or }}
      literal(text.substr(brace, 1));
      pos = brace + 2;
      continue;
    }
    if (text[brace] == '}') return fmt::format("a lone '}}' at {} (write '}}}}')", brace);
    const std::size_t close = text.find('}', brace + 1);
    if (close == std::string_view::npos) {
      return fmt::format("an unclosed '{{' at {} (write '{{{{' for a brace)", brace);
    }
    const std::string_view name = text.substr(brace + 1, close - brace - 1);
    if (name.empty() || name.find_first_of("{ \n") != std::string_view::npos) {
      return fmt::format("a malformed placeholder at {}", brace);
    }
    placeholder(name, brace);
    pos = close + 1;
  }
  return std::nullopt;
}

/// A plural choice `{count|point|points}`: the placeholder it counts and its two forms.
struct plural_choice {
  std::string_view name;
  std::string_view one;
  std::string_view other;
  bool valid = false;  ///< exactly two forms
};

/// Reads `name|one|other`; a plain name has no forms (and is not a choice).
std::optional<plural_choice> plural_of(std::string_view placeholder) {
  const std::size_t bar = placeholder.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  plural_choice p;
  p.name = placeholder.substr(0, bar);
  const std::string_view forms = placeholder.substr(bar + 1);
  const std::size_t second = forms.find('|');
  if (second == std::string_view::npos || forms.find('|', second + 1) != std::string_view::npos) {
    return p;
  }
  p.one = forms.substr(0, second);
  p.other = forms.substr(second + 1);
  p.valid = true;
  return p;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string mention_html(std::string_view user_id, std::string_view name) {
  return "<a href=\"tg://user?id=" + escape_html(user_id) + "\">" + escape_html(name) + "</a>";
}

std::optional<std::string> check_template(std::string_view text,
                                          const std::set<std::string, std::less<>>& allowed) {
  std::optional<std::string> unknown;
  auto error = walk(
      text, [](std::string_view) {},
      [&](std::string_view placeholder, std::size_t at) {
        const auto plural = plural_of(placeholder);
        if (!unknown && plural && !plural->valid) {
          unknown = fmt::format("a plural choice at {} needs two forms: {{{}|one|many}}", at,
                                plural->name);
        }
        const std::string_view name = plural ? plural->name : placeholder;
        if (!unknown && !allowed.contains(name)) {
          std::string known;
          for (const auto& a : allowed)
            known += (known.empty() ? "{" : ", {") + a + "}";
          unknown = fmt::format("unknown placeholder {{{}}} at {} (known: {})", name, at, known);
        }
      });
  return error ? error : unknown;
}

std::string render_template(std::string_view text, const template_values& values,
                            const template_markup& markup) {
  std::string out;
  walk(
      text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view name, std::size_t) {
        if (const auto plural = plural_of(name); plural && plural->valid) {
          // English: the singular form for exactly one (or minus one), else the plural.
          const auto v = values.find(plural->name);
          if (v == values.end()) {
            out += "{" + std::string(name) + "}";
          } else {
            out += escape_html(v->second == "1" || v->second == "-1" ? plural->one : plural->other);
          }
        } else if (const auto it = markup.find(name); it != markup.end()) {
          out += it->second;
        } else if (const auto v = values.find(name); v != values.end()) {
          out += escape_html(v->second);  // inserted once, never scanned for placeholders
        } else {
          out += "{" + std::string(name) + "}";
        }
      });
  return out;
}

}  // namespace steward::handlers
