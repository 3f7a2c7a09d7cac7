// Fuzzes the OneBot 11 adapter: event posts in both message formats (segment arrays and CQ-code
// strings), the readers of its API answers, the mute body completed at send time, and the
// rendering of an answer that quotes what was read.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bot/platforms/onebot/onebot_adapter.hpp"

namespace {

const steward::platforms::onebot::onebot_adapter& adapter() {
  static const steward::platforms::onebot::onebot_adapter instance{
      {.secret = "fuzz-secret", .api_url = "http://127.0.0.1:3000", .self_id = "10001000"}};
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward;
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  const std::string signature = platforms::onebot::signature_of("fuzz-secret", body);
  const core::raw_request request{"/webhook/onebot", body, [&](std::string_view name) {
                                    return name == "X-Signature" ? std::string_view(signature)
                                                                 : std::string_view{};
                                  }};
  if (adapter().verify(request)) {
    if (const auto update = adapter().parse(request)) {
      for (const auto& event : update->events) {
        if (event.chat.chat_id.empty() || event.message_id.empty()) continue;
        try {
          (void)adapter().render({"onebot", event.chat.chat_id, event.event_id,
                                  core::reply_message{event.text, event.message_id, true}});
        } catch (const std::invalid_argument&) {
          // ids that are no QQ numbers are refused by the renderer, by design
        }
      }
    }
  }
  (void)platforms::onebot::cq_unescape(body);
  (void)adapter().body_to_send("set_group_ban", std::string(body), 1700000000);
  const core::delivery_response answer{200 + static_cast<int>(size % 300), "", std::string(body)};
  (void)adapter().classify(answer);
  (void)adapter().explain_failure(body);
  (void)adapter().sent_message_id(answer);
  (void)adapter().parse_admin_list(answer);
  (void)adapter().parsed_bot_rights(answer);
  return 0;
}
