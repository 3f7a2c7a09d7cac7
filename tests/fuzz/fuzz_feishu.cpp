// Fuzzes Feishu's event reader (the decrypted document), its decryption and its answer readers,
// and the rich-text renderer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/platforms/feishu/feishu_adapter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward;
  static const platforms::feishu::feishu_settings settings = [] {
    platforms::feishu::feishu_settings s;
    s.app_id = "cli_fuzz";
    s.app_secret = "fuzz";
    s.encrypt_key = "fuzz key";
    s.verification_token = "";  // so that documents reach the event readers
    s.api_base_url = "http://127.0.0.1:9";
    s.bot_open_id = "ou_bot";
    return s;
  }();
  static const platforms::feishu::feishu_adapter adapter(settings,
                                                         [] { return std::int64_t{1700000000}; });
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  if (const auto update = platforms::feishu::parse_event(body, settings)) {
    for (const auto& event : update->events) {
      for (const auto& m : event.mentioned) {
        if (m.begin > m.end || m.end > event.text.size()) __builtin_trap();  // promised in range
      }
    }
  }
  (void)platforms::feishu::decrypt("fuzz key", body);
  (void)adapter.parse(
      {"/webhook/feishu", body, [](std::string_view) { return std::string_view(); }});
  for (const auto& call : adapter.render(
           {"feishu", "oc_c", "e", core::reply_message{std::string(body), "om_1", true}})) {
    (void)adapter.call_for(call.method, call.body, 0, "t");
  }
  (void)adapter.call_for("send", std::string(body), 0, "t");
  const core::delivery_response answer{200 + static_cast<int>(size % 300), "", std::string(body)};
  (void)adapter.classify(answer);
  (void)adapter.parsed_token(answer);
  (void)adapter.parse_admin_list(answer);
  (void)adapter.parsed_chat_title(answer);
  (void)adapter.sent_message_id(answer);
  (void)adapter.member_of_call({"kick", std::string(body)});
  return 0;
}
