// Fuzzes the Telegram adapter's inbound path (verify, then parse) and its readers of Bot API
// answers (classification, failures, admin lists, rights, sent message ids).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/platforms/telegram/telegram_adapter.hpp"

namespace {

const steward::platforms::telegram::telegram_adapter& adapter() {
  static const steward::platforms::telegram::telegram_adapter instance{
      {.token = "123456:fuzz", .secret_token = "fuzz-secret", .bot_username = "fuzz_bot"}};
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward;
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  const std::string_view secret = size > 0 && data[0] % 2 == 0 ? "fuzz-secret" : "wrong";
  const core::raw_request request{
      "/webhook/telegram", body, [&](std::string_view name) {
        return name == "X-Telegram-Bot-Api-Secret-Token" ? secret : std::string_view{};
      }};
  if (adapter().verify(request)) {
    const auto update = adapter().parse(request);
    if (update) {
      for (const auto& event : update->events)
        (void)event;
    }
  }
  const core::delivery_response answer{200 + static_cast<int>(size % 300), "", std::string(body)};
  (void)adapter().classify(answer);
  (void)adapter().explain_failure(body);
  (void)adapter().created_invite_link(answer);
  (void)adapter().sent_message_id(answer);
  (void)adapter().parse_admin_list(answer);
  (void)adapter().parsed_bot_rights(answer);
  return 0;
}
