// Read model of each account's sticky sessions (SessionBound / Rotated / Discarded / Expired,
// and BytesMetered for traffic and activity), for GET /v1/b2b/proxy/assigned.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>

#include "projections/projection.hpp"

namespace sluice::projections {

/// The stored row of one (account, session, country) (events/record_codec.hpp). A released
/// session keeps its row with `node` empty.
struct session_row {
  std::string session;
  std::string country;
  std::string service;
  std::string node;
  std::string bound_at;
  std::string last_active_at;
  std::uint64_t bytes = 0; ///< Relayed both ways over the session's whole life.
};
BOOST_DESCRIBE_STRUCT(session_row, (),
                      (session, country, service, node, bound_at, last_active_at, bytes))

class sessions final : public projection {
public:
  static constexpr std::string_view projection_name = "sessions";
  static std::string listing_prefix(std::string_view account_id);
  static std::string listing_key(std::string_view account_id, std::string_view session,
                                 std::string_view country);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
