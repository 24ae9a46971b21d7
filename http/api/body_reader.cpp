// Field checks of JSON request bodies.
#include "http/api/body_reader.hpp"

#include <boost/json/parse.hpp>
#include <cmath>

#include "infra/config.hpp"

namespace sluice::http {
namespace {

/// 2^53: beyond this a JSON number is not an exact integer in a double.
constexpr double exact_integer_max = 9007199254740992.0;

} // namespace

body_reader::body_reader(const request& req) {
  if (req.body().empty()) {
    error_ = "body: must be a JSON object";
    return;
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(req.body(), ec);
  if (ec) {
    error_ = "body: invalid JSON";
  } else if (!v.is_object()) {
    error_ = "body: must be a JSON object";
  } else {
    body_ = std::move(v.as_object());
  }
}

void body_reader::fail(std::string_view name, std::string_view problem) {
  if (error_.empty())
    error_ = std::string{name} + ": " + std::string{problem};
}

const boost::json::value* body_reader::field(std::string_view name, bool required) {
  if (!error_.empty())
    return nullptr;
  const auto* v = body_.if_contains(name);
  if (v == nullptr && required)
    fail(name, "is required");
  return v;
}

std::string body_reader::required_string(std::string_view name, std::size_t max_bytes) {
  auto v = optional_string(name, max_bytes);
  if (!v && ok())
    fail(name, "is required");
  return v.value_or("");
}

std::optional<std::string> body_reader::optional_string(std::string_view name,
                                                        std::size_t max_bytes) {
  const auto* v = field(name, false);
  if (v == nullptr || v->is_null())
    return std::nullopt;
  if (!v->is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  if (v->as_string().size() > max_bytes) {
    fail(name, "is too long");
    return std::nullopt;
  }
  return std::string{v->as_string()};
}

bool body_reader::optional_bool(std::string_view name, bool fallback) {
  const auto* v = field(name, false);
  if (v == nullptr || v->is_null())
    return fallback;
  if (!v->is_bool()) {
    fail(name, "must be true or false");
    return fallback;
  }
  return v->as_bool();
}

std::optional<std::optional<double>> body_reader::nullable_number(std::string_view name) {
  const auto* v = field(name, false);
  if (v == nullptr)
    return std::nullopt;
  if (v->is_null())
    return std::optional<double>{};
  if (!v->is_number() || v->is_bool()) {
    fail(name, "must be a number or null");
    return std::nullopt;
  }
  return std::optional<double>{v->to_number<double>()};
}

std::optional<double> body_reader::optional_number(std::string_view name) {
  auto v = nullable_number(name);
  return v ? *v : std::nullopt;
}

std::uint64_t body_reader::required_positive_integer(std::string_view name) {
  const auto* v = field(name, true);
  if (v == nullptr)
    return 0;
  if (v->is_uint64())
    return v->as_uint64();
  if (v->is_int64() && v->as_int64() > 0)
    return static_cast<std::uint64_t>(v->as_int64());
  fail(name, "must be a positive integer");
  return 0;
}

std::int64_t body_reader::required_nonzero_integer(std::string_view name) {
  const auto* v = field(name, true);
  if (v == nullptr)
    return 0;
  if (v->is_int64() && v->as_int64() != 0)
    return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->as_uint64());
  fail(name, "must be a non-zero integer");
  return 0;
}

std::vector<std::string> body_reader::required_string_array(std::string_view name,
                                                            std::size_t max_items) {
  const auto* v = field(name, true);
  if (v == nullptr)
    return {};
  if (!v->is_array() || v->as_array().empty() || v->as_array().size() > max_items) {
    fail(name, "must be a non-empty array of strings");
    return {};
  }
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      fail(name, "must be a non-empty array of strings");
      return {};
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

std::int64_t body_reader::required_money(std::string_view name) {
  const auto* v = field(name, true);
  if (v == nullptr)
    return 0;
  if (v->is_string()) {
    auto minor = infra::parse_money(std::string_view{v->as_string()});
    if (minor)
      return *minor;
  } else if (v->is_int64() || v->is_uint64() || v->is_double()) {
    const double units = v->to_number<double>();
    const double cents = std::round(units * 100.0);
    // The number must be an exact amount of cents, not a value rounded into one.
    if (std::isfinite(units) && std::fabs(cents) < exact_integer_max
        && std::fabs(units * 100.0 - cents) < 1e-6) {
      return static_cast<std::int64_t>(cents);
    }
  }
  fail(name, "must be an amount with at most two decimals, e.g. \"10.00\"");
  return 0;
}

} // namespace sluice::http
