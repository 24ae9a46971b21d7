// The fold of the lease book (stream "leases"): every lease that has not expired. An expired
// lease leaves the fold (the read models keep its history), so the fold stays the size of what
// is live.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/facade/lease_commands.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct lease_record {
  std::uint64_t proxy_id = 0;
  std::uint64_t order_id = 0;
  std::string account_id;
  std::uint32_t product_id = 0;
  std::string name;
  std::string connection_type;
  std::uint32_t max_leases = 1;
  std::string location;
  std::string node;
  std::string host;
  std::uint32_t port = 0;
  std::string username;
  std::string password_sealed;
  events::timestamp created_at{};
  events::timestamp expires_at{};
  std::string status = "active"; ///< "active" or "disconnected" (then `node` is empty).
  std::uint64_t generation = 0;  ///< Bumped when its open tunnels must end.
  std::string fingerprint = "none";
  std::uint64_t traffic_bytes = 0; ///< Relayed through its port, both ways, since provisioned.
};
BOOST_DESCRIBE_STRUCT(lease_record, (),
                      (proxy_id, order_id, account_id, product_id, name, connection_type,
                       max_leases, location, node, host, port, username, password_sealed,
                       created_at, expires_at, status, generation, fingerprint, traffic_bytes))

struct lease_book_state {
  std::vector<lease_record> leases; ///< Live leases, by increasing proxy id.
  std::uint64_t last_proxy_id = 0;  ///< Proxy ids are never reused.
  std::uint64_t version = 0;

  const lease_record* find(std::uint64_t proxy_id) const;
  const lease_record* find_order(std::uint64_t order_id) const;
  lease_record* find_mutable(std::uint64_t proxy_id);
};
BOOST_DESCRIBE_STRUCT(lease_book_state, (), (leases, last_proxy_id, version))

void evolve(lease_book_state& state, const events::any_event& event, events::timestamp ts);

/// The owner's view, with the password unsealed by the caller.
proxy_view view(const lease_record& lease, std::string password);

std::string to_snapshot(const lease_book_state& state);
result<lease_book_state> lease_book_from_snapshot(std::string_view text);

} // namespace sluice::actors
