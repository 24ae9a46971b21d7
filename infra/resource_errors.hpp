// Failures that say this process or this host ran out of something (descriptors, kernel buffers,
// memory), not that the peer, the network or an exit node did anything wrong. An accept loop
// pauses on them rather than spinning; a connect that fails with one is not held against the
// exit node it was going through, or every node would go down together while descriptors are
// short.
#pragma once

#include <boost/system/errc.hpp>
#include <boost/system/error_code.hpp>

namespace sluice::infra {

inline bool out_of_resources(const boost::system::error_code& ec) {
  namespace errc = boost::system::errc;
  return ec == errc::too_many_files_open || ec == errc::too_many_files_open_in_system
         || ec == errc::no_buffer_space || ec == errc::not_enough_memory;
}

} // namespace sluice::infra
