# The one place that says who may include what (style.md §4.3). Read by cmake/check_layering.cmake,
# which the `layering` CTest test runs over the tree; sluice_add_layering_test() registers it and
# the `tidy` test (cmake/check_tidy.cmake).

# Our includes: a layer may include its own files and what its regex allows (paths from the root).
set(SLUICE_LAYERS events infra actors projections gateway http apps)
set(SLUICE_MAY_INCLUDE_events      "^$")
set(SLUICE_MAY_INCLUDE_infra       "^events/")
set(SLUICE_MAY_INCLUDE_actors      "^(events/|infra/[a-z0-9_]+\\.hpp$)")
set(SLUICE_MAY_INCLUDE_projections "^(events/|infra/[a-z0-9_]+\\.hpp$)")
set(SLUICE_MAY_INCLUDE_gateway     "^(events/|infra/[a-z0-9_]+\\.hpp$|actors/facade/)")
set(SLUICE_MAY_INCLUDE_http        "^(events/|infra/[a-z0-9_]+\\.hpp$|actors/facade/|projections/facade/)")
set(SLUICE_MAY_INCLUDE_apps        ".")
# tests/<layer>/ follows <layer>'s row and may also include this. Other folders under tests/
# (e2e, support, fuzz) and bench/ may include anything of ours.
set(SLUICE_MAY_INCLUDE_TESTS_EXTRA "^tests/support/")

# Third-party headers confined to some layers (and to tests/<layer>/ of those layers). Everywhere
# else, including apps/, bench/, tests/support/ and tests/e2e/, they are refused.
set(SLUICE_CONFINED caf rocksdb rdkafka openssl argon2 tomlplusplus beast)
set(SLUICE_CONFINED_caf_HEADER          "^caf/")
set(SLUICE_CONFINED_caf_IN              actors)
set(SLUICE_CONFINED_rocksdb_HEADER      "^rocksdb/")
set(SLUICE_CONFINED_rocksdb_IN          infra bench)
set(SLUICE_CONFINED_rdkafka_HEADER      "^(librdkafka/|rdkafka)")
set(SLUICE_CONFINED_rdkafka_IN          infra)
set(SLUICE_CONFINED_openssl_HEADER      "^openssl/")
set(SLUICE_CONFINED_openssl_IN          infra)
set(SLUICE_CONFINED_argon2_HEADER       "^argon2\\.h$")
set(SLUICE_CONFINED_argon2_IN           infra)
set(SLUICE_CONFINED_tomlplusplus_HEADER "^toml\\+\\+/")
set(SLUICE_CONFINED_tomlplusplus_IN     infra)
set(SLUICE_CONFINED_beast_HEADER        "^boost/beast")
# gateway: Beast's HTTP/1.1 parser reads the HTTP proxy front end of lease ports (issue #21).
set(SLUICE_CONFINED_beast_IN            http infra gateway)

# Registers the `layering` and `tidy` tests. Both re-glob the tree when they run, so a new file is
# checked without re-running CMake.
function(sluice_add_layering_test)
  add_test(NAME layering
           COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}
                   -P ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake)
  add_test(NAME tidy
           COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}
                   -P ${PROJECT_SOURCE_DIR}/cmake/check_tidy.cmake)
  set_tests_properties(layering tidy PROPERTIES LABELS static)
endfunction()
