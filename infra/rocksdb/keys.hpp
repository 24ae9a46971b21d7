// Key encodings of the RocksDB column families. Big-endian integers make RocksDB's bytewise
// order equal numeric order, so a forward scan of "events" is log order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::infra::rocksdb_adapter {

inline std::string be64(std::uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, value >>= 8)
    out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
  return out;
}

/// Decodes 8 big-endian bytes; the caller checks the size first.
inline std::uint64_t from_be64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

/// Stream index key: stream id, a NUL separator (stream ids never contain NUL), version.
inline std::string stream_key(std::string_view stream, std::uint64_t version) {
  std::string key;
  key.reserve(stream.size() + 9);
  key.append(stream);
  key.push_back('\0');
  key.append(be64(version));
  return key;
}

// Column family names (DESIGN.md §3). The replay_* pair is the scratch space of `sluice replay`.
inline constexpr std::string_view cf_events = "events";
inline constexpr std::string_view cf_streams = "streams";
inline constexpr std::string_view cf_snapshots = "snapshots";
inline constexpr std::string_view cf_projections = "projections";
inline constexpr std::string_view cf_checkpoints = "checkpoints";
inline constexpr std::string_view cf_replay_projections = "replay_projections";
inline constexpr std::string_view cf_replay_checkpoints = "replay_checkpoints";
/// Positions of consumers that are not read models (cursor_store.hpp).
inline constexpr std::string_view cf_cursors = "cursors";

} // namespace sluice::infra::rocksdb_adapter
