# Third-party packages, all from Debian bookworm (scripts/packages.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS headers json url)
find_package(RocksDB CONFIG REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)

# Debian's libcaf-dev ships neither a CMake package nor a .pc file (caf-0.17-primer §0).
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIBRARY NAMES caf_core REQUIRED)
file(STRINGS "${CAF_INCLUDE_DIR}/caf/config.hpp" _caf_ver REGEX "^#define CAF_VERSION [0-9]+")
string(REGEX MATCH "[0-9]+" CAF_VERSION_NUM "${_caf_ver}")
if(CAF_VERSION_NUM LESS 1700 OR CAF_VERSION_NUM GREATER_EQUAL 1800)
  message(FATAL_ERROR "expected CAF 0.17.x, found CAF_VERSION ${CAF_VERSION_NUM}")
endif()
add_library(CAF::core UNKNOWN IMPORTED)
set_target_properties(CAF::core PROPERTIES
  IMPORTED_LOCATION "${CAF_CORE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES Threads::Threads)

find_package(tomlplusplus CONFIG REQUIRED)

find_path(ARGON2_INCLUDE_DIR argon2.h REQUIRED)
find_library(ARGON2_LIBRARY NAMES argon2 REQUIRED)
add_library(argon2::argon2 UNKNOWN IMPORTED)
set_target_properties(argon2::argon2 PROPERTIES
  IMPORTED_LOCATION "${ARGON2_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${ARGON2_INCLUDE_DIR}")

# librdkafka-dev ships a .pc file but no CMake package.
find_path(RDKAFKA_INCLUDE_DIR librdkafka/rdkafka.h REQUIRED)
find_library(RDKAFKA_LIBRARY NAMES rdkafka REQUIRED)
add_library(RdKafka::rdkafka UNKNOWN IMPORTED)
set_target_properties(RdKafka::rdkafka PROPERTIES
  IMPORTED_LOCATION "${RDKAFKA_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${RDKAFKA_INCLUDE_DIR}")

if(SLUICE_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
