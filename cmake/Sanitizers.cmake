# Whole-build sanitizers, chosen with -DDAGBOARD_SANITIZE=address|thread (scripts/sanitize.sh).
#   address: AddressSanitizer + UBSan; with DAGBOARD_BUILD_FUZZERS also libFuzzer's coverage hooks,
#            so one instrumented library serves the fuzzers and the C++ suite.
#   thread:  ThreadSanitizer.
# Every target, the library included, is instrumented. UBSan's vptr check stays off: it needs type
# info from SOCI, which Debian builds without exporting it.
set(DAGBOARD_SANITIZE "" CACHE STRING "Sanitizers for every target: address (ASan+UBSan) or thread")
set_property(CACHE DAGBOARD_SANITIZE PROPERTY STRINGS "" address thread)
if(DAGBOARD_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DAGBOARD_BUILD_FUZZERS needs clang (CXX=clang++)")
  endif()
  if(DAGBOARD_SANITIZE STREQUAL "")
    set(DAGBOARD_SANITIZE address)
  elseif(NOT DAGBOARD_SANITIZE STREQUAL "address")
    message(FATAL_ERROR "DAGBOARD_BUILD_FUZZERS goes with DAGBOARD_SANITIZE=address")
  endif()
endif()

if(DAGBOARD_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr)
  if(DAGBOARD_BUILD_FUZZERS)
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
elseif(DAGBOARD_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=thread)
elseif(NOT DAGBOARD_SANITIZE STREQUAL "")
  message(FATAL_ERROR "DAGBOARD_SANITIZE is address, thread or empty, not '${DAGBOARD_SANITIZE}'")
endif()
