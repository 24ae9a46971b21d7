// Which connections a listener keeps (issue #20 §3): at most `per_address_max` from one source
// address and `total_max` in all. At a cap a connection that is still *waiting* (for a request's
// headers on REST, for the end of its handshake on SOCKS) is closed to make room: at an address's
// cap, that address's oldest; at the total cap, the oldest of the address holding the most places
// (failing that, of the next). Only when none is waiting is the newcomer refused. A client that
// reopens connections as fast as they close, or trickles bytes, therefore sheds its own: a real
// client's request arrives within milliseconds, and a lone client is the last to pay. The REST
// server also keeps the last `reserve` places for the operator.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace sluice::infra {

struct admission_caps {
  std::uint64_t total_max = 10'000;
  std::uint64_t per_address_max = 256;
  /// Places past `total_max - reserve` are admitted as `reserved()`: the caller decides what a
  /// connection there may do (REST: operator requests only). 0: no reserve.
  std::uint64_t reserve = 0;
};

class connection_admission : public std::enable_shared_from_this<connection_admission> {
public:
  /// One admitted connection, waiting until told otherwise. Destroying it frees its place.
  class place {
  public:
    ~place();
    place(const place&) = delete;
    place& operator=(const place&) = delete;

    bool reserved() const {
      return reserved_;
    }
    /// Waiting (the only state in which it may be shed), or busy.
    void set_waiting(bool waiting);

  private:
    friend class connection_admission;
    place(std::shared_ptr<connection_admission> owner, std::uint64_t id,
          boost::asio::ip::address address, bool reserved, std::function<void()> close)
      : owner_(std::move(owner)),
        id_(id),
        address_(std::move(address)),
        reserved_(reserved),
        close_(std::move(close)) {
    }

    std::shared_ptr<connection_admission> owner_;
    std::uint64_t id_;
    boost::asio::ip::address address_;
    bool reserved_;
    bool waiting_ = true; ///< Guarded by the owner's mutex, as are the two below.
    bool shed_ = false;   ///< Gone from the counts already.
    std::function<void()> close_;
  };

  /// Shared, because each place refers back to it and may outlive the listener's loop.
  static std::shared_ptr<connection_admission> create(admission_caps caps);

  /// A place for a new connection from `address`, or none: the connection must be closed.
  /// `close` is how the connection is closed if it is shed: called with the admission's lock
  /// held, on whichever thread sheds it, so it must only wake the connection (shutdown_socket).
  std::unique_ptr<place> admit(const boost::asio::ip::address& address,
                               std::function<void()> close);

  /// A `close` for admit(): shutdown(2) of the socket `fd`, which ends its pending reads on any
  /// thread at once. The socket must stay open while its place exists (release the place
  /// first), so that the descriptor cannot be another connection's by then.
  static std::function<void()> shutdown_socket(int fd);

  /// Sheds up to `count` waiting connections, as at the total cap (this host ran short of
  /// descriptors); how many it shed.
  std::size_t shed_some(std::size_t count);

  /// Connections holding a place now.
  std::uint64_t size() const;

private:
  explicit connection_admission(admission_caps caps) : caps_(caps) {
  }
  /// Sheds the oldest waiting one among `ids`; false if none of them is waiting.
  bool shed_oldest_of(const std::set<std::uint64_t>& ids);
  /// The oldest waiting one of the address with the most places that has one waiting.
  bool shed_from_largest_address();
  void shed(place& p);
  void release(place& p);

  admission_caps caps_;
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, place*> open_; ///< By id: the order of admission.
  std::map<boost::asio::ip::address, std::set<std::uint64_t>> by_address_;
};

} // namespace sluice::infra
