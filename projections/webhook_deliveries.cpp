// Attempts keyed by the inverted log sequence, so a forward scan lists the newest first.
#include "projections/webhook_deliveries.hpp"

#include <charconv>
#include <cstdio>
#include <limits>

#include "events/catalogue.hpp"
#include "events/record_codec.hpp"

namespace sluice::projections {
namespace {

std::string row_key(std::string_view webhook_id, std::uint64_t seq) {
  char inverted[24];
  std::snprintf(inverted, sizeof inverted, "%020llu",
                static_cast<unsigned long long>(std::numeric_limits<std::uint64_t>::max() - seq));
  return webhook_deliveries::rows_prefix(webhook_id) + inverted;
}

} // namespace

std::string webhook_deliveries::rows_prefix(std::string_view webhook_id) {
  return std::string{projection_name} + "/by_webhook/" + std::string{webhook_id} + "/";
}

std::string webhook_deliveries::count_key(std::string_view webhook_id) {
  return std::string{projection_name} + "/count/" + std::string{webhook_id};
}

status webhook_deliveries::apply(const events::envelope& event, infra::projection_tx& tx) {
  if (event.type != events::webhook_delivery_attempted::type)
    return {};
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  const auto& a = std::get<events::webhook_delivery_attempted>(*decoded);
  const auto started = event.ts - std::chrono::milliseconds{a.duration_ms};
  const delivery_attempt_row row{
    a.delivery_id, a.event, a.success, a.response_status, events::format_timestamp(started),
    a.duration_ms, a.error, a.attempt, a.manual};
  tx.put(row_key(a.webhook_id, event.seq), events::encode_record(row));
  auto count = tx.get(count_key(a.webhook_id));
  if (!count)
    return count.error();
  std::uint64_t n = 0;
  if (*count) {
    const auto& text = **count;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{})
      return errc::corrupt_data;
  }
  tx.put(count_key(a.webhook_id), std::to_string(n + 1));
  return {};
}

} // namespace sluice::projections
