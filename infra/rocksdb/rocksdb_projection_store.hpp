// projection_store on two column families (state and checkpoints) of the shared database.
// A transaction keeps its writes in memory, so a projection reads its own pending writes.
#pragma once

#include "infra/projection_store.hpp"
#include "infra/rocksdb/handles.hpp"

namespace sluice::infra::rocksdb_adapter {

class rocksdb_projection_store final : public projection_store {
public:
  /// `space`: 0 live, 1 replay (an index into handles' arrays, which reset may swap).
  rocksdb_projection_store(handles& h, std::size_t space) : h_(h), space_(space) {
  }

  // infra::projection_store
  std::unique_ptr<projection_tx> begin() override;
  result<std::uint64_t> checkpoint(std::string_view projection) const override;
  result<std::optional<std::string>> get(std::string_view key) const override;
  result<std::vector<std::pair<std::string, std::string>>>
  scan(std::string_view prefix, std::string_view start_after, std::size_t max_count) const override;

private:
  handles& h_;
  std::size_t space_;
};

} // namespace sluice::infra::rocksdb_adapter
