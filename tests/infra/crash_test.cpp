// Crash test of the event log (RocksDB's way): crash_appender appends under load and prints each
// ack; we SIGKILL it after a random number of acks, reopen, and check every ack survived intact.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "events/base/check.hpp"
#include "infra/rocksdb/keys.hpp"
#include "infra/storage.hpp"
#include "tests/support/temp_dir.hpp"

#ifndef SLUICE_CRASH_APPENDER
#  error "define SLUICE_CRASH_APPENDER as the path of the crash_appender binary"
#endif

namespace sluice::infra {
namespace {

/// Kill points are drawn from 1..this many acks.
constexpr std::size_t kill_after_acks_max = 3000;
/// Run with SLUICE_CRASH_SEED=<n> to explore other kill points; a failure prints its seed.
constexpr std::uint64_t default_seed = 20261123;

/// One line of the child: the append of {"thread":thread,"n":n} got `seq` as `version` of `stream`.
struct ack {
  std::uint64_t seq = 0;
  std::uint64_t version = 0;
  std::string stream;
  std::int64_t thread = -1;
  std::int64_t n = -1;
};

boost::json::object probe_data(std::int64_t thread, std::int64_t n) {
  return {{"thread", thread}, {"n", n}};
}

// Reads the child's ack lines. Each line was one write(2), so it arrives whole, but one read(2)
// may end inside a line: that tail waits in buffer_ for the next read.
class ack_reader {
public:
  explicit ack_reader(int fd) : fd_(fd) {
  }

  /// Reads until `acks` holds at least `count` lines; false if the pipe ends first.
  bool read_until(std::vector<ack>& acks, std::size_t count) {
    while (acks.size() < count) {
      char chunk[4096];
      const auto got = ::read(fd_, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return false;
      buffer_.append(chunk, static_cast<std::size_t>(got));
      std::size_t start = 0;
      for (auto end = buffer_.find('\n'); end != std::string::npos;
           end = buffer_.find('\n', start)) {
        std::istringstream line(buffer_.substr(start, end - start));
        ack a;
        line >> a.seq >> a.version >> a.stream >> a.thread >> a.n;
        EXPECT_TRUE(line && line.eof()) << "bad ack line: " << line.str();
        acks.push_back(a);
        start = end + 1;
      }
      buffer_.erase(0, start);
    }
    return true;
  }
  /// What is left of a line that never ended (must be empty: lines are never torn).
  const std::string& rest() const {
    return buffer_;
  }

private:
  int fd_;
  std::string buffer_;
};

struct child {
  pid_t pid = -1;
  int out_fd = -1;
};

// Starts crash_appender with its stdout on a pipe we read; its stderr stays ours, for failures.
child spawn_appender(const std::filesystem::path& data_dir) {
  int fds[2];
  SLUICE_CHECK(::pipe2(fds, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  SLUICE_CHECK(::posix_spawn_file_actions_init(&actions) == 0);
  SLUICE_CHECK(::posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO) == 0);
  std::string program = SLUICE_CRASH_APPENDER;
  std::string dir = data_dir.string();
  char* argv[] = {program.data(), dir.data(), nullptr};
  child c;
  const int rc = ::posix_spawn(&c.pid, program.c_str(), &actions, nullptr, argv, environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]); // Only the child writes, so its death ends the pipe.
  EXPECT_EQ(rc, 0) << program << ": " << std::strerror(rc);
  if (rc != 0)
    c.pid = -1;
  c.out_fd = fds[0];
  return c;
}

// Through the API: the log reads back gapless and decodes; per-stream versions are gapless; ids
// are unique; each (thread, n) is on the shared stream at most once; every ack is where it said.
void check_recovered_log(event_log& log, const std::vector<ack>& acks) {
  const auto last = log.last_seq();
  const auto all = log.read_after(0, last + 1);
  ASSERT_TRUE(all) << all.error().message();
  ASSERT_EQ(all->size(), last);
  std::set<std::string> ids;
  std::map<std::string, std::uint64_t> versions;
  std::set<std::pair<std::int64_t, std::int64_t>> shared_rounds;
  for (std::uint64_t seq = 1; seq <= last; ++seq) {
    const auto& e = (*all)[seq - 1];
    ASSERT_EQ(e.seq, seq);
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    EXPECT_EQ(e.version, ++versions[e.stream]) << e.stream << " at seq " << seq;
    const auto thread = e.data.at("thread").as_int64();
    const auto n = e.data.at("n").as_int64();
    if (e.stream == "shared") {
      EXPECT_TRUE(shared_rounds.insert({thread, n}).second) << thread << "/" << n << " twice";
    } else {
      EXPECT_EQ(e.stream, "own/" + std::to_string(thread));
      EXPECT_EQ(static_cast<std::uint64_t>(n) + 1, e.version) << e.stream;
    }
  }
  for (const auto& a : acks) {
    ASSERT_TRUE(a.seq >= 1 && a.seq <= last)
      << "acked seq " << a.seq << " lost (last " << last << ")";
    const auto& e = (*all)[a.seq - 1];
    EXPECT_EQ(std::tie(e.stream, e.version), std::tie(a.stream, a.version)) << "seq " << a.seq;
    EXPECT_EQ(e.data, probe_data(a.thread, a.n)) << "seq " << a.seq;
  }
  // The stream index agrees with the log, stream by stream.
  for (const auto& [stream, version] : versions) {
    const auto events = log.read_stream(stream, 1, version + 1);
    ASSERT_TRUE(events) << stream << ": " << events.error().message();
    ASSERT_EQ(events->size(), version) << stream;
    for (const auto& e : *events)
      EXPECT_EQ(e, (*all)[e.seq - 1]);
  }
  // And the log goes on where it stopped.
  const auto next = log.append(
    {.stream = "shared", .expected_version = versions["shared"], .events = {{"Probe", {}}}});
  ASSERT_TRUE(next) << next.error().message();
  EXPECT_EQ(next->first_seq, last + 1);
}

// Below the API, so the log's own read checks are not what is tested: every key of "events" is
// the next seq and holds an envelope with that seq; each stream index entry points at its event.
void check_families(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* events_cf,
                    rocksdb::ColumnFamilyHandle* streams_cf, std::uint64_t last_seq) {
  using rocksdb_adapter::from_be64;
  std::vector<std::pair<std::string, std::uint64_t>> stream_versions;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions{}, events_cf));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const auto seq = stream_versions.size() + 1;
    ASSERT_EQ(it->key().ToStringView(), rocksdb_adapter::be64(seq)) << "gap before seq " << seq;
    const auto e = events::envelope_from_json(it->value().ToStringView());
    ASSERT_TRUE(e) << "seq " << seq << " does not decode: " << it->value().ToString();
    ASSERT_EQ(e->seq, seq);
    stream_versions.emplace_back(e->stream, e->version);
  }
  ASSERT_TRUE(it->status().ok()) << it->status().ToString();
  EXPECT_EQ(stream_versions.size(), last_seq);
  std::size_t index_count = 0;
  it.reset(db.NewIterator(rocksdb::ReadOptions{}, streams_cf));
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++index_count) {
    const auto key = it->key().ToStringView();
    ASSERT_GT(key.size(), 9u);
    ASSERT_EQ(it->value().size(), 8u);
    const auto seq = from_be64(it->value().ToStringView());
    ASSERT_TRUE(seq >= 1 && seq <= stream_versions.size()) << "index points at seq " << seq;
    const auto& [stream, version] = stream_versions[seq - 1];
    EXPECT_EQ(key, rocksdb_adapter::stream_key(stream, version)) << "index of seq " << seq;
  }
  EXPECT_EQ(index_count, stream_versions.size());
}

void check_raw_families(const std::filesystem::path& data_dir, std::uint64_t last_seq) {
  const auto path = (data_dir / "log").string();
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions{}, path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : names)
    descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions{});
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const auto s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions{}, path, descriptors, &handles,
                                              &raw);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<rocksdb::DB> db(raw);
  auto family = [&](std::string_view name) {
    const auto i = std::find(names.begin(), names.end(), name);
    return i == names.end() ? nullptr : handles[static_cast<std::size_t>(i - names.begin())];
  };
  auto* events_cf = family(rocksdb_adapter::cf_events);
  auto* streams_cf = family(rocksdb_adapter::cf_streams);
  EXPECT_TRUE(events_cf && streams_cf);
  if (events_cf && streams_cf)
    check_families(*db, events_cf, streams_cf, last_seq);
  for (auto* h : handles)
    (void) db->DestroyColumnFamilyHandle(h);
  (void) db->Close();
}

std::uint64_t base_seed() {
  const char* text = std::getenv("SLUICE_CRASH_SEED");
  return text ? std::strtoull(text, nullptr, 10) : default_seed;
}

class CrashRecovery : public testing::TestWithParam<int> {};

TEST_P(CrashRecovery, EveryAcknowledgedAppendSurvivesSigkill) {
  const auto seed = base_seed() + static_cast<std::uint64_t>(GetParam());
  std::mt19937_64 rng(seed);
  const auto kill_after = std::uniform_int_distribution<std::size_t>(1, kill_after_acks_max)(rng);
  std::printf("crash seed %llu: SIGKILL after %zu acks (alone: SLUICE_CRASH_SEED=%llu and "
              "--gtest_filter='*CrashRecovery*/0')\n",
              static_cast<unsigned long long>(seed), kill_after,
              static_cast<unsigned long long>(seed));
  SCOPED_TRACE("seed " + std::to_string(seed) + ", kill after " + std::to_string(kill_after));
  testing_support::temp_dir dir{"sluice_crash"};

  const auto c = spawn_appender(dir.path());
  ASSERT_GT(c.pid, 0);
  ack_reader reader(c.out_fd);
  std::vector<ack> acks;
  const bool reached = reader.read_until(acks, kill_after);
  ::kill(c.pid, SIGKILL);
  // Acks written before the kill are still in the pipe: they count as acknowledged too.
  reader.read_until(acks, std::numeric_limits<std::size_t>::max());
  ::close(c.out_fd);
  int status = 0;
  ASSERT_EQ(::waitpid(c.pid, &status, 0), c.pid);
  ASSERT_TRUE(reached) << "the appender ended after " << acks.size() << " acks";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  EXPECT_EQ(reader.rest(), "") << "torn ack line";

  const manual_clock clock{*events::parse_timestamp("2026-11-23T10:00:00.000Z")};
  std::string error_text;
  auto reopened = storage::open({dir.path(), open_mode::read_write, true}, clock, error_text);
  ASSERT_TRUE(reopened) << error_text;
  EXPECT_GE((*reopened)->log().last_seq(), acks.size());
  check_recovered_log((*reopened)->log(), acks);
  const auto last_seq = (*reopened)->log().last_seq(); // With the append after the checks.
  (*reopened)->close();
  check_raw_families(dir.path(), last_seq);
}

INSTANTIATE_TEST_SUITE_P(TwentyKillPoints, CrashRecovery, testing::Range(0, 20));

} // namespace
} // namespace sluice::infra
