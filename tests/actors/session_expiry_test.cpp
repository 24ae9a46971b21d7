// The session expiry watch, on a real log and the real clock with a short idle TTL: a session
// nobody uses again gets SessionExpired on its own, and its node stops counting it, so the next
// new session may go there; sessions bound before a restart expire the same way.
#include <string>
#include <vector>

#include "actors/session/session_expiry.hpp"
#include "tests/actors/tunnel_fixture.hpp"

namespace sluice::actors {
namespace {

using namespace std::chrono_literals;

class SessionExpiry : public TunnelFixture {
protected:
  void SetUp() override {
    options_.exit_nodes = {{"uk-a", "uk", {}}, {"uk-b", "uk", {}}};
    options_.session_idle_ttl = 1s; // Long enough that two opens in a row never straddle it.
    TunnelFixture::SetUp();
  }

  /// The session's event types once it has `count` events, or after 5 s without a new append.
  std::vector<std::string> types_once(std::size_t count, const std::string& session) {
    while (session_events(session).size() < count) {
      const auto seq = log().last_seq();
      if (log().wait_for_seq(seq, 5s) == seq)
        break;
    }
    std::vector<std::string> out;
    for (const auto& e : session_events(session))
      out.push_back(e.type);
    return out;
  }
};

using types = std::vector<std::string>;

TEST_F(SessionExpiry, AnIdleSessionExpiresWithNoConnectionAndItsNodeIsFreed) {
  ASSERT_EQ(open("s1").value.node, "uk-a"); // Equal load: the first by id.
  ASSERT_EQ(types_once(2, "s1"), (types{"SessionBound", "SessionExpired"}));
  const auto expired = session_events("s1").at(1);
  EXPECT_EQ(expired.data.at("node").as_string(), "uk-a");
  EXPECT_GE(expired.ts - session_events("s1").at(0).ts, 1s);
  // uk-a holds nothing now; had it still counted s1, s2 would have gone to uk-b.
  EXPECT_EQ(open("s2").value.node, "uk-a");
  // s1 comes back as a new binding, to the less loaded node.
  EXPECT_EQ(open("s1").value.node, "uk-b");
  EXPECT_EQ(types_once(3, "s1"), (types{"SessionBound", "SessionExpired", "SessionBound"}));
}

TEST_F(SessionExpiry, SessionsBoundBeforeARestartExpireWithoutBeingUsedAgain) {
  ASSERT_EQ(open("s1").value.node, "uk-a");
  const auto bound = session_events("s1").at(0);
  // What `serve` reads from the read models at a start; without it s1 would stay bound.
  options_.bound_sessions = {{account_, "s1", "uk", bound.ts}};
  options_.node_sessions = {{"uk-a", 1}};
  reopen();
  ASSERT_EQ(types_once(2, "s1"), (types{"SessionBound", "SessionExpired"}));
  EXPECT_EQ(open("s2").value.node, "uk-a");
}

TEST_F(SessionExpiry, ABacklogDueAtAStartExpiresInBatchesToTheLast) {
  constexpr std::size_t sessions = expiries_per_batch + 44;
  options_.session_idle_ttl = 1h; // None expires while they are being bound.
  options_.grant_bytes = 1'000;   // Each open tunnel holds a grant: the wallet must cover them.
  reopen();
  for (std::size_t i = 0; i < sessions; ++i) {
    std::string session = "b"; // Not "b" + to_string: GCC 12's -Wrestrict false positive.
    session += std::to_string(i);
    ASSERT_FALSE(open(session).error);
    options_.bound_sessions.push_back({account_, session, "uk", session_events(session).at(0).ts});
  }
  // Restarted with a TTL they are all past at once: more than one batch is due.
  options_.session_idle_ttl = 1ms;
  const auto before = log().last_seq();
  reopen();
  std::size_t expired = 0;
  for (auto seq = before; expired < sessions;) {
    if (log().wait_for_seq(seq, 5s) == seq)
      break;
    auto batch = log().read_after(seq, 1'000);
    ASSERT_TRUE(batch);
    for (const auto& e : *batch) {
      expired += e.type == "SessionExpired" ? 1 : 0;
      seq = e.seq;
    }
  }
  EXPECT_EQ(expired, sessions);
}

TEST_F(SessionExpiry, ReleasedSessionsAreNotExpiredAgain) {
  ASSERT_EQ(open("s1").value.node, "uk-a");
  auto rotated = testing_support::call<session_view>([&](auto h) {
    port().async_release_session({account_, "s1", "uk", false}, h);
  });
  ASSERT_FALSE(rotated.error) << rotated.error.message();
  ASSERT_EQ(open("s2").value.node, "uk-a");
  ASSERT_EQ(types_once(2, "s2"), (types{"SessionBound", "SessionExpired"}));
  // s2 was bound after s1 was released, so s1's deadline has passed too: nothing was written.
  EXPECT_EQ(types_once(2, "s1"), (types{"SessionBound", "SessionRotated"}));
}

} // namespace
} // namespace sluice::actors
