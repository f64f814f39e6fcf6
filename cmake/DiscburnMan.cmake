# Man pages: docs/man/NAME.SECTION.scd, turned into roff at build time by
# scdoc (Debian package scdoc) and installed under MANDIR/manSECTION.
option(DISCBURN_MAN "Build and install the man pages (needs scdoc)" ON)
if(NOT DISCBURN_MAN)
  return()
endif()
find_program(SCDOC scdoc)
if(NOT SCDOC)
  message(FATAL_ERROR "scdoc not found: the man pages are built with it "
    "(apt-get install scdoc, or scripts/install-deps.sh), or configure with -DDISCBURN_MAN=OFF")
endif()
file(GLOB man_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/*.scd)
set(man_pages)
foreach(scd IN LISTS man_sources)
  get_filename_component(page ${scd} NAME_WLE)            # discburn.1
  string(REGEX REPLACE "^.*\\.([0-9])$" "\\1" section ${page})
  set(out ${CMAKE_BINARY_DIR}/man/${page})
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${SCDOC} < ${scd} > ${out}
    DEPENDS ${scd} VERBATIM
    COMMENT "scdoc ${page}")
  list(APPEND man_pages ${out})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(man ALL DEPENDS ${man_pages})
