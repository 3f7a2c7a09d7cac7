#include "rules/pinyin.hpp"

#include <spdlog/spdlog.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "bot/core/log.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

const pinyin_table& pinyin_table::shared() {
  static const pinyin_table table;
  return table;
}

pinyin_table::pinyin_table() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> to_latin(
      icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) {
    core::log_warn("rules.pinyin_unavailable",
                   "ICU Han-Latin is unavailable; homophones are not matched",
                   {core::field("error", u_errorName(status))});
    return;
  }
  constexpr char32_t first = 0x4E00, last = 0x9FFF;
  icu::UnicodeString all;
  for (char32_t cp = first; cp <= last; ++cp) {
    all.append(static_cast<UChar32>(cp));
    all.append(static_cast<UChar>('\n'));
  }
  to_latin->transliterate(all);
  std::string text;
  all.toUTF8String(text);
  char32_t cp = first;
  std::size_t pos = 0;
  while (pos < text.size() && cp <= last) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string reading = text.substr(pos, end - pos);
    const bool ascii_word =
        !reading.empty() &&
        reading.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
    if (ascii_word) readings_[cp] = std::move(reading);
    pos = end + 1;
    ++cp;
  }
}

std::string_view pinyin_table::reading(char32_t ideograph) const {
  const auto it = readings_.find(ideograph);
  return it == readings_.end() ? std::string_view{} : std::string_view(it->second);
}

}  // namespace steward::rules
