// The now line read from the back row: the bold headline on two lines (three when the line under
// it may give way) before any smaller font; Italian, Spanish and Greek sentences at 1024 px.
#include "model/now_fit.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace postino::viz;

namespace {

// A font whose every character is `advance` wide.
NowFont font(float advance, float lineHeight, std::size_t nameChars) {
    const auto width = [advance](std::string_view s) {
        float n = 0;
        for (std::size_t i = 0; i < s.size(); i += utf8CharLength(s, i)) ++n;
        return n * advance;
    };
    return NowFont{width, lineHeight, static_cast<float>(nameChars) * advance};
}

// Headline, bold and regular of a 16 px interface (22.4, 18.4 and 16 px lines), beside a name of
// `nameChars` characters; the tile is the one app.cpp makes at 1024 px: three headline lines high.
std::vector<NowFont> fonts(std::size_t nameChars) {
    return {font(13, 22.4f, nameChars), font(10.5f, 18.4f, nameChars), font(8.5f, 16, nameChars)};
}
constexpr float kWidth = 1008, kUnder = 16 + 4;
const float kHeight = nowTileTextHeight(22.4f, kUnder);

}  // namespace

TEST_CASE("now line: a long Italian sentence stays in the headline font on two lines, with the line under it") {
    // 'Portatile di Bob: ' and the sentence at 1024x768 (it used to fall to the regular font).
    const std::string it = "nessun messaggio nuovo per bob@recipient.example sul server (2 messaggi su questo dispositivo)";
    const NowFit fit = fitNowLine(it, fonts(18), kWidth, kHeight, kUnder, true);
    CHECK(fit.font == 0);
    CHECK(fit.under);
    REQUIRE(fit.lines.size() == 2);
    CHECK(fit.lines[0] == "nessun messaggio nuovo per bob@recipient.example sul server");
    CHECK(fit.lines[1] == "(2 messaggi su questo dispositivo)");
}

TEST_CASE("now line: a Greek sentence wraps at spaces, never inside an address") {
    const std::string el = "ρωτά τον διακομιστή DNS 198.51.100.53: A mail.office.example; (ID ερωτήματος 0x778b)";
    const NowFit fit = fitNowLine(el, fonts(32), kWidth, kHeight, 0, true);
    CHECK(fit.font == 0);
    REQUIRE(fit.lines.size() == 2);
    CHECK(fit.lines[0] == "ρωτά τον διακομιστή DNS 198.51.100.53: A");
    CHECK(fit.lines[1] == "mail.office.example; (ID ερωτήματος 0x778b)");
}

TEST_CASE("now line: three headline lines when the line under it may give way, never over a retry") {
    // 124 characters beside a 20-character name: three headline lines (57 characters a line), two bold ones.
    std::string three;
    for (int i = 0; i < 25; ++i) three += "word ";
    three.pop_back();
    const NowFit giveWay = fitNowLine(three, fonts(20), kWidth, kHeight, kUnder, true);
    CHECK(giveWay.font == 0);
    CHECK(giveWay.lines.size() == 3);
    CHECK_FALSE(giveWay.under);
    // A deferred mail's retry must stay: the sentence goes to bold, which leaves room for it.
    const NowFit retry = fitNowLine(three, fonts(20), kWidth, kHeight, kUnder, false);
    CHECK(retry.font == 1);
    CHECK(retry.under);
    // Nothing under it: three headline lines, and room to spare.
    const NowFit alone = fitNowLine(three, fonts(20), kWidth, kHeight, 0, false);
    CHECK(alone.font == 0);
    CHECK(alone.lines.size() == 3);
}

TEST_CASE("now line: the tile holds two headline lines and the line under them, or three headline lines") {
    CHECK(nowTileTextHeight(22.4f, 20) == Approx(67.2f));
    CHECK(nowTileTextHeight(20, 30) == Approx(70));
}

TEST_CASE("now line: a sentence too long for any font takes the smallest") {
    std::string huge;
    for (int i = 0; i < 200; ++i) huge += "word ";
    const NowFit fit = fitNowLine(huge, fonts(10), kWidth, kHeight, kUnder, true);
    CHECK(fit.font == 2);
    CHECK_FALSE(fit.under);
    CHECK_FALSE(fit.lines.empty());
}
