// Fuzzes the normaliser (every view), the contact and link detectors, and a whole rule set
// (word lists through the matcher, homophones through pinyin, the behaviour hash).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "rules/behaviour.hpp"
#include "rules/detectors.hpp"
#include "rules/normalizer.hpp"
#include "rules/rule_set.hpp"

namespace {

const std::string corpus = STEWARD_SOURCE_DIR "/tests/rules/corpus/";

std::shared_ptr<const steward::rules::rule_set> fuzz_rules() {
  steward::rules::rules_config cfg;
  cfg.words = {corpus + "words.txt"};
  cfg.allow = {corpus + "allow.txt"};
  cfg.homophones = {corpus + "homophones.txt"};
  return steward::rules::rule_set::compile(cfg);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward::rules;
  static const auto rules = fuzz_rules();
  static const contact_detectors detectors{{"example.org"}};
  const std::string_view text{reinterpret_cast<const char*>(data), size};

  for (const auto form : {view::strict, view::folded, view::pinyin}) {
    const auto normalized = normalize(text, form);
    if (!normalized.text.empty()) {
      (void)normalized.original(0, normalized.text.size());
      (void)normalized.runs(0, normalized.text.size());
    }
    if (form == view::strict) (void)detectors.detect(normalized);
  }
  normalized_views views;
  normalize_views(text, views);

  std::string folded;
  const auto verdict = decide(rules->scan(text, size % 2 == 0, &folded));
  (void)verdict;
  (void)simhash(folded);
  (void)is_acknowledgement(folded);
  return 0;
}
