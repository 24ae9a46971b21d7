// JSON shapes of the reseller face (seed 001's field names): integer ids, money as "150.00",
// times as "2026-05-25T12:00:00".
#pragma once

#include <boost/json/object.hpp>

#include "actors/facade/lease_commands.hpp"
#include "projections/facade/queries.hpp"

namespace sluice::http {

/// {"id","product_name","pricing_label","amount_usd","status","created_at"}, and "proxy_id",
/// "expires_at" once provisioned.
boost::json::object order_json(const projections::order_entry& order);
/// The same from the order actor's answer, for when the read model lags.
boost::json::object order_json(const actors::order_view& order);

/// {"id","name","ip","port","username","password","location_id","status","fingerprint",
/// "traffic_bytes","expires_at"}
boost::json::object proxy_json(const actors::proxy_view& proxy);

} // namespace sluice::http
