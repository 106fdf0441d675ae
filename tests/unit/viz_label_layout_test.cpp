// The map's packet-label layout: labels never cover obstacles (node icons, names, badges) nor
// each other, stay on the map, lean toward where the packet goes, and only the selected
// packet's label shows where no place is free.
#include "model/label_layout.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace postino::viz;

namespace {
LabelRequest request(float x, float y, float dx, float dy, bool must = false) {
    return LabelRequest{x, y, dx, dy, 80, 16, must};
}
}  // namespace

TEST_CASE("viz: a lone label sits beside its packet, a little ahead", "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    const std::vector<LabelRequest> reqs = {request(400, 300, 1, 0)};
    std::vector<LabelPlacement> out;
    layout.place(reqs, out);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].shown);
    const LabelRect& b = out[0].box;
    CHECK(b.y1 <= 300);                      // above the link, the dot stays visible
    CHECK((b.x0 + b.x1) / 2 > 400);          // leaning toward where it goes (right)
    // Going left it leans left.
    layout.reset({0, 0, 800, 600}, 3);
    layout.place(std::vector<LabelRequest>{request(400, 300, -1, 0)}, out);
    CHECK((out[0].box.x0 + out[0].box.x1) / 2 < 400);
}

TEST_CASE("viz: labels keep off obstacles and each other, or are dropped", "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    const LabelRect icon{380, 240, 480, 300};  // a node and its name just above-right of the packet
    layout.addObstacle(icon);
    std::vector<LabelRequest> reqs;
    for (int i = 0; i < 40; ++i) reqs.push_back(request(300 + 10 * static_cast<float>(i), 300, 1, 0));  // a busy link
    std::vector<LabelPlacement> out;
    layout.place(reqs, out);
    std::vector<LabelRect> shown;
    for (const auto& p : out)
        if (p.shown) {
            CHECK_FALSE(p.box.overlaps(icon));
            for (const auto& o : shown) CHECK_FALSE(p.box.overlaps(o));
            CHECK(p.box.x0 >= 0);
            CHECK(p.box.y0 >= 0);
            CHECK(p.box.x1 <= 800);
            CHECK(p.box.y1 <= 600);
            shown.push_back(p.box);
        }
    CHECK(shown.size() >= 4);   // other places were found
    CHECK(shown.size() < 40);  // and the rest dropped rather than piled up
}

TEST_CASE("viz: the selected packet's label shows even where everything is taken", "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    layout.addObstacle({0, 0, 800, 600});
    std::vector<LabelPlacement> out;
    layout.place(std::vector<LabelRequest>{request(400, 300, 0, 1, true), request(200, 300, 0, 1)}, out);
    CHECK(out[0].shown);
    CHECK_FALSE(out[1].shown);
}

TEST_CASE("viz: label layout at a map's edge stays inside", "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    std::vector<LabelPlacement> out;
    layout.place(std::vector<LabelRequest>{request(795, 5, 1, 0)}, out);
    REQUIRE(out[0].shown);
    CHECK(out[0].box.x1 <= 800);
    CHECK(out[0].box.y0 >= 0);
}

TEST_CASE("viz: one label per group: the next packet back on a link tries when the front one finds no room",
          "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    layout.addObstacle({380, 250, 560, 350});  // the node the front packet is reaching
    std::vector<LabelPlacement> out;
    layout.place(std::vector<LabelRequest>{{440, 300, 1, 0, 200, 16, false, 7},
                                           {200, 300, 1, 0, 200, 16, false, 7},
                                           {100, 300, 1, 0, 200, 16, false, 7}},
                 out);
    CHECK_FALSE(out[0].shown);
    CHECK(out[1].shown);
    CHECK_FALSE(out[2].shown);  // its group has its label already
}

TEST_CASE("viz: on a crowded map a label too wide for any place shows shortened", "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 300, 200}, 3);
    layout.addObstacle({0, 0, 300, 60});
    layout.addObstacle({0, 140, 300, 200});
    std::vector<LabelPlacement> out;
    LabelRequest r{150, 100, 1, 0, 400, 16, false, 1, 120};
    layout.place(std::vector<LabelRequest>{r}, out);
    REQUIRE(out[0].shown);
    CHECK(out[0].shortened);
    CHECK(out[0].box.x1 - out[0].box.x0 == Approx(120));
}

TEST_CASE("viz: a label placed off its link never draws its leader across a node's name", "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    // A node's name just under a packet, and an icon just over it: no room beside the link;
    // the free place right under the name would need a leader across it.
    const LabelRect name{330, 312, 470, 330};
    layout.addObstacle(name);
    layout.addObstacle({380, 270, 420, 300});
    std::vector<LabelPlacement> out;
    layout.place(std::vector<LabelRequest>{{400, 305, 1, 0, 100, 16, false, 1}}, out);
    REQUIRE(out[0].shown);
    const LabelRect& b = out[0].box;
    const float ex = std::clamp(400.0f, b.x0, b.x1), ey = std::clamp(305.0f, b.y0, b.y1);
    // The leader goes up or sideways, never down through the name.
    CHECK_FALSE((ey > name.y0 && std::min(400.0f, ex) < name.x1 && std::max(400.0f, ex) > name.x0));
}

TEST_CASE("viz: a packet arriving on a node's icon still gets its label beside it", "[viz][labels]") {
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    layout.addObstacle({380, 280, 420, 320});  // the icon the packet is on
    std::vector<LabelPlacement> out;
    layout.place(std::vector<LabelRequest>{{405, 310, -1, 0, 100, 16, false, 1}}, out);
    CHECK(out[0].shown);
}

TEST_CASE("viz: a label that must show where everything is taken shows in its short form", "[viz][labels]") {
    // A refusal (550 5.1.1 ...) on a full map: covered it must be, but by its short form, not the whole line.
    LabelLayout layout;
    layout.reset({0, 0, 800, 600}, 3);
    layout.addObstacle({0, 0, 800, 600});
    std::vector<LabelPlacement> out;
    LabelRequest r{400, 300, 1, 0, 330, 16, true, 1, 90};
    layout.place(std::vector<LabelRequest>{r}, out);
    REQUIRE(out[0].shown);
    CHECK(out[0].shortened);
    CHECK(out[0].box.x1 - out[0].box.x0 == Approx(90));
}
