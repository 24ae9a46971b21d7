#include "infra/accept_backoff.hpp"

#include "infra/log.hpp"
#include "infra/resource_errors.hpp"

namespace sluice::infra {

accept_backoff::accept_backoff(std::string_view listener) : listener_(listener) {
}

std::chrono::milliseconds accept_backoff::failed(const boost::system::error_code& ec) {
  if (!out_of_resources(ec))
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
