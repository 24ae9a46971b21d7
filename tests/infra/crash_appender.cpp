// The child process of crash_test.cpp: appends under load to the log in argv[1] from 8 threads
// and prints one line per acknowledged append, "seq version stream thread n", until SIGKILLed.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "infra/storage.hpp"

namespace sluice::infra {
namespace {

constexpr std::int64_t threads_count = 8;
/// Stops the run if nobody kills it; far beyond any kill point the test picks.
constexpr std::int64_t rounds_max = 100'000;
/// Conflicts one append of the shared stream may meet before the child gives up.
constexpr int shared_attempts_max = 1'000'000;

std::mutex out_mutex;

[[noreturn]] void fail(const std::string& what, const std::error_code& e) {
  std::fprintf(stderr, "crash_appender: %s: %s\n", what.c_str(), e.message().c_str());
  std::_Exit(2);
}

// One write(2) per line under a lock: a line is far below PIPE_BUF, so it is never torn and
// never interleaved, and once written it is in the pipe even if the process dies right after.
void report(const append_ack& ack, const std::string& stream, std::int64_t thread, std::int64_t n) {
  const std::string line = std::to_string(ack.first_seq) + ' ' + std::to_string(ack.stream_version)
                           + ' ' + stream + ' ' + std::to_string(thread) + ' ' + std::to_string(n)
                           + '\n';
  std::lock_guard lock(out_mutex);
  const auto written = ::write(STDOUT_FILENO, line.data(), line.size());
  if (written != static_cast<ssize_t>(line.size()))
    std::_Exit(3); // The test is gone.
}

append_request probe(std::string stream, std::uint64_t expected_version, std::int64_t thread,
                     std::int64_t n) {
  return {.stream = std::move(stream),
          .expected_version = expected_version,
          .events = {{"Probe", boost::json::object{{"thread", thread}, {"n", n}}}}};
}

// Round n: append {"thread":t,"n":n} to the thread's own stream, then to the shared stream,
// where the thread reads the stream's version after each conflict and retries the same event.
void append_rounds(event_log& log, std::int64_t t) {
  const std::string own = "own/" + std::to_string(t);
  std::uint64_t shared_version = 0;
  for (std::int64_t n = 0; n < rounds_max; ++n) {
    const auto mine = log.append(probe(own, static_cast<std::uint64_t>(n), t, n));
    if (!mine)
      fail("append to " + own, mine.error());
    report(*mine, own, t, n);
    for (int attempt = 0;; ++attempt) {
      const auto shared = log.append(probe("shared", shared_version, t, n));
      if (shared) {
        shared_version = shared->stream_version;
        report(*shared, "shared", t, n);
        break;
      }
      if (shared.error() != errc::version_conflict || attempt == shared_attempts_max) {
        fail("append to shared", shared.error());
      }
      const auto newer = log.read_stream("shared", shared_version + 1, 1'000'000);
      if (!newer)
        fail("read shared", newer.error());
      if (!newer->empty())
        shared_version = newer->back().version;
    }
  }
}

} // namespace
} // namespace sluice::infra

int main(int argc, char** argv) {
  using namespace sluice::infra;
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_appender DATA_DIR\n");
    return 64;
  }
  system_clock clock;
  std::string error_text;
  auto opened = storage::open({argv[1], open_mode::read_write, /*sync=*/true}, clock, error_text);
  if (!opened) {
    std::fprintf(stderr, "crash_appender: %s\n", error_text.c_str());
    return 1;
  }
  std::vector<std::thread> threads;
  for (std::int64_t t = 0; t < threads_count; ++t) {
    threads.emplace_back(append_rounds, std::ref((*opened)->log()), t);
  }
  for (auto& t : threads)
    t.join();
  (*opened)->close();
  return 0;
}
