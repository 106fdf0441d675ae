// core::parseDecimal reads numbers exactly as std::from_chars does (it stands in for it in the
// browser build, whose libc++ has no floating-point from_chars).
#include "core/decimal.h"

#include <catch2/catch.hpp>

#include <charconv>
#include <string>

using postino::core::parseDecimal;

TEST_CASE("parseDecimal agrees with std::from_chars", "[decimal]") {
    const char* inputs[] = {"0", "-0", "1", "42", "3.25", "-7.5", ".5", "5.", "1e3", "1E-3", "2e+2", "1e", "1e+",
                            "12abc", "-", "", ".", "+1", " 1", "0x10", "1.2.3", "007", "1e400", "-1e400", "123456789012345678901234567890", "0.1e1x", "--1", "9.75e-1,"};
    for (const char* text : inputs) {
        const std::string s = text;
        double expected = -99, got = -99;
        const auto want = std::from_chars(s.data(), s.data() + s.size(), expected);
        const auto have = parseDecimal(s.data(), s.data() + s.size(), got);
        INFO("input \"" << s << "\"");
        CHECK(have.ec == want.ec);
        CHECK(have.ptr == want.ptr);
        if (want.ec == std::errc()) CHECK(got == expected);
    }
}

TEST_CASE("parseDecimal: no inf or nan, and an underflow reads as zero", "[decimal]") {
    for (const std::string s : {"inf", "nan", "-inf"}) {
        double value = 5;
        const auto r = parseDecimal(s.data(), s.data() + s.size(), value);
        CHECK(r.ec == std::errc::invalid_argument);
        CHECK(value == 5);
    }
    const std::string tiny = "1e-400";
    double value = 5;
    CHECK(parseDecimal(tiny.data(), tiny.data() + tiny.size(), value).ec == std::errc());
    CHECK(value == 0);
}

TEST_CASE("parseDecimal for float: out of range beyond float's largest value", "[decimal]") {
    const std::string big = "1e39", fine = "0.3";
    float value = 1;
    CHECK(parseDecimal(big.data(), big.data() + big.size(), value).ec == std::errc::result_out_of_range);
    CHECK(value == 1);
    CHECK(parseDecimal(fine.data(), fine.data() + fine.size(), value).ec == std::errc());
    CHECK(value == 0.3f);
}
