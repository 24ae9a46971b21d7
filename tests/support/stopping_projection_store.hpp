// A projection store that stops the way a killed process does: its Nth commit stores nothing and
// fails, and so does everything after it. Reads and earlier commits go to the real store, so a
// runner started afresh on that store finds exactly what a crash at that point would leave.
#pragma once

#include <cstdint>
#include <memory>

#include "events/base/errc.hpp"
#include "infra/projection_store.hpp"

namespace sluice::testing_support {

class stopping_projection_store final : public infra::projection_store {
public:
  /// Commits 1..stop_at-1 reach `real`; commit `stop_at` and later ones fail with io_error.
  stopping_projection_store(infra::projection_store& real, std::uint64_t stop_at)
    : real_(real), stop_at_(stop_at) {
  }

  /// Commits attempted so far, the failing ones included.
  std::uint64_t commits() const {
    return commits_;
  }

  // infra::projection_store
  std::unique_ptr<infra::projection_tx> begin() override {
    return std::make_unique<tx>(*this, real_.begin());
  }
  result<std::uint64_t> checkpoint(std::string_view projection) const override {
    return real_.checkpoint(projection);
  }
  result<std::optional<std::string>> get(std::string_view key) const override {
    return real_.get(key);
  }
  result<std::vector<std::pair<std::string, std::string>>>
  scan(std::string_view prefix, std::string_view start_after,
       std::size_t max_count) const override {
    return real_.scan(prefix, start_after, max_count);
  }

private:
  class tx final : public infra::projection_tx {
  public:
    tx(stopping_projection_store& owner, std::unique_ptr<infra::projection_tx> real)
      : owner_(owner), real_(std::move(real)) {
    }
    result<std::optional<std::string>> get(std::string_view key) override {
      return real_->get(key);
    }
    void put(std::string_view key, std::string_view value) override {
      real_->put(key, value);
    }
    void erase(std::string_view key) override {
      real_->erase(key);
    }
    void set_checkpoint(std::string_view projection, std::uint64_t seq) override {
      real_->set_checkpoint(projection, seq);
    }
    std::uint64_t write_count() const override {
      return real_->write_count();
    }
    status commit() override {
      if (++owner_.commits_ >= owner_.stop_at_)
        return errc::io_error;
      return real_->commit();
    }

  private:
    stopping_projection_store& owner_;
    std::unique_ptr<infra::projection_tx> real_;
  };

  infra::projection_store& real_;
  std::uint64_t stop_at_;
  std::uint64_t commits_ = 0;
};

} // namespace sluice::testing_support
