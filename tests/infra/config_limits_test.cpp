// The connection limits of issue #20 §3 in the configuration: defaults, overrides, and the one
// rule that ties two of them.
#include <gtest/gtest.h>

#include "events/base/errc.hpp"
#include "infra/config.hpp"

namespace sluice::infra {
namespace {

using namespace std::chrono_literals;

TEST(ConfigLimits, DefaultsAreGenerous) {
  std::string error_text;
  const auto c = load_config("", {}, error_text);
  ASSERT_TRUE(c) << error_text;
  EXPECT_EQ(c->http.max_connections, 10'000U);
  EXPECT_EQ(c->http.operator_reserve, 64U);
  EXPECT_EQ(c->http.max_connections_per_address, 256U);
  EXPECT_EQ(c->http.header_timeout, 10s);
  EXPECT_EQ(c->socks.max_handshakes, 4096U);
  EXPECT_EQ(c->socks.max_handshakes_per_address, 256U);
  EXPECT_EQ(c->socks.max_tunnels_per_account, 10'000U);
}

TEST(ConfigLimits, EachCanBeSet) {
  std::string error_text;
  const auto c
    = load_config("",
                  {"SLUICE_HTTP_MAX_CONNECTIONS=64", "SLUICE_HTTP_OPERATOR_RESERVE=8",
                   "SLUICE_HTTP_MAX_CONNECTIONS_PER_ADDRESS=16", "SLUICE_HTTP_HEADER_TIMEOUT=2s",
                   "SLUICE_SOCKS_MAX_HANDSHAKES=48", "SLUICE_SOCKS_MAX_HANDSHAKES_PER_ADDRESS=12",
                   "SLUICE_SOCKS_MAX_TUNNELS_PER_ACCOUNT=3"},
                  error_text);
  ASSERT_TRUE(c) << error_text;
  EXPECT_EQ(c->http.max_connections, 64U);
  EXPECT_EQ(c->http.operator_reserve, 8U);
  EXPECT_EQ(c->http.max_connections_per_address, 16U);
  EXPECT_EQ(c->http.header_timeout, 2s);
  EXPECT_EQ(c->socks.max_handshakes, 48U);
  EXPECT_EQ(c->socks.max_handshakes_per_address, 12U);
  EXPECT_EQ(c->socks.max_tunnels_per_account, 3U);
}

TEST(ConfigLimits, RefusesAReserveAsLargeAsTheCapAndAZeroCap) {
  std::string error_text;
  auto c = load_config("", {"SLUICE_HTTP_MAX_CONNECTIONS=64"}, error_text);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), errc::config_invalid);
  EXPECT_EQ(error_text, "http.operator_reserve: must be less than http.max_connections (64)");
  c = load_config("", {"SLUICE_SOCKS_MAX_TUNNELS_PER_ACCOUNT=0"}, error_text);
  ASSERT_FALSE(c);
  EXPECT_EQ(error_text, "environment: SLUICE_SOCKS_MAX_TUNNELS_PER_ACCOUNT: must be between 1 "
                        "and 1000000, got 0");
}

} // namespace
} // namespace sluice::infra
