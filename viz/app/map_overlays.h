// What the network map adds for a world that breaks and mail that waits: a cut link, a node
// switched off, a server answering SMTP errors, a server's queue badge ("✉ 2", amber when
// mail waits for a retry, "↩ 1" for bounces); and how each device reads its mail (a POP3 /
// IMAP / Web tag). Drawing only: the state comes from SceneState and the scenario.
#pragma once

#include "model/coverage_mask.h"
#include "model/queue_history.h"
#include "scenario/scenario.h"
#include "view_context.h"

#include <imgui.h>

#include <cfloat>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postino::viz {

// A dashed red line with scissors at its middle.
void drawCutLink(ImDrawList* dl, ImVec2 a, ImVec2 b, float s);
// Over a dimmed icon of radius r at c: a cross and a small "off" plate.
void drawNodeOff(ImDrawList* dl, ImVec2 c, float r, float s);
// A red plate with the reply code left of the icon; returns its rectangle.
std::pair<ImVec2, ImVec2> drawSmtpErrorTag(ImDrawList* dl, ImVec2 c, float r, int code, float s);

// The queue badge: its rectangle when its right edge is at `right` and its bottom at `bottom`.
std::pair<ImVec2, ImVec2> queueBadgeRect(const QueueCount& q, float right, float bottom, float s);
void drawQueueBadge(ImDrawList* dl, const QueueCount& q, const std::pair<ImVec2, ImVec2>& rect, float s);
// How a device reads its mail, by its icon's lower left corner: "POP3", "IMAP" (each protocol
// once, for a device with several accounts), "Web" for a browser; nothing for a device that only
// sends. Their rectangles are known before anything is drawn, so badges and labels keep off them.
struct ReaderTag {
    ImVec2 lo, hi;
    const char* text;
    ImU32 fill;
};
std::vector<ReaderTag> readerTags(const scenario::Node& node, ImVec2 c, float r, float s);
void drawReaderTags(ImDrawList* dl, const std::vector<ReaderTag>& tags, float s);
// "2 mails in the queue (1 waiting for a retry, 1 bounce)" for the node's tooltip.
std::string queueSummary(const QueueCount& q);

// What is drawn on the map already, as screen rectangles [first, second): where a new label or
// envelope deck must not go. Finding a free place tests only the rectangles near it.
using MapRect = std::pair<ImVec2, ImVec2>;
// Whether `r` and [lo, hi) share any area.
inline bool meets(const MapRect& r, ImVec2 lo, ImVec2 hi) {
    return r.first.x < hi.x && r.second.x > lo.x && r.first.y < hi.y && r.second.y > lo.y;
}

// What is placed on the map, with a uniform grid over the map's area so finding what lies near
// a place costs what is near it, not all that is placed (200 nodes with names, tags and badges).
class PlacedRects {
public:
    // Empties it for a map area, keeping its buffers (one per map panel, reset each frame).
    // `takenCell` > 0: also keeps what is taken on a grid that fine, for takenArea.
    void reset(ImVec2 lo, ImVec2 hi, float cell, float takenCell = 0);
    void add(ImVec2 a, ImVec2 b);
    void add(const MapRect& r) { add(r.first, r.second); }
    // The rectangles that meet [lo, hi), each once, into `near` (cleared first).
    void gather(ImVec2 lo, ImVec2 hi, std::vector<MapRect>& near);
    // Whether any rectangle meets [lo, hi) (stops at the first: cheap where the map is crowded).
    bool anyMeets(ImVec2 lo, ImVec2 hi) const;
    const std::vector<MapRect>& rects() const { return m_rects; }
    // How much of [lo, hi) is taken (in takenCell cells; outside the map area counts as taken),
    // to rank places when none is free; stops once past `enough`. 0 without a takenCell.
    float takenArea(ImVec2 lo, ImVec2 hi, float enough = FLT_MAX) const;

private:
    int cellX(float x) const;
    int cellY(float y) const;
    ImVec2 m_lo{0, 0};
    float m_cell = 1;
    int m_cols = 1, m_rows = 1;
    std::vector<MapRect> m_rects;
    std::vector<std::vector<std::uint32_t>> m_cells;
    std::vector<std::uint32_t> m_seen;  // per rectangle: the last query that met it
    std::uint32_t m_query = 0;
    bool m_keepsTaken = false;
    CoverageMask m_taken;
};

// What found no free place on the map this frame (a name, a node's badges, an envelope deck), in
// words, for `postino-viz --check-layout`; recorded only while `recording` is on.
struct MapCrowding {
    bool recording = false;
    std::vector<std::string> problems;
};
MapCrowding& mapCrowding();

// What the envelopes keep between frames (owned by the map panel, cleared with the lesson).
struct EnvelopeHit {
    ImVec2 a, b;
    std::uint32_t stay = 0;  // index into the stays; UINT32_MAX: above a packet
    std::uint32_t mail = 0, connection = 0;
};
struct EnvelopeGroup {  // the envelopes of one place at one node
    std::size_t first = 0, count = 0;  // into EnvelopeScratch::members
    std::string_view folder;           // the place's word or folder
    std::string_view tag;              // as the deck shows it (held by EnvelopeScratch::tags)
    float tagW = 0;
};
struct DeckTag {  // a place's tag as a deck shows it, measured
    std::string place, text;
    float px = 0, width = 0;
};
struct EnvelopeScratch {
    std::vector<EnvelopeGroup> groups;
    std::vector<std::uint32_t> members;  // the node being done: its stays, grouped by place
    std::vector<EnvelopeHit> drawn;     // this frame's hit boxes
    std::vector<ImVec2> centres;        // node centres on screen, this frame
    std::vector<std::int32_t> best;     // per mail id: the packet in flight furthest along, -1 none
    std::vector<std::uint32_t> touched;
    std::vector<std::uint64_t> onWire;  // mail id << 32 | connection of each wire stay at t, sorted
    std::deque<DeckTag> tags;            // every tag met so far (a deque: groups point into it)
};
// The map's area and what is drawn on it already (icons, names, badges, tags): envelopes keep
// off it and join it, so the packets' captions keep off them in turn.
struct MapArea {
    ImVec2 lo, hi;
    PlacedRects& placed;
};

// Where the mail is (map_envelopes.cpp): at each node, a small deck of envelopes per place that
// holds mail (outbox, queue, a mailbox folder, a device's copy), coloured by mail, tagged, set
// where it covers nothing; on the wire, an envelope over the packet that carries the mail; the
// tooltip names the mail. `nodeAt(i)`: node i's centre on screen; `r`: icon radius.
void drawMapEnvelopes(ViewContext& ctx, ImDrawList* dl, const std::function<ImVec2(std::size_t)>& nodeAt, float r,
                      float s, bool hovered, MapArea area, EnvelopeScratch& scratch);

}  // namespace postino::viz
