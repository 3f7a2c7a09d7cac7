#pragma once

#include <cstddef>
#include <string_view>

namespace steward::rules {

/// Whether the byte range [begin, end) of UTF-8 `text` starts and ends on word boundaries as
/// ICU's dictionary-based segmentation reads Chinese: "沙比" in "你个沙比" does, "厦比" in
/// "大厦比较高" does not (大厦 | 比较). Used for homophone hits, whose syllables may otherwise
/// straddle two words.
bool spans_whole_words(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace steward::rules
