// The reply codes a failed connect gives the client (docs/gateway.md, "CONNECT replies"): 0x03
// means only "this country has no usable exit node", whatever the target's network or an
// upstream proxy said.
#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "gateway/exit/connector.hpp"

namespace sluice::gateway {
namespace {

using socks5::reply_code;

TEST(ReplyCodes, AFailedConnectToTheTargetIsNeverTheNoNodeCode) {
  namespace e = boost::asio::error;
  EXPECT_EQ(reply_for(e::connection_refused), reply_code::connection_refused);
  EXPECT_EQ(reply_for(e::host_unreachable), reply_code::host_unreachable);
  EXPECT_EQ(reply_for(e::network_unreachable), reply_code::host_unreachable);
  EXPECT_EQ(reply_for(e::timed_out), reply_code::ttl_expired);
  EXPECT_EQ(reply_for(e::access_denied), reply_code::general_failure);
}

TEST(ReplyCodes, AnUpstreamsRefusalIsPassedOnExceptWhatWouldMislead) {
  EXPECT_EQ(passed_on(0x03), reply_code::host_unreachable);
  EXPECT_EQ(passed_on(0x09), reply_code::general_failure); // Not an RFC 1928 code.
  EXPECT_EQ(passed_on(0xff), reply_code::general_failure);
  EXPECT_EQ(passed_on(0x00), reply_code::general_failure); // Called only for a refusal.
  for (int kept : {0x01, 0x02, 0x04, 0x05, 0x06, 0x07, 0x08}) {
    const auto code = static_cast<std::uint8_t>(kept);
    EXPECT_EQ(passed_on(code), static_cast<reply_code>(code));
  }
}

} // namespace
} // namespace sluice::gateway
