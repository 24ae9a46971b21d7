// The query API http/ reads read models through (DESIGN.md §1). Read-only; each call reads the
// live projection space on the caller's thread (RocksDB point reads and short scans).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "events/base/result.hpp"
#include "infra/projection_store.hpp"

namespace sluice::projections {

/// Who owns a presented API key (found by the SHA-256 of the secret).
struct key_owner {
  std::string key_id;
  std::string account_id;
  std::string family;
  bool revoked = false;
};

/// One row of an account's key listing; never the secret.
struct key_listing_entry {
  std::string key_id;
  std::string label;
  std::string prefix;
  std::string family;
  std::optional<std::uint64_t> quota_bytes;
  std::uint64_t used_bytes = 0;
  bool revoked = false;
  std::string created_at;
  std::optional<std::string> last_used_at; ///< Time of the last usage report; none yet: empty.
  std::optional<std::uint64_t> serial;     ///< `rv_` keys: the reseller face's integer id.
};

/// One row of an account's webhook listing; never the secret.
struct webhook_listing_entry {
  std::string webhook_id;
  std::string url;
  std::vector<std::string> events;
  bool active = true; ///< false once a receiver answered 410 Gone.
  std::string created_at;
};

/// One attempt of a webhook delivery (seed 001's delivery history).
struct delivery_attempt_entry {
  std::string delivery_id;
  std::string event;
  bool success = false;
  std::uint64_t response_status = 0; ///< 0: no HTTP answer.
  std::string attempted_at;
  std::uint64_t duration_ms = 0;
  std::string error;
  std::uint64_t attempt = 0;
  bool manual = false;
};

struct delivery_attempt_page {
  std::vector<delivery_attempt_entry> attempts; ///< Newest first.
  std::uint64_t total = 0;
};

/// One bound sticky session of an account.
struct session_listing_entry {
  std::string session;
  std::string country;
  std::string service;
  std::string node; ///< The exit node id: never shown as is (the API shows an opaque reference).
  std::string bound_at;
  std::string last_active_at;
  std::uint64_t bytes = 0; ///< Relayed both ways over the session's whole life.
};

/// A session bound to an exit node now, and its account.
struct bound_session_entry {
  std::string account_id;
  session_listing_entry session;
};

/// An exit node the log knows, as the exit_nodes read model has it.
struct exit_node_entry {
  std::string node;
  std::string country;
  std::string kind;
  std::vector<std::string> services;
  std::string status; ///< "up", "down" or "retired".
  std::optional<std::string> down_until;
  std::optional<std::string> down_reason;
  std::optional<std::string> registered_at;
  std::string updated_at;
};

/// One order of an account, as the orders read model has it.
struct order_entry {
  std::uint64_t id = 0;
  std::string product_name;
  std::string pricing_label;
  std::int64_t amount_minor = 0;
  std::string status; ///< pending_payment | paid | active | expired
  std::string created_at;
  std::optional<std::uint64_t> proxy_id;
  std::optional<std::string> expires_at;
};

/// A page of an account's orders.
struct order_page {
  std::vector<order_entry> orders; ///< Newest first.
  std::uint64_t total = 0;         ///< Orders matching the filter, on every page.
};

class queries {
public:
  explicit queries(const infra::projection_store& store) : store_(store) {
  }

  /// `email` must already be normalized (lowercase).
  result<std::optional<std::string>> account_by_email(std::string_view email) const;
  result<std::optional<key_owner>> key_by_secret_hash(std::string_view secret_sha256) const;
  /// In key id order, at most `max_count`.
  result<std::vector<key_listing_entry>> keys_of_account(std::string_view account_id,
                                                         std::size_t max_count) const;
  /// One key of one account; none if unknown or another account's.
  result<std::optional<key_listing_entry>> key_of_account(std::string_view account_id,
                                                          std::string_view key_id) const;
  /// Registered (not deleted) webhooks in id order, at most `max_count`.
  result<std::vector<webhook_listing_entry>> webhooks_of_account(std::string_view account_id,
                                                                 std::size_t max_count) const;

  /// One registered webhook of one account; none if unknown, deleted or another account's.
  result<std::optional<webhook_listing_entry>>
  webhook_of_account(std::string_view account_id, std::string_view webhook_id) const;
  /// Attempts of one webhook's deliveries, newest first, skipping `offset`.
  result<delivery_attempt_page> delivery_attempts(std::string_view webhook_id, std::size_t limit,
                                                  std::size_t offset) const;

  /// Every session of one account bound to an exit node now, in (session, country) order. Only
  /// bindings are read, however many sessions the account has used and released.
  result<std::vector<session_listing_entry>> sessions_of_account(std::string_view account_id) const;

  /// Every session bound to an exit node now, of every account, in key order.
  result<std::vector<bound_session_entry>> bound_sessions() const;

  /// Sessions bound to each exit node now, by node id (nodes holding none are absent).
  result<std::map<std::string, std::uint64_t>> sessions_by_node() const;

  /// Every exit node the log knows, retired ones too, in id order.
  result<std::vector<exit_node_entry>> exit_nodes() const;

  /// An account's orders, newest first; `status` empty: every status. Reads all the account's
  /// orders to count them (order_queries.cpp).
  result<order_page> orders_of_account(std::string_view account_id, std::string_view status,
                                       std::size_t limit, std::size_t offset) const;
  /// One order of one account; none if unknown or another account's.
  result<std::optional<order_entry>> order_of_account(std::string_view account_id,
                                                      std::uint64_t order_id) const;

private:
  /// The bound sessions whose node_sessions binding rows lie under `prefix`.
  result<std::vector<bound_session_entry>> bound_sessions_under(const std::string& prefix) const;

  const infra::projection_store& store_;
};

} // namespace sluice::projections
