# Hardening build flavours, chosen with options (see CMakePresets.json for ready-made sets):
#   POSTINO_SANITIZE=ON         every target with AddressSanitizer + UndefinedBehaviorSanitizer
#   POSTINO_STRICT_WARNINGS=ON  a stricter warning set, as errors (the set the code passes today)
#   POSTINO_FUZZ=ON             the libFuzzer targets in tests/fuzz (clang only; implies the sanitizers)
# Included once from the top CMakeLists.txt before any target, so the flags reach every target.
option(POSTINO_SANITIZE "Build every target with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(POSTINO_STRICT_WARNINGS "Stricter compiler warnings, treated as errors" OFF)
option(POSTINO_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang++)" OFF)

if(POSTINO_SANITIZE OR POSTINO_FUZZ)
  # Any undefined behaviour aborts (a test or fuzz run must not go on after it).
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(POSTINO_STRICT_WARNINGS)
  # C++ only (the generated glad loader is C). Every flag here is clean today and an error,
  # except -Wshadow: sim/scenario/scenario_parse.cpp still shadows two locals, so it warns.
  # Not in the set (too many hits to fix in one go): -Wsign-conversion, -Wuseless-cast.
  set(POSTINO_STRICT_FLAGS -Wpedantic -Wconversion -Wdouble-promotion -Wold-style-cast -Wcast-qual -Wcast-align
      -Wnon-virtual-dtor -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough -Wmissing-declarations
      -Wredundant-decls -Wextra-semi -Wshadow -Werror -Wno-error=shadow)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    list(APPEND POSTINO_STRICT_FLAGS -Wduplicated-cond -Wlogical-op)
  endif()
  add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:${POSTINO_STRICT_FLAGS}>")
endif()

if(POSTINO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "POSTINO_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ "
                        "(Debian packages clang and libclang-rt-14-dev), or use the 'fuzz' preset")
  endif()
  # Coverage instrumentation for everything; only the fuzz targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
  # The targets name postino_sim, which CMake resolves once the whole project is read. Their
  # corpus replays are ctest tests even when POSTINO_BUILD_TESTS is off.
  enable_testing()
  add_subdirectory(${PROJECT_SOURCE_DIR}/tests/fuzz ${PROJECT_BINARY_DIR}/tests/fuzz)
endif()
