// The reply codes a refused tunnel gives a SOCKS5 client (docs/gateway.md, "CONNECT replies"):
// the tunnel core says why in its own terms (gateway/tunnel/refusal.hpp) and the SOCKS5 front end
// turns that into REP. 0x03 means only "no usable exit node", whatever the target's network or an
// upstream proxy said.
#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "events/base/errc.hpp"
#include "gateway/socks5/replies.hpp"

namespace sluice::gateway {
namespace {

using socks5::reply_code;
using socks5::reply_for;

TEST(ReplyCodes, AFailedConnectToTheTargetIsNeverTheNoNodeCode) {
  namespace e = boost::asio::error;
  EXPECT_EQ(reply_for(refusal_of_connect(e::connection_refused)), reply_code::connection_refused);
  EXPECT_EQ(reply_for(refusal_of_connect(e::host_unreachable)), reply_code::host_unreachable);
  EXPECT_EQ(reply_for(refusal_of_connect(e::network_unreachable)), reply_code::host_unreachable);
  EXPECT_EQ(reply_for(refusal_of_connect(e::timed_out)), reply_code::ttl_expired);
  EXPECT_EQ(reply_for(refusal_of_connect(e::access_denied)), reply_code::general_failure);
}

TEST(ReplyCodes, AnUpstreamsRefusalIsPassedOnExceptWhatWouldMislead) {
  auto passed_on = [](int rep) {
    return reply_for(refusal_of_upstream_reply(static_cast<std::uint8_t>(rep)));
  };
  EXPECT_EQ(passed_on(0x03), reply_code::host_unreachable);
  EXPECT_EQ(passed_on(0x09), reply_code::general_failure); // Not an RFC 1928 code.
  EXPECT_EQ(passed_on(0xff), reply_code::general_failure);
  EXPECT_EQ(passed_on(0x00), reply_code::general_failure); // Called only for a refusal.
  for (int kept : {0x01, 0x02, 0x04, 0x05, 0x06, 0x07, 0x08})
    EXPECT_EQ(passed_on(kept), static_cast<reply_code>(kept));
}

TEST(ReplyCodes, TheAccountsRefusalsAreNotAllowedAndNoNodeIsNetworkUnreachable) {
  for (auto refused : {errc::wallet_empty, errc::revoked, errc::quota_exceeded, errc::not_found,
                       errc::limit_reached})
    EXPECT_EQ(reply_for(refusal_of_account(refused)), reply_code::not_allowed);
  EXPECT_EQ(reply_for(refusal_of_account(errc::unavailable)), reply_code::network_unreachable);
  EXPECT_EQ(reply_for(refusal_of_account(errc::timeout)), reply_code::general_failure);
}

TEST(ReplyCodes, EveryRefusalHasANameForLogsAndMetrics) {
  EXPECT_EQ(name_of(refusal::wallet_empty), "wallet_empty");
  EXPECT_EQ(name_of(refusal::no_exit_node), "no_exit_node");
  EXPECT_EQ(name_of(refusal::unsupported_address), "unsupported_address");
}

} // namespace
} // namespace sluice::gateway
