// The dedicated-proxy catalogue in the configuration (issue #21): [[locations]], [[products]]
// with [[products.pricing]], [dedicated], and exit nodes serving a location. A good catalogue
// loads as written; every mistake stops start-up with one line naming the file, line and key.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "infra/config.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::infra {
namespace {

using namespace std::chrono_literals;

std::string write_config(std::string_view text) {
  std::string path = testing_support::temp_dir_until_exit("sluice_catalogue").string();
  path.append("/sluice.toml");
  std::ofstream(path) << text;
  return path;
}

/// The error line of loading `text`, with the file name cut to "F".
std::string file_error(std::string_view text, const std::vector<std::string>& env = {}) {
  const auto path = write_config(text);
  std::string error_text;
  auto loaded = load_config(path, env, error_text);
  if (loaded)
    return "(loaded)";
  if (error_text.rfind(path, 0) != 0)
    return error_text;
  std::string out = "F";
  out.append(error_text, path.size());
  return out;
}

const std::string locations = R"([[locations]]
id = "LAX"
name = "Los Angeles"
is_5g = false
host = "199.188.89.209"
[[locations]]
id = "NYC"
name = "New York"
)";

const std::string product = R"([[products]]
id = 1
name = "Multi Hop Proxy"
description = "Premium multi-hop mobile proxy"
connection_type = "private"
max_leases = 1
locations = ["LAX", "NYC"]
[[products.pricing]]
id = 1
label = "1 Hour"
price = "10.00"
period_type = "hour"
period_duration = 1
[[products.pricing]]
id = 2
label = "24 Hour"
price = "20.00"
period_type = "day"
period_duration = 1
)";

const std::string lease_node = R"([[exit_nodes]]
id = "lax-1"
location = "LAX"
kind = "direct"
bind = "127.0.0.6"
reset_command = ["/usr/local/bin/modem-reset", "--port", "3"]
)";

TEST(ConfigCatalogue, LoadsTheIssuesExampleWithItsDefaults) {
  const auto path = write_config(locations + product + lease_node);
  std::string error_text;
  const auto c = load_config(path, {}, error_text);
  ASSERT_TRUE(c) << error_text;
  ASSERT_EQ(c->locations.size(), 2U);
  EXPECT_EQ(c->locations[0].id, "LAX");
  EXPECT_EQ(c->locations[0].host, "199.188.89.209");
  EXPECT_EQ(c->locations[1].host, "127.0.0.1"); // [dedicated] public_host, itself listen_host.
  ASSERT_EQ(c->products.size(), 1U);
  const auto& p = c->products[0];
  EXPECT_EQ(p.id, 1U);
  EXPECT_EQ(p.connection_type, "private");
  EXPECT_EQ(p.max_leases, 1U);
  EXPECT_EQ(p.locations, (std::vector<std::string>{"LAX", "NYC"}));
  ASSERT_EQ(p.pricing.size(), 2U);
  EXPECT_EQ(p.pricing[1].id, 2U);
  EXPECT_EQ(p.pricing[1].label, "24 Hour");
  EXPECT_EQ(p.pricing[1].price_minor, 2000);
  EXPECT_EQ(p.pricing[1].period_type, "day");
  EXPECT_EQ(p.pricing[1].period_duration, 1U);
  ASSERT_EQ(c->exit_nodes.size(), 1U);
  EXPECT_EQ(c->exit_nodes[0].location, "LAX");
  EXPECT_EQ(c->exit_nodes[0].country, ""); // Serves leases only.
  EXPECT_EQ(c->exit_nodes[0].reset_command,
            (std::vector<std::string>{"/usr/local/bin/modem-reset", "--port", "3"}));
  EXPECT_EQ(c->dedicated.listen_host, "127.0.0.1");
  EXPECT_EQ(c->dedicated.first_port, 20000);
  EXPECT_EQ(c->dedicated.last_port, 20999);
  EXPECT_EQ(c->dedicated.period_unit, 1h);
}

TEST(ConfigCatalogue, DedicatedKeysCanBeSetInTheFileOrTheEnvironment) {
  const auto path = write_config("[dedicated]\nports = \"30000-30009\"\nperiod_unit = \"2s\"\n"
                                 "public_host = \"proxy.example.com\"\n");
  std::string error_text;
  const auto c = load_config(path, {"SLUICE_DEDICATED_LISTEN_HOST=0.0.0.0"}, error_text);
  ASSERT_TRUE(c) << error_text;
  EXPECT_EQ(c->dedicated.first_port, 30000);
  EXPECT_EQ(c->dedicated.last_port, 30009);
  EXPECT_EQ(c->dedicated.period_unit, 2s);
  EXPECT_EQ(c->dedicated.public_host, "proxy.example.com");
  EXPECT_EQ(c->dedicated.listen_host, "0.0.0.0");
}

TEST(ConfigCatalogue, EveryMistakeNamesItsKey) {
  EXPECT_EQ(file_error("[[locations]]\nid = \"lax\"\nname = \"x\"\n"),
            "F:2: locations[0].id: invalid id \"lax\" (2 to 8 of A-Z and 0-9, e.g. \"LAX\")");
  EXPECT_EQ(file_error(locations + "[[locations]]\nid = \"LAX\"\nname = \"again\"\n"),
            "F:10: locations[2].id: duplicate id \"LAX\"");
  EXPECT_EQ(file_error("[[locations]]\nid = \"LAX\"\n"), "F:1: locations[0].name: missing");
  EXPECT_EQ(file_error(locations + "[[products]]\nid = 1\nname = \"p\"\nlocations = [\"MIA\"]\n"),
            "F:12: products[0].locations: unknown location \"MIA\" (not in [[locations]])");
  std::string bad_price = product;
  bad_price.replace(bad_price.find("\"10.00\""), 7, "\"10.001\"");
  EXPECT_EQ(file_error(locations + bad_price),
            "F:19: products[0].pricing[0].price: invalid amount \"10.001\" (use a decimal with at "
            "most 2 decimals, e.g. \"5.00\")");
  std::string bad_period = product;
  bad_period.replace(bad_period.find("\"hour\""), 6, "\"year\"");
  EXPECT_EQ(file_error(locations + bad_period),
            "F:20: products[0].pricing[0].period_type: invalid period \"year\" (expected hour, "
            "day, week or month)");
  std::string shared_twice = product;
  shared_twice.replace(shared_twice.find("id = 2"), 6, "id = 1");
  EXPECT_EQ(file_error(locations + shared_twice),
            "F:23: products[0].pricing[1].id: duplicate pricing id 1 (pricing ids are unique "
            "across all products)");
  std::string private_many = product;
  private_many.replace(private_many.find("max_leases = 1"), 14, "max_leases = 5");
  EXPECT_EQ(file_error(locations + private_many),
            "F:14: products[0].max_leases: must be 1 for a private product (one lease per exit "
            "node)");
  EXPECT_EQ(file_error(locations
                       + "[[exit_nodes]]\nid = \"x\"\nlocation = \"MIA\"\n"
                         "kind = \"direct\"\nbind = \"127.0.0.6\"\n"),
            "F:11: exit_nodes[0].location: unknown location \"MIA\" (not in [[locations]])");
  EXPECT_EQ(file_error("[[exit_nodes]]\nid = \"x\"\nkind = \"direct\"\nbind = \"127.0.0.6\"\n"),
            "F:1: exit_nodes[0].country: missing (a node needs a country, a location, or both)");
  EXPECT_EQ(file_error(locations
                       + "[[exit_nodes]]\nid = \"x\"\nlocation = \"LAX\"\n"
                         "kind = \"direct\"\nbind = \"127.0.0.6\"\nreset_command = []\n"),
            "F:14: exit_nodes[0].reset_command: must name a program (an empty list runs nothing)");
  EXPECT_EQ(file_error("[dedicated]\nports = \"21000-20000\"\n"),
            "dedicated.ports: invalid range \"21000-20000\" (expected FIRST-LAST within 1-65535, "
            "e.g. \"20000-20999\")");
  EXPECT_EQ(file_error("[dedicated]\nlisten_host = \"localhost\"\n"),
            "dedicated.listen_host: invalid IP address \"localhost\"");
  EXPECT_EQ(file_error("", {"SLUICE_PRODUCTS=x"}),
            "environment: SLUICE_PRODUCTS: holds a table or list, which only the configuration "
            "file can set");
}

} // namespace
} // namespace sluice::infra
