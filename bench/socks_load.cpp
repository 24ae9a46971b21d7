// Load through the SOCKS5 gateway and, as the baseline, straight to the same target, in one run
// (bench/README.md, "gateway_bench"); and through two bare relays in a process of their own
// (bench/bare_relay.hpp): splice(2), the reference issue #4 names, and the simplest copying
// relay, the ceiling for one. The target runs in this process on 127.0.0.1: a
// connection's first byte picks bulk ('B' + 8-byte count: that many bytes back, from a static
// buffer) or churn ('C': 64 bytes back, then close). gateway_bench.py starts `sluice serve` with
// a funded account and runs this with its credentials and pid; figures are printed as a table
// and ratios, never asserted.
//
//   socks_load --socks H:P --user U --pass P --pid PID
//              [--quick | --churn-only SECONDS | --churn-ratio SECONDS | --bulk-ratio TURNS]
//              [--lease H:P --lease-user U --lease-pass P --lease-ratio SECONDS]
// --lease-ratio: set-ups and a download through a lease's port (SOCKS5, HTTP CONNECT) as well.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "bench/loopback_target.hpp"
#include "bench/process_stats.hpp"
#include "bench/proxy_handshakes.hpp"
#include "bench/relay_process.hpp"

namespace {

using namespace sluice::bench;
using clock_type = std::chrono::steady_clock;

struct options {
  std::string socks_host = "127.0.0.1";
  std::uint16_t socks_port = 0;
  std::string user;
  std::string password;
  std::string host = "www.bbc.co.uk";
  int pid = 0;
  bool quick = false;
  double churn_only = 0;  ///< Seconds of gateway churn alone, for a profiler; 0: the full run.
  double churn_ratio = 0; ///< Seconds per turn of churn, direct and gateway taking turns; 0: off.
  int bulk_ratio = 0;     ///< Turns of one 1 GiB download, direct and gateway alternating; 0: off.
  relay_ports relays;     ///< The bare relays' (set in main).
  std::uint16_t lease_port = 0; ///< A dedicated proxy's port on 127.0.0.1 (same server pid).
  std::string lease_user;
  std::string lease_password;
  double lease_ratio = 0; ///< Seconds per turn of churn through the lease port; 0: off.
};

// ---- Clients ---------------------------------------------------------------------------------

enum class path { direct, splice, copy, gateway, lease_socks, lease_http };

/// A connection to the target: directly, through a bare relay, or through the gateway (greeting,
/// RFC 1929, CONNECT with the host name, as socks5h).
sluice::infra::unique_fd open_to_target(const options& o, path via, std::uint16_t target_port) {
  if (via == path::direct)
    return connect_to("127.0.0.1", target_port);
  if (via == path::splice)
    return connect_to("127.0.0.1", o.relays.splice);
  if (via == path::copy)
    return connect_to("127.0.0.1", o.relays.copy);
  if (via == path::lease_socks || via == path::lease_http) {
    auto fd = connect_to("127.0.0.1", o.lease_port);
    if (via == path::lease_socks) {
      socks_connect(fd.get(), o.lease_user, o.lease_password, o.host, target_port);
    } else {
      http_connect(fd.get(), o.lease_user, o.lease_password, o.host, target_port);
    }
    return fd;
  }
  auto fd = connect_to(o.socks_host, o.socks_port);
  socks_connect(fd.get(), o.user, o.password, o.host, target_port);
  return fd;
}

struct bulk_result {
  double bytes_per_second = 0;
  double server_cpu_seconds = 0; ///< Of the gateway, or of the bare relays' process.
  std::uint64_t bytes = 0;
};

/// `streams` connections each downloading `per_stream` bytes at once.
bulk_result bulk(const options& o, path via, std::uint16_t port, int streams,
                 std::uint64_t per_stream) {
  std::vector<sluice::infra::unique_fd> fds;
  for (int i = 0; i < streams; ++i)
    fds.push_back(open_to_target(o, via, port));
  const bool ours = via == path::gateway || via == path::lease_socks || via == path::lease_http;
  const int server = ours ? o.pid : via == path::direct ? 0 : o.relays.pid;
  const double cpu_before = server != 0 ? cpu_seconds(server) : 0;
  const auto start = clock_type::now();
  std::vector<std::thread> threads;
  for (auto& fd : fds) {
    threads.emplace_back([&fd, per_stream] {
      const char kind = 'B';
      send_all(fd.get(), &kind, 1);
      send_all(fd.get(), &per_stream, sizeof per_stream);
      std::vector<char> sink(1 << 20);
      std::uint64_t got = 0;
      while (got < per_stream) {
        const auto n = ::recv(fd.get(), sink.data(), sink.size(), 0);
        if (n <= 0)
          throw std::runtime_error("bulk download ended early");
        got += static_cast<std::uint64_t>(n);
      }
    });
  }
  for (auto& t : threads)
    t.join();
  const std::chrono::duration<double> took = clock_type::now() - start;
  bulk_result r;
  r.bytes = per_stream * static_cast<std::uint64_t>(streams);
  r.bytes_per_second = static_cast<double>(r.bytes) / took.count();
  r.server_cpu_seconds = server != 0 ? cpu_seconds(server) - cpu_before : 0;
  return r;
}

struct churn_result {
  double per_second = 0;
  double p99_ms = 0;
  std::uint64_t failures = 0;
  double gateway_cpu_ms_each = 0;
};

/// `clients` loops of: open (handshake, auth, connect), a small request and reply, close.
churn_result churn(const options& o, path via, std::uint16_t port, int clients, double seconds) {
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::atomic<std::uint64_t> failures{0};
  const double cpu_before = o.pid != 0 ? cpu_seconds(o.pid) : 0;
  const auto until = clock_type::now() + std::chrono::duration<double>(seconds);
  const auto start = clock_type::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&] {
      std::vector<double> mine;
      while (clock_type::now() < until) {
        const auto began = clock_type::now();
        try {
          auto fd = open_to_target(o, via, port);
          const char kind = 'C';
          send_all(fd.get(), &kind, 1);
          char reply[64];
          recv_exact(fd.get(), reply, sizeof reply);
          const std::chrono::duration<double, std::milli> took = clock_type::now() - began;
          mine.push_back(took.count());
        } catch (const std::exception&) {
          ++failures;
        }
      }
      std::lock_guard lock(mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads)
    t.join();
  const std::chrono::duration<double> took = clock_type::now() - start;
  churn_result r;
  r.failures = failures;
  r.per_second = static_cast<double>(latencies_ms.size()) / took.count();
  const auto done = static_cast<double>(std::max<std::size_t>(latencies_ms.size(), 1));
  r.gateway_cpu_ms_each = o.pid != 0 ? (cpu_seconds(o.pid) - cpu_before) * 1e3 / done : 0;
  if (!latencies_ms.empty()) {
    std::sort(latencies_ms.begin(), latencies_ms.end());
    r.p99_ms = latencies_ms[std::min(latencies_ms.size() - 1, latencies_ms.size() * 99 / 100)];
  }
  return r;
}

/// Resident bytes the gateway adds per open, idle tunnel.
double rss_per_idle_tunnel(const options& o, std::uint16_t port, int tunnels) {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const auto before = resident_bytes(o.pid);
  std::vector<sluice::infra::unique_fd> open;
  for (int i = 0; i < tunnels; ++i)
    open.push_back(open_to_target(o, path::gateway, port));
  std::this_thread::sleep_for(std::chrono::seconds(2)); // Reports and watchers settle.
  const auto after = resident_bytes(o.pid);
  return (static_cast<double>(after) - static_cast<double>(before)) / tunnels;
}

/// Set-ups (32 clients) and one download through the gateway and a lease's port (SOCKS5 and
/// HTTP CONNECT) beside direct, taking turns; medians and ratios.
void lease_table(const options& o, std::uint16_t port, int repeat, std::uint64_t single_bytes) {
  const std::vector<std::pair<path, const char*>> paths{{path::direct, "direct"},
                                                        {path::gateway, "gateway"},
                                                        {path::lease_socks, "lease-socks"},
                                                        {path::lease_http, "lease-http"}};
  std::map<path, std::vector<double>> setups;
  std::map<path, std::vector<double>> single;
  std::map<path, std::vector<double>> cpu_ms;
  for (int run = 0; run < repeat; ++run) {
    for (const auto& [via, name] : paths) {
      const auto ch = churn(o, via, port, 32, o.lease_ratio);
      setups[via].push_back(ch.per_second);
      cpu_ms[via].push_back(ch.gateway_cpu_ms_each);
      single[via].push_back(bulk(o, via, port, 1, single_bytes).bytes_per_second / 1e6);
    }
  }
  std::printf("%-22s %9s %9s %11s %10s %8s %8s %8s\n", "", "direct", "gateway", "lease-socks",
              "lease-http", "gw/dir", "ls/dir", "lh/dir");
  for (const auto& [label, runs] :
       {std::pair{"tunnels/s, 32 clients", &setups}, std::pair{"single-stream MB/s", &single}}) {
    const double d = median((*runs)[path::direct]);
    const double g = median((*runs)[path::gateway]);
    const double ls = median((*runs)[path::lease_socks]);
    const double lh = median((*runs)[path::lease_http]);
    std::printf("%-22s %9.1f %9.1f %11.1f %10.1f %8.2f %8.2f %8.2f\n", label, d, g, ls, lh, g / d,
                ls / d, lh / d);
  }
  std::printf("server CPU ms per set-up: gateway %.3f, lease-socks %.3f, lease-http %.3f\n",
              median(cpu_ms[path::gateway]), median(cpu_ms[path::lease_socks]),
              median(cpu_ms[path::lease_http]));
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        throw std::runtime_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--socks") {
      const auto hp = value();
      const auto colon = hp.rfind(':');
      o.socks_host = hp.substr(0, colon);
      o.socks_port = static_cast<std::uint16_t>(std::stoi(hp.substr(colon + 1)));
    } else if (arg == "--user") {
      o.user = value();
    } else if (arg == "--pass") {
      o.password = value();
    } else if (arg == "--pid") {
      o.pid = std::stoi(value());
    } else if (arg == "--quick") {
      o.quick = true;
    } else if (arg == "--churn-only") {
      o.churn_only = std::stod(value());
    } else if (arg == "--churn-ratio") {
      o.churn_ratio = std::stod(value());
    } else if (arg == "--bulk-ratio") {
      o.bulk_ratio = std::stoi(value());
    } else if (arg == "--lease") {
      const auto hp = value();
      o.lease_port = static_cast<std::uint16_t>(std::stoi(hp.substr(hp.rfind(':') + 1)));
    } else if (arg == "--lease-user") {
      o.lease_user = value();
    } else if (arg == "--lease-pass") {
      o.lease_password = value();
    } else if (arg == "--lease-ratio") {
      o.lease_ratio = std::stod(value());
    } else {
      throw std::runtime_error("unknown argument " + arg);
    }
  }
  if (o.socks_port == 0 || o.user.empty() || o.password.empty() || o.pid == 0)
    throw std::runtime_error("--socks, --user, --pass and --pid are required");
  return o;
}

} // namespace

/// Ends the run without destructors: the target's detached server threads may still be serving
/// the last connections, and tearing down what they use under them crashed the tool at exit now
/// and then, losing the table still in stdout's buffer.
[[noreturn]] void finish() {
  std::fflush(stdout);
  std::_Exit(0);
}

int main(int argc, char** argv) try {
  // A peer gone mid-write must come back as EPIPE: splice(2) cannot ask for MSG_NOSIGNAL, and
  // the signal would end the run without a word (the relay process inherits this).
  std::signal(SIGPIPE, SIG_IGN);
  if (argc == 3 && std::string_view{argv[1]} == "--serve-relays")
    serve_relays(static_cast<std::uint16_t>(std::stoi(argv[2])));
  auto o = parse(argc, argv);
  target t;
  o.relays = start_relay_process("/proc/self/exe", t.port());
  const int repeat = o.quick ? 1 : 3;
  const std::uint64_t single_bytes = o.quick ? 8u << 20 : 1u << 30;
  const std::uint64_t multi_bytes = o.quick ? 1u << 20 : 64u << 20; // Per stream, 16 streams.
  const double churn_seconds = o.quick ? 0.5 : 5;
  const int idle_tunnels = o.quick ? 50 : 2000;
  if (o.churn_only > 0) {
    const auto ch = churn(o, path::gateway, t.port(), 32, o.churn_only);
    std::printf("gateway churn: %.1f tunnels/s, p99 %.1f ms, %.2f ms CPU each\n", ch.per_second,
                ch.p99_ms, ch.gateway_cpu_ms_each);
    finish();
  }
  if (o.churn_ratio > 0) {
    // Set-ups alone, direct and through the gateway taking turns: quick A/B checks of a change.
    std::vector<double> direct_rates;
    std::vector<double> gateway_rates;
    for (int run = 0; run < 3; ++run) {
      direct_rates.push_back(churn(o, path::direct, t.port(), 32, o.churn_ratio).per_second);
      gateway_rates.push_back(churn(o, path::gateway, t.port(), 32, o.churn_ratio).per_second);
    }
    std::printf("churn: direct %.1f, gateway %.1f tunnels/s, ratio %.3f\n", median(direct_rates),
                median(gateway_rates), median(gateway_rates) / median(direct_rates));
    finish();
  }

  if (o.lease_ratio > 0) {
    if (o.lease_port == 0)
      throw std::runtime_error("--lease-ratio needs --lease, --lease-user and --lease-pass");
    lease_table(o, t.port(), repeat, single_bytes);
    finish();
  }
  if (o.bulk_ratio > 0) {
    // Single-stream downloads alone, taking turns: quick A/B checks of a relay change, with the
    // bare copying relay as the yardstick that moves with the machine as the gateway does.
    std::vector<double> direct_rates;
    std::vector<double> copy_rates;
    std::vector<double> gateway_rates;
    std::vector<double> gateway_cpu;
    std::vector<double> copy_cpu;
    auto cpu_per_gb = [](const bulk_result& r) {
      return r.server_cpu_seconds / (static_cast<double>(r.bytes) / 1e9);
    };
    for (int run = 0; run < o.bulk_ratio; ++run) {
      direct_rates.push_back(bulk(o, path::direct, t.port(), 1, single_bytes).bytes_per_second);
      const auto c = bulk(o, path::copy, t.port(), 1, single_bytes);
      copy_rates.push_back(c.bytes_per_second);
      copy_cpu.push_back(cpu_per_gb(c));
      const auto g = bulk(o, path::gateway, t.port(), 1, single_bytes);
      gateway_rates.push_back(g.bytes_per_second);
      gateway_cpu.push_back(cpu_per_gb(g));
    }
    std::printf("single stream: direct %.1f, copy relay %.1f, gateway %.1f MB/s; ratio %.3f "
                "(copy relay %.3f), gateway / copy relay %.3f; CPU s/GB gateway %.3f, copy "
                "relay %.3f\n",
                median(direct_rates) / 1e6, median(copy_rates) / 1e6, median(gateway_rates) / 1e6,
                median(gateway_rates) / median(direct_rates),
                median(copy_rates) / median(direct_rates),
                median(gateway_rates) / median(copy_rates), median(gateway_cpu), median(copy_cpu));
    finish();
  }

  // First, on a fresh server: later phases leave freed heap that new tunnels would reuse unseen.
  const double idle_rss = rss_per_idle_tunnel(o, t.port(), idle_tunnels);
  std::this_thread::sleep_for(std::chrono::seconds(2)); // Their final reports settle.
  std::map<path, std::map<std::string, std::vector<double>>> runs_of;
  std::vector<double> cpu_per_gb;
  std::vector<double> cpu_per_setup;
  for (int run = 0; run < repeat; ++run) {
    // Taking turns, so that drift in the machine's speed hits both alike.
    for (const auto via : {path::direct, path::splice, path::copy, path::gateway}) {
      auto& runs = runs_of[via];
      const auto one = bulk(o, via, t.port(), 1, single_bytes);
      const auto many = bulk(o, via, t.port(), 16, multi_bytes);
      const auto ch = churn(o, via, t.port(), 32, churn_seconds);
      runs["single-stream MB/s"].push_back(one.bytes_per_second / 1e6);
      runs["16-stream MB/s"].push_back(many.bytes_per_second / 1e6);
      runs["tunnels/s, 32 clients"].push_back(ch.per_second);
      runs["p99 set-up ms"].push_back(ch.p99_ms);
      runs["failed set-ups"].push_back(static_cast<double>(ch.failures));
      if (via == path::gateway) {
        const double gb = static_cast<double>(one.bytes + many.bytes) / 1e9;
        cpu_per_gb.push_back((one.server_cpu_seconds + many.server_cpu_seconds) / gb);
        cpu_per_setup.push_back(ch.gateway_cpu_ms_each);
      }
    }
  }
  // ratio: gateway / direct (what issue #4 aims at); splice and copy: those bare relays / direct.
  std::printf("%-24s %9s %9s %9s %9s %7s %7s %7s\n", "", "direct", "splice", "copy", "gateway",
              "ratio", "splice", "copy");
  for (const auto& [name, runs] : runs_of[path::direct]) {
    const double d = median(runs);
    const double sp = median(runs_of[path::splice][name]);
    const double cp = median(runs_of[path::copy][name]);
    const double g = median(runs_of[path::gateway][name]);
    auto of_direct = [d](double x) { return d > 0 ? x / d : 0.0; };
    std::printf("%-24s %9.1f %9.1f %9.1f %9.1f %7.2f %7.2f %7.2f\n", name.c_str(), d, sp, cp, g,
                of_direct(g), of_direct(sp), of_direct(cp));
  }
  std::printf("gateway CPU s per GB relayed: %.3f (median of %d runs)\n", median(cpu_per_gb),
              repeat);
  std::printf("gateway CPU ms per tunnel set-up: %.2f\n", median(cpu_per_setup));
  std::printf("resident memory per idle open tunnel: %.0f bytes (%d tunnels, on a fresh server)\n",
              idle_rss, idle_tunnels);
  finish();
} catch (const std::exception& e) {
  std::fprintf(stderr, "socks_load: %s\n", e.what());
  return 1;
}
