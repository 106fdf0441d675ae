// Reads a decimal floating-point number as std::from_chars does (no '+', no spaces, no hex), but
// without inf / nan and with an underflow read as zero: the browser build's libc++ has no
// from_chars for double or float.
#pragma once

#include <system_error>

namespace postino::core {

struct DecimalResult {
    const char* ptr;  // one past the last character read; `first` when nothing was read
    std::errc ec;     // {}, invalid_argument, or result_out_of_range on overflow (value then left alone)
};

DecimalResult parseDecimal(const char* first, const char* last, double& value);
DecimalResult parseDecimal(const char* first, const char* last, float& value);

}  // namespace postino::core
