# The `tidy` test: cmake -DROOT=<repo> -P cmake/check_tidy.cmake
# Enforces style.md §4.7 and §4.9 on every .hpp/.cpp of ours: size limits and a short ban list.
# Reports every violation as `path:line: reason`.
cmake_minimum_required(VERSION 3.25)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<repo root> -P cmake/check_tidy.cmake")
endif()
include("${CMAKE_CURRENT_LIST_DIR}/source_lines.cmake")

set(file_lines_max 400)
set(line_columns_max 100)

set(files)
foreach(dir events infra actors projections gateway http apps tests bench)
  file(GLOB_RECURSE found RELATIVE "${ROOT}" "${ROOT}/${dir}/*.hpp" "${ROOT}/${dir}/*.cpp")
  list(APPEND files ${found})
endforeach()
list(SORT files)

# Columns, not bytes: UTF-8 continuation bytes (0x80-0xBF) take no column of their own.
string(ASCII 128 cont_lo)
string(ASCII 191 cont_hi)
set(utf8_continuation "[${cont_lo}-${cont_hi}]")
# Headers may still bring in the std literals: std::literals, std::chrono_literals, ...
set(std_literals "using[ \t]+namespace[ \t]+std::([a-z_]+::)*[a-z_]*literals([^a-z_:]|$)")
# The banned words, as one regex for a cheap first test per line (refined below).
set(any_banned "(_clock::now|asio::detached|std::cout|using[ \t]+namespace|std::rand|sleep_for)")

set(violations)
macro(add_violation reason)
  list(APPEND violations "${rel}:${n}: ${reason}")
endmacro()

foreach(rel IN LISTS files)
  # Where the exceptions apply.
  set(in_bench FALSE)
  set(in_apps FALSE)
  set(in_tests_not_support FALSE)
  if(rel MATCHES "^bench/")
    set(in_bench TRUE)
  elseif(rel MATCHES "^apps/")
    set(in_apps TRUE)
  elseif(rel MATCHES "^tests/" AND NOT rel MATCHES "^tests/support/")
    set(in_tests_not_support TRUE)
  endif()

  sluice_read_lines("${ROOT}/${rel}" lines)
  list(LENGTH lines line_count)
  set(n ${line_count})
  if(line_count GREATER file_lines_max)
    add_violation("file has ${line_count} lines (max ${file_lines_max})")
  endif()

  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    string(LENGTH "${line}" bytes)
    if(bytes GREATER line_columns_max)
      string(REGEX REPLACE "${utf8_continuation}" "" chars "${line}")
      string(LENGTH "${chars}" columns)
      if(columns GREATER line_columns_max)
        add_violation("line has ${columns} columns (max ${line_columns_max})")
      endif()
    endif()

    if(NOT line MATCHES "${any_banned}")
      continue()
    endif()
    # Comments may name a banned thing (to explain why not); only code counts. A "//" inside a
    # string literal hides the rest of that line, which only makes the check more lenient.
    string(REGEX REPLACE "//.*$" "" code "${line}")

    if(code MATCHES "(system|steady)_clock::now" AND NOT in_bench
       AND NOT rel STREQUAL "infra/clock.cpp")
      add_violation("${CMAKE_MATCH_1}_clock::now outside infra/clock.cpp: use infra::clock")
    endif()
    if(code MATCHES "asio::detached")
      add_violation("asio::detached swallows exceptions: log them (style.md §4.5)")
    endif()
    if(code MATCHES "std::cout([^A-Za-z0-9_]|$)" AND NOT in_apps AND NOT in_bench)
      add_violation("std::cout outside apps/ and bench/: use infra/log.hpp")
    endif()
    if(rel MATCHES "\\.hpp$" AND code MATCHES "using[ \t]+namespace"
       AND NOT code MATCHES "${std_literals}")
      add_violation("using namespace in a header (std::*literals only)")
    endif()
    if(code MATCHES "std::rand([^A-Za-z0-9_]|$)")
      add_violation("std::rand: use infra/crypto.hpp, or a seeded engine in tests")
    endif()
    if(code MATCHES "sleep_for" AND in_tests_not_support)
      add_violation("sleep_for in a test: wait for a signal or use a manual clock")
    endif()
  endforeach()
endforeach()

list(LENGTH files checked)
if(violations)
  list(LENGTH violations count)
  list(JOIN violations "\n" report)
  # NOTICE prints verbatim; FATAL_ERROR would re-wrap the lines and break `path:line:` parsing.
  message(NOTICE "${report}")
  message(FATAL_ERROR "tidy: ${count} violation(s) in ${checked} files "
                      "(rules: cmake/check_tidy.cmake, style.md §4.7 and §4.9)")
endif()
message(STATUS "tidy: ${checked} files checked, no violations")
