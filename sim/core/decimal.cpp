#include "core/decimal.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace postino::core {

namespace {
bool isDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

DecimalResult parseDecimal(const char* first, const char* last, double& value) {
    // The longest prefix that is [-]digits[.digits][(e|E)[+|-]digits], as from_chars reads it.
    const char* p = first;
    if (p != last && *p == '-') ++p;
    const char* digitsStart = p;
    while (p != last && isDigit(*p)) ++p;
    bool any = p != digitsStart;
    if (p != last && *p == '.') {
        const char* frac = ++p;
        while (p != last && isDigit(*p)) ++p;
        any = any || p != frac;
        if (!any) return {first, std::errc::invalid_argument};
    }
    if (!any) return {first, std::errc::invalid_argument};
    if (p != last && (*p == 'e' || *p == 'E')) {
        const char* q = p + 1;
        if (q != last && (*q == '+' || *q == '-')) ++q;
        const char* expDigits = q;
        while (q != last && isDigit(*q)) ++q;
        if (q != expDigits) p = q;  // "1e" reads as 1, leaving the "e"
    }
    const std::string text(first, p);  // strtod needs a terminated string
    errno = 0;
    const double parsed = std::strtod(text.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(parsed)) return {p, std::errc::result_out_of_range};
    value = parsed;
    return {p, std::errc()};
}

DecimalResult parseDecimal(const char* first, const char* last, float& value) {
    double wide = 0;
    const DecimalResult r = parseDecimal(first, last, wide);
    if (r.ec != std::errc()) return r;
    if (std::isinf(static_cast<float>(wide))) return {r.ptr, std::errc::result_out_of_range};
    value = static_cast<float>(wide);
    return r;
}

}  // namespace postino::core
