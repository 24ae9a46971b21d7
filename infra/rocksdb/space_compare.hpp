// Compares the live projection space with the replay space, key by key.
#pragma once

#include "infra/rocksdb/handles.hpp"
#include "infra/storage.hpp"

namespace sluice::infra::rocksdb_adapter {

result<space_comparison> compare_column_families(const handles& h);

} // namespace sluice::infra::rocksdb_adapter
