// Internal to the configuration loader: walking a parsed TOML document, with every error naming
// the file, line and dotted key ("<file>:<line>: <key>: <problem>", DESIGN.md §5).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "events/base/result.hpp"
#include "infra/config.hpp"
#include "infra/toml/config_fields.hpp"

namespace sluice::infra::detail {

/// The state of one load: the file errors name, where the one error line goes, the result.
struct toml_walk {
  std::string file;
  std::string& error_text;
  config& out;
};

/// Sets error_text to "<file>:<line>: <dotted>: <problem>"; returns errc::config_invalid.
status fail_at(toml_walk& w, const toml::source_region& where, std::string_view dotted,
               std::string_view problem);

/// fail_at with "expected <expected>, got <the node's type>".
status fail_type(toml_walk& w, const toml::node& node, std::string_view dotted,
                 std::string_view expected);

/// `key` as one part of a dotted name: bare if it is [A-Za-z0-9_-]+, else in double quotes.
std::string key_part(std::string_view key);

/// Reads a TOML string into `out`; a wrong type fails naming `dotted`.
status read_string(toml_walk& w, const toml::node& node, std::string_view dotted, std::string& out);

/// Reads a TOML string and parses it as `kind` (duration, money, ...) like a scalar key does.
status read_text_as(toml_walk& w, const toml::node& node, std::string_view dotted, value_kind kind,
                    scalar_value& out);

/// A check for the elements of a string list: `valid`, and the problem shown if it is false,
/// written as `<what> "<value>"<hint>`.
struct string_check {
  bool (*valid)(std::string_view);
  std::string_view what;
  std::string_view hint;
};

/// Reads an array of strings, at most `count_max` of them, each passing `check`.
status read_string_list(toml_walk& w, const toml::node& node, std::string_view dotted,
                        std::size_t count_max, const string_check& check,
                        std::vector<std::string>& out);

/// True for a bare IPv4 or IPv6 literal ("127.0.0.2", "::1").
bool is_ip_literal(std::string_view text);

/// Readers of the structured keys, each given the key's node. They write into `w.out`.
status read_tiers(toml_walk& w, const toml::node& node);            ///< billing.tiers
status read_resolver_static(toml_walk& w, const toml::node& node);  ///< resolver.static
status read_kafka_properties(toml_walk& w, const toml::node& node); ///< kafka.properties
status read_retry_schedule(toml_walk& w, const toml::node& node);   ///< webhooks.retry_schedule
/// [services.X]: each configured tag replaces its entry in `w.out.services`.
status read_services(toml_walk& w, const toml::node& node);
/// [[locations]] and [[products]] (the dedicated-proxy catalogue), read after every section.
status read_locations(toml_walk& w, const toml::node& node);
status read_products(toml_walk& w, const toml::node& node); ///< After locations.
/// [[exit_nodes]]: read after services and locations, so the names a node uses can be checked.
status read_exit_nodes(toml_walk& w, const toml::node& node);

/// [dedicated] once the file and the environment are applied: listen_host an IP address, ports
/// a range "FIRST-LAST" within 1-65535 (parsed into first_port/last_port), public_host defaulted
/// to listen_host. `error_text` names the key.
status check_dedicated(config& out, std::string& error_text);

} // namespace sluice::infra::detail
