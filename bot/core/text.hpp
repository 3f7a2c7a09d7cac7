#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace steward::core {

/// The view without leading and trailing ASCII white space.
std::string_view trim(std::string_view text);
/// The view without white space of any width at either end, as people type it: ASCII white
/// space, the ideographic space U+3000 and the no-break space U+00A0.
std::string_view trim_typed(std::string_view text);
/// Where the first white space of any width (see trim_typed) starts and how many bytes it takes;
/// {npos, 0} when there is none.
std::pair<std::size_t, std::size_t> find_typed_space(std::string_view text);
/// The view without closing punctuation a command may be typed with ("签到！", "签到。", "hi!",
/// "打卡～"), and white space of any width around it.
std::string_view strip_closing_punctuation(std::string_view text);
/// ASCII lower-case copy (non-ASCII bytes are kept as they are).
std::string ascii_lower(std::string_view text);
/// "@bo 10m spam" → {"@bo", "10m spam"}: the first word and the trimmed rest.
std::pair<std::string, std::string> split_first_word(std::string_view text);
/// True if the text holds any byte outside ASCII (e.g. a CJK alias).
bool has_non_ascii(std::string_view text);
/// Characters (code points) in UTF-8 text, as a member counts them: "价格" is 2.
std::size_t count_chars(std::string_view text);

}  // namespace steward::core
