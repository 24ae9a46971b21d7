# Warnings for our own code only: imported targets (CAF, RocksDB, Boost) stay system headers.
add_library(sluice_warnings INTERFACE)
target_compile_options(sluice_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wno-sign-conversion
  -Werror -Werror=unused-result)
# GCC 12 at -O2 reports -Wmismatched-new-delete on every Asio coroutine frame (asio's frames
# have their own operator new/delete, which the inliner pairs wrongly: GCC PR 109224). Off.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(sluice_warnings INTERFACE -Wno-mismatched-new-delete)
endif()
# GCC 12 reports -Wmaybe-uninitialized falsely inside std::variant and std::regex once ASan's
# instrumentation changes inlining; the Release build keeps the warning as an error.
if(SLUICE_SANITIZE)
  target_compile_options(sluice_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
