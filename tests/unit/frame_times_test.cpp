// frameTimes: the figures both benchmarks print, the first two frames left out.
#include "model/frame_times.h"

#include <catch2/catch.hpp>

using postino::viz::frameTimes;

TEST_CASE("frameTimes leaves the first two frames out and takes percentiles of the rest", "[frame_times]") {
    std::vector<double> ms = {500, 400};  // font atlas, first layout: never counted
    for (int i = 100; i >= 1; --i) ms.push_back(i);
    const auto t = frameTimes(ms);
    REQUIRE(t);
    CHECK(t->count == 100);
    CHECK(t->p50 == 51);
    CHECK(t->p90 == 91);
    CHECK(t->p99 == 100);
    CHECK(t->max == 100);
}

TEST_CASE("frameTimes of two frames or fewer is nothing", "[frame_times]") {
    CHECK_FALSE(frameTimes({}));
    CHECK_FALSE(frameTimes({3, 4}));
    CHECK(frameTimes({3, 4, 5})->max == 5);
}
