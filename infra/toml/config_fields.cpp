// The scalar keys of DESIGN.md §5 as data: their kinds, ranges and where each lands in `config`,
// plus the SLUICE_* environment overrides, which are nothing but this table read by another name.
#include "infra/toml/config_fields.hpp"

#include <array>
#include <charconv>
#include <limits>

namespace sluice::infra::detail {
namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
// A grant larger than 1 TiB would reserve more credit than any top-up buys; it is a typo.
constexpr std::int64_t grant_bytes_max = std::int64_t{1} << 40;
// CAF runs one thread per worker; more than 64 on this scale of deployment is a typo too.
constexpr std::int64_t actor_workers_max = 64;
constexpr std::int64_t gateway_threads_max = 64;
constexpr std::size_t prefix_chars_max = 32;
// Each connection holds at least one descriptor: past a million, the count is a typo.
constexpr std::int64_t connections_max = 1'000'000;

void assign(std::string& to, const scalar_value& v) {
  to = std::get<std::string>(v);
}
void assign(std::filesystem::path& to, const scalar_value& v) {
  to = std::get<std::string>(v);
}
void assign(bool& to, const scalar_value& v) {
  to = std::get<bool>(v);
}
void assign(std::int64_t& to, const scalar_value& v) {
  to = std::get<std::int64_t>(v);
}
// Unsigned targets are reached only after check_integer, whose ranges start at 1.
void assign(std::uint64_t& to, const scalar_value& v) {
  to = static_cast<std::uint64_t>(std::get<std::int64_t>(v));
}
void assign(std::uint32_t& to, const scalar_value& v) {
  to = static_cast<std::uint32_t>(std::get<std::int64_t>(v));
}
void assign(std::chrono::milliseconds& to, const scalar_value& v) {
  to = std::get<std::chrono::milliseconds>(v);
}
void assign(endpoint& to, const scalar_value& v) {
  to = std::get<endpoint>(v);
}

template <auto Member>
void set_top(config& c, const scalar_value& v) {
  assign(c.*Member, v);
}

template <auto Section, auto Member>
void set_in(config& c, const scalar_value& v) {
  assign((c.*Section).*Member, v);
}

using vk = value_kind;
using socks_cfg = socks_config;

const std::array<scalar_field, 40> fields{{
  {"", "data_dir", vk::path, 0, 0, &set_top<&config::data_dir>},
  {"", "currency", vk::currency, 0, 0, &set_top<&config::currency>},
  {"http", "listen", vk::address, 0, 0, &set_in<&config::http, &http_config::listen>},
  {"http", "public_base_url", vk::url, 0, 0, &set_in<&config::http, &http_config::public_base_url>},
  {"http", "max_connections", vk::integer, 1, connections_max,
   &set_in<&config::http, &http_config::max_connections>},
  {"http", "operator_reserve", vk::integer, 1, connections_max,
   &set_in<&config::http, &http_config::operator_reserve>},
  {"http", "max_connections_per_address", vk::integer, 1, connections_max,
   &set_in<&config::http, &http_config::max_connections_per_address>},
  {"http", "header_timeout", vk::duration, 0, 0,
   &set_in<&config::http, &http_config::header_timeout>},
  {"socks", "listen", vk::address, 0, 0, &set_in<&config::socks, &socks_cfg::listen>},
  {"socks", "public_host", vk::text, 0, 0, &set_in<&config::socks, &socks_cfg::public_host>},
  {"socks", "username_prefix", vk::prefix, 0, 0,
   &set_in<&config::socks, &socks_cfg::username_prefix>},
  {"socks", "allow_private_destinations", vk::boolean, 0, 0,
   &set_in<&config::socks, &socks_cfg::allow_private_destinations>},
  {"socks", "handshake_timeout", vk::duration, 0, 0,
   &set_in<&config::socks, &socks_cfg::handshake_timeout>},
  {"socks", "session_idle_ttl", vk::duration, 0, 0,
   &set_in<&config::socks, &socks_cfg::session_idle_ttl>},
  {"socks", "node_cooldown", vk::duration, 0, 0,
   &set_in<&config::socks, &socks_cfg::node_cooldown>},
  {"socks", "node_check_interval", vk::duration, 0, 0,
   &set_in<&config::socks, &socks_cfg::node_check_interval>},
  {"socks", "node_check_target", vk::remote, 0, 0,
   &set_in<&config::socks, &socks_cfg::node_check_target>},
  {"socks", "grant_bytes", vk::integer, 1, grant_bytes_max,
   &set_in<&config::socks, &socks_cfg::grant_bytes>},
  {"socks", "report_interval", vk::duration, 0, 0,
   &set_in<&config::socks, &socks_cfg::report_interval>},
  {"socks", "tunnel_idle_timeout", vk::duration, 0, 0,
   &set_in<&config::socks, &socks_cfg::tunnel_idle_timeout>},
  {"socks", "threads", vk::integer, 1, gateway_threads_max,
   &set_in<&config::socks, &socks_cfg::threads>},
  {"socks", "max_handshakes", vk::integer, 1, connections_max,
   &set_in<&config::socks, &socks_cfg::max_handshakes>},
  {"socks", "max_handshakes_per_address", vk::integer, 1, connections_max,
   &set_in<&config::socks, &socks_cfg::max_handshakes_per_address>},
  {"socks", "max_tunnels_per_account", vk::integer, 1, connections_max,
   &set_in<&config::socks, &socks_cfg::max_tunnels_per_account>},
  {"auth", "admin_token", vk::text, 0, 0, &set_in<&config::auth, &auth_config::admin_token>},
  {"auth", "jwt_secret", vk::text, 0, 0, &set_in<&config::auth, &auth_config::jwt_secret>},
  {"auth", "jwt_ttl", vk::duration, 0, 0, &set_in<&config::auth, &auth_config::jwt_ttl>},
  {"billing", "min_topup", vk::money, 0, 0,
   &set_in<&config::billing, &billing_config::min_topup_minor>},
  {"kafka", "brokers", vk::text, 0, 0, &set_in<&config::kafka, &kafka_config::brokers>},
  {"kafka", "topic", vk::text, 0, 0, &set_in<&config::kafka, &kafka_config::topic>},
  {"webhooks", "allow_private_targets", vk::boolean, 0, 0,
   &set_in<&config::webhooks, &webhooks_config::allow_private_targets>},
  {"webhooks", "timeout", vk::duration, 0, 0,
   &set_in<&config::webhooks, &webhooks_config::timeout>},
  {"log", "sync", vk::boolean, 0, 0, &set_in<&config::log, &log_config::sync>},
  {"log", "snapshot_every", vk::integer, 1, int64_max,
   &set_in<&config::log, &log_config::snapshot_every>},
  {"actors", "workers", vk::integer, 1, actor_workers_max,
   &set_in<&config::actors, &actors_config::workers>},
  {"actors", "idle_stop", vk::duration, 0, 0, &set_in<&config::actors, &actors_config::idle_stop>},
  {"dedicated", "public_host", vk::text, 0, 0,
   &set_in<&config::dedicated, &dedicated_config::public_host>},
  {"dedicated", "listen_host", vk::text, 0, 0,
   &set_in<&config::dedicated, &dedicated_config::listen_host>},
  {"dedicated", "ports", vk::text, 0, 0, &set_in<&config::dedicated, &dedicated_config::ports>},
  {"dedicated", "period_unit", vk::duration, 0, 0,
   &set_in<&config::dedicated, &dedicated_config::period_unit>},
}};

// Keys holding tables or lists: only the file sets them, and their variables get a clear refusal.
constexpr std::array<std::string_view, 8> structured_env_names{
  "SLUICE_BILLING_TIERS",    "SLUICE_RESOLVER_STATIC",
  "SLUICE_KAFKA_PROPERTIES", "SLUICE_WEBHOOKS_RETRY_SCHEDULE",
  "SLUICE_EXIT_NODES",       "SLUICE_SERVICES",
  "SLUICE_LOCATIONS",        "SLUICE_PRODUCTS"};

std::string env_name(const scalar_field& field) {
  std::string name = "SLUICE_" + dotted_name(field);
  for (char& c : name) {
    if (c == '.')
      c = '_';
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return name;
}

result<scalar_value> fail(std::string& problem, std::string text) {
  problem = std::move(text);
  return errc::config_invalid;
}

result<scalar_value> parse_env_only(const scalar_field& field, std::string_view text,
                                    std::string& problem) {
  if (field.kind == vk::boolean) {
    if (text == "true")
      return scalar_value{true};
    if (text == "false")
      return scalar_value{false};
    return fail(problem, "invalid boolean " + in_quotes(text) + " (expected true or false)");
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return fail(problem, "invalid integer " + in_quotes(text));
  }
  return check_integer(field, value, problem);
}

status apply_one(config& out, std::string_view name, std::string_view value,
                 std::string& error_text) {
  std::string problem;
  const scalar_field* match = nullptr;
  for (const scalar_field& field : fields) {
    if (env_name(field) == name)
      match = &field;
  }
  bool structured = false;
  for (std::string_view table_name : structured_env_names)
    structured |= table_name == name;
  if (structured) {
    problem = "holds a table or list, which only the configuration file can set";
  } else if (match == nullptr) {
    problem = "unknown variable (no configuration key has this name)";
  } else {
    auto parsed = match->kind == vk::boolean || match->kind == vk::integer
                    ? parse_env_only(*match, value, problem)
                    : parse_scalar_text(*match, value, problem);
    if (parsed) {
      match->set(out, *parsed);
      return {};
    }
  }
  error_text = "environment: " + std::string(name) + ": " + problem;
  return errc::config_invalid;
}

} // namespace

const scalar_field* find_scalar_field(std::string_view section, std::string_view key) {
  for (const scalar_field& field : fields) {
    if (field.section == section && field.key == key)
      return &field;
  }
  return nullptr;
}

std::string dotted_name(const scalar_field& field) {
  if (field.section.empty())
    return std::string(field.key);
  return std::string(field.section) + "." + std::string(field.key);
}

std::string_view expected_type(const scalar_field& field) {
  switch (field.kind) {
    case vk::boolean:
      return "a boolean";
    case vk::integer:
      return "an integer";
    case vk::duration:
      return "a duration string such as \"10s\"";
    case vk::money:
      return "a money string such as \"5.00\"";
    case vk::address:
      return "an address string such as \"127.0.0.1:8080\"";
    case vk::remote:
      return "an address string such as \"check.example.net:443\"";
    case vk::text:
    case vk::url:
    case vk::path:
    case vk::currency:
    case vk::prefix:
      return "a string";
  }
  return "a string";
}

result<scalar_value> parse_scalar_text(const scalar_field& field, std::string_view text,
                                       std::string& problem) {
  switch (field.kind) {
    case vk::text:
      return scalar_value{std::string(text)};
    case vk::path:
      if (text.empty())
        return fail(problem, "must not be empty");
      return scalar_value{std::string(text)};
    case vk::url:
      if (!text.starts_with("http://") && !text.starts_with("https://")) {
        return fail(problem, "invalid URL " + in_quotes(text) + " (expected http:// or https://)");
      }
      return scalar_value{std::string(text)};
    case vk::prefix: {
      // The tunnel credential hands the username out inside socks5h://user:pass@host URLs: a
      // ':', '@', '/' or space there would break them, and an empty prefix every login.
      bool ok = !text.empty() && text.size() <= prefix_chars_max;
      for (char c : text) {
        ok = ok
             && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                 || c == '.' || c == '_' || c == '-');
      }
      if (!ok) {
        return fail(problem, "invalid value " + in_quotes(text)
                               + " (expected 1 to 32 characters of A-Z, a-z, 0-9, ., _ and -)");
      }
      return scalar_value{std::string(text)};
    }
    case vk::currency: {
      bool ok = text.size() == 3;
      for (char c : text)
        ok = ok && c >= 'A' && c <= 'Z';
      if (!ok) {
        return fail(problem, "invalid currency " + in_quotes(text)
                               + " (expected 3 uppercase letters, e.g. \"EUR\")");
      }
      return scalar_value{std::string(text)};
    }
    case vk::duration: {
      auto d = parse_duration(text);
      if (!d) {
        return fail(problem,
                    "invalid duration " + in_quotes(text) + " (use a number with ms, s, m or h)");
      }
      if (d->count() == 0)
        return fail(problem, "must be greater than 0, got " + in_quotes(text));
      return scalar_value{*d};
    }
    case vk::money: {
      auto m = parse_money(text);
      if (!m) {
        return fail(problem, "invalid amount " + in_quotes(text)
                               + " (use a decimal with at most 2 decimals, e.g. \"5.00\")");
      }
      return scalar_value{std::int64_t{*m}};
    }
    case vk::address: {
      auto e = parse_endpoint(text);
      if (!e)
        return fail(problem, "invalid address " + in_quotes(text) + " (expected host:port)");
      return scalar_value{*e};
    }
    case vk::remote: {
      auto e = parse_endpoint(text);
      if (!e || e->port == 0) {
        return fail(problem, "invalid address " + in_quotes(text)
                               + " (expected host:port with a port from 1 to 65535)");
      }
      return scalar_value{*e};
    }
    case vk::boolean:
    case vk::integer:
      return parse_env_only(field, text, problem);
  }
  return fail(problem, "unsupported value");
}

result<scalar_value> check_integer(const scalar_field& field, std::int64_t value,
                                   std::string& problem) {
  if (value >= field.min && value <= field.max)
    return scalar_value{value};
  std::string range = field.max == int64_max ? "must be at least " + std::to_string(field.min)
                                             : "must be between " + std::to_string(field.min)
                                                 + " and " + std::to_string(field.max);
  return fail(problem, range + ", got " + std::to_string(value));
}

std::string in_quotes(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

status apply_environment(config& out, const std::vector<std::string>& env,
                         std::string& error_text) {
  for (const std::string& entry : env) {
    std::size_t eq = entry.find('=');
    if (!entry.starts_with("SLUICE_") || eq == std::string::npos)
      continue;
    auto applied = apply_one(out, std::string_view(entry).substr(0, eq),
                             std::string_view(entry).substr(eq + 1), error_text);
    if (!applied)
      return applied;
  }
  return {};
}

} // namespace sluice::infra::detail
