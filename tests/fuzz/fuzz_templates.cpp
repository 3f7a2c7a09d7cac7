// Fuzzes the template checker and renderer, and the Telegram HTML markup check.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "handlers/markup_check.hpp"
#include "handlers/template_renderer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward::handlers;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  static const std::set<std::string, std::less<>> allowed{"name", "points", "streak"};
  (void)check_telegram_html(text);
  if (!check_template(text, allowed)) {
    const auto rendered =
        render_template(text, {{"name", "<b>Ann & {points}</b>"}, {"points", "5"}},
                        {{"streak", mention_html("42", "Bo\"<")}});
    (void)check_telegram_html(rendered);
  }
  (void)escape_html(text);
  return 0;
}
