// SLUICE_CHECK: an assertion that stays on in release builds (TigerStyle). A failed check is a
// programmer error: it prints file, line and expression, then aborts.
#pragma once

#include <source_location>

namespace sluice::detail {
[[noreturn]] void check_failed(const char* expression,
                               std::source_location where = std::source_location::current());
} // namespace sluice::detail

#define SLUICE_CHECK(cond) ((cond) ? static_cast<void>(0) : ::sluice::detail::check_failed(#cond))

#ifdef NDEBUG
#  define SLUICE_DCHECK(cond) static_cast<void>(0)
#else
#  define SLUICE_DCHECK(cond) SLUICE_CHECK(cond)
#endif
