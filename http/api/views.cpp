// Number formatting and the shared JSON shapes.
#include "http/api/views.hpp"

#include <cmath>
#include <cstdio>

namespace sluice::http {
namespace {

constexpr double bytes_per_gb = 1e9;
/// Quotas above this many GB (10^9 GB = 1 EB) are refused: no wallet holds that much.
constexpr double gb_max = 1e9;

} // namespace

double gb_rounded(std::uint64_t bytes) {
  return std::round(static_cast<double>(bytes) / bytes_per_gb * 100.0) / 100.0;
}

double gb_exact(std::uint64_t bytes) {
  return static_cast<double>(bytes) / bytes_per_gb;
}

std::optional<std::uint64_t> bytes_of_gb(double gb) {
  if (!std::isfinite(gb) || gb < 0 || gb > gb_max)
    return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(gb * bytes_per_gb));
}

std::string money_text(std::int64_t minor) {
  const char* sign = minor < 0 ? "-" : "";
  const auto magnitude = minor < 0 ? -minor : minor;
  char out[32];
  std::snprintf(out, sizeof out, "%s%lld.%02lld", sign, static_cast<long long>(magnitude / 100),
                static_cast<long long>(magnitude % 100));
  return out;
}

std::string_view family_name(std::string_view prefix) {
  if (prefix == "rv_")
    return "reseller";
  if (prefix == "rk_")
    return "subscription";
  return "gateway";
}

std::optional<std::string_view> family_prefix(std::string_view name) {
  if (name == "gateway")
    return "sk_live_";
  if (name == "reseller")
    return "rv_";
  if (name == "subscription")
    return "rk_";
  return std::nullopt;
}

boost::json::object key_json(const projections::key_listing_entry& key) {
  boost::json::object o{{"id", key.key_id},
                        {"family", family_name(key.family)},
                        {"label", key.label},
                        {"prefix", key.prefix},
                        {"quota_gb", nullptr},
                        {"used_bytes", key.used_bytes},
                        {"used_gb", gb_rounded(key.used_bytes)},
                        {"revoked", key.revoked},
                        {"created_at", key.created_at},
                        {"last_used_at", nullptr}};
  if (key.quota_bytes)
    o["quota_gb"] = gb_exact(*key.quota_bytes);
  if (key.last_used_at)
    o["last_used_at"] = *key.last_used_at;
  return o;
}

boost::json::object key_json(const actors::api_key_view& key) {
  projections::key_listing_entry entry;
  entry.key_id = key.key_id;
  entry.label = key.label;
  entry.prefix = key.prefix;
  entry.family = key.family;
  entry.quota_bytes = key.quota_bytes;
  entry.used_bytes = key.used_bytes;
  entry.revoked = key.revoked;
  entry.created_at = events::format_timestamp(key.created_at);
  return key_json(entry);
}

boost::json::object checkout_json(const actors::checkout_view& c) {
  return {{"checkout_id", c.checkout_id},
          {"status", c.status},
          {"amount", money_text(c.amount_minor)},
          {"currency", c.currency},
          {"bytes", c.traffic_bytes}};
}

boost::json::object admin_account_json(const actors::account_view& a, std::string_view currency) {
  return {{"customer_id", a.account_id},
          {"email", a.email},
          {"kind", a.kind},
          {"balance_bytes", a.traffic_bytes},
          {"balance_gb", gb_rounded(a.traffic_bytes)},
          {"balance", money_text(a.balance_minor)},
          {"currency", currency},
          {"created_at", events::format_timestamp(a.created_at)}};
}

} // namespace sluice::http
