// The Catch2 main of the test binary; the tests live in the other files here.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
