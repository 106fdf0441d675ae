// A hex dump the way Wireshark shows bytes: offset, hex and printable text, as many bytes a
// row as fit (16, else 8 or 4), only the visible rows drawn, one byte range lit up.
#pragma once

#include <string_view>

namespace postino::viz {

// Half-open range [start, end) of bytes to light up; empty by default.
struct ByteRange {
    int start = -1, end = -1;
};

// Draws at the cursor in the monospace font; needs no window or child of its own.
void drawHexDump(std::string_view bytes, ByteRange lit);

}  // namespace postino::viz
