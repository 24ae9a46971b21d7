#include "apps/open_files_limit.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/resource.h>

#include "infra/log.hpp"

namespace sluice::apps {

void raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    infra::log_warn("serve",
                    std::string("cannot read the open files limit: ") + std::strerror(errno));
    return;
  }
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      limit = raised;
    } else {
      infra::log_warn("serve",
                      std::string("cannot raise the open files limit: ") + std::strerror(errno));
    }
  }
  const auto text = limit.rlim_cur == RLIM_INFINITY ? std::string("unlimited")
                                                    : std::to_string(limit.rlim_cur);
  infra::log_info("serve", "open files limit " + text + " (two per tunnel)");
}

} // namespace sluice::apps
