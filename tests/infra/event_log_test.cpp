// Tests of the event log, projection stores and storage modes (infra/storage.hpp) on real RocksDB
// in a temp dir: optimistic concurrency, gapless sequences under contention, reopen, followers.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "infra/limits.hpp"
#include "infra/storage.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::infra {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<storage> open_storage(const std::filesystem::path& dir, const clock& clock,
                                      open_mode mode = open_mode::read_write) {
  std::string error_text;
  auto opened = storage::open({dir, mode, /*sync=*/true}, clock, error_text);
  EXPECT_TRUE(opened) << error_text;
  return opened ? std::move(*opened) : nullptr;
}

// The event every test appends: its data says who appended it and which attempt it was.
events::event_data probe(std::int64_t thread, std::int64_t n) {
  return {"Probe", boost::json::object{{"thread", thread}, {"n", n}}};
}

append_request one(std::string stream, std::uint64_t expected_version, events::event_data e) {
  return {.stream = std::move(stream), .expected_version = expected_version, .events = {e}};
}

// An append's outcome as text, "seq 3..4 version 2" or the error's message, to assert in one line.
std::string shown(const result<append_ack>& r) {
  return r ? "seq " + std::to_string(r->first_seq) + ".." + std::to_string(r->last_seq)
               + " version " + std::to_string(r->stream_version)
           : r.error().message();
}

// A projection value as text, "<absent>" or "<error>", so each assertion stays on one line.
std::string shown(const result<std::optional<std::string>>& r) {
  return r ? r->value_or("<absent>") : "<error>";
}

// Every test starts with an empty storage opened read-write on a manual clock.
class EventLog : public testing::Test {
protected:
  void SetUp() override {
    db_ = open_storage(dir_.path(), clock_);
    ASSERT_NE(db_, nullptr);
  }
  event_log& log() {
    return db_->log();
  }
  std::vector<events::envelope> all_events() {
    return log().read_after(0, 1'000'000).value();
  }

  testing_support::temp_dir dir_{"sluice_log"};
  manual_clock clock_{*events::parse_timestamp("2026-11-23T10:00:00.000Z")};
  std::unique_ptr<storage> db_;
};

class ProjectionStore : public EventLog {};
class Storage : public EventLog {};

TEST_F(EventLog, RejectsStaleExpectedVersionAndWritesNothing) {
  ASSERT_TRUE(log().append({.stream = "account/a", .events = {probe(0, 1), probe(0, 2)}}));
  const auto before = log().read_stream("account/a", 1, 100).value();
  // Behind, the "new stream" form on an existing stream, and ahead of the stream.
  for (const std::uint64_t expected : {1u, 0u, 3u}) {
    SCOPED_TRACE(expected);
    EXPECT_EQ(log().append(one("account/a", expected, probe(0, 9))).error(),
              errc::version_conflict);
  }
  EXPECT_EQ(log().last_seq(), 2u);
  EXPECT_EQ(log().read_stream("account/a", 1, 100).value(), before);
  EXPECT_EQ(all_events().size(), 2u);
  EXPECT_EQ(shown(log().append(one("account/a", 2, probe(0, 3)))), "seq 3..3 version 3");
}

TEST_F(EventLog, BatchGetsConsecutiveSeqsAndVersionsAndKeepsItsTs) {
  ASSERT_TRUE(log().append(one("other", 0, probe(1, 0))));
  const auto ts = *events::parse_timestamp("2026-01-02T03:04:05.678Z");
  const std::vector<events::event_data> batch{{"WalletCredited",
                                               {{"amount_minor", 500}, {"note", "top-up"}}},
                                              {"Probe", {{"thread", 7}, {"n", -1}}},
                                              {"Empty", {}}};
  EXPECT_EQ(shown(log().append({.stream = "account/b", .events = batch, .ts = ts})),
            "seq 2..4 version 3");

  const auto read = log().read_stream("account/b", 1, 10).value();
  ASSERT_EQ(read.size(), 3u);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& e = read[i];
    EXPECT_EQ(e.seq, 2 + i);
    EXPECT_EQ(e.version, 1 + i);
    EXPECT_EQ(e.type, batch[i].type);
    EXPECT_EQ(e.stream, "account/b");
    EXPECT_EQ(e.data, batch[i].data);
    EXPECT_EQ(e.ts, ts);
    EXPECT_EQ(e.id.rfind("evt_", 0), 0u) << e.id;
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
  }
  EXPECT_EQ(log().read_after(1, 10).value(), read);
  EXPECT_EQ(log().read_stream("account/b", 2, 1).value().at(0), read[1]);
  // Without a ts in the request the writer stamps its clock's time.
  EXPECT_EQ(log().read_stream("other", 1, 10).value().at(0).ts, clock_.now());
}

// Eight threads append to their own streams; the even ones also race on one shared stream,
// reading its version after every conflict and retrying, as an actor rebuilt from the log would.
TEST_F(EventLog, ConcurrentAppendersGetAGaplessSequence) {
  constexpr std::size_t threads_count = 8, own_count = 40, shared_count = 20;
  struct acked {
    std::uint64_t seq;
    std::string stream;
    std::uint64_t version;
    events::event_data sent;
  };
  std::vector<std::vector<acked>> acks(threads_count);
  auto append_shared = [&](std::int64_t t, std::int64_t k) {
    // Starting from 0 each time makes every call after the first one meet a conflict.
    std::uint64_t known = 0;
    for (int attempt = 0; attempt < 10'000; ++attempt) {
      const auto r = log().append(one("shared", known, probe(t, k)));
      if (r) {
        acks[t].push_back({r->first_seq, "shared", r->stream_version, probe(t, k)});
        return;
      }
      ASSERT_EQ(r.error(), errc::version_conflict);
      const auto newer = log().read_stream("shared", known + 1, 1'000'000);
      ASSERT_TRUE(newer);
      if (!newer->empty())
        known = newer->back().version;
    }
    ADD_FAILURE() << "thread " << t << " never won the shared stream";
  };
  std::vector<std::thread> appenders;
  for (std::int64_t t = 0; t < std::int64_t{threads_count}; ++t) {
    appenders.emplace_back([&, t] {
      const auto own = "own/" + std::to_string(t);
      for (std::int64_t k = 0; k < std::int64_t{own_count}; ++k) {
        const auto r = log().append(one(own, static_cast<std::uint64_t>(k), probe(t, k)));
        ASSERT_TRUE(r) << r.error().message();
        acks[t].push_back({r->first_seq, own, r->stream_version, probe(t, k)});
        if (t % 2 == 0 && k < std::int64_t{shared_count})
          append_shared(t, k);
      }
    });
  }
  for (auto& a : appenders)
    a.join();

  const auto all = all_events();
  std::set<std::uint64_t> acked_seqs;
  for (const auto& per_thread : acks) {
    for (const auto& a : per_thread) {
      acked_seqs.insert(a.seq);
      ASSERT_TRUE(a.seq >= 1 && a.seq <= all.size()) << a.seq;
      const auto& e = all[a.seq - 1];
      EXPECT_EQ(std::tie(e.stream, e.version, e.data), std::tie(a.stream, a.version, a.sent.data));
    }
  }
  const auto acked_count = threads_count * own_count + threads_count / 2 * shared_count;
  EXPECT_EQ(acked_seqs.size(), acked_count);
  ASSERT_EQ(all.size(), acked_count);
  EXPECT_EQ(log().last_seq(), acked_count);
  std::map<std::string, std::uint64_t> last_version;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, i + 1);
    EXPECT_EQ(all[i].version, ++last_version[all[i].stream]) << all[i].stream;
  }
  EXPECT_EQ(last_version["shared"], threads_count / 2 * shared_count);
}

TEST_F(EventLog, ReopenKeepsEverythingAndContinuesTheSequence) {
  ASSERT_TRUE(log().append({.stream = "a", .events = {probe(0, 0), probe(0, 1)}}));
  ASSERT_TRUE(log().append(one("b", 0, probe(1, 0))));
  std::vector<std::string> before;
  for (const auto& e : all_events())
    before.push_back(events::to_json(e));
  db_->close();
  db_ = open_storage(dir_.path(), clock_);
  ASSERT_NE(db_, nullptr);
  std::vector<std::string> after;
  for (const auto& e : all_events())
    after.push_back(events::to_json(e));
  EXPECT_EQ(after, before);
  EXPECT_EQ(log().last_seq(), 3u);
  // Stream versions come back from disk too.
  EXPECT_EQ(log().append(one("a", 0, probe(0, 2))).error(), errc::version_conflict);
  EXPECT_EQ(shown(log().append(one("a", 2, probe(0, 2)))), "seq 4..4 version 3");
}

TEST_F(EventLog, RefusesInvalidRequests) {
  const auto big = std::string(limits::event_bytes_max, 'x');
  const struct {
    std::string_view name;
    append_request request;
  } cases[] = {
    {"no events", {.stream = "s", .events = {}}},
    {"empty stream", one("", 0, probe(0, 0))},
    {"stream with NUL", one(std::string("a\0b", 3), 0, probe(0, 0))},
    {"stream too long", one(std::string(limits::stream_id_bytes_max + 1, 's'), 0, probe(0, 0))},
    {"event without type", one("s", 0, {"", {}})},
    {"too many events",
     {.stream = "s",
      .events = std::vector<events::event_data>(limits::append_events_max + 1, probe(0, 0))}},
    {"event too large", one("s", 0, {"Probe", {{"blob", big}}})},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(log().append(c.request).error(), errc::invalid_argument);
  }
  EXPECT_EQ(log().last_seq(), 0u);
  EXPECT_TRUE(all_events().empty());
}

TEST_F(EventLog, WaitForSeqReturnsOnceAnotherThreadAppends) {
  ASSERT_TRUE(log().append(one("a", 0, probe(0, 0))));
  // Already past: returns at once. The generous timeout only matters if the log is broken.
  EXPECT_EQ(log().wait_for_seq(0, 10s), 1u);
  result<append_ack> appended = errc::unavailable;
  std::thread appender([&] { appended = log().append(one("b", 0, probe(1, 0))); });
  const auto seen = log().wait_for_seq(1, 10s);
  appender.join();
  EXPECT_EQ(seen, 2u);
  ASSERT_TRUE(appended);
  EXPECT_EQ(appended->first_seq, 2u);
}

TEST_F(EventLog, SnapshotsRoundTrip) {
  // Shown as "version:state". The state is opaque bytes to the log, NUL included.
  auto loaded = [&](std::string_view stream) -> std::string {
    const auto s = log().load_snapshot(stream).value();
    return s ? std::to_string(s->version) + ":" + s->state : "<absent>";
  };
  EXPECT_EQ(loaded("account/a"), "<absent>");
  const std::string state("{\"balance_minor\":100}\0tail", 26);
  ASSERT_TRUE(log().save_snapshot("account/a", {3, state}));
  EXPECT_EQ(loaded("account/a"), "3:" + state);
  ASSERT_TRUE(log().save_snapshot("account/a", {5, "{}"}));
  EXPECT_EQ(loaded("account/a"), "5:{}");
  EXPECT_EQ(loaded("account/b"), "<absent>");
}

TEST_F(ProjectionStore, TxReadsItsOwnWritesAndCommitsStateWithCheckpoint) {
  auto& live = db_->projections(projection_space::live);
  auto seed = live.begin();
  seed->put("keys/old", "1");
  ASSERT_TRUE(seed->commit());

  auto tx = live.begin();
  tx->put("keys/a", "alpha");
  tx->erase("keys/old");
  tx->set_checkpoint("key_listing", 42);
  EXPECT_EQ(shown(tx->get("keys/a")), "alpha");
  EXPECT_EQ(shown(tx->get("keys/old")), "<absent>");
  // Nothing of the batch is visible outside it before commit.
  EXPECT_EQ(shown(live.get("keys/a")), "<absent>");
  EXPECT_EQ(shown(live.get("keys/old")), "1");
  EXPECT_EQ(live.checkpoint("key_listing").value(), 0u);

  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(shown(live.get("keys/a")), "alpha");
  EXPECT_EQ(shown(live.get("keys/old")), "<absent>");
  EXPECT_EQ(live.checkpoint("key_listing").value(), 42u);
}

TEST_F(ProjectionStore, ScansByPrefixFromStartAfter) {
  auto& live = db_->projections(projection_space::live);
  auto tx = live.begin();
  for (const auto* k : {"t/z", "u/a", "u/b", "u/c", "v/a"})
    tx->put(k, std::string(k) + "!");
  ASSERT_TRUE(tx->commit());
  auto keys = [&](std::string_view prefix, std::string_view start_after, std::size_t max_count) {
    std::vector<std::string> out;
    for (const auto& [k, v] : live.scan(prefix, start_after, max_count).value()) {
      EXPECT_EQ(v, k + "!");
      out.push_back(k);
    }
    return out;
  };
  using keys_t = std::vector<std::string>;
  EXPECT_EQ(keys("u/", "", 10), (keys_t{"u/a", "u/b", "u/c"}));
  EXPECT_EQ(keys("u/", "", 2), (keys_t{"u/a", "u/b"}));
  EXPECT_EQ(keys("u/", "u/a", 10), (keys_t{"u/b", "u/c"}));
  EXPECT_EQ(keys("u/", "u/aa", 10), (keys_t{"u/b", "u/c"}));
  EXPECT_EQ(keys("u/", "u/b", 1), (keys_t{"u/c"}));
  EXPECT_EQ(keys("u/", "u/c", 10), keys_t{});
  EXPECT_EQ(keys("w/", "", 10), keys_t{});
}

TEST_F(ProjectionStore, ReplayResetEmptiesOnlyTheReplaySpace) {
  for (const auto space : {projection_space::live, projection_space::replay}) {
    auto tx = db_->projections(space).begin();
    tx->put("k", "v");
    tx->set_checkpoint("p", 5);
    ASSERT_TRUE(tx->commit());
  }
  ASSERT_TRUE(db_->reset_replay_space());
  auto& replay = db_->projections(projection_space::replay);
  EXPECT_EQ(shown(replay.get("k")), "<absent>");
  EXPECT_EQ(replay.checkpoint("p").value(), 0u);
  EXPECT_TRUE(replay.scan("", "", 10).value().empty());
  auto& live = db_->projections(projection_space::live);
  EXPECT_EQ(shown(live.get("k")), "v");
  EXPECT_EQ(live.checkpoint("p").value(), 5u);
  // The recreated space takes writes.
  auto tx = replay.begin();
  tx->put("k", "again");
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(shown(replay.get("k")), "again");
}

TEST_F(ProjectionStore, CompareSpacesReportsTheFirstDifference) {
  auto write = [&](projection_space space, std::uint64_t checkpoint) {
    auto tx = db_->projections(space).begin();
    tx->put("k/1", "a");
    tx->put("k/2", "b");
    tx->set_checkpoint("p", checkpoint);
    ASSERT_TRUE(tx->commit());
  };
  // The comparison as `sluice replay` would report it.
  auto compared = [&] {
    const auto c = db_->compare_spaces().value();
    return (c.equal ? "equal" : "differ at " + c.first_difference)
           + " live=" + std::to_string(c.live_keys) + " replay=" + std::to_string(c.replay_keys);
  };
  write(projection_space::live, 2);
  write(projection_space::replay, 2);
  EXPECT_EQ(compared(), "equal live=3 replay=3");

  auto tx = db_->projections(projection_space::replay).begin();
  tx->put("k/2", "B");
  tx->put("k/3", "c");
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(compared(), "differ at projections:k/2 live=3 replay=4");

  // Same state, different checkpoint: still a difference, and it is named.
  ASSERT_TRUE(db_->reset_replay_space());
  write(projection_space::replay, 1);
  EXPECT_EQ(compared(), "differ at checkpoints:p live=3 replay=3");
}

TEST_F(Storage, FollowerSeesOlderAppendsAndNewerOnesAfterCatchUp) {
  ASSERT_TRUE(log().append({.stream = "a", .events = {probe(0, 0), probe(0, 1)}}));
  auto follower = open_storage(dir_.path(), clock_, open_mode::follower);
  ASSERT_NE(follower, nullptr);
  EXPECT_EQ(follower->log().last_seq(), 2u);
  EXPECT_EQ(follower->log().read_after(0, 10).value(), all_events());

  ASSERT_TRUE(log().append(one("b", 0, probe(1, 0))));
  ASSERT_TRUE(follower->catch_up());
  EXPECT_EQ(follower->log().last_seq(), 3u);
  EXPECT_EQ(follower->log().read_after(0, 10).value(), all_events());
  EXPECT_EQ(follower->log().read_stream("b", 1, 10).value().size(), 1u);

  EXPECT_FALSE(follower->log().append(one("c", 0, probe(2, 0))));
  EXPECT_FALSE(follower->reset_replay_space());
  follower->close();
  EXPECT_EQ(log().last_seq(), 3u);
}

TEST_F(Storage, SecondReadWriteOpenOfTheSameDirIsLocked) {
  std::string error_text;
  const auto second = storage::open({dir_.path(), open_mode::read_write, true}, clock_, error_text);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(), errc::locked);
  EXPECT_NE(error_text.find("in use"), std::string::npos) << error_text;
  // Once the first one closes, the directory is free again.
  db_->close();
  EXPECT_NE(open_storage(dir_.path(), clock_), nullptr);
}

TEST_F(Storage, FollowerOfAMissingLogIsNotFound) {
  std::string error_text;
  const auto missing = storage::open({dir_.path() / "nowhere", open_mode::follower, true}, clock_,
                                     error_text);
  EXPECT_EQ(missing.error(), errc::not_found);
}

} // namespace
} // namespace sluice::infra
