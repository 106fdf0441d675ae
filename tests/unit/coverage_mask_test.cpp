// CoverageMask: the coarse grid that ranks a label's candidate places on a crowded map.
#include "model/coverage_mask.h"

#include <catch2/catch.hpp>

using postino::viz::CoverageMask;

TEST_CASE("CoverageMask: an empty area covers nothing, a marked one its cells", "[viz][coverage]") {
    CoverageMask mask;
    mask.reset(0, 0, 100, 50, 10);
    CHECK(mask.cell() == 10);
    CHECK(mask.covered(10, 10, 40, 30) == 0);
    mask.add(20, 10, 30, 20);  // exactly one cell
    CHECK(mask.covered(20, 10, 30, 20) == 100);
    CHECK(mask.covered(0, 0, 100, 50) == 100);
    CHECK(mask.covered(30, 10, 60, 20) == 0);  // touching its edge is not covering
    CHECK(mask.covered(25, 15, 26, 16) == 100);  // inside a marked cell: the whole cell
}

TEST_CASE("CoverageMask: overlapping marks count once, outside the span counts as taken", "[viz][coverage]") {
    CoverageMask mask;
    mask.reset(0, 0, 100, 50, 10);
    mask.add(0, 0, 20, 20);
    mask.add(10, 10, 30, 20);
    CHECK(mask.covered(0, 0, 100, 50) == 500);  // cells (0,0) (1,0) (0,1) (1,1) (2,1)
    CHECK(mask.covered(-10, 30, 0, 40) == 100);   // wholly left of the span
    CHECK(mask.covered(90, 40, 110, 60) == 400);  // 10x20 right of it, 20x10 below it (the corner twice)
    CHECK(mask.covered(0, 0, 100, 50, 150) >= 150);  // stops once past enough
    CHECK(mask.covered(0, 0, 100, 50, 150) < 500);
}

TEST_CASE("CoverageMask: a wide span gets wider cells, at most maxCols columns", "[viz][coverage]") {
    CoverageMask mask;
    mask.reset(0, 0, 1280, 100, 4, 64);
    CHECK(mask.cell() == 20);
    mask.add(1270, 0, 1290, 10);  // the last column, part outside
    CHECK(mask.covered(1260, 0, 1280, 20) == 400);
    mask.add(-50, 50, 2000, 60);  // every column of one row
    CHECK(mask.covered(0, 40, 1280, 60) == 64 * 400);
}

TEST_CASE("CoverageMask: rows of several words, marks across a word's edge", "[viz][coverage]") {
    CoverageMask mask;
    mask.reset(0, 0, 1000, 40, 4);  // 250 columns: four words a row
    CHECK(mask.cell() == 4);
    mask.add(250, 0, 262, 4);  // columns 62..65: two in the first word, two in the second
    CHECK(mask.covered(0, 0, 1000, 40) == 4 * 16);
    CHECK(mask.covered(256, 0, 1000, 4) == 2 * 16);
    CHECK(mask.covered(0, 0, 256, 4) == 2 * 16);
    mask.add(0, 8, 1000, 12);  // a whole row
    CHECK(mask.covered(0, 8, 1000, 12) == 250 * 16);
    CHECK(mask.covered(996, 8, 1000, 12) == 16);  // the last column
}
