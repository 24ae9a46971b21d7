// Helpers of the TOML walk and the readers of the structured keys (tiers, resolver, Kafka
// properties, retry schedule, services). Exit nodes are in config_exit_nodes.cpp.
#include "infra/toml/config_walk.hpp"

#include <arpa/inet.h>

namespace sluice::infra::detail {
namespace {

// Limits on lists from the file (house style §4.8): far above any sane configuration.
constexpr std::size_t tiers_max = 32;
constexpr std::size_t retry_schedule_entries_max = 32;
constexpr std::size_t service_hosts_max = 1024;
constexpr std::size_t service_cidrs_max = 1024;
constexpr std::size_t service_tag_chars_max = 32;
constexpr std::size_t static_addresses_max = 16;

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string indexed(std::string_view dotted, std::size_t index) {
  return std::string(dotted) + "[" + std::to_string(index) + "]";
}

bool is_host_name(std::string_view text) {
  auto endpoint = parse_endpoint(std::string(text) + ":0");
  return endpoint && endpoint->host == text && text.find(':') == std::string_view::npos;
}

bool is_cidr(std::string_view text) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || !is_ip_literal(text.substr(0, slash)))
    return false;
  std::string_view prefix = text.substr(slash + 1);
  if (prefix.empty() || prefix.size() > 3)
    return false;
  unsigned bits = 0;
  for (char c : prefix) {
    if (c < '0' || c > '9')
      return false;
    bits = bits * 10 + static_cast<unsigned>(c - '0');
  }
  bool v6 = text.substr(0, slash).find(':') != std::string_view::npos;
  return bits <= (v6 ? 128U : 32U);
}

bool is_service_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > service_tag_chars_max)
    return false;
  for (char c : tag) {
    // No '-': it separates the parts of a routing username ("...-service-{tag}").
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok)
      return false;
  }
  return true;
}

// One [[billing.tiers]] entry: both keys required, both money strings.
status read_tier(toml_walk& w, const toml::node& node, const std::string& dotted,
                 price_tier& tier) {
  const toml::table* table = node.as_table();
  if (table == nullptr)
    return fail_type(w, node, dotted, "a table");
  for (auto&& [key, value] : *table) {
    if (key.str() != "from" && key.str() != "price_per_tb") {
      return fail_at(w, key.source(), dotted + "." + key_part(key.str()), "unknown key");
    }
  }
  for (std::string_view key : {"from", "price_per_tb"}) {
    const toml::node* value = table->get(key);
    std::string name = dotted + "." + std::string(key);
    if (value == nullptr)
      return fail_at(w, table->source(), name, "missing");
    scalar_value money;
    if (auto r = read_text_as(w, *value, name, value_kind::money, money); !r)
      return r;
    (key == "from" ? tier.from_minor : tier.price_per_tb_minor) = std::get<std::int64_t>(money);
  }
  return {};
}

status read_service(toml_walk& w, const toml::table& table, const std::string& dotted,
                    service_config& service) {
  static constexpr string_check host_check{&is_host_name, "invalid host",
                                           " (expected a name such as \"bbc.co.uk\")"};
  static constexpr string_check cidr_check{&is_cidr, "invalid CIDR",
                                           " (expected address/prefix, e.g. \"203.0.113.0/24\")"};
  for (auto&& [key, value] : table) {
    std::string name = dotted + "." + key_part(key.str());
    status read;
    if (key.str() == "hosts") {
      read = read_string_list(w, value, name, service_hosts_max, host_check, service.hosts);
    } else if (key.str() == "cidrs") {
      read = read_string_list(w, value, name, service_cidrs_max, cidr_check, service.cidrs);
    } else {
      return fail_at(w, key.source(), name, "unknown key");
    }
    if (!read)
      return read;
  }
  // Suffix matching compares lowercase names (DNS names are case-insensitive, RFC 4343).
  for (std::string& host : service.hosts) {
    for (char& c : host)
      c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return {};
}

} // namespace

status fail_at(toml_walk& w, const toml::source_region& where, std::string_view dotted,
               std::string_view problem) {
  w.error_text = w.file + ":" + std::to_string(where.begin.line) + ": " + std::string(dotted) + ": "
                 + std::string(problem);
  return errc::config_invalid;
}

status fail_type(toml_walk& w, const toml::node& node, std::string_view dotted,
                 std::string_view expected) {
  return fail_at(w, node.source(), dotted,
                 "expected " + std::string(expected) + ", got " + std::string(type_name(node)));
}

std::string key_part(std::string_view key) {
  bool bare = !key.empty();
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
              || c == '-';
    bare = bare && ok;
  }
  return bare ? std::string(key) : in_quotes(key);
}

status read_string(toml_walk& w, const toml::node& node, std::string_view dotted,
                   std::string& out) {
  const auto* text = node.as_string();
  if (text == nullptr)
    return fail_type(w, node, dotted, "a string");
  out = text->get();
  return {};
}

status read_text_as(toml_walk& w, const toml::node& node, std::string_view dotted, value_kind kind,
                    scalar_value& out) {
  const scalar_field row{"", "", kind, 0, 0, nullptr};
  const auto* text = node.as_string();
  if (text == nullptr)
    return fail_type(w, node, dotted, expected_type(row));
  std::string problem;
  auto parsed = parse_scalar_text(row, text->get(), problem);
  if (!parsed)
    return fail_at(w, node.source(), dotted, problem);
  out = std::move(*parsed);
  return {};
}

status read_string_list(toml_walk& w, const toml::node& node, std::string_view dotted,
                        std::size_t count_max, const string_check& check,
                        std::vector<std::string>& out) {
  const toml::array* array = node.as_array();
  if (array == nullptr)
    return fail_type(w, node, dotted, "an array of strings");
  if (array->size() > count_max) {
    return fail_at(w, node.source(), dotted, "at most " + std::to_string(count_max) + " entries");
  }
  out.clear();
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string text;
    if (auto r = read_string(w, *array->get(i), indexed(dotted, i), text); !r)
      return r;
    if (check.valid != nullptr && !check.valid(text)) {
      return fail_at(w, array->get(i)->source(), indexed(dotted, i),
                     std::string(check.what) + " " + in_quotes(text) + std::string(check.hint));
    }
    out.push_back(std::move(text));
  }
  return {};
}

bool is_ip_literal(std::string_view text) {
  unsigned char buffer[16];
  std::string copy(text);
  return ::inet_pton(AF_INET, copy.c_str(), buffer) == 1
         || ::inet_pton(AF_INET6, copy.c_str(), buffer) == 1;
}

status read_tiers(toml_walk& w, const toml::node& node) {
  const std::string dotted = "billing.tiers";
  const toml::array* array = node.as_array();
  if (array == nullptr)
    return fail_type(w, node, dotted, "an array of tables");
  if (array->empty() || array->size() > tiers_max) {
    return fail_at(w, node.source(), dotted,
                   "expected 1 to " + std::to_string(tiers_max) + " tiers");
  }
  std::vector<price_tier> tiers(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string name = indexed(dotted, i);
    if (auto r = read_tier(w, *array->get(i), name, tiers[i]); !r)
      return r;
    const toml::table& table = *array->get(i)->as_table();
    // DESIGN §5: the whole top-up is priced at the highest tier it reaches, so every amount
    // needs a tier: the first starts at zero and each later one starts higher.
    if (i == 0 && tiers[i].from_minor != 0) {
      return fail_at(w, table.get("from")->source(), name + ".from",
                     "the first tier must start at \"0.00\"");
    }
    if (i > 0 && tiers[i].from_minor <= tiers[i - 1].from_minor) {
      return fail_at(w, table.get("from")->source(), name + ".from",
                     "must be greater than the previous tier's from");
    }
    if (tiers[i].price_per_tb_minor <= 0) {
      return fail_at(w, table.get("price_per_tb")->source(), name + ".price_per_tb",
                     "must be greater than 0.00");
    }
  }
  w.out.billing.tiers = std::move(tiers);
  return {};
}

status read_resolver_static(toml_walk& w, const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr)
    return fail_type(w, node, "resolver.static", "a table");
  std::map<std::string, std::vector<std::string>> hosts;
  static constexpr string_check ip_check{&is_ip_literal, "invalid IP address", ""};
  for (auto&& [key, value] : *table) {
    std::string name = "resolver.static." + key_part(key.str());
    // One address, or several tried in order (a dual-stack name's IPv6 and IPv4, say).
    std::vector<std::string> addresses;
    if (value.is_array()) {
      if (auto r = read_string_list(w, value, name, static_addresses_max, ip_check, addresses); !r)
        return r;
      if (addresses.empty())
        return fail_at(w, value.source(), name, "at least one IP address");
    } else {
      std::string address;
      if (auto r = read_string(w, value, name, address); !r)
        return r;
      if (!is_ip_literal(address)) {
        return fail_at(w, value.source(), name, "invalid IP address " + in_quotes(address));
      }
      addresses.push_back(std::move(address));
    }
    hosts[std::string(key.str())] = std::move(addresses);
  }
  w.out.resolver.static_hosts = std::move(hosts);
  return {};
}

status read_kafka_properties(toml_walk& w, const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr)
    return fail_type(w, node, "kafka.properties", "a table");
  std::map<std::string, std::string> properties;
  for (auto&& [key, value] : *table) {
    std::string name = "kafka.properties." + key_part(key.str());
    if (auto r = read_string(w, value, name, properties[std::string(key.str())]); !r)
      return r;
  }
  w.out.kafka.properties = std::move(properties);
  return {};
}

status read_retry_schedule(toml_walk& w, const toml::node& node) {
  const std::string dotted = "webhooks.retry_schedule";
  const toml::array* array = node.as_array();
  if (array == nullptr)
    return fail_type(w, node, dotted, "an array of duration strings");
  if (array->size() > retry_schedule_entries_max) {
    return fail_at(w, node.source(), dotted,
                   "at most " + std::to_string(retry_schedule_entries_max) + " entries");
  }
  std::vector<std::chrono::milliseconds> delays;
  for (std::size_t i = 0; i < array->size(); ++i) {
    scalar_value delay;
    auto r = read_text_as(w, *array->get(i), indexed(dotted, i), value_kind::duration, delay);
    if (!r)
      return r;
    delays.push_back(std::get<std::chrono::milliseconds>(delay));
  }
  w.out.webhooks.retry_schedule = std::move(delays);
  return {};
}

status read_services(toml_walk& w, const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr)
    return fail_type(w, node, "services", "a table");
  for (auto&& [key, value] : *table) {
    std::string name = "services." + key_part(key.str());
    if (!is_service_tag(key.str())) {
      return fail_at(w, key.source(), name, "invalid service tag (use a-z, 0-9 and _)");
    }
    const toml::table* service_table = value.as_table();
    if (service_table == nullptr)
      return fail_type(w, value, name, "a table");
    // DESIGN §5: a configured tag replaces the built-in list; it is not merged with it.
    service_config service;
    if (auto r = read_service(w, *service_table, name, service); !r)
      return r;
    w.out.services[std::string(key.str())] = std::move(service);
  }
  return {};
}

} // namespace sluice::infra::detail
