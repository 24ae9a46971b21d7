# Helper for the check_*.cmake scripts: reads a source file as a CMake list of its lines.

# CMake lists split on ';', and '\' and unbalanced brackets change how they split, so those four
# characters become control bytes (never in our sources) before '\n' becomes the separator. The
# checks' regexes never mention them, and each keeps a line's length.
function(sluice_read_lines file out)
  file(READ "${file}" text)
  string(ASCII 1 bs)
  string(ASCII 2 sc)
  string(ASCII 3 lb)
  string(ASCII 4 rb)
  string(REPLACE "\\" "${bs}" text "${text}")
  string(REPLACE ";" "${sc}" text "${text}")
  string(REPLACE "[" "${lb}" text "${text}")
  string(REPLACE "]" "${rb}" text "${text}")
  string(REPLACE "\r" "" text "${text}")
  # A final newline ends the last line; it does not start another one.
  string(REGEX REPLACE "\n$" "" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()
