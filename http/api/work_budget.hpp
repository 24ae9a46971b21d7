// A cap on CPU-heavy work waiting for the blocking pool (Argon2id, ≈ 50 ms each): beyond it a
// request is answered 503 at once instead of queuing without bound, so a flood of signups or
// logins for many emails cannot pile up minutes of hashing.
#pragma once

#include <atomic>
#include <cstddef>

namespace sluice::http {

class work_budget {
public:
  explicit work_budget(std::size_t max_jobs) : max_(max_jobs) {
  }

  /// Holds one unit of the budget until destroyed.
  class slot {
  public:
    explicit slot(work_budget* owner) : owner_(owner) {
    }
    slot(slot&& other) noexcept : owner_(other.owner_) {
      other.owner_ = nullptr;
    }
    slot(const slot&) = delete;
    slot& operator=(const slot&) = delete;
    slot& operator=(slot&&) = delete;
    ~slot() {
      if (owner_ != nullptr)
        owner_->used_.fetch_sub(1);
    }
    explicit operator bool() const {
      return owner_ != nullptr;
    }

  private:
    work_budget* owner_;
  };

  /// An empty slot when the budget is used up.
  slot take() {
    auto used = used_.load();
    while (used < max_) {
      if (used_.compare_exchange_weak(used, used + 1))
        return slot{this};
    }
    return slot{nullptr};
  }

private:
  const std::size_t max_;
  std::atomic<std::size_t> used_{0};
};

} // namespace sluice::http
