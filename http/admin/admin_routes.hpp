// The operator API, /v1/admin/* (DESIGN.md §5), behind the admin token.
#pragma once

#include "http/api/api_context.hpp"
#include "http/server/router.hpp"

namespace sluice::http {

/// Look up an account, credit a wallet, confirm a pending payment.
void add_admin_routes(router& routes, api_context& ctx);

} // namespace sluice::http
