#include "rules/word_breaks.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>

namespace steward::rules {

namespace {

/// One word-break iterator per thread: creating one loads ICU's dictionaries (slow), setting a
/// new text on it is cheap.
icu::BreakIterator* thread_word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    return U_SUCCESS(status) ? std::move(b) : nullptr;
  }();
  return breaker.get();
}

}  // namespace

bool spans_whole_words(std::string_view text, std::size_t begin, std::size_t end) {
  icu::BreakIterator* breaker = thread_word_breaker();
  if (breaker == nullptr) return true;  // no ICU data: keep the hit rather than lose it
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return true;
  breaker->setText(ut, status);
  // UTF-8 UText: the iterator's offsets are byte offsets into `text`.
  const bool whole = U_SUCCESS(status) && breaker->isBoundary(static_cast<int32_t>(begin)) &&
                     breaker->isBoundary(static_cast<int32_t>(end));
  utext_close(ut);
  return U_FAILURE(status) || whole;
}

}  // namespace steward::rules
