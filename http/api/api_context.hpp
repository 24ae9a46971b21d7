// What every REST route needs: the command door into the actors, the read models, the
// configuration and secrets, and a pool for CPU-heavy work (Argon2id) off the I/O thread.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <string>

#include "actors/facade/command_port.hpp"
#include "http/api/login_limiter.hpp"
#include "http/api/work_budget.hpp"
#include "infra/clock.hpp"
#include "infra/config.hpp"
#include "projections/facade/freshness.hpp"
#include "projections/facade/ledger_queries.hpp"
#include "projections/facade/queries.hpp"
#include "projections/facade/usage_queries.hpp"

namespace sluice::http {

struct api_context {
  actors::command_port& commands;
  const projections::queries& queries;
  const projections::usage_queries& usage;
  const projections::ledger_queries& ledger;
  projections::freshness& freshness;
  const infra::config& config;
  const infra::clock& clock;
  std::string admin_token;
  std::string jwt_secret;
  boost::asio::thread_pool& blocking; ///< Password hashing runs here, not on the I/O thread.
  work_budget& hashing;               ///< Caps the hashes queued for `blocking`.
  login_limiter& logins;
};

} // namespace sluice::http
