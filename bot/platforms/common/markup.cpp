#include "bot/platforms/common/markup.hpp"

#include <cctype>
#include <cstdint>

#include "rules/utf8.hpp"

namespace steward::platforms {

namespace {

/// Decodes the entity at `html[i]` ('&'), appending it; returns the bytes consumed (0: not one).
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out) {
  const auto semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  const auto name = html.substr(i + 1, semi - i - 1);
  static constexpr std::pair<std::string_view, char> named[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  for (const auto& [entity, c] : named) {
    if (name == entity) {
      out += c;
      return semi - i + 1;
    }
  }
  if (name.size() < 2 || name[0] != '#') return 0;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  std::uint32_t cp = 0;
  for (char c : name.substr(hex ? 2 : 1)) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0 || cp > 0x10FFFF) return 0;
    cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  rules::append_utf8(out, static_cast<char32_t>(cp));
  return semi - i + 1;
}

/// The value of `attribute` in a tag's text (`a href="x"`), entities decoded.
std::string attribute_of(std::string_view tag, std::string_view attribute) {
  const auto at = tag.find(attribute);
  if (at == std::string_view::npos) return {};
  auto rest = tag.substr(at + attribute.size());
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '='))
    rest.remove_prefix(1);
  if (rest.empty()) return {};
  const char quote = rest.front();
  std::string_view raw;
  if (quote == '"' || quote == '\'') {
    const auto end = rest.find(quote, 1);
    raw = rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
  } else {
    raw = rest.substr(0, rest.find(' '));
  }
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '&') {
      if (const auto used = decode_entity(raw, i, out)) {
        i += used - 1;
        continue;
      }
    }
    out += raw[i];
  }
  return out;
}

struct reader {
  std::vector<markup_piece> pieces;
  int bold = 0, italic = 0, code = 0;
  bool in_anchor = false;
  markup_piece anchor;

  markup_piece& current() {
    if (in_anchor) return anchor;
    if (pieces.empty() || pieces.back().what != markup_piece::kind::text ||
        pieces.back().bold != (bold > 0) || pieces.back().italic != (italic > 0) ||
        pieces.back().code != (code > 0)) {
      pieces.push_back({markup_piece::kind::text, "", "", bold > 0, italic > 0, code > 0});
    }
    return pieces.back();
  }

  void tag(std::string_view inside) {
    const bool closing = !inside.empty() && inside.front() == '/';
    if (closing) inside.remove_prefix(1);
    const auto name = inside.substr(0, inside.find_first_of(" \t\n/"));
    const int step = closing ? -1 : 1;
    if (name == "b" || name == "strong") bold = std::max(0, bold + step);
    if (name == "i" || name == "em") italic = std::max(0, italic + step);
    if (name == "code" || name == "pre") code = std::max(0, code + step);
    if (name != "a") return;
    if (closing) {
      if (in_anchor) pieces.push_back(std::move(anchor));
      in_anchor = false;
      return;
    }
    const std::string href = attribute_of(inside, "href");
    constexpr std::string_view mention_prefix = "tg://user?id=";
    anchor = {};
    anchor.bold = bold > 0;
    anchor.italic = italic > 0;
    if (href.rfind(mention_prefix, 0) == 0) {
      anchor.what = markup_piece::kind::mention;
      anchor.target = href.substr(mention_prefix.size());
    } else {
      anchor.what = markup_piece::kind::link;
      anchor.target = href;
    }
    in_anchor = true;
  }
};

}  // namespace

std::vector<markup_piece> read_markup(std::string_view html) {
  reader r;
  for (std::size_t i = 0; i < html.size(); ++i) {
    // A tag starts with a letter or '/' and ends before any other '<': "a < b" is text.
    const bool opens_tag =
        html[i] == '<' && i + 1 < html.size() &&
        (std::isalpha(static_cast<unsigned char>(html[i + 1])) != 0 || html[i + 1] == '/');
    if (opens_tag) {
      const auto close = html.find('>', i);
      if (close != std::string_view::npos &&
          html.substr(i + 1, close - i - 1).find('<') == std::string_view::npos) {
        r.tag(html.substr(i + 1, close - i - 1));
        i = close;
        continue;
      }
    }
    if (html[i] == '&') {
      std::string decoded;
      if (const auto used = decode_entity(html, i, decoded)) {
        r.current().text += decoded;
        i += used - 1;
        continue;
      }
    }
    r.current().text += html[i];
  }
  if (r.in_anchor) r.pieces.push_back(std::move(r.anchor));  // an unclosed link keeps its text
  return std::move(r.pieces);
}

std::vector<markup_piece> plain_markup(std::string_view text) {
  if (text.empty()) return {};
  return {{markup_piece::kind::text, std::string(text), "", false, false, false}};
}

std::string flatten_markup(const std::vector<markup_piece>& pieces) {
  std::string out;
  for (const auto& piece : pieces) {
    switch (piece.what) {
      case markup_piece::kind::text:
        out += piece.text;
        break;
      case markup_piece::kind::mention:
        out += (piece.text.rfind('@', 0) == 0 ? "" : "@") + piece.text;
        break;
      case markup_piece::kind::link:
        out += piece.text;
        if (!piece.target.empty() && piece.target != piece.text) out += " (" + piece.target + ")";
        break;
    }
  }
  return out;
}

std::string decoded_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&') {
      if (const auto used = decode_entity(text, i, out)) {
        i += used - 1;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string with_markers(std::string escaped_text, const markup_piece& piece,
                         const style_markers& markers) {
  const auto first = escaped_text.find_first_not_of(" \n");
  if (piece.what != markup_piece::kind::text || first == std::string::npos) return escaped_text;
  const auto last = escaped_text.find_last_not_of(" \n");
  std::string inner = escaped_text.substr(first, last - first + 1);
  if (piece.code) inner = std::string(markers.code) + inner + std::string(markers.code);
  if (piece.bold) inner = std::string(markers.bold) + inner + std::string(markers.bold);
  if (piece.italic) inner = std::string(markers.italic) + inner + std::string(markers.italic);
  return escaped_text.substr(0, first) + inner + escaped_text.substr(last + 1);
}

}  // namespace steward::platforms
