// Tests of infra/crypto.hpp against published vectors (FIPS 180-2, RFC 4231, RFC 4648) and of
// the properties the rest of sluice relies on: Argon2id verification, sealing, random formats.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "infra/crypto.hpp"

namespace sluice::infra {
namespace {

// True if `text` is `prefix` followed by characters from `alphabet` only, `length` of them.
// (std::regex is avoided: GCC 12 warns inside it at -O1 and above, and warnings are errors.)
bool has_form(std::string_view text, std::string_view prefix, std::string_view alphabet,
              std::size_t length) {
  if (!text.starts_with(prefix) || text.size() != prefix.size() + length)
    return false;
  return text.substr(prefix.size()).find_first_not_of(alphabet) == std::string_view::npos;
}

constexpr std::string_view lower_digits = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view hex_digits = "0123456789abcdef";

// "evt_" + xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx (RFC 4122 version 4, variant 10xx).
bool is_event_id(std::string_view id) {
  if (id.size() != 4 + 36 || !id.starts_with("evt_"))
    return false;
  std::string_view uuid = id.substr(4);
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (uuid[i] == '-'))
      return false;
    if (!dash && hex_digits.find(uuid[i]) == std::string_view::npos)
      return false;
  }
  return uuid[14] == '4' && std::string_view("89ab").find(uuid[19]) != std::string_view::npos;
}

TEST(Crypto, Sha256MatchesKnownVectors) {
  // FIPS 180-2 Appendix B.1, and the empty message.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Crypto, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, Base64MatchesRfc4648AndRoundTrips) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
  std::string all_bytes;
  for (int i = 0; i < 256; ++i)
    all_bytes += static_cast<char>(i);
  auto round_trip = base64_decode(base64_encode(all_bytes));
  ASSERT_TRUE(round_trip);
  EXPECT_EQ(*round_trip, all_bytes);
}

TEST(Crypto, Base64RejectsMalformedText) {
  for (const char* bad : {"Zg=", "Zg==Zg==", "Z!==", "====", "Zm9v\n", "Zm 9", "Z==="}) {
    auto decoded = base64_decode(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error(), errc::invalid_argument);
  }
}

TEST(Crypto, Argon2idHashesAndVerifies) {
  auto hash = argon2id_hash("correct horse battery staple");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0U) << *hash;
  EXPECT_TRUE(argon2id_verify(*hash, "correct horse battery staple"));
  EXPECT_FALSE(argon2id_verify(*hash, "correct horse battery stapler"));
  EXPECT_FALSE(argon2id_verify("not a phc string", "x"));
  auto again = argon2id_hash("correct horse battery staple");
  ASSERT_TRUE(again);
  EXPECT_NE(*hash, *again); // A fresh salt every time.
}

TEST(Crypto, Argon2idRefusesOverlongPasswords) {
  auto hash = argon2id_hash(std::string(4097, 'x'));
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error(), errc::invalid_argument);
}

TEST(Crypto, SealRoundTripsAndDetectsTampering) {
  const std::string key = random_bytes(32);
  const std::string sealed = seal(key, "sk_live_secret");
  EXPECT_NE(seal(key, "sk_live_secret"), sealed); // A fresh nonce every time.
  auto opened = unseal(key, sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "sk_live_secret");

  auto raw = base64_decode(sealed);
  ASSERT_TRUE(raw);
  ASSERT_EQ(raw->size(), 12U + 14U + 16U); // nonce || ciphertext || tag
  for (std::size_t i : {std::size_t{0}, std::size_t{12}, raw->size() - 1}) {
    std::string tampered = *raw;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto result = unseal(key, base64_encode(tampered));
    ASSERT_FALSE(result) << i;
    EXPECT_EQ(result.error(), errc::corrupt_data);
  }
  auto wrong_key = unseal(random_bytes(32), sealed);
  ASSERT_FALSE(wrong_key);
  EXPECT_EQ(wrong_key.error(), errc::corrupt_data);
  auto garbage = unseal(key, "not base64!");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error(), errc::corrupt_data);
  auto empty = unseal(key, seal(key, ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST(Crypto, RandomIdsHaveTheirFormat) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = random_id("u_", 12);
    EXPECT_TRUE(has_form(id, "u_", lower_digits, 12)) << id;
    seen.insert(id);
    std::string token = random_token("adm_");
    EXPECT_TRUE(has_form(token, "adm_", alnum, 40)) << token;
    std::string event_id = random_event_id();
    EXPECT_TRUE(is_event_id(event_id)) << event_id;
  }
  EXPECT_EQ(seen.size(), 100U);
  EXPECT_TRUE(has_form(random_id("k_"), "k_", lower_digits, 16));
  EXPECT_FALSE(is_event_id("evt_00000000-0000-0000-0000-000000000000"));
  EXPECT_EQ(random_bytes(0).size(), 0U);
  EXPECT_EQ(random_bytes(33).size(), 33U);
}

TEST(Crypto, ConstantTimeEqualComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("adm_secret", "adm_secret"));
  EXPECT_FALSE(constant_time_equal("adm_secret", "adm_secreT"));
  EXPECT_FALSE(constant_time_equal("adm_secret", "adm_secret2"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

} // namespace
} // namespace sluice::infra
