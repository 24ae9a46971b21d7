// Fold of BytesMetered into hourly usage buckets.
#include "projections/usage.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "events/catalogue.hpp"
#include "events/json_fields.hpp"
#include "projections/usage_bucket.hpp"

namespace sluice::projections {

std::string usage::account_prefix(std::string_view account_id) {
  return std::string{projection_name} + "/" + std::string{account_id} + "/";
}

std::string usage::hour_key(events::timestamp ts) {
  const auto day = std::chrono::floor<std::chrono::days>(ts);
  const std::chrono::year_month_day ymd{day};
  const auto hour = std::chrono::duration_cast<std::chrono::hours>(ts - day).count();
  char out[16];
  std::snprintf(out, sizeof out, "%04d%02u%02u%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hour));
  return out;
}

std::string usage::bucket_key(std::string_view account_id, std::string_view hour,
                              std::string_view key_id, std::string_view country,
                              std::string_view service) {
  std::string k = account_prefix(account_id);
  for (const auto part : {hour, key_id, country}) {
    k.append(part);
    k.push_back('/');
  }
  k.append(service);
  return k;
}

status usage::apply(const events::envelope& event, infra::projection_tx& tx) {
  if (event.type != events::bytes_metered::type)
    return {};
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  const auto& m = std::get<events::bytes_metered>(*decoded);
  const auto key = bucket_key(m.account, hour_key(event.ts), m.key_id, m.country, m.service);
  return add_to_bucket(tx, key, m.bytes_up, m.bytes_down);
}

} // namespace sluice::projections
