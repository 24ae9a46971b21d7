// Storage for read models: key-value state written together with a checkpoint in one atomic
// batch, so each event is applied to a projection exactly once, across restarts (DESIGN.md §1).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/base/result.hpp"

namespace sluice::infra {

/// A pending batch of projection writes. Reads see the batch's own writes first.
class projection_tx {
public:
  virtual ~projection_tx() = default;
  virtual result<std::optional<std::string>> get(std::string_view key) = 0;
  virtual void put(std::string_view key, std::string_view value) = 0;
  virtual void erase(std::string_view key) = 0;
  /// Records that `projection` has applied every event up to `seq`.
  virtual void set_checkpoint(std::string_view projection, std::uint64_t seq) = 0;
  /// Puts and erases so far, including those a later write of the same key replaced.
  virtual std::uint64_t write_count() const = 0;
  /// Writes everything at once (synced). After a failure nothing of the batch is stored.
  virtual status commit() = 0;
};

/// One space of projections: the live one, or the scratch space `sluice replay` rebuilds into.
class projection_store {
public:
  virtual ~projection_store() = default;
  virtual std::unique_ptr<projection_tx> begin() = 0;
  /// The last sequence `projection` applied (0: none).
  virtual result<std::uint64_t> checkpoint(std::string_view projection) const = 0;
  virtual result<std::optional<std::string>> get(std::string_view key) const = 0;
  /// Keys starting with `prefix`, in key order, at most `max_count`, from `start_after` on.
  virtual result<std::vector<std::pair<std::string, std::string>>>
  scan(std::string_view prefix, std::string_view start_after, std::size_t max_count) const = 0;
};

} // namespace sluice::infra
