#include "model/row_fit.h"

namespace postino::viz {

ControlsFit fitControls(float available, float fixed, float speedWord, float pauseWords) {
    ControlsFit fit;
    if (fixed + speedWord + pauseWords <= available) return fit;
    fit.speedWord = false;
    if (fixed + pauseWords <= available) return fit;
    fit.pauseWords = false;
    return fit;
}

}  // namespace postino::viz
