// Fuzzes the chat command and duration parsers and the duration's description.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/core/command.hpp"
#include "bot/core/duration.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward::core;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  if (const auto command = parse_slash_command(text)) (void)command->name.size();
  if (const auto seconds = parse_duration(text)) (void)describe_duration(*seconds);
  return 0;
}
