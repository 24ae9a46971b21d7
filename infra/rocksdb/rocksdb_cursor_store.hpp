// cursor_store on the "cursors" column family: name -> seq (8 bytes, big-endian).
#pragma once

#include "infra/cursor_store.hpp"
#include "infra/rocksdb/handles.hpp"

namespace sluice::infra::rocksdb_adapter {

class rocksdb_cursor_store final : public cursor_store {
public:
  explicit rocksdb_cursor_store(handles& h) : h_(h) {
  }
  result<std::uint64_t> load(std::string_view name) const override;
  status save(std::string_view name, std::uint64_t seq) override;

private:
  handles& h_;
};

} // namespace sluice::infra::rocksdb_adapter
