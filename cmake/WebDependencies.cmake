# The browser build's libraries (emcmake cmake ... -DPOSTINO_WEB_DEPS=DIR): the same target names
# the desktop build gets from Debian's packages, made from what scripts/web_deps.sh put in DIR.
# Header-only libraries come from Debian's -dev packages; GLFW and WebGL 2 are emscripten's own.

if(POSTINO_WEB_DEPS)  # a relative path is taken from the source folder
  get_filename_component(POSTINO_WEB_DEPS "${POSTINO_WEB_DEPS}" ABSOLUTE BASE_DIR "${PROJECT_SOURCE_DIR}")
  set(POSTINO_WEB_DEPS "${POSTINO_WEB_DEPS}" CACHE PATH "What scripts/web_deps.sh prepared" FORCE)
endif()
if(NOT POSTINO_WEB_DEPS OR NOT EXISTS "${POSTINO_WEB_DEPS}/openssl/lib/libssl.a")
  message(FATAL_ERROR
    "The browser build needs the libraries that scripts/web_deps.sh prepares.\n"
    "Run   bash scripts/web.sh build   (it installs, prepares and builds everything), or\n"
    "      bash scripts/web_deps.sh DIR && emcmake cmake -S . -B build-web -DPOSTINO_WEB_DEPS=DIR")
endif()
set(WEB_DEPS ${POSTINO_WEB_DEPS})
# Postino catches exceptions (a bad scenario file is an error message, not a crash): emscripten's
# prebuilt libc++ with exception catching.
add_compile_options(-fexceptions)
add_link_options(-fexceptions)

# nlohmann/json and {fmt} header-only, from Debian's nlohmann-json3-dev and libfmt-dev.
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${WEB_DEPS}/include")
add_library(fmt::fmt INTERFACE IMPORTED)
set_target_properties(fmt::fmt PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${WEB_DEPS}/include"
                                           INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
add_library(Threads::Threads INTERFACE IMPORTED)  # no threads in the page

# OpenSSL 3, built for wasm32 from Debian's source package.
add_library(OpenSSL::Crypto STATIC IMPORTED)
set_target_properties(OpenSSL::Crypto PROPERTIES IMPORTED_LOCATION "${WEB_DEPS}/openssl/lib/libcrypto.a"
                                                 INTERFACE_INCLUDE_DIRECTORIES "${WEB_DEPS}/openssl/include")
add_library(OpenSSL::SSL STATIC IMPORTED)
set_target_properties(OpenSSL::SSL PROPERTIES IMPORTED_LOCATION "${WEB_DEPS}/openssl/lib/libssl.a"
                                              INTERFACE_LINK_LIBRARIES OpenSSL::Crypto)

if(NOT DEFINED POSTINO_BUILD_VIZ OR POSTINO_BUILD_VIZ)  # as Dependencies.cmake: viz/ builds by default
  # Dear ImGui 1.86 from Debian's source package, with its GLFW and OpenGL ES 3 (WebGL 2) backends.
  set(IMGUI_DIR ${WEB_DEPS}/imgui)
  add_library(postino_web_imgui STATIC
    ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_tables.cpp
    ${IMGUI_DIR}/imgui_widgets.cpp ${IMGUI_DIR}/backends/imgui_impl_glfw.cpp
    ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
  target_include_directories(postino_web_imgui SYSTEM PUBLIC ${IMGUI_DIR})
  target_compile_definitions(postino_web_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_compile_options(postino_web_imgui PRIVATE -w)
  target_link_options(postino_web_imgui PUBLIC -sUSE_GLFW=3 -sMAX_WEBGL_VERSION=2 -sMIN_WEBGL_VERSION=2)
  add_library(PkgConfig::IMGUI INTERFACE IMPORTED)
  set_target_properties(PkgConfig::IMGUI PROPERTIES INTERFACE_LINK_LIBRARIES postino_web_imgui)

  # Boost.Locale's std backend with iconv (what reads the .mo catalogs), from Debian's boost1.74.
  file(GLOB BOOST_LOCALE_SOURCES
    ${WEB_DEPS}/boost/libs/locale/src/shared/*.cpp ${WEB_DEPS}/boost/libs/locale/src/std/*.cpp
    ${WEB_DEPS}/boost/libs/locale/src/util/*.cpp ${WEB_DEPS}/boost/libs/locale/src/encoding/*.cpp)
  add_library(postino_web_boost_locale STATIC ${BOOST_LOCALE_SOURCES})
  target_include_directories(postino_web_boost_locale SYSTEM PUBLIC ${WEB_DEPS}/boost/include)
  target_compile_definitions(postino_web_boost_locale
    PUBLIC BOOST_ALL_NO_LIB BOOST_LOCALE_STATIC_LINK
    PRIVATE BOOST_LOCALE_WITH_ICONV BOOST_LOCALE_NO_POSIX_BACKEND BOOST_LOCALE_NO_WINAPI_BACKEND
            BOOST_LOCALE_SOURCE BOOST_THREAD_NO_LIB BOOST_NO_CXX98_FUNCTION_BASE)
  target_compile_options(postino_web_boost_locale PRIVATE -w)
  add_library(Boost::locale INTERFACE IMPORTED)
  set_target_properties(Boost::locale PROPERTIES INTERFACE_LINK_LIBRARIES postino_web_boost_locale)

  find_program(MSGFMT_EXECUTABLE msgfmt)
  if(NOT MSGFMT_EXECUTABLE)
    postino_missing("msgfmt (compiles the translations)" gettext)
  endif()
  message(STATUS "Building the visualizer for the browser")
endif()
