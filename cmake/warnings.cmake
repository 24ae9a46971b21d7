# Warnings for our own code only: imported targets (CAF, RocksDB, Boost) stay system headers.
add_library(sluice_warnings INTERFACE)
target_compile_options(sluice_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wno-sign-conversion
  -Werror -Werror=unused-result)
# GCC 12 reports -Wmaybe-uninitialized falsely inside std::variant and std::regex once ASan's
# instrumentation changes inlining; the Release build keeps the warning as an error.
if(SLUICE_SANITIZE)
  target_compile_options(sluice_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
