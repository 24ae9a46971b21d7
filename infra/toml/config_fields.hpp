// Internal to the configuration loader: one row per scalar key of DESIGN.md §5, shared by the
// TOML walk and the SLUICE_* environment overrides so both parse and check values the same way.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "events/base/result.hpp"
#include "infra/config.hpp"

namespace sluice::infra::detail {

/// How a key's value is written and checked. Every kind but boolean and integer is a TOML string.
enum class value_kind : std::uint8_t {
  text,     ///< Any string.
  url,      ///< "http://..." or "https://...".
  path,     ///< A non-empty file-system path.
  currency, ///< Three uppercase letters (ISO 4217).
  boolean,
  integer,  ///< Checked against the row's [min, max].
  duration, ///< parse_duration, and greater than zero.
  money,    ///< parse_money.
  address,  ///< parse_endpoint.
  remote,   ///< parse_endpoint, with a port: a place to connect to, not to listen on.
  prefix,   ///< 1 to 32 of A-Z, a-z, 0-9, '.', '_' and '-': safe in a proxy URL's user part.
};

using scalar_value
  = std::variant<std::string, bool, std::int64_t, std::chrono::milliseconds, endpoint>;

struct scalar_field {
  std::string_view section; ///< Empty for top-level keys (data_dir, currency).
  std::string_view key;
  value_kind kind;
  std::int64_t min; ///< Integers only.
  std::int64_t max; ///< Integers only.
  void (*set)(config&, const scalar_value&);
};

/// The row of `section.key`, or nullptr if that is no scalar key.
const scalar_field* find_scalar_field(std::string_view section, std::string_view key);

/// "socks.grant_bytes", or "currency" for a top-level key.
std::string dotted_name(const scalar_field& field);

/// What a wrong TOML type is told it should have been: "an integer", "a string", ...
std::string_view expected_type(const scalar_field& field);

/// Parses a value written as text: a TOML string, or any environment value. On failure returns
/// errc::config_invalid and sets `problem` to the reason without the key, e.g.
/// `invalid duration "x" (use a number with ms, s, m or h)`.
result<scalar_value> parse_scalar_text(const scalar_field& field, std::string_view text,
                                       std::string& problem);

/// Checks an integer against the row's range; errc::config_invalid with `problem` set if outside.
result<scalar_value> check_integer(const scalar_field& field, std::int64_t value,
                                   std::string& problem);

/// `text` in double quotes with quotes, backslashes and control characters escaped, so an error
/// message stays one line whatever the operator typed.
std::string in_quotes(std::string_view text);

/// Applies every SLUICE_* entry of `env` (NAME=VALUE) to `out`. A name that is no scalar key, or
/// a bad value, is errc::config_invalid with `error_text` = "environment: NAME: problem".
status apply_environment(config& out, const std::vector<std::string>& env, std::string& error_text);

} // namespace sluice::infra::detail
