// Point reads and writes of consumer cursors.
#include "infra/rocksdb/rocksdb_cursor_store.hpp"

#include "infra/rocksdb/keys.hpp"

namespace sluice::infra::rocksdb_adapter {

result<std::uint64_t> rocksdb_cursor_store::load(std::string_view name) const {
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  if (h_.cursors == nullptr)
    return std::uint64_t{0}; // A follower on a log written before cursors existed.
  std::string value;
  auto s = h_.db->Get(rocksdb::ReadOptions{}, h_.cursors, rocksdb::Slice{name.data(), name.size()},
                      &value);
  if (s.IsNotFound())
    return std::uint64_t{0};
  if (!s.ok())
    return errc::io_error;
  if (value.size() != 8)
    return errc::corrupt_data;
  return from_be64(value);
}

status rocksdb_cursor_store::save(std::string_view name, std::uint64_t seq) {
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  if (h_.cursors == nullptr)
    return errc::forbidden;
  auto s = h_.db->Put(rocksdb::WriteOptions{}, h_.cursors, rocksdb::Slice{name.data(), name.size()},
                      be64(seq));
  return s.ok() ? status{} : status{h_.write_failed(s)};
}

} // namespace sluice::infra::rocksdb_adapter
