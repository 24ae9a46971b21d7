// The failure path of SLUICE_CHECK: one line on stderr, then abort so a core dump is possible.
#include "events/base/check.hpp"

#include <cstdio>
#include <cstdlib>

namespace sluice::detail {

void check_failed(const char* expression, std::source_location where) {
  std::fprintf(stderr, "%s:%u: check failed: %s (in %s)\n", where.file_name(),
               static_cast<unsigned>(where.line()), expression, where.function_name());
  std::abort();
}

} // namespace sluice::detail
