// The typed configuration of DESIGN.md §5: loaded from one TOML file plus SLUICE_* environment
// overrides, validated once at start-up. Every other layer reads these plain structs.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "events/base/result.hpp"

namespace sluice::infra {

/// "host:port"; host may be an IPv4 literal, "[v6]" literal or a name. Port 0 = ephemeral.
struct endpoint {
  std::string host;
  std::uint16_t port = 0;
  friend bool operator==(const endpoint&, const endpoint&) = default;
};

/// Money in minor units of the configured currency (two decimals: "5.00" is 500).
using money_minor = std::int64_t;

struct http_config {
  endpoint listen{"127.0.0.1", 8080};
  std::string public_base_url = "http://127.0.0.1:8080";
  /// Open connections in all; the last `operator_reserve` of them serve only the operator API
  /// (a request carrying the admin token), so operators get in while clients fill the rest.
  std::uint64_t max_connections = 10'000;
  std::uint64_t operator_reserve = 64;
  /// Open connections from one source address. At the cap, the oldest of its connections that
  /// is still waiting for a request is closed to make room; if none is waiting, the new one is.
  std::uint64_t max_connections_per_address = 256;
  /// A request's line and headers must arrive within this of the connection being ready for
  /// it (also the keep-alive idle limit); its body then has the longer I/O deadline.
  std::chrono::milliseconds header_timeout{10'000};
};

struct socks_config {
  endpoint listen{"127.0.0.1", 1080};
  std::string public_host; ///< Empty: the listen host.
  std::string username_prefix = "vela";
  bool allow_private_destinations = false;
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds session_idle_ttl{24LL * 3600 * 1000};
  /// An exit node that failed is skipped this long from its first failure (NodeDown, NodeUp).
  std::chrono::milliseconds node_cooldown{30'000};
  /// A node that is up is checked this often (NodeDown if the check fails).
  std::chrono::milliseconds node_check_interval{60'000};
  /// Set (host non-empty): a check also connects through the node to here, so a node whose exit
  /// cannot reach the internet fails it (docs/gateway.md). Empty: the node itself is checked.
  endpoint node_check_target;
  std::uint64_t grant_bytes = 1'048'576;
  std::chrono::milliseconds report_interval{1'000};
  /// A tunnel or UDP association that moved no byte either way for this long is closed: a
  /// client gone without a FIN, or a peer that went silent, must not hold its grant for good.
  std::chrono::milliseconds tunnel_idle_timeout{10LL * 60 * 1000};
  /// Gateway workers: threads with an io_context each; a connection stays on one for life.
  std::uint32_t threads = 2;
  /// Connections still in their handshake (before the request is read), in all and from one
  /// source address. At the total cap the oldest is closed to make room; at an address's cap
  /// the new connection is (docs/gateway.md, "Limits").
  std::uint64_t max_handshakes = 4096;
  std::uint64_t max_handshakes_per_address = 256;
  /// Tunnels and UDP associations one account may have open (or opening) at once.
  std::uint64_t max_tunnels_per_account = 10'000;
};

struct auth_config {
  std::string admin_token; ///< Empty after parsing: generated and kept under data_dir.
  std::string jwt_secret;  ///< Likewise.
  std::chrono::milliseconds jwt_ttl{3600 * 1000};
};

struct price_tier {
  money_minor from_minor = 0;         ///< The top-up amount from which this tier applies.
  money_minor price_per_tb_minor = 0; ///< Price of 10^12 bytes.
};

struct billing_config {
  money_minor min_topup_minor = 500;
  std::vector<price_tier> tiers{{0, 1500}, {10'000, 1200}, {100'000, 1000}}; ///< Ascending.
};

struct resolver_config {
  /// name -> IP literals, asked before DNS and tried in this order, as a name's DNS answers are.
  std::map<std::string, std::vector<std::string>> static_hosts;
};

struct kafka_config {
  std::string brokers; ///< Empty: Kafka off.
  std::string topic = "sluice.events";
  std::map<std::string, std::string> properties; ///< Passed to librdkafka as they are.
};

struct webhooks_config {
  bool allow_private_targets = false;
  std::chrono::milliseconds timeout{10'000};
  std::vector<std::chrono::milliseconds> retry_schedule{
    std::chrono::seconds{5},  std::chrono::seconds{30}, std::chrono::minutes{2},
    std::chrono::minutes{10}, std::chrono::minutes{30}, std::chrono::hours{1},
    std::chrono::hours{2},    std::chrono::hours{4},    std::chrono::hours{8},
    std::chrono::hours{8}};
};

struct exit_node_config {
  std::string id;
  /// ISO 3166 alpha-2, lowercase ("uk" is accepted as the seeds use it). Empty: the node serves
  /// leases only (it has a `location`), never the byte-metered gateway.
  std::string country;
  std::string kind;     ///< "direct", "socks5" or "http".
  std::string bind;     ///< direct: local address to bind outgoing connections to.
  std::string upstream; ///< socks5/http: "socks5://user:pass@host:port" or "http://...".
  std::vector<std::string> services; ///< Service tags this node serves well; empty: any.
  std::string location; ///< A [[locations]] id: the node serves dedicated proxies there.
  /// Run (no shell) to change the node's public address, with SLUICE_NODE and SLUICE_MODE in
  /// its environment; empty: the node cannot be reset in place.
  std::vector<std::string> reset_command;
};

/// Where dedicated proxies are sold (issue #21): clients connect to `host` for proxies here.
struct location_config {
  std::string id; ///< [A-Z0-9]{2,8}
  std::string name;
  bool is_5g = false;
  std::string host; ///< Defaults to [dedicated] public_host.
};

struct pricing_config {
  std::uint32_t id = 0; ///< Unique across all products.
  std::string label;
  money_minor price_minor = 0;
  std::string period_type; ///< "hour", "day", "week" or "month" (30 days).
  std::uint32_t period_duration = 1;
};

struct product_config {
  std::uint32_t id = 0;
  std::string name;
  std::string description;
  std::string connection_type = "private"; ///< private: one lease per node; shared: max_leases.
  std::uint32_t max_leases = 1;
  std::vector<std::string> locations; ///< Tried in this order for a free node.
  std::vector<pricing_config> pricing;
};

struct dedicated_config {
  std::string public_host;               ///< What clients connect to; empty: listen_host.
  std::string listen_host = "127.0.0.1"; ///< Where lease ports listen.
  std::string ports = "20000-20999";     ///< The range lease ports are taken from.
  std::uint16_t first_port = 20000;      ///< Parsed from `ports`.
  std::uint16_t last_port = 20999;
  std::chrono::milliseconds period_unit{3'600'000}; ///< One "hour" of a pricing period.
};

struct service_config {
  std::vector<std::string> hosts; ///< Suffix match.
  std::vector<std::string> cidrs; ///< IP-literal destinations allowed for this service.
};

struct log_config {
  bool sync = true;                   ///< false exists for benchmarks only (DESIGN.md §3).
  std::uint64_t snapshot_every = 100; ///< Events per stream between actor snapshots.
};

struct actors_config {
  std::uint32_t workers = 2;                    ///< CAF scheduler threads.
  std::chrono::milliseconds idle_stop{300'000}; ///< An actor idle this long is stopped.
};

struct config {
  std::filesystem::path data_dir = "./data";
  std::string currency = "EUR";
  http_config http;
  socks_config socks;
  auth_config auth;
  billing_config billing;
  resolver_config resolver;
  kafka_config kafka;
  webhooks_config webhooks;
  std::vector<exit_node_config> exit_nodes;
  std::vector<location_config> locations;
  std::vector<product_config> products;
  dedicated_config dedicated;
  std::map<std::string, service_config> services; ///< Built-in defaults merged with the file.
  log_config log;
  actors_config actors;
};

/// The built-in host lists of the 12 service tags of seed 000 §04.
const std::map<std::string, service_config>& default_services();

/// Loads `path` (empty: no file, defaults only), then applies SLUICE_* variables from `env`
/// (NAME=VALUE strings, as in `environ`). Errors are errc::config_invalid with `error_text`
/// set to one line naming the key and, for file values, "file:line".
result<config> load_config(const std::filesystem::path& path, const std::vector<std::string>& env,
                           std::string& error_text);

/// Parses a duration string with a unit: "500ms", "10s", "5m", "24h". nullopt-like: errc.
result<std::chrono::milliseconds> parse_duration(std::string_view text);

/// Parses a decimal money string with at most two decimals ("5", "5.0", "5.00") to minor units.
result<money_minor> parse_money(std::string_view text);

/// Parses "host:port" / "[v6]:port".
result<endpoint> parse_endpoint(std::string_view text);

} // namespace sluice::infra
