// Reads [[exit_nodes]] (DESIGN.md §5): each node's kind decides which of bind / upstream it needs,
// ids are unique, the service tags it names must exist once [services.*] is applied, and the
// location it serves dedicated proxies at must be one of [[locations]]. A node needs a country
// (the byte-metered gateway), a location (leases), or both.
#include <algorithm>
#include <set>

#include "infra/toml/config_walk.hpp"

namespace sluice::infra::detail {
namespace {

// A fleet beyond this belongs in the operator API (a later issue), not in one file.
constexpr std::size_t exit_nodes_max = 1024;
constexpr std::size_t exit_node_id_chars_max = 64;
constexpr std::size_t exit_node_services_max = 64;
constexpr std::size_t reset_command_args_max = 64;

bool is_node_id(std::string_view id) {
  if (id.empty() || id.size() > exit_node_id_chars_max)
    return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
              || c == '-' || c == '.';
    if (!ok)
      return false;
  }
  return true;
}

bool is_argument(std::string_view argument) {
  return !argument.empty();
}

bool is_country(std::string_view country) {
  return country.size() == 2 && country[0] >= 'a' && country[0] <= 'z' && country[1] >= 'a'
         && country[1] <= 'z';
}

// "<kind>://[user:pass@]host:port" with a scheme equal to the node's kind and a non-zero port.
bool is_upstream(std::string_view kind, std::string_view url) {
  std::string scheme = std::string(kind) + "://";
  if (!url.starts_with(scheme))
    return false;
  std::string_view rest = url.substr(scheme.size());
  std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view user_info = rest.substr(0, at);
    std::size_t colon = user_info.find(':');
    if (colon == 0 || colon == std::string_view::npos)
      return false;
    rest = rest.substr(at + 1);
  }
  auto address = parse_endpoint(rest);
  return address && address->port != 0;
}

status read_node_strings(toml_walk& w, const toml::table& table, const std::string& dotted,
                         exit_node_config& node) {
  for (auto&& [key, value] : table) {
    std::string name = dotted + "." + key_part(key.str());
    std::string_view k = key.str();
    status read;
    if (k == "services") {
      static constexpr string_check any{nullptr, "", ""};
      read = read_string_list(w, value, name, exit_node_services_max, any, node.services);
    } else if (k == "reset_command") {
      static constexpr string_check argument{&is_argument, "invalid argument", " (empty)"};
      read = read_string_list(w, value, name, reset_command_args_max, argument, node.reset_command);
    } else if (k == "id" || k == "country" || k == "kind" || k == "bind" || k == "upstream"
               || k == "location") {
      std::string& field = k == "id"         ? node.id
                           : k == "country"  ? node.country
                           : k == "kind"     ? node.kind
                           : k == "bind"     ? node.bind
                           : k == "location" ? node.location
                                             : node.upstream;
      read = read_string(w, value, name, field);
    } else {
      return fail_at(w, key.source(), name, "unknown key");
    }
    if (!read)
      return read;
  }
  return {};
}

// The checks between keys of one node; every problem names the key that has to change.
status check_node(toml_walk& w, const toml::table& table, const std::string& dotted,
                  const exit_node_config& node) {
  auto at = [&](std::string_view key) -> const toml::source_region& {
    const toml::node* value = table.get(key);
    return value != nullptr ? value->source() : table.source();
  };
  auto fail = [&](std::string_view key, std::string_view problem) {
    return fail_at(w, at(key), dotted + "." + std::string(key), problem);
  };
  if (!table.contains("id"))
    return fail("id", "missing");
  if (!is_node_id(node.id)) {
    return fail("id", "invalid id " + in_quotes(node.id) + " (use A-Z, a-z, 0-9, _, . and -)");
  }
  if (!table.contains("country") && !table.contains("location"))
    return fail("country", "missing (a node needs a country, a location, or both)");
  if (table.contains("country") && !is_country(node.country)) {
    return fail("country", "invalid country " + in_quotes(node.country)
                             + " (expected 2 lowercase letters, e.g. \"uk\")");
  }
  if (!table.contains("kind"))
    return fail("kind", "missing (expected direct, socks5 or http)");
  bool direct = node.kind == "direct";
  if (!direct && node.kind != "socks5" && node.kind != "http") {
    return fail("kind",
                "invalid kind " + in_quotes(node.kind) + " (expected direct, socks5 or http)");
  }
  if (direct && !table.contains("bind"))
    return fail("bind", "missing (required for direct)");
  if (direct && !is_ip_literal(node.bind)) {
    return fail("bind", "invalid IP address " + in_quotes(node.bind));
  }
  if (direct && table.contains("upstream"))
    return fail("upstream", "not used by direct nodes");
  if (!direct && table.contains("bind"))
    return fail("bind", "used by direct nodes only");
  if (!direct && !table.contains("upstream")) {
    return fail("upstream", "missing (required for " + node.kind + ")");
  }
  if (!direct && !is_upstream(node.kind, node.upstream)) {
    return fail("upstream", "invalid upstream " + in_quotes(node.upstream) + " (expected "
                              + node.kind + "://[user:pass@]host:port)");
  }
  for (const std::string& tag : node.services) {
    if (!w.out.services.contains(tag))
      return fail("services", "unknown service " + in_quotes(tag));
  }
  if (table.contains("location")) {
    const bool known = std::any_of(w.out.locations.begin(), w.out.locations.end(),
                                   [&](const auto& l) { return l.id == node.location; });
    if (!known)
      return fail("location",
                  "unknown location " + in_quotes(node.location) + " (not in [[locations]])");
  }
  if (table.contains("reset_command") && node.reset_command.empty())
    return fail("reset_command", "must name a program (an empty list runs nothing)");
  return {};
}

} // namespace

status read_exit_nodes(toml_walk& w, const toml::node& node) {
  const toml::array* array = node.as_array();
  if (array == nullptr)
    return fail_type(w, node, "exit_nodes", "an array of tables");
  if (array->size() > exit_nodes_max) {
    return fail_at(w, node.source(), "exit_nodes",
                   "at most " + std::to_string(exit_nodes_max) + " entries");
  }
  std::vector<exit_node_config> nodes(array->size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string dotted = "exit_nodes[" + std::to_string(i) + "]";
    const toml::table* table = array->get(i)->as_table();
    if (table == nullptr)
      return fail_type(w, *array->get(i), dotted, "a table");
    if (auto r = read_node_strings(w, *table, dotted, nodes[i]); !r)
      return r;
    if (auto r = check_node(w, *table, dotted, nodes[i]); !r)
      return r;
    if (!ids.insert(nodes[i].id).second) {
      return fail_at(w, table->get("id")->source(), dotted + ".id",
                     "duplicate id " + in_quotes(nodes[i].id));
    }
  }
  w.out.exit_nodes = std::move(nodes);
  return {};
}

} // namespace sluice::infra::detail
