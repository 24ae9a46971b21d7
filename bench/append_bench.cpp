// Durable appends per second with sync on: sluice's group-commit event log against raw RocksDB
// synced WriteBatches of the same bytes, at 1, 8 and 64 appender threads. See bench/README.md.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <stdlib.h>
#include <sys/vfs.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "infra/rocksdb/keys.hpp"
#include "infra/storage.hpp"

namespace sluice::bench {
namespace {

using steady = std::chrono::steady_clock;

struct options {
  double seconds = 3.0; ///< Per run; each engine runs `repeat` times per thread count.
  int repeat = 3;       ///< The table shows medians: fsync latency on shared disks is noisy.
  std::vector<int> threads{1, 8, 64};
  std::filesystem::path dir = std::filesystem::temp_directory_path();
};

/// What one run measured.
struct run_result {
  std::uint64_t appends = 0;
  double seconds = 0;
  double per_second() const {
    return seconds > 0 ? static_cast<double>(appends) / seconds : 0;
  }
};

/// The bytes one sluice append of our event writes, so the raw baseline writes the same.
struct event_shape {
  std::size_t envelope_bytes = 0;
  std::size_t stream_key_bytes = 0;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "append_bench: %s\n", what.c_str());
  std::exit(1);
}

std::filesystem::path make_dir(const std::filesystem::path& base, const char* name) {
  std::string pattern = (base / (std::string(name) + "_XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    die("cannot create a directory in " + base.string());
  return pattern;
}

// Starts `threads` workers together, each calling `append(thread)` until the deadline; the
// rate is the appends completed over the time from the start to the last worker's finish.
template <class Append>
run_result run_threads(int threads, double seconds, Append append) {
  std::latch ready(threads + 1);
  std::atomic<std::uint64_t> total{0};
  steady::time_point deadline;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      ready.arrive_and_wait();
      std::uint64_t mine = 0;
      while (steady::now() < deadline) {
        append(t);
        ++mine;
      }
      total += mine;
    });
  }
  const auto start = steady::now();
  deadline = start
             + std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(seconds));
  ready.arrive_and_wait(); // Publishes `deadline` to the workers.
  for (auto& w : workers)
    w.join();
  const std::chrono::duration<double> elapsed = steady::now() - start;
  return {total.load(), elapsed.count()};
}

// A typical metering event, the most frequent event in the log.
events::event_data metering_event() {
  return {"BytesMetered", boost::json::object{{"key_id", "ak_3f9c2b7a1d6e4f80"},
                                              {"session_id", "s_8e1f0c9b2a7d"},
                                              {"bytes_up", 182'044},
                                              {"bytes_down", 2'310'577}}};
}

std::string stream_of(int thread) {
  return "session/u_bench/" + std::to_string(thread);
}

run_result run_sluice(const options& o, int threads, event_shape& shape) {
  const auto dir = make_dir(o.dir, "sluice_bench");
  const infra::system_clock clock;
  std::string error_text;
  auto opened = infra::storage::open({dir, infra::open_mode::read_write, true}, clock, error_text);
  if (!opened)
    die(error_text);
  auto& log = (*opened)->log();
  std::vector<std::uint64_t> versions(static_cast<std::size_t>(threads), 0);
  const auto event = metering_event();
  // One append before the clock starts: the writer thread is up and the log is not empty.
  if (!log.append({.stream = "warm-up", .expected_version = 0, .events = {event}}))
    die("warm-up");
  const auto r = run_threads(threads, o.seconds, [&](int t) {
    auto& version = versions[static_cast<std::size_t>(t)];
    const auto ack
      = log.append({.stream = stream_of(t), .expected_version = version, .events = {event}});
    if (!ack)
      die("append: " + ack.error().message());
    version = ack->stream_version;
  });
  // Measure the last event written: its seq has as many digits as most of the run's.
  const auto last = log.read_after(log.last_seq() - 1, 1);
  if (!last || last->size() != 1)
    die("cannot read back the last event");
  shape.envelope_bytes = events::to_json(last->front()).size();
  shape.stream_key_bytes = infra::rocksdb_adapter::stream_key(last->front().stream, 1).size();
  (*opened)->close();
  std::filesystem::remove_all(dir);
  return r;
}

// The baseline: what RocksDB alone does with the same bytes. Two column families and two puts
// per event, as the log writes them, with default options and a synced Write per append; RocksDB
// groups concurrent writers into one WAL write and fsync by itself.
run_result run_raw(const options& o, int threads, const event_shape& shape) {
  const auto dir = make_dir(o.dir, "raw_bench");
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  const std::vector<rocksdb::ColumnFamilyDescriptor> families{
    {rocksdb::kDefaultColumnFamilyName, {}}, {"events", {}}, {"streams", {}}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const auto s = rocksdb::DB::Open(db_options, dir.string(), families, &handles, &raw);
  if (!s.ok())
    die(s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::atomic<std::uint64_t> next_seq{1};
  std::vector<std::uint64_t> versions(static_cast<std::size_t>(threads), 0);
  const std::string envelope(shape.envelope_bytes, 'e');
  const auto stream_padding = shape.stream_key_bytes - 9; // stream_key adds NUL + 8 bytes.
  const auto r = run_threads(threads, o.seconds, [&](int t) {
    const auto seq = next_seq.fetch_add(1);
    auto stream = stream_of(t);
    stream.resize(stream_padding, '_');
    rocksdb::WriteBatch batch;
    batch.Put(handles[1], infra::rocksdb_adapter::be64(seq), envelope);
    batch.Put(handles[2],
              infra::rocksdb_adapter::stream_key(stream, ++versions[static_cast<std::size_t>(t)]),
              infra::rocksdb_adapter::be64(seq));
    rocksdb::WriteOptions sync;
    sync.sync = true;
    if (const auto w = db->Write(sync, &batch); !w.ok())
      die(w.ToString());
  });
  for (auto* h : handles)
    (void) db->DestroyColumnFamilyHandle(h);
  (void) db->Close();
  db.reset();
  std::filesystem::remove_all(dir);
  return r;
}

std::string filesystem_of(const std::filesystem::path& dir) {
  struct statfs fs {};
  if (::statfs(dir.c_str(), &fs) != 0)
    return "unknown";
  switch (static_cast<unsigned long>(fs.f_type)) {
    case 0x01021994:
      return "tmpfs";
    case 0xEF53:
      return "ext2/3/4";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x794C7630:
      return "overlayfs";
    default: {
      char hex[32];
      std::snprintf(hex, sizeof hex, "fs type 0x%lx", static_cast<unsigned long>(fs.f_type));
      return hex;
    }
  }
}

std::vector<int> parse_threads(const std::string& list) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto end = std::min(list.find(',', start), list.size());
    const int n = std::atoi(list.substr(start, end - start).c_str());
    if (n < 1 || n > 1024)
      die("--threads takes counts from 1 to 1024, e.g. 1,8,64");
    out.push_back(n);
    start = end + 1;
  }
  return out;
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--quick") {
      o.seconds = 0.2;
      o.repeat = 1;
    } else if (arg == "--repeat" && has_value) {
      o.repeat = std::atoi(argv[++i]);
      if (o.repeat < 1 || o.repeat > 100)
        die("--repeat takes 1 to 100");
    } else if (arg == "--seconds" && has_value) {
      o.seconds = std::atof(argv[++i]);
      if (!(o.seconds > 0 && o.seconds <= 3600))
        die("--seconds takes 0 < N <= 3600");
    } else if (arg == "--threads" && has_value) {
      o.threads = parse_threads(argv[++i]);
    } else if (arg == "--dir" && has_value) {
      o.dir = argv[++i];
    } else {
      die("usage: append_bench [--quick] [--seconds N] [--repeat N] [--threads 1,8,64] "
          "[--dir DIR]");
    }
  }
  return o;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// Runs the two engines in turns, so drift in the disk's speed hits both alike.
void measure(const options& o, int threads, event_shape& shape) {
  std::vector<double> ours, raw, ratios;
  for (int i = 0; i < o.repeat; ++i) {
    ours.push_back(run_sluice(o, threads, shape).per_second());
    raw.push_back(run_raw(o, threads, shape).per_second());
    ratios.push_back(raw.back() > 0 ? ours.back() / raw.back() : 0);
  }
  const auto [low, high] = std::minmax_element(ratios.begin(), ratios.end());
  const auto raw_median = median(raw);
  std::printf("%7d %17.0f %14.0f %11.2f %9.2f-%.2f\n", threads, median(ours), raw_median,
              raw_median > 0 ? median(ours) / raw_median : 0, *low, *high);
  std::fflush(stdout);
}

} // namespace
} // namespace sluice::bench

int main(int argc, char** argv) {
  using namespace sluice::bench;
  const auto o = parse(argc, argv);
#ifdef NDEBUG
  const char* build = "NDEBUG";
#else
  const char* build = "assertions on (not NDEBUG)";
#endif
  std::printf("append_bench: durable appends/s, sync on, median of %d runs of %.1f s, %s\n",
              o.repeat, o.seconds, build);
  std::printf("data dirs under %s (%s), %u hardware threads\n", o.dir.c_str(),
              filesystem_of(o.dir).c_str(), std::thread::hardware_concurrency());
  std::printf("%7s %17s %14s %11s %14s\n", "threads", "sluice appends/s", "raw appends/s",
              "sluice/raw", "run ratios");
  event_shape shape;
  for (const int threads : o.threads)
    measure(o, threads, shape);
  std::printf("per event: %zu-byte envelope + %zu-byte stream key (+ 8-byte seq values)\n",
              shape.envelope_bytes, shape.stream_key_bytes);
  return 0;
}
