#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace steward::platforms::wecom {

// WeCom's WXBizMsgCrypt (shared/reference/platforms.md §5.2-5.3): a SHA-1 signature over the
// sorted token, timestamp, nonce and ciphertext; AES-256-CBC under the EncodingAESKey, IV = the
// key's first 16 bytes, PKCS#7 padding to 32 bytes; plaintext = random(16) ‖ length(4, big
// endian) ‖ message ‖ receive id (the CorpID for apps, empty for the AI bot).

/// msg_signature: hex SHA-1 of the four strings sorted bytewise and joined.
std::string signature_of(std::string_view token, std::string_view timestamp, std::string_view nonce,
                         std::string_view encrypted);

/// A decrypted message and the receive id it was addressed to.
struct opened_message {
  std::string message;
  std::string receive_id;
};

/// The 32-byte AES key of a 43-character EncodingAESKey, or nullopt when it is not one.
std::optional<std::string> aes_key_of(std::string_view encoding_aes_key);

/// Decrypts a Base64 ciphertext; nullopt when the Base64, the padding or the length is wrong.
std::optional<opened_message> open(std::string_view aes_key, std::string_view encrypted);

/// Encrypts `message` for `receive_id` with 16 given random bytes (for passive replies, tests
/// and the demo); Base64.
std::string seal(std::string_view aes_key, std::string_view message, std::string_view receive_id,
                 std::string_view random16);

}  // namespace steward::platforms::wecom
