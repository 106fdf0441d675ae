// How large the now line's sentence can be, read from the back row of a classroom: the largest
// font (the bold headline) on two lines wrapped at spaces beside the node's name, or on three when
// the line under it may give way; only then a smaller font. Pure: widths come from callbacks.
#pragma once

#include "model/text_wrap.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace postino::viz {

struct NowFont {
    TextWidth width;         // the sentence's text width in this font
    float lineHeight = 0;    // one line of it
    float indent = 0;        // the room the node's name takes before the sentence, in this font
};

struct NowFit {
    std::size_t font = 0;                 // index into the fonts given
    std::vector<std::string_view> lines;  // the sentence in that font, wrapped at spaces
    bool under = true;                    // the line under it (the wait line) still has room
};

// `fonts` largest first (at least one); the tile is `width` x `height`; `underHeight`: the line
// under the sentence with its spacing (0 without one); `underMayGiveWay`: it may be left out so
// the largest font gets a third line. The last font is taken when nothing fits.
NowFit fitNowLine(std::string_view sentence, const std::vector<NowFont>& fonts, float width, float height,
                  float underHeight, bool underMayGiveWay);

// The now tile's room for text: three headline lines, or two and the line under them (`under`:
// its height with the spacing before it).
float nowTileTextHeight(float headlineLine, float under);

}  // namespace postino::viz
