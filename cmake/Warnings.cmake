# Warnings for our own targets only: link dagboard_warnings PRIVATE.
add_library(dagboard_warnings INTERFACE)
target_compile_options(dagboard_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  # Option structs are meant to be filled with designated initializers, leaving the rest default.
  -Wno-missing-field-initializers
  # GCC 12 reports std::string concatenation as overlapping memcpy (GCC bug 105651).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(DAGBOARD_WERROR)
  target_compile_options(dagboard_warnings INTERFACE -Werror)
endif()
