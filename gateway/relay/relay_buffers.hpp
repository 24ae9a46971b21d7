// The buffers a tunnel relays through. A direction holds one only while it has bytes to move (an
// idle tunnel holds none: issue #4's memory aim), and a direction that fills a small one moves up
// to a large one, so bulk transfers pay one read and one write per few MiB rather than per 64 KiB
// (bench/README.md: on this kernel that beat splice(2) through a pipe by 1.5–2× in throughput).
// Large buffers are few by design: past `large_buffers_max` in use, directions stay small.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace sluice::gateway {

inline constexpr std::size_t small_relay_buffer = 64 * 1024;
inline constexpr std::size_t large_relay_buffer = 4 * 1024 * 1024;
/// At most this many large buffers exist at once (64 MiB), kept warm between uses.
inline constexpr std::size_t large_buffers_max = 16;

/// One buffer out of the pool; gives it back when it goes. Movable, not copyable.
class relay_buffer {
public:
  relay_buffer() = default;
  /// Small, or large if `large` and the budget allows.
  static relay_buffer acquire(bool large);

  relay_buffer(relay_buffer&& other) noexcept;
  relay_buffer& operator=(relay_buffer&& other) noexcept;
  relay_buffer(const relay_buffer&) = delete;
  relay_buffer& operator=(const relay_buffer&) = delete;
  ~relay_buffer();

  explicit operator bool() const {
    return bytes_ != nullptr;
  }
  std::span<std::uint8_t> bytes() const {
    return {bytes_.get(), size_};
  }
  bool large() const {
    return size_ == large_relay_buffer;
  }

private:
  relay_buffer(std::unique_ptr<std::uint8_t[]> bytes, std::size_t size);
  void give_back();

  std::unique_ptr<std::uint8_t[]> bytes_;
  std::size_t size_ = 0;
};

} // namespace sluice::gateway
