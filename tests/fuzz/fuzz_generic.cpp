// Fuzzes the generic webhook's event reader and answer readers, and the markup reader every
// platform renders Steward's HTML with.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward;
  static const platforms::generic::generic_adapter adapter(
      {"fuzz-secret-fuzz-secret", "http://127.0.0.1:9/actions", 300, {"delete", "mute"}},
      [] { return std::int64_t{1700000000}; });
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  if (const auto update = platforms::generic::parse_event(body)) {
    for (const auto& event : update->events) {
      for (const auto& m : event.mentioned) {
        if (m.begin > m.end || m.end > event.text.size()) __builtin_trap();  // promised in range
      }
    }
  }
  (void)platforms::flatten_markup(platforms::read_markup(body));
  (void)adapter.render({"generic", "c", "e", core::send_message{std::string(body), true}});
  const core::delivery_response answer{200 + static_cast<int>(size % 300), "", std::string(body)};
  (void)adapter.classify(answer);
  (void)adapter.explain_failure(body);
  (void)adapter.parse_admin_list(answer);
  (void)adapter.created_invite_link(answer);
  return 0;
}
