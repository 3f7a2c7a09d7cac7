#include "bot/platforms/common/cipher.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace steward::platforms {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  const auto at = alphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_ctx new_ctx() {
  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Runs an initialised context over `in` without OpenSSL's padding (the callers pad themselves).
std::optional<std::string> run(EVP_CIPHER_CTX* ctx, std::string_view in) {
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  std::string out(in.size() + 32, '\0');
  int written = 0;
  int last = 0;
  auto* dest = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx, dest, &written, bytes(in), static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx, dest + written, &last) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written + last));
  return out;
}

}  // namespace

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      group = (group << 8) | (k < n ? static_cast<unsigned char>(in[i + k]) : 0U);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      out += k <= n ? alphabet[(group >> (18 - 6 * k)) & 0x3F] : '=';
    }
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::uint32_t group = 0;
    int padding = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        ++padding;
        group <<= 6;
        continue;
      }
      const int value = sextet(c);
      if (value < 0 || padding > 0) return std::nullopt;  // no data after padding
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    for (int k = 0; k < 3 - padding; ++k) {
      out += static_cast<char>((group >> (16 - 8 * k)) & 0xFF);
    }
  }
  return out;
}

std::string sha256_raw(std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  if (EVP_Digest(message.data(), message.size(), out.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return {reinterpret_cast<const char*>(out.data()), size};
}

std::string aes256_cbc_encrypt(std::string_view key, std::string_view iv, std::string_view plain,
                               std::size_t pad_block) {
  if (key.size() != 32 || iv.size() != 16) throw std::invalid_argument("AES-256: bad key or IV");
  const std::size_t pad = pad_block - plain.size() % pad_block;
  std::string padded(plain);
  padded.append(pad, static_cast<char>(pad));
  auto ctx = new_ctx();
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, bytes(key), bytes(iv)) != 1) {
    throw std::runtime_error("AES-256-CBC init failed");
  }
  auto out = run(ctx.get(), padded);
  if (!out) throw std::runtime_error("AES-256-CBC encryption failed");
  return *out;
}

std::optional<std::string> aes256_cbc_decrypt(std::string_view key, std::string_view iv,
                                              std::string_view cipher, std::size_t pad_block) {
  if (key.size() != 32 || iv.size() != 16 || cipher.empty() || cipher.size() % 16 != 0) {
    return std::nullopt;
  }
  auto ctx = new_ctx();
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, bytes(key), bytes(iv)) != 1) {
    return std::nullopt;
  }
  auto plain = run(ctx.get(), cipher);
  if (!plain || plain->empty()) return std::nullopt;
  const auto pad = static_cast<unsigned char>(plain->back());
  if (pad == 0 || pad > pad_block || pad > plain->size()) return std::nullopt;
  for (std::size_t k = plain->size() - pad; k < plain->size(); ++k) {
    if (static_cast<unsigned char>((*plain)[k]) != pad) return std::nullopt;
  }
  plain->resize(plain->size() - pad);
  return plain;
}

}  // namespace steward::platforms
