// The viewer's translated sentences (viz/model/safe_format): a translation that does not fit
// its arguments shows the English and never throws.
#include "model/safe_format.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace postino;
using postino::viz::model::formatOr;
using postino::viz::model::tryFormat;

TEST_CASE("formatOr: a translation that does not fit falls back to the English, never throws", "[viz][i18n]") {
    const std::string who = "bob";
    CHECK(formatOr("consegnato a {}", "delivered to {}", fmt::make_format_args(who)) == "consegnato a bob");
    // Too many fields, a lone brace, a bad spec, a named field: each shows the English sentence.
    for (const char* broken : {"consegnato a {} {}", "consegnato a { ", "consegnato a }", "{:d} consegnato",
                               "consegnato a {nome}", "{} e {1}"}) {
        INFO(broken);
        std::string out;
        REQUIRE_NOTHROW(out = formatOr(broken, "delivered to {}", fmt::make_format_args(who)));
        CHECK(out == "delivered to bob");
    }
    // A translation may reorder its arguments with numbered fields.
    const int n = 3;
    CHECK(formatOr("a {1}: {0} messaggi", "{} messages to {}", fmt::make_format_args(n, who)) == "a bob: 3 messaggi");
    // Even a broken English source gives its bare text rather than an exception.
    CHECK(formatOr("{", "{} s {", fmt::make_format_args(n)) == "{} s {");
    CHECK_FALSE(tryFormat("{} {}", std::vector<std::string>{"x"}).has_value());
    CHECK(tryFormat("{1} {0}", std::vector<std::string>{"x", "y"}) == std::optional<std::string>("y x"));
}
