# The browser build of postino-viz (included from viz/app/CMakeLists.txt under emcmake): the
# desktop's sources but main.cpp, screenshot.cpp and platform_desktop.cpp, linked to a folder of
# static files, <build>/web/: postino.html, .js, .wasm and .data (lessons, fonts, catalogs).
include(${PROJECT_SOURCE_DIR}/cmake/Translations.cmake)

set(POSTINO_WEB_OUT ${PROJECT_BINARY_DIR}/web)
set(POSTINO_WEB_DATA ${PROJECT_BINARY_DIR}/web-data)
set(POSTINO_FONT_DIR /usr/share/fonts/truetype/dejavu CACHE PATH "Where DejaVu's fonts are (fonts-dejavu-core)")
foreach(font DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf)
  if(NOT EXISTS ${POSTINO_FONT_DIR}/${font})
    postino_missing("The font ${POSTINO_FONT_DIR}/${font}" fonts-dejavu-core)
  endif()
  list(APPEND POSTINO_WEB_FONTS ${POSTINO_FONT_DIR}/${font})
endforeach()

# What the page preloads into its file system at /postino: scenarios/, fonts/, locale/.
file(GLOB POSTINO_WEB_LESSONS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.json)
add_custom_command(
  OUTPUT ${POSTINO_WEB_DATA}/stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${POSTINO_WEB_DATA}/postino
  COMMAND ${CMAKE_COMMAND} -E make_directory ${POSTINO_WEB_DATA}/postino/scenarios ${POSTINO_WEB_DATA}/postino/fonts
  COMMAND ${CMAKE_COMMAND} -E copy ${POSTINO_WEB_LESSONS} ${POSTINO_WEB_DATA}/postino/scenarios/
  COMMAND ${CMAKE_COMMAND} -E copy ${POSTINO_WEB_FONTS} ${POSTINO_WEB_DATA}/postino/fonts/
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_BINARY_DIR}/locale ${POSTINO_WEB_DATA}/postino/locale
  COMMAND ${CMAKE_COMMAND} -E touch ${POSTINO_WEB_DATA}/stamp
  DEPENDS ${POSTINO_WEB_LESSONS} ${POSTINO_MO_FILES} postino_translations
  COMMENT "Gathering the lessons, fonts and catalogs the page preloads"
  VERBATIM)
add_custom_target(postino_web_data DEPENDS ${POSTINO_WEB_DATA}/stamp)

file(GLOB POSTINO_VIZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
list(FILTER POSTINO_VIZ_SOURCES EXCLUDE REGEX "/(main|screenshot|platform_desktop)\\.cpp$")
add_executable(postino-viz ${POSTINO_VIZ_SOURCES})
set_target_properties(postino-viz PROPERTIES OUTPUT_NAME postino SUFFIX ".html"
                                             RUNTIME_OUTPUT_DIRECTORY ${POSTINO_WEB_OUT})
target_include_directories(postino-viz PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(postino-viz PRIVATE postino_viz_model PkgConfig::IMGUI Boost::locale)
set(POSTINO_WEB_SHELL ${PROJECT_SOURCE_DIR}/viz/web/shell.html)
target_link_options(postino-viz PRIVATE
  --shell-file ${POSTINO_WEB_SHELL}
  --preload-file ${POSTINO_WEB_DATA}/postino@/postino
  -sALLOW_MEMORY_GROWTH=1
  -sFORCE_FILESYSTEM=1
  -sENVIRONMENT=web
  -sMINIFY_HTML=0  # Debian's emscripten cannot run its html minifier
  -sEXPORTED_FUNCTIONS=_main,_postino_open_file,_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=ccall,FS,UTF8ToString,stringToUTF8,lengthBytesUTF8)
set_target_properties(postino-viz PROPERTIES LINK_DEPENDS "${POSTINO_WEB_SHELL};${POSTINO_WEB_DATA}/stamp")
add_dependencies(postino-viz postino_web_data)
