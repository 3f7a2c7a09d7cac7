// Fuzzes the configuration reader: any bytes as a TOML file are either a configuration or a
// config_error, never a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "bot/app/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto path = std::filesystem::temp_directory_path() /
                           ("steward-fuzz-config-" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)steward::app::load_config(
        path.string(), [](const char*) { return nullptr; }, false);
  } catch (const steward::app::config_error&) {
  }
  return 0;
}
