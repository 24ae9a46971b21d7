# Warnings for our own code only: imported targets (CAF, RocksDB, Boost) stay system headers.
add_library(sluice_warnings INTERFACE)
target_compile_options(sluice_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wno-sign-conversion
  -Werror -Werror=unused-result)
