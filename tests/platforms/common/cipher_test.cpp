#include "bot/platforms/common/cipher.hpp"

#include <gtest/gtest.h>

#include "bot/platforms/common/signature.hpp"

namespace steward::platforms {
namespace {

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 0x0F];
  }
  return out;
}

TEST(Base64, RoundTripsEveryLengthAndRejectsWhatIsNotBase64) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    ASSERT_EQ(base64_decode(base64_encode(bytes)), bytes) << n;
    bytes += static_cast<char>(n * 37 + 11);
  }
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_FALSE(base64_decode("aGVsbG8"));    // length
  EXPECT_FALSE(base64_decode("aGV=bG8="));   // data after padding
  EXPECT_FALSE(base64_decode("aGVs bG8="));  // whitespace
  EXPECT_FALSE(base64_decode("a=GV"));
}

// WeCom's EncodingAESKey is 43 characters plus "=": 32 bytes, not the 33 EVP_DecodeBlock gives
// (platforms.md §0.4, §5.2 official vector).
TEST(Base64, WecomEncodingAesKeyDecodesToThirtyTwoBytes) {
  const auto key = base64_decode("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C=");
  ASSERT_TRUE(key);
  EXPECT_EQ(hex(*key), "8d69989bbaabe67328014c194631ad0719b3dca035b64023df292447aab60760");
}

TEST(Aes256Cbc, PadsToSixteenOrThirtyTwoAndChecksThePaddingOnTheWayBack) {
  const std::string key(32, 'k'), iv(16, 'i');
  for (std::size_t block : {16U, 32U}) {
    for (std::size_t n : {0U, 1U, 15U, 16U, 31U, 32U, 33U}) {
      const std::string plain(n, 'p');
      const auto cipher = aes256_cbc_encrypt(key, iv, plain, block);
      EXPECT_EQ(cipher.size() % block, 0U);
      EXPECT_GT(cipher.size(), n);
      EXPECT_EQ(aes256_cbc_decrypt(key, iv, cipher, block), plain) << block << " " << n;
    }
  }
  // Padding of 17..32 bytes is WeCom's and is refused where blocks of 16 are expected.
  const auto wide = aes256_cbc_encrypt(key, iv, "short", 32);
  EXPECT_FALSE(aes256_cbc_decrypt(key, iv, wide, 16));
  // A wrong key leaves garbage whose padding does not check out (with overwhelming odds).
  EXPECT_FALSE(aes256_cbc_decrypt(std::string(32, 'x'), iv, wide, 32));
  EXPECT_FALSE(aes256_cbc_decrypt(key, iv, wide.substr(1), 32));
  EXPECT_FALSE(aes256_cbc_decrypt(key, iv, "", 32));
}

TEST(Sha256, RawDigestOfFeishuEncryptKey) {
  // platforms.md §3.3: key = SHA-256("test key").
  EXPECT_EQ(hex(sha256_raw("test key")),
            "fa2bdca424f01f01ffb48df93acc35d439c7fd331a1a7fba6ac2fd83aa9ab31a");
}

}  // namespace
}  // namespace steward::platforms
