// Fuzzes the cron parser and the next-run computation in a zone with daylight saving.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/core/cron.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using steward::core::cron_expression;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  std::string error;
  const auto expression = cron_expression::parse(text, error);
  if (!expression) return 0;
  (void)expression->next_after(1'700'000'000, "Europe/Berlin");
  (void)expression->next_after(1'700'000'000, "Asia/Shanghai");
  return 0;
}
