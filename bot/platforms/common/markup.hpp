#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace steward::platforms {

/// One run of a message written in Steward's markup (Telegram's HTML subset, which templates
/// and handlers write): plain text, or a link or a member mention with its label. Styles (bold,
/// italic, code) are kept as flags so each platform can render what it has.
struct markup_piece {
  enum class kind { text, link, mention };
  kind what = kind::text;
  std::string text;    ///< the visible text, entities decoded
  std::string target;  ///< link: the URL; mention: the member's user id
  bool bold = false;
  bool italic = false;
  bool code = false;
};

/// Reads Telegram-style HTML (b, strong, i, em, u, s, code, pre, a href, tg://user mentions,
/// the five entities and numeric ones) into pieces. Unknown tags are dropped, their text kept.
std::vector<markup_piece> read_markup(std::string_view html);

/// Text with its character entities decoded (the five named ones and numeric ones), in one pass;
/// anything else stays as it is.
std::string decoded_entities(std::string_view text);

/// Reads plain text (no markup) as one piece.
std::vector<markup_piece> plain_markup(std::string_view text);

/// Style markers of a markdown-like markup (Slack: "*", "_", "`"; DingTalk: "**", "*", "`").
struct style_markers {
  std::string_view bold;
  std::string_view italic;
  std::string_view code;
};

/// A text piece already escaped for the platform, with its styles' markers put around its
/// non-blank core: such markups style whole words, so the spaces stay outside the markers.
std::string with_markers(std::string escaped_text, const markup_piece& piece,
                         const style_markers& markers);

/// The text a reader sees with all markup removed: links as "label (url)" unless the label is
/// the URL, mentions as "@name".
std::string flatten_markup(const std::vector<markup_piece>& pieces);

}  // namespace steward::platforms
