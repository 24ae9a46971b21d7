// The projection runner. One batch covers up to batch_events_max events for all projections;
// each projection only sees events past its own checkpoint (a new projection starts from 0).
#include "projections/runner.hpp"

#include <algorithm>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/execution.hpp>
#include <memory>

#include "events/base/check.hpp"
#include "infra/log.hpp"

namespace sluice::projections {
namespace {
constexpr std::chrono::milliseconds tail_wait{500};
/// How long the runner waits before trying a batch again while the storage refuses writes.
constexpr std::chrono::milliseconds unavailable_retry{500};
/// How long a front end may wait to read its own write before it is told errc::timeout.
constexpr std::chrono::seconds catch_up_limit{5};
/// A projection that wrote nothing in a batch keeps its stored checkpoint (applying those events
/// again after a restart writes nothing again), but never more than this many events behind.
constexpr std::uint64_t checkpoint_lag_max = 4096;

/// Runs the handler on its associated executor, never on the runner's thread.
void complete_on_own_executor(boost::asio::any_completion_handler<void(std::error_code)> h,
                              std::error_code ec) {
  // any_completion_executor cannot `require` blocking.never (what asio::post needs), but it can
  // prefer it: the handler then never runs inline here.
  auto executor = boost::asio::prefer(boost::asio::get_associated_executor(h),
                                      boost::asio::execution::blocking.never);
  auto shared = std::make_shared<decltype(h)>(std::move(h));
  boost::asio::execution::execute(executor, [shared, ec] { std::move (*shared)(ec); });
}
} // namespace

runner::runner(infra::event_log& log, infra::projection_store& store,
               std::vector<std::unique_ptr<projection>> projections, const infra::clock* clock,
               std::size_t batch_events_max)
  : clock_(clock != nullptr ? *clock : system_clock_),
    log_(log),
    store_(store),
    projections_(std::move(projections)),
    batch_events_max_(batch_events_max) {
  SLUICE_CHECK(batch_events_max_ > 0);
}

runner::~runner() {
  stop();
}

result<std::size_t> runner::apply_batch() {
  if (!loaded_) {
    std::vector<std::uint64_t> loaded;
    for (const auto& p : projections_) {
      auto cp = store_.checkpoint(p->name());
      if (!cp)
        return cp.error();
      loaded.push_back(*cp);
    }
    checkpoints_ = loaded;
    stored_checkpoints_ = std::move(loaded);
    loaded_ = true;
  }
  const auto from = checkpoints_.empty()
                      ? log_.last_seq()
                      : *std::min_element(checkpoints_.begin(), checkpoints_.end());
  auto batch = log_.read_after(from, batch_events_max_);
  if (!batch)
    return batch.error();
  if (batch->empty()) {
    advance(from);
    return std::size_t{0};
  }
  const auto reached = batch->back().seq;
  auto tx = store_.begin();
  auto stored = stored_checkpoints_;
  for (std::size_t i = 0; i < projections_.size(); ++i) {
    // After a restart the projections stand at different checkpoints, and the batch starts at
    // the lowest: one already past it must neither apply it nor have its checkpoint moved back,
    // or its next batch would apply what its state already holds.
    if (checkpoints_[i] >= reached)
      continue;
    SLUICE_CHECK(stored[i] <= checkpoints_[i]);
    const auto writes_before = tx->write_count();
    for (const auto& e : *batch) {
      if (e.seq <= checkpoints_[i])
        continue;
      if (auto ok = projections_[i]->apply(e, *tx); !ok)
        return ok.error();
    }
    if (tx->write_count() != writes_before || reached - stored[i] >= checkpoint_lag_max) {
      tx->set_checkpoint(projections_[i]->name(), reached);
      stored[i] = reached;
    }
  }
  if (auto ok = tx->commit(); !ok)
    return ok.error();
  stored_checkpoints_ = std::move(stored);
  for (auto& cp : checkpoints_)
    cp = std::max(cp, reached);
  advance(reached);
  return batch->size();
}

status runner::store_checkpoints() {
  if (!loaded_)
    return {}; // Nothing applied, nothing to store.
  auto tx = store_.begin();
  bool behind = false;
  for (std::size_t i = 0; i < projections_.size(); ++i) {
    if (stored_checkpoints_[i] < checkpoints_[i]) {
      tx->set_checkpoint(projections_[i]->name(), checkpoints_[i]);
      behind = true;
    }
  }
  if (!behind)
    return {};
  if (auto ok = tx->commit(); !ok)
    return ok.error();
  stored_checkpoints_ = checkpoints_;
  return {};
}

result<std::uint64_t> runner::catch_up() {
  for (;;) {
    auto applied = apply_batch();
    if (!applied)
      return applied.error();
    if (*applied == 0 && position_.load() >= log_.last_seq()) {
      // Every checkpoint at the end, so that two runs over one log store the same ones
      // (`sluice replay` compares them).
      if (auto stored = store_checkpoints(); !stored)
        return stored.error();
      return position_.load();
    }
  }
}

void runner::start() {
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void runner::stop() {
  stopping_ = true;
  if (thread_.joinable())
    thread_.join();
  settle_waiters(errc::shutting_down);
}

void runner::start_catch_up(boost::asio::any_completion_handler<void(std::error_code)> h) {
  const auto target = log_.last_seq();
  {
    std::lock_guard lock(waiters_mutex_);
    if (position_.load() < target && failure().empty() && !stopping_.load()) {
      waiters_.push_back({target, clock_.steady_now() + catch_up_limit, std::move(h)});
      return;
    }
  }
  std::error_code ec;
  if (!failure().empty()) {
    ec = errc::unavailable;
  } else if (position_.load() < target) {
    ec = errc::shutting_down;
  }
  complete_on_own_executor(std::move(h), ec);
}

void runner::settle_waiters(std::error_code all_with) {
  std::vector<
    std::pair<boost::asio::any_completion_handler<void(std::error_code)>, std::error_code>>
    done;
  {
    std::lock_guard lock(waiters_mutex_);
    const auto now = clock_.steady_now();
    const auto reached = position_.load();
    std::erase_if(waiters_, [&](waiter& w) {
      std::error_code ec = all_with;
      if (!ec && w.seq > reached) {
        if (w.deadline > now)
          return false;
        ec = errc::timeout;
      }
      done.emplace_back(std::move(w.handler), ec);
      return true;
    });
  }
  for (auto& [handler, ec] : done)
    complete_on_own_executor(std::move(handler), ec);
}

void runner::advance(std::uint64_t seq) {
  {
    std::lock_guard lock(position_mutex_);
    position_.store(seq);
  }
  position_cv_.notify_all();
  settle_waiters();
}

bool runner::wait_for_position(std::uint64_t seq, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(position_mutex_);
  return position_cv_.wait_for(lock, timeout, [&] { return position_.load() >= seq; });
}

std::string runner::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failure_;
}

void runner::run() {
  bool paused = false;
  while (!stopping_.load()) {
    auto applied = apply_batch();
    if (!applied && applied.error() == errc::unavailable) {
      // The storage refuses writes until it has reopened (a full disk): nothing of the batch
      // was stored, so the same batch is applied again once it can be.
      if (!paused) {
        paused = true;
        set_failure("projections paused at seq " + std::to_string(position_.load())
                    + ": storage unavailable; retrying");
        infra::log_error("projections", failure());
      }
      settle_waiters(errc::unavailable);
      // The log's next append is the first sign the storage writes again.
      log_.wait_for_seq(log_.last_seq(), unavailable_retry);
      continue;
    }
    if (!applied) {
      set_failure("projections stopped at seq " + std::to_string(position_.load()) + ": "
                  + applied.error().message());
      settle_waiters(errc::unavailable);
      return;
    }
    if (paused) {
      paused = false;
      set_failure({});
      infra::log_info("projections", "applying the log again");
    }
    if (*applied == 0) {
      log_.wait_for_seq(position_.load(), tail_wait);
      settle_waiters(); // Deadlines pass even when nothing is written.
    }
  }
  // A restart then starts where this run ended rather than up to checkpoint_lag_max before.
  if (auto stored = store_checkpoints(); !stored)
    set_failure("projection checkpoints not stored: " + stored.error().message());
}

void runner::set_failure(std::string text) {
  std::lock_guard lock(failure_mutex_);
  failure_ = std::move(text);
}

} // namespace sluice::projections
