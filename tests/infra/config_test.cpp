// Tests of load_config (infra/config.hpp): defaults, the DESIGN.md §5 example, environment
// overrides, and the exact one-line message of every kind of configuration error.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <string>
#include <vector>

#include "infra/config.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::infra {
namespace {

using namespace std::chrono_literals;

std::string make_temp_dir() {
  return testing_support::temp_dir_until_exit("sluice_config").string();
}

std::string write_config(std::string_view text) {
  std::string path = make_temp_dir() + "/sluice.toml";
  std::ofstream(path) << text;
  return path;
}

// Loads `text` from a file and returns the error line with the file name cut to "F".
std::string file_error(std::string_view text, const std::vector<std::string>& env = {}) {
  std::string path = write_config(text);
  std::string error_text;
  auto loaded = load_config(path, env, error_text);
  EXPECT_FALSE(loaded);
  if (loaded)
    return "(loaded)";
  EXPECT_EQ(loaded.error(), errc::config_invalid);
  if (error_text.rfind(path, 0) != 0)
    return "(no file prefix) " + error_text;
  // Built with append rather than "F" + substr(): GCC 12 warns falsely (-Wrestrict, bug 105329)
  // on the latter at -O3.
  std::string out = "F";
  out.append(error_text, path.size());
  return out;
}

std::string env_error(const std::vector<std::string>& env) {
  std::string error_text;
  auto loaded = load_config("", env, error_text);
  EXPECT_FALSE(loaded);
  if (!loaded) {
    EXPECT_EQ(loaded.error(), errc::config_invalid);
  }
  return error_text;
}

config load_ok(std::string_view text, const std::vector<std::string>& env = {}) {
  std::string error_text;
  auto loaded = load_config(write_config(text), env, error_text);
  EXPECT_TRUE(loaded) << error_text;
  return loaded ? *loaded : config{};
}

TEST(ConfigLoader, UsesDefaultsWhenNoFile) {
  std::string error_text;
  auto loaded = load_config("", {"PATH=/usr/bin", "HOME=/root"}, error_text);
  ASSERT_TRUE(loaded) << error_text;
  const config& c = *loaded;
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.currency, "EUR");
  EXPECT_EQ(c.http.listen, (endpoint{"127.0.0.1", 8080}));
  EXPECT_EQ(c.socks.listen, (endpoint{"127.0.0.1", 1080}));
  EXPECT_EQ(c.socks.handshake_timeout, 10s);
  EXPECT_EQ(c.socks.node_cooldown, 30s);
  EXPECT_EQ(c.socks.node_check_interval, 60s);
  EXPECT_EQ(c.socks.node_check_target, endpoint{}); // Off.
  EXPECT_EQ(c.socks.tunnel_idle_timeout, std::chrono::minutes{10});
  EXPECT_EQ(c.socks.grant_bytes, 1'048'576U);
  EXPECT_EQ(c.billing.min_topup_minor, 500);
  ASSERT_EQ(c.billing.tiers.size(), 3U);
  EXPECT_EQ(c.billing.tiers[1].from_minor, 10'000);
  EXPECT_EQ(c.webhooks.retry_schedule.size(), 10U);
  EXPECT_TRUE(c.exit_nodes.empty());
  EXPECT_EQ(c.services.size(), 12U);
  for (const char* tag : {"netflix", "prime", "bbc", "itvx", "c4", "sky", "disney", "paramount",
                          "appletv", "discovery", "dazn", "max"}) {
    ASSERT_TRUE(c.services.contains(tag)) << tag;
    EXPECT_EQ(c.services.at(tag).hosts, default_services().at(tag).hosts) << tag;
    EXPECT_FALSE(c.services.at(tag).hosts.empty()) << tag;
  }
}

TEST(ConfigLoader, LoadsTheDesignExample) {
  config c = load_ok(R"(
data_dir = "/var/lib/sluice"
currency = "GBP"
[http]
listen = "0.0.0.0:0"
[socks]
listen = "[::1]:1081"
allow_private_destinations = true
handshake_timeout = "500ms"
node_check_interval = "2m"
node_check_target = "check.example.net:443"
tunnel_idle_timeout = "90s"
grant_bytes = 4096
threads = 3
[billing]
min_topup = "2.5"
[[billing.tiers]]
from = "0.00"
price_per_tb = "15.00"
[[billing.tiers]]
from = "100"
price_per_tb = "12.00"
[resolver]
static = { "www.bbc.co.uk" = "127.0.0.1", "dual.example" = ["::1", "127.0.0.1"] }
[kafka]
properties = { "security.protocol" = "SASL_SSL" }
[webhooks]
retry_schedule = ["5s", "2m"]
[[exit_nodes]]
id = "uk-1"
country = "uk"
kind = "direct"
bind = "127.0.0.2"
services = ["bbc"]
[[exit_nodes]]
id = "de-1"
country = "de"
kind = "socks5"
upstream = "socks5://user:pass@127.0.0.1:1090"
[log]
sync = false
[actors]
workers = 4
idle_stop = "1h"
)");
  EXPECT_EQ(c.data_dir, "/var/lib/sluice");
  EXPECT_EQ(c.currency, "GBP");
  EXPECT_EQ(c.http.listen, (endpoint{"0.0.0.0", 0}));
  EXPECT_EQ(c.socks.listen, (endpoint{"::1", 1081}));
  EXPECT_TRUE(c.socks.allow_private_destinations);
  EXPECT_EQ(c.socks.handshake_timeout, 500ms);
  EXPECT_EQ(c.socks.node_check_interval, 2min);
  EXPECT_EQ(c.socks.node_check_target, (endpoint{"check.example.net", 443}));
  EXPECT_EQ(c.socks.tunnel_idle_timeout, std::chrono::seconds{90});
  EXPECT_EQ(c.socks.grant_bytes, 4096U);
  EXPECT_EQ(c.socks.threads, 3U);
  EXPECT_EQ(c.billing.min_topup_minor, 250);
  ASSERT_EQ(c.billing.tiers.size(), 2U);
  EXPECT_EQ(c.billing.tiers[1].from_minor, 10'000);
  EXPECT_EQ(c.billing.tiers[1].price_per_tb_minor, 1200);
  EXPECT_EQ(c.resolver.static_hosts.at("www.bbc.co.uk"), std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(c.resolver.static_hosts.at("dual.example"),
            (std::vector<std::string>{"::1", "127.0.0.1"}));
  EXPECT_EQ(c.kafka.properties.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(c.webhooks.retry_schedule, (std::vector<std::chrono::milliseconds>{5s, 2min}));
  ASSERT_EQ(c.exit_nodes.size(), 2U);
  EXPECT_EQ(c.exit_nodes[0].bind, "127.0.0.2");
  EXPECT_EQ(c.exit_nodes[0].services, std::vector<std::string>{"bbc"});
  EXPECT_EQ(c.exit_nodes[1].upstream, "socks5://user:pass@127.0.0.1:1090");
  EXPECT_FALSE(c.log.sync);
  EXPECT_EQ(c.actors.workers, 4U);
  EXPECT_EQ(c.actors.idle_stop, 1h);
}

TEST(ConfigLoader, RejectsUnknownKeyWithLine) {
  EXPECT_EQ(file_error("[http]\nlisten = \"127.0.0.1:1\"\nlisen = \"x\"\n"),
            "F:3: http.lisen: unknown key");
  EXPECT_EQ(file_error("dta_dir = \"x\"\n"), "F:1: dta_dir: unknown key");
  EXPECT_EQ(file_error("[htp]\nlisten = \"x\"\n"), "F:1: htp: unknown key");
}

TEST(ConfigLoader, RejectsWrongTypeWithLine) {
  EXPECT_EQ(file_error("[socks]\ngrant_bytes = \"big\"\n"),
            "F:2: socks.grant_bytes: expected an integer, got string");
  EXPECT_EQ(file_error("[log]\nsync = 1\n"), "F:2: log.sync: expected a boolean, got integer");
  EXPECT_EQ(file_error("[socks]\nhandshake_timeout = 10\n"),
            "F:2: socks.handshake_timeout: expected a duration string such as \"10s\", got "
            "integer");
  EXPECT_EQ(file_error("http = 5\n"), "F:1: http: expected a table, got integer");
}

TEST(ConfigLoader, RejectsBadAddress) {
  EXPECT_EQ(file_error("\n\n\n[http]\nlisten = \"nope\"\n"),
            "F:5: http.listen: invalid address \"nope\" (expected host:port)");
  EXPECT_EQ(file_error("[socks]\nlisten = \"127.0.0.1:70000\"\n"),
            "F:2: socks.listen: invalid address \"127.0.0.1:70000\" (expected host:port)");
  // A listener may take any port (0: the system picks); a place to connect to may not.
  EXPECT_EQ(file_error("[socks]\nnode_check_target = \"check.example.net:0\"\n"),
            "F:2: socks.node_check_target: invalid address \"check.example.net:0\" (expected "
            "host:port with a port from 1 to 65535)");
}

TEST(ConfigLoader, RejectsWhatCannotBePartOfARoutingUsername) {
  // The prefix goes into socks5h://user:pass@host URLs; an empty one would refuse every login.
  for (const char* prefix :
       {"", "vela:x", "ve la", "vela@x", "a/b", "a234567890123456789012345678901234"}) {
    EXPECT_EQ(file_error(std::string("[socks]\nusername_prefix = \"") + prefix + "\"\n"),
              std::string("F:2: socks.username_prefix: invalid value \"") + prefix
                + "\" (expected 1 to 32 characters of A-Z, a-z, 0-9, ., _ and -)");
  }
  // '-' separates a routing username's parts after the prefix, so no service tag may hold one.
  EXPECT_EQ(file_error("[services.sky-go]\nhosts = [\"sky.com\"]\n"),
            "F:1: services.sky-go: invalid service tag (use a-z, 0-9 and _)");
  const auto c = load_ok("[socks]\nusername_prefix = \"Acme-2.x\"\n[services.sky_go]\nhosts = "
                         "[\"sky.com\"]\n");
  EXPECT_EQ(c.socks.username_prefix, "Acme-2.x");
  EXPECT_TRUE(c.services.contains("sky_go"));
}

TEST(ConfigLoader, RejectsBadDuration) {
  EXPECT_EQ(file_error("[socks]\nhandshake_timeout = \"10 parsecs\"\n"),
            "F:2: socks.handshake_timeout: invalid duration \"10 parsecs\" (use a number with "
            "ms, s, m or h)");
  EXPECT_EQ(file_error("[auth]\njwt_ttl = \"0s\"\n"),
            "F:2: auth.jwt_ttl: must be greater than 0, got \"0s\"");
  EXPECT_EQ(file_error("[webhooks]\nretry_schedule = [\"5s\",\n \"soon\"]\n"),
            "F:3: webhooks.retry_schedule[1]: invalid duration \"soon\" (use a number with ms, "
            "s, m or h)");
}

TEST(ConfigLoader, RejectsBadMoney) {
  EXPECT_EQ(file_error("[billing]\nmin_topup = \"5.001\"\n"),
            "F:2: billing.min_topup: invalid amount \"5.001\" (use a decimal with at most 2 "
            "decimals, e.g. \"5.00\")");
  EXPECT_EQ(file_error("[[billing.tiers]]\nfrom = \"0\"\nprice_per_tb = \"-1\"\n"),
            "F:3: billing.tiers[0].price_per_tb: invalid amount \"-1\" (use a decimal with at "
            "most 2 decimals, e.g. \"5.00\")");
}

TEST(ConfigLoader, RejectsTiersOutOfOrder) {
  EXPECT_EQ(file_error("[[billing.tiers]]\nfrom = \"1.00\"\nprice_per_tb = \"1\"\n"),
            "F:2: billing.tiers[0].from: the first tier must start at \"0.00\"");
  EXPECT_EQ(file_error("[[billing.tiers]]\nfrom = \"0\"\nprice_per_tb = \"2\"\n"
                       "[[billing.tiers]]\nfrom = \"0.00\"\nprice_per_tb = \"1\"\n"),
            "F:5: billing.tiers[1].from: must be greater than the previous tier's from");
  EXPECT_EQ(file_error("[[billing.tiers]]\nfrom = \"0\"\nprice_per_tb = \"0.00\"\n"),
            "F:3: billing.tiers[0].price_per_tb: must be greater than 0.00");
}

TEST(ConfigLoader, RejectsBadExitNodes) {
  const std::string node = "[[exit_nodes]]\nid = \"uk-1\"\ncountry = \"uk\"\n";
  EXPECT_EQ(file_error(node + "kind = \"ssh\"\n"),
            "F:4: exit_nodes[0].kind: invalid kind \"ssh\" (expected direct, socks5 or http)");
  EXPECT_EQ(file_error(node + "kind = \"direct\"\n"),
            "F:1: exit_nodes[0].bind: missing (required for direct)");
  EXPECT_EQ(file_error(node + "kind = \"direct\"\nbind = \"localhost\"\n"),
            "F:5: exit_nodes[0].bind: invalid IP address \"localhost\"");
  EXPECT_EQ(file_error(node + "kind = \"socks5\"\nupstream = \"http://127.0.0.1:1\"\n"),
            "F:5: exit_nodes[0].upstream: invalid upstream \"http://127.0.0.1:1\" (expected "
            "socks5://[user:pass@]host:port)");
  EXPECT_EQ(file_error(node + "kind = \"direct\"\nbind = \"127.0.0.2\"\nservices = [\"bbcc\"]\n"),
            "F:6: exit_nodes[0].services: unknown service \"bbcc\"");
  EXPECT_EQ(file_error(node + "kind = \"direct\"\nbind = \"127.0.0.2\"\n" + node
                       + "kind = \"http\"\nupstream = \"http://u:p@proxy.example:3128\"\n"),
            "F:7: exit_nodes[1].id: duplicate id \"uk-1\"");
  EXPECT_EQ(file_error("[[exit_nodes]]\nid = \"x\"\ncolour = \"red\"\n"),
            "F:3: exit_nodes[0].colour: unknown key");
}

TEST(ConfigLoader, RejectsBadResolverAndServiceValues) {
  EXPECT_EQ(file_error("[resolver]\nstatic = { \"www.bbc.co.uk\" = \"10.0.0.300\" }\n"),
            "F:2: resolver.static.\"www.bbc.co.uk\": invalid IP address \"10.0.0.300\"");
  EXPECT_EQ(file_error("[resolver]\nstatic = { \"a.example\" = [\"::1\", \"x\"] }\n"),
            "F:2: resolver.static.\"a.example\"[1]: invalid IP address \"x\"");
  EXPECT_EQ(file_error("[resolver]\nstatic = { \"a.example\" = [] }\n"),
            "F:2: resolver.static.\"a.example\": at least one IP address");
  EXPECT_EQ(file_error("[services.bbc]\nhosts = [\"bbc.co.uk\"]\ncidrs = [\"10.0.0.0/33\"]\n"),
            "F:3: services.bbc.cidrs[0]: invalid CIDR \"10.0.0.0/33\" (expected "
            "address/prefix, e.g. \"203.0.113.0/24\")");
  EXPECT_EQ(file_error("[kafka]\nproperties = { \"batch.size\" = 10 }\n"),
            "F:2: kafka.properties.\"batch.size\": expected a string, got integer");
}

TEST(ConfigLoader, ReportsSyntaxErrorWithLine) {
  EXPECT_EQ(file_error("[http]\nlisten 8080\n"),
            "F:2: Error while parsing key-value pair: expected '=', saw '8'");
  EXPECT_EQ(file_error("currency = \"EUR\"\ncurrency = \"GBP\"\n"),
            "F:2: Error while parsing key-value pair: cannot redefine existing string 'currency'");
}

TEST(ConfigLoader, ReportsMissingFile) {
  std::string path = make_temp_dir() + "/absent.toml";
  std::string error_text;
  auto loaded = load_config(path, {}, error_text);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error(), errc::config_invalid);
  EXPECT_EQ(error_text, path + ": cannot read: No such file or directory");
}

TEST(ConfigLoader, ServicesReplaceOneTagAndKeepOthers) {
  config c = load_ok("[services.bbc]\nhosts = [\"BBC.example\"]\n"
                     "[services.newtag]\ncidrs = [\"203.0.113.0/24\", \"2001:db8::/32\"]\n");
  EXPECT_EQ(c.services.at("bbc").hosts, std::vector<std::string>{"bbc.example"});
  EXPECT_TRUE(c.services.at("bbc").cidrs.empty());
  EXPECT_EQ(c.services.at("netflix").hosts, default_services().at("netflix").hosts);
  EXPECT_EQ(c.services.at("newtag").cidrs.size(), 2U);
  EXPECT_EQ(c.services.size(), 13U);
}

TEST(ConfigLoader, EnvironmentOverrideWinsOverFile) {
  config c = load_ok(
    "data_dir = \"/from/file\"\n[http]\nlisten = \"127.0.0.1:1\"\n",
    {"SLUICE_HTTP_LISTEN=127.0.0.1:2", "SLUICE_DATA_DIR=/from/env",
     "SLUICE_SOCKS_GRANT_BYTES=65536", "SLUICE_LOG_SYNC=false", "SLUICE_SOCKS_HANDSHAKE_TIMEOUT=3s",
     "SLUICE_KAFKA_BROKERS=", "SLUICE_AUTH_ADMIN_TOKEN=adm_x", "SLUICE_ACTORS_WORKERS=8"});
  EXPECT_EQ(c.http.listen, (endpoint{"127.0.0.1", 2}));
  EXPECT_EQ(c.data_dir, "/from/env");
  EXPECT_EQ(c.socks.grant_bytes, 65536U);
  EXPECT_FALSE(c.log.sync);
  EXPECT_EQ(c.socks.handshake_timeout, 3s);
  EXPECT_EQ(c.auth.admin_token, "adm_x");
  EXPECT_EQ(c.actors.workers, 8U);
}

TEST(ConfigLoader, RejectsUnknownEnvironmentVariable) {
  EXPECT_EQ(env_error({"SLUICE_HTTP_LISTN=127.0.0.1:1"}),
            "environment: SLUICE_HTTP_LISTN: unknown variable (no configuration key has this "
            "name)");
  EXPECT_EQ(env_error({"SLUICE_EXIT_NODES=x"}),
            "environment: SLUICE_EXIT_NODES: holds a table or list, which only the "
            "configuration file can set");
}

TEST(ConfigLoader, RejectsBadEnvironmentValue) {
  EXPECT_EQ(env_error({"SLUICE_SOCKS_HANDSHAKE_TIMEOUT=x"}),
            "environment: SLUICE_SOCKS_HANDSHAKE_TIMEOUT: invalid duration \"x\" (use a number "
            "with ms, s, m or h)");
  EXPECT_EQ(env_error({"SLUICE_LOG_SYNC=yes"}),
            "environment: SLUICE_LOG_SYNC: invalid boolean \"yes\" (expected true or false)");
  EXPECT_EQ(env_error({"SLUICE_SOCKS_GRANT_BYTES=1k"}),
            "environment: SLUICE_SOCKS_GRANT_BYTES: invalid integer \"1k\"");
  EXPECT_EQ(env_error({"SLUICE_ACTORS_WORKERS=65"}),
            "environment: SLUICE_ACTORS_WORKERS: must be between 1 and 64, got 65");
  EXPECT_EQ(env_error({"SLUICE_SOCKS_THREADS=0"}),
            "environment: SLUICE_SOCKS_THREADS: must be between 1 and 64, got 0");
  EXPECT_EQ(env_error({"SLUICE_CURRENCY=eur"}),
            "environment: SLUICE_CURRENCY: invalid currency \"eur\" (expected 3 uppercase "
            "letters, e.g. \"EUR\")");
}

TEST(ConfigValues, ParsesDurations) {
  EXPECT_EQ(parse_duration("500ms").value(), 500ms);
  EXPECT_EQ(parse_duration("10s").value(), 10s);
  EXPECT_EQ(parse_duration("5m").value(), 5min);
  EXPECT_EQ(parse_duration("24h").value(), 24h);
  for (const char* bad : {"", "10", "s", "10 s", "-1s", "1.5s", "10d", "1000000000000h"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
}

TEST(ConfigValues, ParsesMoney) {
  EXPECT_EQ(parse_money("5").value(), 500);
  EXPECT_EQ(parse_money("5.0").value(), 500);
  EXPECT_EQ(parse_money("5.05").value(), 505);
  EXPECT_EQ(parse_money("0.00").value(), 0);
  for (const char* bad : {"", "-1", "5.", ".5", "5.001", "1,00", "5 ", "abc", "+5"}) {
    EXPECT_FALSE(parse_money(bad)) << bad;
  }
}

TEST(ConfigValues, ParsesEndpoints) {
  EXPECT_EQ(parse_endpoint("127.0.0.1:0").value(), (endpoint{"127.0.0.1", 0}));
  EXPECT_EQ(parse_endpoint("[::1]:65535").value(), (endpoint{"::1", 65535}));
  EXPECT_EQ(parse_endpoint("proxy.example:3128").value(), (endpoint{"proxy.example", 3128}));
  for (const char* bad : {"", "nope", ":80", "host:", "host:65536", "::1:80", "[::1]", "[x]:1",
                          "300.1.1.1:80", "a b:1"}) {
    EXPECT_FALSE(parse_endpoint(bad)) << bad;
  }
}

} // namespace
} // namespace sluice::infra
