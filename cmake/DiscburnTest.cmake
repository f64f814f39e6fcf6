# discburn_add_tests(DIR LIBS <libs...> [LABELS <labels...>] [TIMEOUT s] [THREADED])
# One cmocka executable and one ctest per test_*.c file in DIR: each test runs in
# its own process with its own timeout (as libuv's runner does), and a new test
# is a new file, no list to edit.
#
# Threaded tests also get the label `tsan` (./test.sh runs them in a
# ThreadSanitizer build): every test of a THREADED directory (the integration
# tests: each write goes through WriteEngine2's reader thread), and any other
# whose source starts threads or drives the write engine.
function(discburn_add_tests dir)
  cmake_parse_arguments(T "THREADED" "TIMEOUT" "LIBS;LABELS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/test_*.c")
  foreach(src IN LISTS sources)
    get_filename_component(name "${src}" NAME_WE)
    add_executable(${name} "${src}")
    target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::CMOCKA)
    target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/support)
    target_compile_definitions(${name} PRIVATE
      DISCBURN_PROFILES_DIR="${DISCBURN_PROFILES_DIR}"
      DISCBURN_BUILD_DIR="${CMAKE_BINARY_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    set(labels ${T_LABELS})
    file(READ "${src}" text)
    if(T_THREADED OR text MATCHES "pthread_create|db_write_engine_")
      list(APPEND labels tsan)
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
      LABELS "${labels}"
      ENVIRONMENT "MMCEMU_PROFILES_DIR=${DISCBURN_PROFILES_DIR}")
  endforeach()
endfunction()
