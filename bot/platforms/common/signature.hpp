#pragma once

#include <string>
#include <string_view>

namespace steward::platforms {

/// The digests platforms sign webhooks with.
enum class digest { sha1, sha256 };

/// HMAC of `message` under `key`, as lower-case hex.
std::string hmac_hex(digest algorithm, std::string_view key, std::string_view message);

/// HMAC of `message` under `key`, raw bytes.
std::string hmac_raw(digest algorithm, std::string_view key, std::string_view message);

/// Plain hash of `message`, as lower-case hex.
std::string hash_hex(digest algorithm, std::string_view message);

/// Compares a secret or a MAC in constant time (only the length may leak).
bool equal_in_constant_time(std::string_view expected, std::string_view given);

}  // namespace steward::platforms
