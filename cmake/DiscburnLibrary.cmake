# discburn_shared_library(NAME OUTPUT_NAME SOURCES <src...> EXPORTS <glob...>
#                         [PUBLIC <libs...>] [PRIVATE <libs...>])
# The installable shared library beside an in-tree static one: the same
# sources, soname libOUTPUT_NAME.so.MAJOR, and a dynamic symbol table that
# holds only the EXPORTS globs (a linker version script), so nothing internal
# becomes ABI. The static libraries stay what the tools and tests link.
function(discburn_shared_library name output_name)
  cmake_parse_arguments(L "" "" "SOURCES;EXPORTS;PUBLIC;PRIVATE" ${ARGN})
  add_library(${name} SHARED ${L_SOURCES})
  set(patterns "")
  foreach(glob IN LISTS L_EXPORTS)
    string(APPEND patterns "${glob}; ")
  endforeach()
  set(LIB lib${output_name}.so)
  set(PATTERNS "${patterns}")
  set(map ${CMAKE_CURRENT_BINARY_DIR}/${output_name}.map)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/exports.map.in ${map} @ONLY)
  set_target_properties(${name} PROPERTIES
    OUTPUT_NAME ${output_name}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
    LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
    LINK_DEPENDS ${map})
  target_link_options(${name} PRIVATE "LINKER:--version-script=${map}" "LINKER:--no-undefined")
  target_link_libraries(${name} PUBLIC ${L_PUBLIC} PRIVATE ${L_PRIVATE})
endfunction()
