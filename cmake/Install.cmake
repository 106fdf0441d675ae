# Where `cmake --install` puts everything (FHS under the prefix), where the programs look for
# their data (sim/core/data_dirs.cpp: relative to the program, so any prefix works), and the
# test that an installed copy runs with no source tree. CPack's .deb: cmake/Packaging.cmake.
include(GNUInstallDirs)

set(POSTINO_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/postino)
option(POSTINO_BUNDLE_FONTS
       "Install copies of the DejaVu fonts in share/postino/fonts (OFF: use Debian's fonts-dejavu-core)" OFF)

# The data folders as seen from the installed programs, and this build's own source and build
# folders (used only when a program runs from the build folder). One file only, so the other
# objects stay the same across checkouts and the compiler cache keeps serving them.
file(RELATIVE_PATH POSTINO_DATA_FROM_BIN /${CMAKE_INSTALL_BINDIR} /${POSTINO_INSTALL_DATADIR})
file(RELATIVE_PATH POSTINO_LOCALE_FROM_BIN /${CMAKE_INSTALL_BINDIR} /${CMAKE_INSTALL_LOCALEDIR})
set_source_files_properties(${PROJECT_SOURCE_DIR}/sim/core/data_dirs.cpp
  DIRECTORY ${PROJECT_SOURCE_DIR}/sim
  PROPERTIES COMPILE_DEFINITIONS
    "POSTINO_DATA_FROM_BIN=\"${POSTINO_DATA_FROM_BIN}\";POSTINO_LOCALE_FROM_BIN=\"${POSTINO_LOCALE_FROM_BIN}\";POSTINO_SOURCE_DIR=\"${PROJECT_SOURCE_DIR}\";POSTINO_BUILD_DIR=\"${PROJECT_BINARY_DIR}\"")

# The programs.
install(TARGETS postino RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET postino-viz)
  install(TARGETS postino-viz RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# The lessons and their schema.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${POSTINO_INSTALL_DATADIR}/scenarios
        FILES_MATCHING PATTERN "*.json")

# The visualizer's fonts (only when bundled), translations, menu entry and icon.
if(TARGET postino-viz)
  if(POSTINO_BUNDLE_FONTS)
    install(FILES ${PROJECT_SOURCE_DIR}/assets/fonts/DejaVuSans.ttf ${PROJECT_SOURCE_DIR}/assets/fonts/DejaVuSans-Bold.ttf
                  ${PROJECT_SOURCE_DIR}/assets/fonts/DejaVuSansMono.ttf ${PROJECT_SOURCE_DIR}/assets/fonts/LICENSE-DejaVu.txt
            DESTINATION ${POSTINO_INSTALL_DATADIR}/fonts)
  endif()
  file(GLOB POSTINO_INSTALL_PO CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/po/*.po)
  foreach(po ${POSTINO_INSTALL_PO})
    get_filename_component(lang ${po} NAME_WE)
    install(FILES ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES/postino.mo
            DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
  endforeach()
  install(FILES ${PROJECT_SOURCE_DIR}/assets/postino.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/assets/icons/postino.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  install(FILES ${PROJECT_SOURCE_DIR}/assets/icons/postino-256.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps RENAME postino.png)
endif()

# The licence and the README (Debian wants the licence as share/doc/<package>/copyright).
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# An installed copy, away from the source tree, finds its lessons, fonts and translations.
if(POSTINO_BUILD_TESTS)
  add_test(NAME "install: an installed copy finds its lessons, fonts and translations"
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install/install_check.sh ${PROJECT_BINARY_DIR}
                   ${PROJECT_BINARY_DIR}/install-check)
endif()

include(${CMAKE_CURRENT_LIST_DIR}/Packaging.cmake)
