// Fuzzes WeCom's XML and JSON readers, its decryption and its answer readers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/platforms/wecom/msg_crypt.hpp"
#include "bot/platforms/wecom/wecom_adapter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward;
  static const platforms::wecom::wecom_adapter adapter(
      {"fuzz", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7", "s", "1",
       "http://127.0.0.1:9", 86400},
      [] { return std::int64_t{1409659813}; });
  static const std::string key =
      *platforms::wecom::aes_key_of("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C");
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  (void)platforms::wecom::xml_text(body, "Content");
  (void)platforms::wecom::parse_app_message(body);
  if (const auto update = platforms::wecom::parse_bot_message(body, "http://127.0.0.1:9")) {
    for (const auto& event : update->events) {
      (void)adapter.render({"wecom", event.chat.chat_id, "e",
                            core::reply_message{event.text, event.message_id, true}});
    }
  }
  (void)platforms::wecom::open(key, body);
  const auto no_header = [](std::string_view) { return std::string_view(); };
  (void)adapter.verify({std::string("/webhook/wecom?") + std::string(body), "", no_header});
  (void)adapter.parse({"/webhook/wecom", body, no_header});
  (void)adapter.call_for("send", std::string(body), 0, "t");
  const core::delivery_response answer{200 + static_cast<int>(size % 300), "", std::string(body)};
  (void)adapter.classify(answer);
  (void)adapter.parsed_token(answer);
  (void)adapter.sent_message_id(answer);
  return 0;
}
