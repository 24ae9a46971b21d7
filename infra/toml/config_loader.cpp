// load_config (infra/config.hpp): reads the TOML file with toml++, walks it against the known
// keys, then applies SLUICE_* overrides. The only place toml++ exceptions are caught.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "infra/config.hpp"
#include "infra/toml/config_fields.hpp"
#include "infra/toml/config_walk.hpp"

namespace sluice::infra {
namespace {

using detail::toml_walk;

// A configuration file is a few kilobytes; a megabyte means the wrong file was named.
constexpr std::size_t config_file_bytes_max = 1 << 20;

constexpr std::array<std::string_view, 10> sections{"http",     "socks",    "auth",     "billing",
                                                    "resolver", "kafka",    "webhooks", "log",
                                                    "actors",   "dedicated"};

/// Arrays of tables read after every other key, in this order: products name locations, exit
/// nodes name services and locations.
struct late_key {
  std::string_view key;
  status (*read)(toml_walk&, const toml::node&);
};
constexpr std::array<late_key, 3> late_keys{{
  {"locations", &detail::read_locations},
  {"products", &detail::read_products},
  {"exit_nodes", &detail::read_exit_nodes},
}};

bool is_late_key(std::string_view key) {
  return std::any_of(late_keys.begin(), late_keys.end(),
                     [&](const late_key& late) { return late.key == key; });
}

struct structured_key {
  std::string_view section;
  std::string_view key;
  status (*read)(toml_walk&, const toml::node&);
};

// locations, products and exit_nodes are not listed: they are read last (late_keys).
constexpr std::array<structured_key, 5> structured_keys{{
  {"billing", "tiers", &detail::read_tiers},
  {"resolver", "static", &detail::read_resolver_static},
  {"kafka", "properties", &detail::read_kafka_properties},
  {"webhooks", "retry_schedule", &detail::read_retry_schedule},
  {"", "services", &detail::read_services},
}};

status read_file(const std::filesystem::path& path, std::string& text, std::string& error_text) {
  auto fail = [&](std::string_view reason) {
    error_text = path.string() + ": cannot read: " + std::string(reason);
    return status(errc::config_invalid);
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file)
    return fail(std::strerror(errno));
  text.resize(config_file_bytes_max + 1);
  std::size_t got = std::fread(text.data(), 1, text.size(), file.get());
  if (std::ferror(file.get()) != 0)
    return fail(std::strerror(errno));
  if (got > config_file_bytes_max) {
    return fail("larger than " + std::to_string(config_file_bytes_max) + " bytes");
  }
  text.resize(got);
  return {};
}

status read_scalar(toml_walk& w, const detail::scalar_field& field, const toml::node& node) {
  std::string dotted = detail::dotted_name(field);
  std::string problem;
  auto parsed = [&]() -> result<detail::scalar_value> {
    if (field.kind == detail::value_kind::boolean) {
      if (const auto* b = node.as_boolean())
        return detail::scalar_value{b->get()};
    } else if (field.kind == detail::value_kind::integer) {
      if (const auto* i = node.as_integer())
        return detail::check_integer(field, i->get(), problem);
    } else if (const auto* s = node.as_string()) {
      return detail::parse_scalar_text(field, s->get(), problem);
    }
    problem.clear(); // An empty problem below means "wrong type".
    return errc::config_invalid;
  }();
  if (parsed) {
    field.set(w.out, *parsed);
    return {};
  }
  if (problem.empty())
    return detail::fail_type(w, node, dotted, detail::expected_type(field));
  return detail::fail_at(w, node.source(), dotted, problem);
}

const structured_key* find_structured(std::string_view section, std::string_view key) {
  for (const structured_key& entry : structured_keys) {
    if (entry.section == section && entry.key == key)
      return &entry;
  }
  return nullptr;
}

// Walks one table: the root (section "") or a [section]. Sections recurse once.
status walk_table(toml_walk& w, std::string_view section, const toml::table& table) {
  for (auto&& [key, value] : table) {
    std::string_view k = key.str();
    std::string dotted = section.empty() ? detail::key_part(k)
                                         : std::string(section) + "." + detail::key_part(k);
    bool is_section = section.empty()
                      && std::find(sections.begin(), sections.end(), k) != sections.end();
    status walked;
    if (is_section) {
      const toml::table* inner = value.as_table();
      if (inner == nullptr)
        return detail::fail_type(w, value, dotted, "a table");
      walked = walk_table(w, k, *inner);
    } else if (const auto* field = detail::find_scalar_field(section, k)) {
      walked = read_scalar(w, *field, value);
    } else if (const auto* entry = find_structured(section, k)) {
      walked = entry->read(w, value);
    } else if (!section.empty() || !is_late_key(k)) {
      return detail::fail_at(w, key.source(), dotted, "unknown key");
    }
    if (!walked)
      return walked;
  }
  if (section.empty()) {
    for (const late_key& late : late_keys) {
      const toml::node* value = table.get(late.key);
      if (value == nullptr)
        continue;
      if (auto r = late.read(w, *value); !r)
        return r;
    }
  }
  return {};
}

// toml++ descriptions are one line today; a newline would break the one-line promise.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r')
      c = ' ';
  }
  return out;
}

status load_file(const std::filesystem::path& path, config& out, std::string& error_text) {
  std::string text;
  if (auto r = read_file(path, text, error_text); !r)
    return r;
  toml::table root;
  // toml++ is built with exceptions on Debian (the toml::v3::ex ABI): a syntax error is thrown.
  try {
    root = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    error_text = path.string() + ":" + std::to_string(e.source().begin.line) + ": "
                 + one_line(e.description());
    return errc::config_invalid;
  }
  toml_walk w{path.string(), error_text, out};
  return walk_table(w, "", root);
}

} // namespace

result<config> load_config(const std::filesystem::path& path, const std::vector<std::string>& env,
                           std::string& error_text) {
  config out;
  out.services = default_services();
  if (!path.empty()) {
    if (auto r = load_file(path, out, error_text); !r)
      return r.error();
  }
  if (auto r = detail::apply_environment(out, env, error_text); !r)
    return r.error();
  // Checked once both sources are read: either may set either key.
  if (out.http.operator_reserve >= out.http.max_connections) {
    error_text = "http.operator_reserve: must be less than http.max_connections ("
                 + std::to_string(out.http.max_connections) + ")";
    return errc::config_invalid;
  }
  if (auto r = detail::check_dedicated(out, error_text); !r)
    return r.error();
  return out;
}

} // namespace sluice::infra
