// The player row on a narrow window: "Speed" goes first, then the pause words (their checkbox
// keeps an icon), never a bare checkbox.
#include "model/row_fit.h"

#include <catch2/catch.hpp>

using namespace postino::viz;

TEST_CASE("row fit: the player row drops 'Speed' before the pause words", "[viz][row-fit]") {
    // 1280 px presentation row in Italian: 900 px of buttons, "Velocità" 100, "Pausa a ogni evento" 260.
    const ControlsFit all = fitControls(1300, 900, 100, 260);
    CHECK(all.speedWord);
    CHECK(all.pauseWords);
    const ControlsFit noSpeed = fitControls(1200, 900, 100, 260);
    CHECK_FALSE(noSpeed.speedWord);
    CHECK(noSpeed.pauseWords);
    const ControlsFit narrow = fitControls(1000, 900, 100, 260);
    CHECK_FALSE(narrow.speedWord);
    CHECK_FALSE(narrow.pauseWords);
    // Exactly full still fits.
    CHECK(fitControls(1260, 900, 100, 260).pauseWords);
}
