#include "infra/accept_backoff.hpp"

#include <boost/system/errc.hpp>

#include "infra/log.hpp"

namespace sluice::infra {

namespace {

/// Failures that leave the connection queued until the process or the kernel frees something.
bool starved(const boost::system::error_code& ec) {
  namespace errc = boost::system::errc;
  return ec == errc::too_many_files_open || ec == errc::too_many_files_open_in_system
         || ec == errc::no_buffer_space || ec == errc::not_enough_memory;
}

} // namespace

accept_backoff::accept_backoff(std::string_view listener) : listener_(listener) {
}

std::chrono::milliseconds accept_backoff::failed(const boost::system::error_code& ec) {
  if (!starved(ec))
    return std::chrono::milliseconds{0};
  if (failures_++ == 0) {
    log_warn("net", listener_ + ": cannot accept connections (" + ec.message()
                      + "); they wait in the backlog, and accepting resumes when it can");
  }
  return accept_pause;
}

void accept_backoff::succeeded() {
  if (failures_ == 0)
    return;
  log_info("net",
           listener_ + ": accepting again after " + std::to_string(failures_) + " failed tries");
  failures_ = 0;
}

} // namespace sluice::infra
