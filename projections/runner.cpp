// The projection runner. One batch covers up to batch_events_max events for all projections;
// each projection only sees events past its own checkpoint (a new projection starts from 0).
#include "projections/runner.hpp"

#include <algorithm>

namespace sluice::projections {
namespace {
constexpr std::size_t batch_events_max = 512;
constexpr std::chrono::milliseconds tail_wait{500};
} // namespace

runner::runner(infra::event_log& log, infra::projection_store& store,
               std::vector<std::unique_ptr<projection>> projections)
  : log_(log), store_(store), projections_(std::move(projections)) {
}

runner::~runner() {
  stop();
}

result<std::size_t> runner::apply_batch() {
  if (!loaded_) {
    for (const auto& p : projections_) {
      auto cp = store_.checkpoint(p->name());
      if (!cp)
        return cp.error();
      checkpoints_.push_back(*cp);
    }
    loaded_ = true;
  }
  const auto from = checkpoints_.empty()
                      ? log_.last_seq()
                      : *std::min_element(checkpoints_.begin(), checkpoints_.end());
  auto batch = log_.read_after(from, batch_events_max);
  if (!batch)
    return batch.error();
  if (batch->empty()) {
    advance(from);
    return std::size_t{0};
  }
  auto tx = store_.begin();
  for (std::size_t i = 0; i < projections_.size(); ++i) {
    for (const auto& e : *batch) {
      if (e.seq <= checkpoints_[i])
        continue;
      if (auto ok = projections_[i]->apply(e, *tx); !ok)
        return ok.error();
    }
    tx->set_checkpoint(projections_[i]->name(), batch->back().seq);
  }
  if (auto ok = tx->commit(); !ok)
    return ok.error();
  for (auto& cp : checkpoints_)
    cp = batch->back().seq;
  advance(batch->back().seq);
  return batch->size();
}

result<std::uint64_t> runner::catch_up() {
  for (;;) {
    auto applied = apply_batch();
    if (!applied)
      return applied.error();
    if (*applied == 0 && position_.load() >= log_.last_seq())
      return position_.load();
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
}

void runner::advance(std::uint64_t seq) {
  {
    std::lock_guard lock(position_mutex_);
    position_.store(seq);
  }
  position_cv_.notify_all();
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
  while (!stopping_.load()) {
    auto applied = apply_batch();
    if (!applied) {
      std::lock_guard lock(failure_mutex_);
      failure_ = "projections stopped at seq " + std::to_string(position_.load()) + ": "
                 + applied.error().message();
      return;
    }
    if (*applied == 0)
      log_.wait_for_seq(position_.load(), tail_wait);
  }
}

} // namespace sluice::projections
