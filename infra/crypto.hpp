// Cryptographic building blocks on OpenSSL 3 and libargon2: randomness, hashes, MACs, password
// hashing, constant-time comparison and sealing (authenticated encryption) of stored secrets.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/base/result.hpp"

namespace sluice::infra {

/// `count` bytes from the OS CSPRNG (RAND_bytes). Aborts if the CSPRNG fails: nothing is safe then.
std::string random_bytes(std::size_t count);

/// A random identifier: `prefix` + `length` characters of [a-z0-9] (DESIGN.md §2: never
/// sequential). Example: random_id("u_", 12) -> "u_k3v9q0x7m2ab".
std::string random_id(std::string_view prefix, std::size_t length = 16);

/// A random secret token: `prefix` + `length` characters of [A-Za-z0-9].
std::string random_token(std::string_view prefix, std::size_t length = 40);

/// "evt_" + a random (v4) UUID in canonical lowercase form.
std::string random_event_id();

/// Lowercase hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

/// Raw 32-byte HMAC-SHA256(key, data).
std::string hmac_sha256(std::string_view key, std::string_view data);

std::string to_hex(std::string_view bytes);
std::string base64_encode(std::string_view bytes);
/// errc::invalid_argument on bad input.
result<std::string> base64_decode(std::string_view text);

/// Compares in time that depends only on the lengths, never on the contents.
bool constant_time_equal(std::string_view a, std::string_view b);

/// Argon2id PHC string ("$argon2id$v=19$m=...") with a random salt. Costs: t=2, m=19 MiB, p=1
/// (OWASP's recommendation). errc::invalid_argument if the password is over 4096 bytes.
result<std::string> argon2id_hash(std::string_view password);

/// True if `password` matches the PHC string `encoded`.
bool argon2id_verify(std::string_view encoded, std::string_view password);

/// AES-256-GCM under a 32-byte key; output is base64(nonce || ciphertext || tag).
std::string seal(std::string_view key32, std::string_view plaintext);

/// Inverse of seal; errc::corrupt_data if the tag does not verify.
result<std::string> unseal(std::string_view key32, std::string_view sealed);

} // namespace sluice::infra
