// Password hashing of crypto.hpp on libargon2: Argon2id PHC strings with OWASP's costs. Kept
// beside crypto.cpp because it takes its salt from the same CSPRNG.
#include <argon2.h>

#include "infra/crypto.hpp"

namespace sluice::infra {
namespace {

// OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 iterations, 1 lane.
constexpr std::uint32_t time_cost = 2;
constexpr std::uint32_t memory_cost_kib = 19 * 1024;
constexpr std::uint32_t lanes = 1;
constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;
// Longer passwords only cost hashing time; this bounds what one request can make us hash.
constexpr std::size_t password_bytes_max = 4096;

} // namespace

result<std::string> argon2id_hash(std::string_view password) {
  if (password.size() > password_bytes_max)
    return errc::invalid_argument;
  const std::string salt = random_bytes(salt_bytes);
  std::string encoded(
    argon2_encodedlen(time_cost, memory_cost_kib, lanes, salt_bytes, hash_bytes, Argon2_id), '\0');
  int rc = ::argon2id_hash_encoded(time_cost, memory_cost_kib, lanes, password.data(),
                                   password.size(), salt.data(), salt.size(), hash_bytes,
                                   encoded.data(), encoded.size());
  // Past the length check, the only failure left is memory for the 19 MiB working set.
  if (rc != ARGON2_OK)
    return errc::unavailable;
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool argon2id_verify(std::string_view encoded, std::string_view password) {
  if (password.size() > password_bytes_max)
    return false;
  // argon2id_verify reads a NUL-terminated string; the copy provides one.
  const std::string phc(encoded);
  return ::argon2id_verify(phc.c_str(), password.data(), password.size()) == ARGON2_OK;
}

} // namespace sluice::infra
