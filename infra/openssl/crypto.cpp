// crypto.hpp on OpenSSL 3: randomness (RAND_bytes), SHA-256 and HMAC (EVP), Base64, constant-time
// comparison (CRYPTO_memcmp) and AES-256-GCM sealing. Argon2id lives in argon2id.cpp.
#include "infra/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>

#include "events/base/check.hpp"

namespace sluice::infra {
namespace {

constexpr std::size_t seal_key_bytes = 32;   // AES-256.
constexpr std::size_t seal_nonce_bytes = 12; // NIST SP 800-38D §8.2: 96-bit random IVs.
constexpr std::size_t seal_tag_bytes = 16;

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* bytes_of(std::string& text) {
  return reinterpret_cast<unsigned char*>(text.data());
}

int int_size(std::size_t size) {
  SLUICE_CHECK(size <= static_cast<std::size_t>(INT_MAX));
  return static_cast<int>(size);
}

// Uniform characters from `alphabet`: bytes at or above the largest multiple of its size are
// dropped rather than folded in with %, which would favour the first characters.
std::string random_chars(std::string_view alphabet, std::size_t length) {
  const std::size_t limit = 256 - 256 % alphabet.size();
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    for (char c : random_bytes(length - out.size() + 8)) {
      auto byte = static_cast<unsigned char>(c);
      if (byte < limit && out.size() < length)
        out += alphabet[byte % alphabet.size()];
    }
  }
  return out;
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
         || c == '/';
}

} // namespace

std::string random_bytes(std::size_t count) {
  std::string out(count, '\0');
  if (count > 0)
    SLUICE_CHECK(RAND_bytes(bytes_of(out), int_size(count)) == 1);
  return out;
}

std::string random_id(std::string_view prefix, std::size_t length) {
  return std::string(prefix) + random_chars("abcdefghijklmnopqrstuvwxyz0123456789", length);
}

std::string random_token(std::string_view prefix, std::size_t length) {
  return std::string(prefix)
         + random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
}

std::string random_event_id() {
  std::string uuid = random_bytes(16);
  // RFC 4122 §4.4: version 4 in the high nibble of byte 6, variant 10xx in byte 8.
  uuid[6] = static_cast<char>((uuid[6] & 0x0f) | 0x40);
  uuid[8] = static_cast<char>((uuid[8] & 0x3f) | 0x80);
  std::string hex = to_hex(uuid);
  return "evt_" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-"
         + hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_bytes = 0;
  SLUICE_CHECK(EVP_Digest(data.data(), data.size(), digest, &digest_bytes, EVP_sha256(), nullptr)
               == 1);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), digest_bytes));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_bytes = 0;
  const unsigned char* mac_out = EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(),
                                           key.size(), bytes_of(data), data.size(), mac, sizeof mac,
                                           &mac_bytes);
  SLUICE_CHECK(mac_out != nullptr);
  return std::string(reinterpret_cast<const char*>(mac), mac_bytes);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += digits[byte >> 4];
    out += digits[byte & 0xf];
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(bytes_of(out), bytes_of(bytes), int_size(bytes.size()));
  SLUICE_CHECK(static_cast<std::size_t>(written) == out.size());
  return out;
}

result<std::string> base64_decode(std::string_view text) {
  // EVP_DecodeBlock skips whitespace and miscounts padding, so the strict shape is checked here:
  // groups of four alphabet characters, with at most two '=' at the very end.
  if (text.size() % 4 != 0)
    return errc::invalid_argument;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    if (!is_base64_char(text[i]))
      return errc::invalid_argument;
  }
  std::string out(text.size() / 4 * 3, '\0');
  int written = EVP_DecodeBlock(bytes_of(out), bytes_of(text), int_size(text.size()));
  if (written < 0)
    return errc::invalid_argument;
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string seal(std::string_view key32, std::string_view plaintext) {
  SLUICE_CHECK(key32.size() == seal_key_bytes);
  std::string out = random_bytes(seal_nonce_bytes);
  out.resize(seal_nonce_bytes + plaintext.size() + seal_tag_bytes);
  unsigned char* cipher_text = bytes_of(out) + seal_nonce_bytes;
  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  SLUICE_CHECK(ctx != nullptr);
  int written = 0;
  int final_bytes = 0;
  SLUICE_CHECK(
    EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes_of(key32), bytes_of(out)) == 1);
  SLUICE_CHECK(EVP_EncryptUpdate(ctx.get(), cipher_text, &written, bytes_of(plaintext),
                                 int_size(plaintext.size()))
               == 1);
  SLUICE_CHECK(EVP_EncryptFinal_ex(ctx.get(), cipher_text + written, &final_bytes) == 1);
  SLUICE_CHECK(static_cast<std::size_t>(written + final_bytes) == plaintext.size());
  SLUICE_CHECK(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int{seal_tag_bytes},
                                   cipher_text + plaintext.size())
               == 1);
  return base64_encode(out);
}

result<std::string> unseal(std::string_view key32, std::string_view sealed) {
  SLUICE_CHECK(key32.size() == seal_key_bytes);
  auto raw = base64_decode(sealed);
  if (!raw || raw->size() < seal_nonce_bytes + seal_tag_bytes)
    return errc::corrupt_data;
  std::string& bytes = *raw;
  const std::size_t text_bytes = bytes.size() - seal_nonce_bytes - seal_tag_bytes;
  unsigned char* cipher_text = bytes_of(bytes) + seal_nonce_bytes;
  std::string plaintext(text_bytes, '\0');
  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  SLUICE_CHECK(ctx != nullptr);
  int written = 0;
  int final_bytes = 0;
  SLUICE_CHECK(
    EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes_of(key32), bytes_of(bytes))
    == 1);
  SLUICE_CHECK(
    EVP_DecryptUpdate(ctx.get(), bytes_of(plaintext), &written, cipher_text, int_size(text_bytes))
    == 1);
  SLUICE_CHECK(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int{seal_tag_bytes},
                                   cipher_text + text_bytes)
               == 1);
  // The tag is checked here: a changed byte anywhere, or the wrong key, fails as corrupt data.
  if (EVP_DecryptFinal_ex(ctx.get(), bytes_of(plaintext) + written, &final_bytes) != 1) {
    return errc::corrupt_data;
  }
  return plaintext;
}

} // namespace sluice::infra
