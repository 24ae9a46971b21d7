// The read side of the RocksDB event log: by sequence, by stream, and snapshots. Reads run on
// the caller's thread; RocksDB iterators see a consistent view of what was committed.
#include <rocksdb/iterator.h>

#include "infra/rocksdb/group_commit_log.hpp"
#include "infra/rocksdb/keys.hpp"

namespace sluice::infra::rocksdb_adapter {
namespace {

// Decodes a stored envelope and checks it against its key: a mismatch is corruption, never
// something to skip.
result<events::envelope> decode_at(std::uint64_t seq, std::string_view bytes) {
  auto e = events::envelope_from_json(bytes);
  if (!e)
    return e.error();
  if (e->seq != seq)
    return errc::corrupt_data;
  return e;
}

} // namespace

result<std::vector<events::envelope>> group_commit_log::read_after(std::uint64_t after_seq,
                                                                   std::size_t max_count) const {
  std::vector<events::envelope> out;
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  std::unique_ptr<rocksdb::Iterator> it(h_.db->NewIterator(rocksdb::ReadOptions{}, h_.events));
  std::uint64_t expected = after_seq + 1;
  for (it->Seek(be64(expected)); it->Valid() && out.size() < max_count; it->Next()) {
    if (it->key().size() != 8)
      return errc::corrupt_data;
    const auto seq = from_be64(it->key().ToStringView());
    if (seq != expected)
      return errc::corrupt_data; // The log is gapless by construction.
    auto e = decode_at(seq, it->value().ToStringView());
    if (!e)
      return e.error();
    out.push_back(std::move(*e));
    ++expected;
  }
  if (!it->status().ok())
    return errc::io_error;
  return out;
}

result<std::vector<events::envelope>> group_commit_log::read_stream(std::string_view stream,
                                                                    std::uint64_t from_version,
                                                                    std::size_t max_count) const {
  std::vector<events::envelope> out;
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  std::unique_ptr<rocksdb::Iterator> it(h_.db->NewIterator(rocksdb::ReadOptions{}, h_.streams));
  const auto prefix = stream_key(stream, 0).substr(0, stream.size() + 1);
  for (it->Seek(stream_key(stream, std::max<std::uint64_t>(from_version, 1)));
       it->Valid() && out.size() < max_count; it->Next()) {
    const auto key = it->key().ToStringView();
    if (key.size() != prefix.size() + 8 || !key.starts_with(prefix))
      break;
    if (it->value().size() != 8)
      return errc::corrupt_data;
    const auto seq = from_be64(it->value().ToStringView());
    std::string bytes;
    const auto s = h_.db->Get(rocksdb::ReadOptions{}, h_.events, be64(seq), &bytes);
    if (!s.ok())
      return s.IsNotFound() ? errc::corrupt_data : errc::io_error;
    auto e = decode_at(seq, bytes);
    if (!e)
      return e.error();
    if (e->stream != stream || e->version != from_be64(key.substr(prefix.size()))) {
      return errc::corrupt_data;
    }
    out.push_back(std::move(*e));
  }
  if (!it->status().ok())
    return errc::io_error;
  return out;
}

status group_commit_log::save_snapshot(std::string_view stream, const snapshot& s) {
  std::string value = be64(s.version);
  value.append(s.state);
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  const auto st = h_.db->Put(rocksdb::WriteOptions{}, h_.snapshots, stream, value);
  if (!st.ok())
    return h_.write_failed(st);
  return {};
}

result<std::optional<snapshot>> group_commit_log::load_snapshot(std::string_view stream) const {
  std::string value;
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  const auto st = h_.db->Get(rocksdb::ReadOptions{}, h_.snapshots, stream, &value);
  if (st.IsNotFound())
    return std::optional<snapshot>{};
  if (!st.ok())
    return errc::io_error;
  if (value.size() < 8)
    return errc::corrupt_data;
  return std::optional<snapshot>{snapshot{from_be64(value), value.substr(8)}};
}

} // namespace sluice::infra::rocksdb_adapter
