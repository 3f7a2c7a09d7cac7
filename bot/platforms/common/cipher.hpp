#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace steward::platforms {

// The encryption Feishu, WeCom and DingTalk's event callbacks use (platforms.md §0.4-5, §3.3,
// §5.3): standard Base64 and AES-256-CBC, padded PKCS#7-style to a block of 16 (Feishu) or 32
// bytes (WeCom), which OpenSSL's own padding does not accept.

/// Standard Base64 with padding.
std::string base64_encode(std::string_view bytes);

/// The bytes of standard Base64 text (padding required where due; whitespace is not allowed);
/// nullopt when the text is not Base64.
std::optional<std::string> base64_decode(std::string_view text);

/// SHA-256 of `message`, raw 32 bytes (Feishu's AES key is the hash of its Encrypt Key).
std::string sha256_raw(std::string_view message);

/// AES-256-CBC of `plain` padded to a multiple of `pad_block` bytes (16 or 32). `key` must be
/// 32 bytes and `iv` 16.
std::string aes256_cbc_encrypt(std::string_view key, std::string_view iv, std::string_view plain,
                               std::size_t pad_block);

/// The plaintext of AES-256-CBC `cipher`, its padding checked (1..pad_block bytes, all equal);
/// nullopt when the length, the key or the padding is wrong.
std::optional<std::string> aes256_cbc_decrypt(std::string_view key, std::string_view iv,
                                              std::string_view cipher, std::size_t pad_block);

}  // namespace steward::platforms
