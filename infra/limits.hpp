// Hard caps of infra/ (house style §4.8). Configurable values are checked against these.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::infra::limits {

/// Longest stream id: "session/{account}/{session}/{country}" with 64-character tokens fits.
inline constexpr std::size_t stream_id_bytes_max = 256;
/// Largest single encoded event; metering and catalogue events are far smaller.
inline constexpr std::size_t event_bytes_max = 256 * 1024;
/// Events in one append request (one command's events).
inline constexpr std::size_t append_events_max = 1024;
/// Appends waiting for the writer; beyond this the log answers errc::unavailable (backpressure).
inline constexpr std::size_t append_queue_max = 65'536;
/// Appends folded into one WriteBatch + fsync.
inline constexpr std::size_t group_commit_appends_max = 4096;
/// Streams whose last version the writer remembers before it starts over (it re-reads on miss).
inline constexpr std::size_t stream_version_cache_max = 1'000'000;

static_assert(group_commit_appends_max <= append_queue_max);

} // namespace sluice::infra::limits
