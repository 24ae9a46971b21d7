// The list of read models.
#include "projections/catalogue.hpp"

#include "projections/account_by_email.hpp"
#include "projections/api_keys.hpp"
#include "projections/exit_nodes.hpp"
#include "projections/ledger.hpp"
#include "projections/node_sessions.hpp"
#include "projections/orders.hpp"
#include "projections/sessions.hpp"
#include "projections/usage.hpp"
#include "projections/usage_by_node.hpp"
#include "projections/webhook_deliveries.hpp"
#include "projections/webhooks.hpp"

namespace sluice::projections {

std::vector<std::unique_ptr<projection>> make_all() {
  std::vector<std::unique_ptr<projection>> all;
  all.push_back(std::make_unique<account_by_email>());
  all.push_back(std::make_unique<api_keys>());
  all.push_back(std::make_unique<usage>());
  all.push_back(std::make_unique<webhooks>());
  all.push_back(std::make_unique<webhook_deliveries>());
  all.push_back(std::make_unique<ledger>());
  all.push_back(std::make_unique<usage_by_node>());
  all.push_back(std::make_unique<sessions>());
  all.push_back(std::make_unique<node_sessions>());
  all.push_back(std::make_unique<exit_nodes>());
  all.push_back(std::make_unique<orders>());
  return all;
}

} // namespace sluice::projections
