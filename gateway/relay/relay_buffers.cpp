// Free lists per thread (no lock on the relay path; a buffer given back on another thread joins
// that thread's list, and counts against the budget there), and one atomic count of large
// buffers for the budget. A fresh large buffer costs a thousand page faults, and 16 streams
// handing 4 of them around page-faulted their way to 0.34x direct (0.38 with all 16 warm), so
// every large buffer stays warm once made: after bulk traffic up to 64 MiB (and 4 MiB of small
// ones) stays resident. Small ones beyond small_kept_max go back to the system.
#include "gateway/relay/relay_buffers.hpp"

#include <atomic>
#include <utility>
#include <vector>

namespace sluice::gateway {
namespace {

constexpr std::size_t small_kept_max = 64;

std::atomic<std::size_t> large_in_existence{0};

struct free_lists {
  std::vector<std::unique_ptr<std::uint8_t[]>> small;
  std::vector<std::unique_ptr<std::uint8_t[]>> large;

  ~free_lists() {
    large_in_existence -= large.size();
  }
};

free_lists& lists() {
  thread_local free_lists mine;
  return mine;
}

std::unique_ptr<std::uint8_t[]> pop(std::vector<std::unique_ptr<std::uint8_t[]>>& list) {
  auto last = std::move(list.back());
  list.pop_back();
  return last;
}

/// Counts a new large buffer into the budget; false if it is used up.
bool reserve_large() {
  auto count = large_in_existence.load(std::memory_order_relaxed);
  while (count < large_buffers_max) {
    if (large_in_existence.compare_exchange_weak(count, count + 1, std::memory_order_relaxed))
      return true;
  }
  return false;
}

} // namespace

relay_buffer relay_buffer::acquire(bool large) {
  auto& free = lists();
  if (large && !free.large.empty())
    return {pop(free.large), large_relay_buffer};
  if (large && reserve_large())
    return {std::make_unique_for_overwrite<std::uint8_t[]>(large_relay_buffer), large_relay_buffer};
  if (!free.small.empty())
    return {pop(free.small), small_relay_buffer};
  return {std::make_unique_for_overwrite<std::uint8_t[]>(small_relay_buffer), small_relay_buffer};
}

relay_buffer::relay_buffer(std::unique_ptr<std::uint8_t[]> bytes, std::size_t size)
  : bytes_(std::move(bytes)), size_(size) {
}

relay_buffer::relay_buffer(relay_buffer&& other) noexcept
  : bytes_(std::move(other.bytes_)), size_(std::exchange(other.size_, 0)) {
}

relay_buffer& relay_buffer::operator=(relay_buffer&& other) noexcept {
  if (this != &other) {
    give_back();
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

relay_buffer::~relay_buffer() {
  give_back();
}

void relay_buffer::give_back() {
  if (!bytes_)
    return;
  auto& free = lists();
  if (large()) {
    free.large.push_back(std::move(bytes_)); // Counted in the budget until its thread ends.
  } else if (free.small.size() < small_kept_max) {
    free.small.push_back(std::move(bytes_));
  }
  bytes_.reset();
  size_ = 0;
}

} // namespace sluice::gateway
