// fitNowLine: the headline on two lines, on three, then smaller fonts.
#include "now_fit.h"

#include <algorithm>

namespace postino::viz {

NowFit fitNowLine(std::string_view sentence, const std::vector<NowFont>& fonts, float width, float height,
                  float underHeight, bool underMayGiveWay) {
    NowFit fit;
    for (std::size_t i = 0; i < fonts.size(); ++i) {
        const NowFont& f = fonts[i];
        fit.font = i;
        fit.lines = wrapText(sentence, std::max(1.0f, width - f.indent), f.width);
        const float h = static_cast<float>(fit.lines.size()) * f.lineHeight;
        fit.under = h + underHeight <= height;
        if (i == 0) {
            if (fit.lines.size() <= 2 && fit.under) return fit;
            if (fit.lines.size() <= 3 && (fit.under || (underMayGiveWay && h <= height))) return fit;
        } else if (fit.under) {
            return fit;
        }
    }
    return fit;
}

float nowTileTextHeight(float headlineLine, float under) { return std::max(3 * headlineLine, 2 * headlineLine + under); }

}  // namespace postino::viz
