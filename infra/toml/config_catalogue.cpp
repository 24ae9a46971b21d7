// Reads the dedicated-proxy catalogue (issue #21): [[locations]] and [[products]] with their
// [[products.pricing]]. Ids are unique (pricing ids across all products), every location a
// product names exists, and prices are money with at most two decimals. Read before
// [[exit_nodes]], whose `location` must name one of these locations.
#include <algorithm>
#include <set>

#include "infra/toml/config_walk.hpp"

namespace sluice::infra::detail {
namespace {

// A catalogue beyond these sizes is a typo or a generated file that belongs in a database.
constexpr std::size_t locations_max = 1024;
constexpr std::size_t products_max = 1024;
constexpr std::size_t pricing_per_product_max = 64;
constexpr std::size_t text_bytes_max = 1024;
constexpr std::int64_t catalogue_id_max = 2'147'483'647;
constexpr std::int64_t period_duration_max = 100'000;
constexpr std::int64_t max_leases_max = 1'000'000;

bool is_location_id(std::string_view id) {
  if (id.size() < 2 || id.size() > 8)
    return false;
  for (const char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

bool is_period_type(std::string_view type) {
  return type == "hour" || type == "day" || type == "week" || type == "month";
}

/// The table at `node`, every key of which is one of `known`.
const toml::table* table_of(toml_walk& w, const toml::node& node, const std::string& dotted,
                            std::initializer_list<std::string_view> known, status& failed) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    failed = fail_type(w, node, dotted, "a table");
    return nullptr;
  }
  for (auto&& [key, value] : *table) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      failed = fail_at(w, key.source(), dotted + "." + key_part(key.str()), "unknown key");
      return nullptr;
    }
  }
  return table;
}

/// Reads a required (or, with `required` false, optional) string of at most text_bytes_max.
status text_field(toml_walk& w, const toml::table& table, const std::string& dotted,
                  std::string_view key, std::string& out, bool required = true) {
  const toml::node* value = table.get(key);
  const auto name = dotted + "." + std::string(key);
  if (value == nullptr)
    return required ? fail_at(w, table.source(), name, "missing") : status{};
  if (auto r = read_string(w, *value, name, out); !r)
    return r;
  if (out.size() > text_bytes_max)
    return fail_at(w, value->source(), name, "longer than 1024 bytes");
  return {};
}

/// Reads an integer in [min, max]; `out` keeps its value when the key is absent and optional.
status integer_field(toml_walk& w, const toml::table& table, const std::string& dotted,
                     std::string_view key, std::int64_t min, std::int64_t max, std::int64_t& out,
                     bool required = true) {
  const toml::node* value = table.get(key);
  const auto name = dotted + "." + std::string(key);
  if (value == nullptr)
    return required ? fail_at(w, table.source(), name, "missing") : status{};
  const auto* integer = value->as_integer();
  if (integer == nullptr)
    return fail_type(w, *value, name, "an integer");
  if (integer->get() < min || integer->get() > max) {
    return fail_at(w, value->source(), name,
                   "must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  out = integer->get();
  return {};
}

status read_location(toml_walk& w, const toml::node& node, const std::string& dotted,
                     location_config& out) {
  status failed;
  const auto* table = table_of(w, node, dotted, {"id", "name", "is_5g", "host"}, failed);
  if (table == nullptr)
    return failed;
  if (auto r = text_field(w, *table, dotted, "id", out.id); !r)
    return r;
  if (!is_location_id(out.id)) {
    return fail_at(w, table->get("id")->source(), dotted + ".id",
                   "invalid id " + in_quotes(out.id) + " (2 to 8 of A-Z and 0-9, e.g. \"LAX\")");
  }
  if (auto r = text_field(w, *table, dotted, "name", out.name); !r)
    return r;
  if (auto r = text_field(w, *table, dotted, "host", out.host, false); !r)
    return r;
  if (const toml::node* is_5g = table->get("is_5g")) {
    const auto* flag = is_5g->as_boolean();
    if (flag == nullptr)
      return fail_type(w, *is_5g, dotted + ".is_5g", "a boolean");
    out.is_5g = flag->get();
  }
  return {};
}

status read_pricing(toml_walk& w, const toml::node& node, const std::string& dotted,
                    pricing_config& out) {
  status failed;
  const auto* table = table_of(w, node, dotted,
                               {"id", "label", "price", "period_type", "period_duration"}, failed);
  if (table == nullptr)
    return failed;
  std::int64_t id = 0;
  std::int64_t duration = 0;
  if (auto r = integer_field(w, *table, dotted, "id", 1, catalogue_id_max, id); !r)
    return r;
  if (auto r = text_field(w, *table, dotted, "label", out.label); !r)
    return r;
  const toml::node* price = table->get("price");
  if (price == nullptr)
    return fail_at(w, table->source(), dotted + ".price", "missing");
  scalar_value money;
  if (auto r = read_text_as(w, *price, dotted + ".price", value_kind::money, money); !r)
    return r;
  if (auto r = text_field(w, *table, dotted, "period_type", out.period_type); !r)
    return r;
  if (!is_period_type(out.period_type)) {
    return fail_at(w, table->get("period_type")->source(), dotted + ".period_type",
                   "invalid period " + in_quotes(out.period_type)
                     + " (expected hour, day, week or month)");
  }
  if (auto r = integer_field(w, *table, dotted, "period_duration", 1, period_duration_max,
                             duration);
      !r) {
    return r;
  }
  out.id = static_cast<std::uint32_t>(id);
  out.price_minor = std::get<std::int64_t>(money);
  out.period_duration = static_cast<std::uint32_t>(duration);
  return {};
}

status read_product(toml_walk& w, const toml::node& node, const std::string& dotted,
                    const std::set<std::string>& locations, product_config& out) {
  status failed;
  const auto* table = table_of(
    w, node, dotted,
    {"id", "name", "description", "connection_type", "max_leases", "locations", "pricing"}, failed);
  if (table == nullptr)
    return failed;
  std::int64_t id = 0;
  std::int64_t max_leases = 1;
  if (auto r = integer_field(w, *table, dotted, "id", 1, catalogue_id_max, id); !r)
    return r;
  if (auto r = text_field(w, *table, dotted, "name", out.name); !r)
    return r;
  if (auto r = text_field(w, *table, dotted, "description", out.description, false); !r)
    return r;
  out.connection_type = "private";
  if (auto r = text_field(w, *table, dotted, "connection_type", out.connection_type, false); !r)
    return r;
  if (out.connection_type != "private" && out.connection_type != "shared") {
    return fail_at(w, table->get("connection_type")->source(), dotted + ".connection_type",
                   "invalid type " + in_quotes(out.connection_type)
                     + " (expected private or shared)");
  }
  if (auto r = integer_field(w, *table, dotted, "max_leases", 1, max_leases_max, max_leases, false);
      !r) {
    return r;
  }
  if (out.connection_type == "private" && max_leases != 1) {
    return fail_at(w, table->get("max_leases")->source(), dotted + ".max_leases",
                   "must be 1 for a private product (one lease per exit node)");
  }
  const toml::node* named = table->get("locations");
  if (named == nullptr)
    return fail_at(w, table->source(), dotted + ".locations", "missing");
  static constexpr string_check location_check{&is_location_id, "invalid location id", ""};
  if (auto r = read_string_list(w, *named, dotted + ".locations", locations_max, location_check,
                                out.locations);
      !r) {
    return r;
  }
  if (out.locations.empty())
    return fail_at(w, named->source(), dotted + ".locations", "must name at least one location");
  for (const auto& location : out.locations) {
    if (!locations.contains(location)) {
      return fail_at(w, named->source(), dotted + ".locations",
                     "unknown location " + in_quotes(location) + " (not in [[locations]])");
    }
  }
  const toml::node* pricing = table->get("pricing");
  const toml::array* tiers = pricing != nullptr ? pricing->as_array() : nullptr;
  if (pricing == nullptr)
    return fail_at(w, table->source(), dotted + ".pricing", "missing");
  if (tiers == nullptr)
    return fail_type(w, *pricing, dotted + ".pricing", "an array of tables");
  if (tiers->empty() || tiers->size() > pricing_per_product_max)
    return fail_at(w, pricing->source(), dotted + ".pricing", "expected 1 to 64 entries");
  out.pricing.resize(tiers->size());
  for (std::size_t i = 0; i < tiers->size(); ++i) {
    const auto name = dotted + ".pricing[" + std::to_string(i) + "]";
    if (auto r = read_pricing(w, *tiers->get(i), name, out.pricing[i]); !r)
      return r;
  }
  out.id = static_cast<std::uint32_t>(id);
  out.max_leases = static_cast<std::uint32_t>(max_leases);
  return {};
}

const toml::array* array_of_tables(toml_walk& w, const toml::node& node, std::string_view dotted,
                                   std::size_t max, status& failed) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    failed = fail_type(w, node, dotted, "an array of tables");
    return nullptr;
  }
  if (array->size() > max) {
    failed = fail_at(w, node.source(), dotted, "at most " + std::to_string(max) + " entries");
    return nullptr;
  }
  return array;
}

} // namespace

status read_locations(toml_walk& w, const toml::node& node) {
  status failed;
  const auto* array = array_of_tables(w, node, "locations", locations_max, failed);
  if (array == nullptr)
    return failed;
  std::vector<location_config> locations(array->size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto dotted = "locations[" + std::to_string(i) + "]";
    if (auto r = read_location(w, *array->get(i), dotted, locations[i]); !r)
      return r;
    if (!ids.insert(locations[i].id).second) {
      return fail_at(w, array->get(i)->as_table()->get("id")->source(), dotted + ".id",
                     "duplicate id " + in_quotes(locations[i].id));
    }
  }
  w.out.locations = std::move(locations);
  return {};
}

status read_products(toml_walk& w, const toml::node& node) {
  status failed;
  const auto* array = array_of_tables(w, node, "products", products_max, failed);
  if (array == nullptr)
    return failed;
  std::set<std::string> locations;
  for (const auto& location : w.out.locations)
    locations.insert(location.id);
  std::vector<product_config> products(array->size());
  std::set<std::uint32_t> product_ids;
  std::set<std::uint32_t> pricing_ids;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto dotted = "products[" + std::to_string(i) + "]";
    if (auto r = read_product(w, *array->get(i), dotted, locations, products[i]); !r)
      return r;
    const auto& table = *array->get(i)->as_table();
    if (!product_ids.insert(products[i].id).second) {
      return fail_at(w, table.get("id")->source(), dotted + ".id",
                     "duplicate id " + std::to_string(products[i].id));
    }
    const auto& tiers = *table.get("pricing")->as_array();
    for (std::size_t j = 0; j < products[i].pricing.size(); ++j) {
      const auto id = products[i].pricing[j].id;
      if (!pricing_ids.insert(id).second) {
        return fail_at(w, tiers.get(j)->as_table()->get("id")->source(),
                       dotted + ".pricing[" + std::to_string(j) + "].id",
                       "duplicate pricing id " + std::to_string(id)
                         + " (pricing ids are unique across all products)");
      }
    }
  }
  w.out.products = std::move(products);
  return {};
}

} // namespace sluice::infra::detail

namespace sluice::infra::detail {
namespace {

/// "FIRST-LAST" with 1 <= FIRST <= LAST <= 65535.
bool parse_port_range(std::string_view text, std::uint16_t& first, std::uint16_t& last) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos)
    return false;
  auto number = [](std::string_view digits, std::uint16_t& out) {
    if (digits.empty() || digits.size() > 5)
      return false;
    std::uint32_t value = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9')
        return false;
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (value == 0 || value > 65535)
      return false;
    out = static_cast<std::uint16_t>(value);
    return true;
  };
  return number(text.substr(0, dash), first) && number(text.substr(dash + 1), last)
         && first <= last;
}

} // namespace

status check_dedicated(config& out, std::string& error_text) {
  auto& d = out.dedicated;
  if (!is_ip_literal(d.listen_host)) {
    error_text = "dedicated.listen_host: invalid IP address " + in_quotes(d.listen_host);
    return errc::config_invalid;
  }
  if (!parse_port_range(d.ports, d.first_port, d.last_port)) {
    error_text = "dedicated.ports: invalid range " + in_quotes(d.ports)
                 + " (expected FIRST-LAST within 1-65535, e.g. \"20000-20999\")";
    return errc::config_invalid;
  }
  if (d.public_host.empty())
    d.public_host = d.listen_host;
  for (auto& location : out.locations) {
    if (location.host.empty())
      location.host = d.public_host;
  }
  return {};
}

} // namespace sluice::infra::detail
