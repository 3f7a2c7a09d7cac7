#include "bot/platforms/common/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace steward::platforms {

namespace {

const EVP_MD* md_of(digest algorithm) {
  return algorithm == digest::sha1 ? EVP_sha1() : EVP_sha256();
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0x0F];
  }
  return out;
}

}  // namespace

std::string hmac_raw(digest algorithm, std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(md_of(algorithm), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac,
           &size) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return {reinterpret_cast<const char*>(mac), size};
}

std::string hmac_hex(digest algorithm, std::string_view key, std::string_view message) {
  const auto raw = hmac_raw(algorithm, key, message);
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string hash_hex(digest algorithm, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(message.data(), message.size(), out, &size, md_of(algorithm), nullptr) != 1) {
    throw std::runtime_error("digest failed");
  }
  return to_hex(out, size);
}

bool equal_in_constant_time(std::string_view expected, std::string_view given) {
  if (expected.size() != given.size()) return false;
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace steward::platforms
