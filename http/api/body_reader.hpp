// Reads the fields of a JSON request body, keeping the first problem as a 400 detail that names
// the field ("quota_gb: must be a number or null"). Handlers read every field, then check ok().
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/server/types.hpp"

namespace sluice::http {

class body_reader {
public:
  /// Parses the body, which must be a JSON object (an empty body is not).
  explicit body_reader(const request& req);

  bool ok() const {
    return error_.empty();
  }
  /// The first problem found, e.g. "body: invalid JSON" or "email: must be a string".
  const std::string& error() const {
    return error_;
  }

  std::string required_string(std::string_view name, std::size_t max_bytes = 1024);
  std::optional<std::string> optional_string(std::string_view name, std::size_t max_bytes = 1024);
  bool optional_bool(std::string_view name, bool fallback);
  /// Absent: nullopt. null: a nullopt inside. A number (integer or decimal) otherwise.
  std::optional<std::optional<double>> nullable_number(std::string_view name);
  std::optional<double> optional_number(std::string_view name);
  /// A positive integer.
  std::uint64_t required_positive_integer(std::string_view name);
  /// Any integer but zero that fits in 64 signed bits.
  std::int64_t required_nonzero_integer(std::string_view name);
  /// A non-empty array of strings.
  std::vector<std::string> required_string_array(std::string_view name, std::size_t max_items);
  /// A money amount as a decimal string ("10.00") or a number (10, 10.5), at most two decimals,
  /// in minor units.
  std::int64_t required_money(std::string_view name);

private:
  const boost::json::value* field(std::string_view name, bool required);
  void fail(std::string_view name, std::string_view problem);

  boost::json::object body_;
  std::string error_;
};

} // namespace sluice::http
