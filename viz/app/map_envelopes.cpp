// Where the mail is, on the map: an envelope per mail, coloured by mail, beside the node that
// holds it (outbox, queue, mailbox, a device's copy; stacked with a small tag), and above the
// packet that carries it on the wire. Hovering one names the mail and where it is, in words.
// Drawing only: the whereabouts come from the simulation's records (model/mail_whereabouts).
#include "fonts.h"
#include "i18n.h"
#include "map_overlays.h"
#include "theme.h"
#include "wrapped_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

namespace {

// Mid-tone colours that read on the light and the dark map alike (Tableau 10, less the grey).
constexpr ImU32 kMailColours[] = {IM_COL32(31, 119, 180, 255), IM_COL32(255, 127, 14, 255),
                                  IM_COL32(44, 160, 44, 255),  IM_COL32(148, 103, 189, 255),
                                  IM_COL32(214, 39, 40, 255),  IM_COL32(23, 190, 207, 255),
                                  IM_COL32(227, 119, 194, 255), IM_COL32(140, 86, 75, 255),
                                  IM_COL32(188, 189, 34, 255)};

ImU32 mailColour(std::uint32_t mail) { return kMailColours[(mail - 1) % std::size(kMailColours)]; }

void envelope(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, float s) {
    const float h = w * 0.66f;
    const ImVec2 a(c.x - w / 2, c.y - h / 2), b(c.x + w / 2, c.y + h / 2);
    dl->AddRectFilled(a, b, fill, 2 * s);
    dl->AddLine(a, ImVec2(c.x, c.y + h * 0.12f), IM_COL32(255, 255, 255, 230), 1.5f * s);
    dl->AddLine(ImVec2(b.x, a.y), ImVec2(c.x, c.y + h * 0.12f), IM_COL32(255, 255, 255, 230), 1.5f * s);
    dl->AddRect(a, b, nodeOutlineColor(), 2 * s, 0, 1.0f * s);
}

// The tags' words, translated once a frame.
struct TagWords {
    std::string_view outbox, deferred, queue;
};

// The tag beside a stack of envelopes: the place in a word or two.
std::string_view tagOf(const MailStay& st, const TagWords& words) {
    switch (st.place) {
        case trace::MailPlace::Outbox: return words.outbox;
        case trace::MailPlace::Queue: return st.folder == "deferred" ? words.deferred : words.queue;
        case trace::MailPlace::Mailbox:
        case trace::MailPlace::Device: return st.folder;
        case trace::MailPlace::Wire: break;
    }
    return {};
}

// A deck's tag: the folder, a shared one shortened ("Shared/info@shop.example/INBOX" reads
// "Shared/info@…/INBOX"; the tooltip names it whole).
std::string deckTag(std::string_view folder) {
    if (!folder.starts_with("Shared/")) return std::string(folder);
    const std::size_t at = folder.find('@'), slash = folder.find('/', 7);
    if (at == std::string_view::npos || slash == std::string_view::npos || at > slash) return std::string(folder);
    return std::string(folder.substr(0, at + 1)) + "\xE2\x80\xA6" + std::string(folder.substr(slash));
}

// A deck's tag as shown and measured, from the ones met before (a handful of folders and words).
const DeckTag& deckTagOf(std::deque<DeckTag>& known, std::string_view place, ImFont* font, float px) {
    for (const DeckTag& k : known)
        if (k.place == place && k.px == px) return k;
    DeckTag& added = known.emplace_back();
    added.place = place;
    added.text = deckTag(place);
    added.px = px;
    added.width = font->CalcTextSizeA(px, FLT_MAX, 0, added.text.data(), added.text.data() + added.text.size()).x;
    return added;
}

// Where it is now, as a sentence.
std::string whereText(const trace::Trace& t, const MailStay& st) {
    const std::string node = st.node < t.nodes.size() ? t.nodes[st.node].id : std::string("?");
    switch (st.place) {
        case trace::MailPlace::Outbox:
            return trf("In the outbox of {}: waiting until its server takes it.", node);
        case trace::MailPlace::Queue:
            if (st.folder == "deferred")
                return trf("In the queue of {} (queue id {}): waiting to try again.", node,
                                   st.account);
            return trf("In the queue of {} (queue id {}): on its way out.", node, st.account);
        case trace::MailPlace::Mailbox:
            return trf("In the mailbox of {} on {}, folder {}.", st.account, node, st.folder);
        case trace::MailPlace::Device:
            return trf("A copy on {} (account {}), folder {}.", node, st.account, st.folder);
        case trace::MailPlace::Wire: {
            std::string service = "?";
            if (st.connection != 0 && st.connection <= t.connections.size())
                service = tr(t.connection(st.connection).service.c_str());
            return trf("On the wire: connection #{} ({}).", st.connection, service);
        }
    }
    return {};
}

constexpr std::uint32_t kOnWire = UINT32_MAX;

// How much of [a, b) lies off the map.
float offMap(ImVec2 a, ImVec2 b, const MapArea& area) {
    const float w = b.x - a.x, h = b.y - a.y;
    return std::max(0.0f, area.lo.x - a.x) * h + std::max(0.0f, b.x - area.hi.x) * h +
           std::max(0.0f, area.lo.y - a.y) * w + std::max(0.0f, b.y - area.hi.y) * w;
}

}  // namespace

void drawMapEnvelopes(ViewContext& ctx, ImDrawList* dl, const std::function<ImVec2(std::size_t)>& nodeAt, float r,
                      float s, bool hovered, MapArea area, EnvelopeScratch& scratch) {
    const trace::Trace& t = ctx.lesson.trace();
    const MailWhereabouts& where = ctx.index.whereabouts();
    const std::vector<MailStay>& stays = where.stays();
    if (stays.empty()) return;
    std::vector<EnvelopeHit>& drawn = scratch.drawn;
    drawn.clear();
    const float w = 20 * s, h = w * 0.66f, dx = 6 * s, rowH = h + 4 * s;
    constexpr int kDeck = 6;  // envelopes shown fanned per place; more: "+n"
    ImFont* small = fonts().regular;
    const float tagPx = small->FontSize * 0.85f;

    std::vector<ImVec2>& centres = scratch.centres;
    centres.resize(t.nodes.size());
    for (std::size_t n = 0; n < t.nodes.size(); ++n) centres[n] = nodeAt(n);
    const TagWords words{tr("outbox"), tr("deferred"), tr("queue")};
    // At each node: one row per place (the stays come by node, then place), a tag then a fanned deck.
    std::vector<EnvelopeGroup>& groups = scratch.groups;
    const std::vector<std::uint32_t>& at = ctx.state.mailStays;
    std::vector<std::uint32_t>& members = scratch.members;  // this node's stays, grouped by place
    std::size_t i = 0;
    while (i < at.size()) {
        const trace::NodeIndex node = stays[at[i]].node;
        members.clear();
        for (; i < at.size() && stays[at[i]].node == node; ++i)
            if (stays[at[i]].place != trace::MailPlace::Wire) members.push_back(at[i]);  // the wire: with its packets
        // One deck per place and folder, however the stays come (a folder met twice is one deck).
        const auto byPlace = [&](std::uint32_t a, std::uint32_t b) {
            if (stays[a].place != stays[b].place) return stays[a].place < stays[b].place;
            return tagOf(stays[a], words) < tagOf(stays[b], words);
        };
        if (!std::is_sorted(members.begin(), members.end(), byPlace))
            std::stable_sort(members.begin(), members.end(), byPlace);
        groups.clear();
        for (std::size_t k = 0; k < members.size(); ++k) {
            const MailStay& st = stays[members[k]];
            const std::string_view tag = tagOf(st, words);
            if (groups.empty() || groups.back().folder != tag || stays[members[groups.back().first]].place != st.place) {
                EnvelopeGroup& g = groups.emplace_back();
                g.first = k;
                g.folder = tag;
                const DeckTag& shown = deckTagOf(scratch.tags, tag, small, tagPx);
                g.tag = shown.text;
                g.tagW = shown.width;
            }
            ++groups.back().count;
        }
        if (groups.empty()) continue;
        float tagW = 0, deckW = 0;
        for (const EnvelopeGroup& g : groups) {
            tagW = std::max(tagW, g.tagW);
            const int shown = static_cast<int>(std::min<std::size_t>(g.count, kDeck));
            const float extra = g.count > kDeck ? small->CalcTextSizeA(tagPx, FLT_MAX, 0, "+99").x + 3 * s : 0;
            deckW = std::max(deckW, w + static_cast<float>(shown - 1) * dx + extra);
        }
        const float gap = 3 * s, blockH = static_cast<float>(groups.size()) * rowH - 4 * s;
        const ImVec2 c = node < centres.size() ? centres[node] : nodeAt(node);
        const float side = r + 4 * s;
        // On a crowded map the decks give up their tags (the tooltip still names the place) rather
        // than cover a name, a badge or another deck; with no free place at all, the least covered one.
        bool free = false;
        float blockW = tagW + gap + deckW;
        // Left of the icon, then below or above it on the left, right of it, above, below (centred,
        // then leaning right or left), then a little further out on either side (past a queue
        // badge): the first place that covers nothing, else the least covered.
        // `free`: a place that covers nothing was found; else, with `findLeast`, the least covered one.
        // `knownTaken`: every candidate of this width is known to cover something (only the least covered is sought).
        const auto placeBlock = [&](float blockW, bool findLeast, bool& free, bool knownTaken = false) {
            const ImVec2 candidates[] = {{c.x - side - blockW, c.y - blockH / 2}, {c.x - side - blockW, c.y + r * 0.3f},
                                         {c.x - side - blockW, c.y - r * 0.3f - blockH}, {c.x + side, c.y - blockH / 2},
                                         {c.x + side, c.y + r * 0.3f}, {c.x + side, c.y - r * 0.3f - blockH},
                                         {c.x - blockW / 2, c.y - side - blockH}, {c.x - blockW / 2, c.y + side},
                                         {c.x + r * 0.3f, c.y - side - blockH}, {c.x - r * 0.3f - blockW, c.y - side - blockH},
                                         {c.x + r * 0.3f, c.y + side}, {c.x - r * 0.3f - blockW, c.y + side},
                                         {c.x - side - blockW - r, c.y - blockH / 2}, {c.x + side + r, c.y - blockH / 2}};
            free = false;
            for (const ImVec2& cand : knownTaken ? std::span<const ImVec2>() : std::span<const ImVec2>(candidates)) {
                const ImVec2 b(cand.x + blockW, cand.y + blockH);
                const bool inside = cand.x >= area.lo.x && cand.y >= area.lo.y && b.x <= area.hi.x && b.y <= area.hi.y;
                if (inside && !area.placed.anyMeets(cand, b)) {
                    free = true;
                    return cand;
                }
            }
            ImVec2 best = candidates[0];
            if (!findLeast) return best;
            // None is free: rank them by how much of each is taken (the map's coarse grid, cheap on a crowded map).
            float leastCovered = FLT_MAX;
            for (const ImVec2& cand : candidates) {
                const ImVec2 b(cand.x + blockW, cand.y + blockH);
                const float off = offMap(cand, b, area);
                const float covered = off >= leastCovered ? off : off + area.placed.takenArea(cand, b, leastCovered - off);
                if (covered < leastCovered) leastCovered = covered, best = cand;
            }
            return best;
        };
        ImVec2 best = placeBlock(blockW, false, free);
        if (!free) {
            const ImVec2 bare = placeBlock(deckW, false, free);
            if (free) best = bare, blockW = deckW, tagW = 0;
            else best = placeBlock(blockW, true, free, true);
            if (!free && mapCrowding().recording && node < t.nodes.size())
                mapCrowding().problems.push_back(fmt::format("the envelopes at {} cover something", t.nodes[node].id));
        }
        const bool tagged = tagW > 0;
        area.placed.add(best, ImVec2(best.x + blockW, best.y + blockH));
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const EnvelopeGroup& grp = groups[g];
            const float y = best.y + static_cast<float>(g) * rowH + h / 2;
            const MailStay& first = stays[members[grp.first]];
            if (tagged && !grp.tag.empty()) {  // the place in a word, right-aligned against its deck
                const ImVec2 ta(best.x + tagW - grp.tagW, y - tagPx / 2);
                const bool waiting = first.place == trace::MailPlace::Queue && first.folder == "deferred";
                dl->AddRectFilled(ImVec2(ta.x - 2 * s, ta.y), ImVec2(ta.x + grp.tagW + 2 * s, ta.y + tagPx),
                                  waiting ? warningColor() : (mapBackgroundColor() & 0x00FFFFFF) | 0xD0000000, 3 * s);
                dl->AddText(small, tagPx, ta, waiting ? onWarningTextColor() : ImGui::GetColorU32(ImGuiCol_Text),
                            grp.tag.data(), grp.tag.data() + grp.tag.size());
            }
            float x = best.x + (tagged ? tagW + gap : 0) + w / 2;
            for (std::size_t k = 0; k < grp.count && k < kDeck; ++k, x += dx) {
                const std::uint32_t stay = members[grp.first + k];
                envelope(dl, ImVec2(x, y), w, mailColour(stays[stay].mail), s);
                drawn.push_back({ImVec2(x - w / 2, y - h / 2), ImVec2(x + w / 2, y + h / 2), stay});
            }
            if (grp.count > kDeck) {
                const std::string more = fmt::format("+{}", grp.count - kDeck);
                dl->AddText(small, tagPx, ImVec2(x - dx + w / 2 + 3 * s, y - tagPx / 2), mutedTextColor(), more.c_str());
            }
        }
    }

    // On the wire: above the leading packet that carries each mail (one pass, no sort: the best
    // packet per mail id in a buffer kept between frames).
    std::vector<std::int32_t>& best = scratch.best;
    std::vector<std::uint32_t>& touched = scratch.touched;
    if (best.size() < t.mails.size() + 1) best.assign(t.mails.size() + 1, -1);
    touched.clear();
    // Only while the mail is on that connection's wire (not the QUIT after its final reply).
    std::vector<std::uint64_t>& onWire = scratch.onWire;
    onWire.clear();
    for (const std::uint32_t k : at)
        if (stays[k].place == trace::MailPlace::Wire)
            onWire.push_back(static_cast<std::uint64_t>(stays[k].mail) << 32 | stays[k].connection);
    std::sort(onWire.begin(), onWire.end());
    for (std::size_t p = 0; p < ctx.state.packets.size(); ++p) {
        const std::uint32_t m = where.mailOfPacket(ctx.state.packets[p].packetId);
        if (m == 0 || m >= best.size()) continue;
        if (!std::binary_search(onWire.begin(), onWire.end(),
                                static_cast<std::uint64_t>(m) << 32 | ctx.state.packets[p].connection))
            continue;
        std::int32_t& b = best[m];
        if (b < 0) {
            touched.push_back(m);
            b = static_cast<std::int32_t>(p);
        } else if (ctx.state.packets[p].progress > ctx.state.packets[static_cast<std::size_t>(b)].progress) {
            b = static_cast<std::int32_t>(p);
        }
    }
    std::sort(touched.begin(), touched.end());  // a stable drawing order: by mail id
    const float lift = ImGui::GetTextLineHeight() / 2 + 4 * s + h / 2;  // clear of the packet's label
    for (std::uint32_t m : touched) {
        const PacketInFlight& p = ctx.state.packets[static_cast<std::size_t>(best[m])];
        best[m] = -1;
        const ImVec2 a = nodeAt(p.from), b = nodeAt(p.to);
        const float f = static_cast<float>(p.progress);
        const ImVec2 c(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f - lift);
        envelope(dl, c, w, mailColour(m), s);
        drawn.push_back({ImVec2(c.x - w / 2, c.y - h / 2), ImVec2(c.x + w / 2, c.y + h / 2), kOnWire, m, p.connection});
    }

    if (!hovered) return;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (auto d = drawn.rbegin(); d != drawn.rend(); ++d) {
        if (mouse.x < d->a.x || mouse.x > d->b.x || mouse.y < d->a.y || mouse.y > d->b.y) continue;
        std::uint32_t id = d->stay;
        if (id == kOnWire)  // the wire stay of this mail on this connection
            for (std::uint32_t k : at)
                if (stays[k].mail == d->mail && stays[k].place == trace::MailPlace::Wire &&
                    stays[k].connection == d->connection) {
                    id = k;
                    break;
                }
        MailStay onWire;  // a packet still on its way after the final reply: the wire all the same
        onWire.mail = d->mail;
        onWire.place = trace::MailPlace::Wire;
        onWire.connection = d->connection;
        const MailStay& st = id == kOnWire ? onWire : stays[id];
        if (st.mail == 0 || st.mail > t.mails.size()) return;
        const trace::MailInfo& m = t.mails[st.mail - 1];
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
        ImGui::PushFont(fonts().bold);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mailColour(st.mail)), "✉");
        ImGui::SameLine();
        ImGui::TextUnformatted(m.subject.empty() ? tr("(no subject)") : m.subject.c_str());
        ImGui::PopFont();
        if (m.isBounce) textWrapped(tr("A bounce: a report that a mail could not be delivered."));
        textWrappedDisabled(std::string(tr("From:")) + " " + m.from);
        textWrappedDisabled(std::string(tr("To:")) + " " + m.to);
        textWrapped(whereText(t, st));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
        return;
    }
}

}  // namespace postino::viz
