// Fuzzes DingTalk's robot callback reader, its answer readers and the markdown renderer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/platforms/dingtalk/dingtalk_adapter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward;
  static const platforms::dingtalk::dingtalk_adapter adapter(
      {"dingfuzz", "fuzz-secret", "", "http://127.0.0.1:9", "http://127.0.0.1:9", true},
      [] { return std::int64_t{1700000000}; });
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  if (const auto update = platforms::dingtalk::parse_callback(body)) {
    for (const auto& event : update->events) {
      for (const auto& m : event.mentioned) {
        if (m.begin > m.end || m.end > event.text.size()) __builtin_trap();  // promised in range
      }
    }
  }
  for (const auto& call :
       adapter.render({"dingtalk", "cid", "e", core::send_message{std::string(body), true}})) {
    (void)adapter.call_for(call.method, call.body, 0, "t");
  }
  (void)adapter.call_for("mute", std::string(body), 1700000000, "t");
  const core::delivery_response answer{200 + static_cast<int>(size % 300), "", std::string(body)};
  (void)adapter.classify(answer);
  (void)adapter.parsed_token(answer);
  (void)adapter.sent_message_id(answer);
  (void)adapter.member_of_call({"mute", std::string(body)});
  return 0;
}
