// Fills a data directory with a few thousand mixed events the way the server makes them: real
// actors, real log, the projection runner tailing live, and a restart half way. Used by the
// end-to-end tests of `sluice replay` and `sluice events`. Usage: seed_events DATA_DIR ACCOUNTS
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "actors/facade/runtime.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/runner.hpp"
#include "tests/support/sync_call.hpp"

namespace {

using namespace sluice;
using testing_support::begin_call;

struct node {
  infra::system_clock clock;
  std::unique_ptr<infra::storage> storage;
  std::unique_ptr<projections::runner> runner;
  std::unique_ptr<actors::runtime> actors;

  explicit node(const std::string& data_dir) {
    std::string error_text;
    auto s = infra::storage::open({data_dir, infra::open_mode::read_write, true}, clock,
                                  error_text);
    if (!s) {
      std::fprintf(stderr, "seed_events: %s\n", error_text.c_str());
      std::exit(1);
    }
    storage = std::move(*s);
    runner = std::make_unique<projections::runner>(
      storage->log(), storage->projections(infra::projection_space::live), projections::make_all());
    runner->start();
    actors::runtime_options options;
    options.snapshot_every = 7; // Small, so recoveries after the restart use snapshots.
    options.sealing_key = std::string(32, 's');
    actors = actors::runtime::start(storage->log(), clock, options);
  }
  ~node() {
    actors->stop();
    runner->stop();
    storage->close();
  }
};

template <class T>
T must(std::future<testing_support::outcome<T>>& f, bool may_fail = false) {
  auto r = f.get();
  if (r.error && !may_fail) {
    std::fprintf(stderr, "seed_events: command failed: %s\n", r.error.message().c_str());
    std::exit(1);
  }
  return r.value;
}

// One round: signups (and a duplicate), credits, keys, quota changes, revocations.
void round(actors::command_port& port, int first, int count) {
  std::vector<std::future<testing_support::outcome<actors::account_view>>> signups;
  for (int i = first; i < first + count; ++i) {
    signups.push_back(begin_call<actors::account_view>([&](auto h) {
      port.async_create_account(
        {"user" + std::to_string(i) + "@example.com", "hash", "b2b", std::nullopt}, h);
    }));
  }
  auto duplicate = begin_call<actors::account_view>([&](auto h) {
    port.async_create_account(
      {"USER" + std::to_string(first) + "@example.com", "hash", "b2b", std::nullopt}, h);
  });
  std::vector<std::string> ids;
  for (auto& f : signups)
    ids.push_back(must(f).account_id);
  must(duplicate, /*may_fail=*/true);

  std::vector<std::future<testing_support::outcome<actors::account_view>>> credits;
  std::vector<std::future<testing_support::outcome<actors::minted_api_key>>> mints;
  for (const auto& id : ids) {
    for (int c = 0; c < 4; ++c) {
      credits.push_back(begin_call<actors::account_view>([&](auto h) {
        port.async_credit_wallet({id, 1'000'000, 500, "topup", c == 3 ? "ref_" + id : ""}, h);
      }));
    }
    for (int k = 0; k < 2; ++k) {
      mints.push_back(begin_call<actors::minted_api_key>([&](auto h) {
        port.async_mint_api_key({id, k == 0 ? "sk_live_" : "rv_", "key " + std::to_string(k),
                                 k == 0 ? std::optional<std::uint64_t>{} : 1'000'000'000},
                                h);
      }));
    }
  }
  std::vector<std::future<testing_support::outcome<actors::api_key_view>>> changes;
  for (auto& f : credits)
    must(f);
  for (std::size_t m = 0; m < mints.size(); ++m) {
    const auto key = must(mints[m]).key;
    const actors::api_key_ref ref{key.account_id, key.key_id};
    if (m % 3 == 0) {
      changes.push_back(
        begin_call<actors::api_key_view>([&](auto h) { port.async_revoke_api_key(ref, h); }));
    } else {
      changes.push_back(begin_call<actors::api_key_view>([&](auto h) {
        port.async_set_api_key_quota({ref.account_id, ref.key_id, 5'000 + m, m % 2 == 0, false}, h);
      }));
    }
  }
  for (auto& f : changes)
    must(f);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: seed_events DATA_DIR ACCOUNTS\n");
    return 2;
  }
  const std::string data_dir = argv[1];
  const int accounts = std::atoi(argv[2]);
  const int batch = 50;
  std::uint64_t last = 0;
  for (int half = 0; half < 2; ++half) { // Two server lifetimes: the restart is part of it.
    node n(data_dir);
    for (int first = half * accounts / 2; first < (half + 1) * accounts / 2; first += batch) {
      round(n.actors->commands(), first, std::min(batch, (half + 1) * accounts / 2 - first));
    }
    last = n.storage->log().last_seq();
    if (!n.runner->wait_for_position(last, std::chrono::seconds{120})) {
      std::fprintf(stderr, "seed_events: projections did not catch up\n");
      return 1;
    }
  }
  std::printf("%llu\n", static_cast<unsigned long long>(last));
  return 0;
}
