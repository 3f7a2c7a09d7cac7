#include "bot/platforms/wecom/msg_crypt.hpp"

#include <algorithm>
#include <array>

#include "bot/platforms/common/cipher.hpp"
#include "bot/platforms/common/signature.hpp"

namespace steward::platforms::wecom {

std::string signature_of(std::string_view token, std::string_view timestamp, std::string_view nonce,
                         std::string_view encrypted) {
  std::array<std::string_view, 4> parts{token, timestamp, nonce, encrypted};
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const auto part : parts)
    joined.append(part);
  return hash_hex(digest::sha1, joined);
}

std::optional<std::string> aes_key_of(std::string_view encoding_aes_key) {
  if (encoding_aes_key.size() != 43) return std::nullopt;
  auto key = base64_decode(std::string(encoding_aes_key) + "=");
  if (!key || key->size() != 32) return std::nullopt;
  return key;
}

std::optional<opened_message> open(std::string_view aes_key, std::string_view encrypted) {
  const auto cipher = base64_decode(encrypted);
  if (!cipher || aes_key.size() != 32) return std::nullopt;
  const auto plain = aes256_cbc_decrypt(aes_key, aes_key.substr(0, 16), *cipher, 32);
  if (!plain || plain->size() < 20) return std::nullopt;
  const auto* length_bytes = reinterpret_cast<const unsigned char*>(plain->data() + 16);
  const std::size_t length = (std::size_t{length_bytes[0]} << 24) |
                             (std::size_t{length_bytes[1]} << 16) |
                             (std::size_t{length_bytes[2]} << 8) | std::size_t{length_bytes[3]};
  if (length > plain->size() - 20) return std::nullopt;
  return opened_message{plain->substr(20, length), plain->substr(20 + length)};
}

std::string seal(std::string_view aes_key, std::string_view message, std::string_view receive_id,
                 std::string_view random16) {
  std::string plain(random16.substr(0, 16));
  plain.resize(16, 'a');
  const auto length = static_cast<std::uint32_t>(message.size());
  for (int shift : {24, 16, 8, 0})
    plain += static_cast<char>((length >> shift) & 0xFF);
  plain.append(message).append(receive_id);
  return base64_encode(aes256_cbc_encrypt(aes_key, aes_key.substr(0, 16), plain, 32));
}

}  // namespace steward::platforms::wecom
