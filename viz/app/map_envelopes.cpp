// Where the mail is, on the map: an envelope per mail, coloured by mail, beside the node that
// holds it (outbox, queue, mailbox, a device's copy; stacked with a small tag), and above the
// packet that carries it on the wire. Hovering one names the mail and where it is, in words.
// Drawing only: the whereabouts come from the simulation's records (model/mail_whereabouts).
#include "fonts.h"
#include "i18n.h"
#include "map_overlays.h"
#include "theme.h"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
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

// Where it is now, as a sentence.
std::string whereText(const trace::Trace& t, const MailStay& st) {
    const std::string node = st.node < t.nodes.size() ? t.nodes[st.node].id : std::string("?");
    switch (st.place) {
        case trace::MailPlace::Outbox:
            return fmt::format(fmt::runtime(tr("In the outbox of {}: waiting until its server takes it.")), node);
        case trace::MailPlace::Queue:
            if (st.folder == "deferred")
                return fmt::format(fmt::runtime(tr("In the queue of {} (queue id {}): waiting to try again.")), node,
                                   st.account);
            return fmt::format(fmt::runtime(tr("In the queue of {} (queue id {}): on its way out.")), node, st.account);
        case trace::MailPlace::Mailbox:
            return fmt::format(fmt::runtime(tr("In the mailbox of {} on {}, folder {}.")), st.account, node, st.folder);
        case trace::MailPlace::Device:
            return fmt::format(fmt::runtime(tr("A copy on {} (account {}), folder {}.")), node, st.account, st.folder);
        case trace::MailPlace::Wire: {
            std::string service = "?";
            if (st.connection != 0 && st.connection <= t.connections.size())
                service = t.connection(st.connection).service;
            return fmt::format(fmt::runtime(tr("On the wire: connection #{} ({}).")), st.connection, service);
        }
    }
    return {};
}

constexpr std::uint32_t kOnWire = UINT32_MAX;
struct Drawn {
    ImVec2 a, b;
    std::uint32_t stay;  // index into the stays; kOnWire: above a packet (the stay is looked up on hover)
    std::uint32_t mail = 0, connection = 0;
};

}  // namespace

void drawMapEnvelopes(ViewContext& ctx, ImDrawList* dl, const std::function<ImVec2(std::size_t)>& nodeAt, float r,
                      float s, bool hovered) {
    const trace::Trace& t = ctx.lesson.trace();
    const MailWhereabouts& where = ctx.index.whereabouts();
    const std::vector<MailStay>& stays = where.stays();
    if (stays.empty()) return;
    static std::vector<Drawn> drawn;  // one frame's hit boxes (the viewer draws on one thread)
    drawn.clear();
    const float w = 22 * s, h = w * 0.66f, step = h + 3 * s;
    ImFont* small = fonts().regular;
    const float tagPx = small->FontSize * 0.85f;

    static std::vector<ImVec2> centres;  // node centres on screen, this frame
    centres.resize(t.nodes.size());
    for (std::size_t n = 0; n < t.nodes.size(); ++n) centres[n] = nodeAt(n);
    const auto coversIcon = [&](ImVec2 lo, ImVec2 hi, trace::NodeIndex self) {
        for (std::size_t n = 0; n < centres.size(); ++n) {
            if (n == self) continue;
            const ImVec2 c = centres[n];
            if (lo.x < c.x + r && hi.x > c.x - r && lo.y < c.y + r && hi.y > c.y - r) return true;
        }
        return false;
    };
    const TagWords words{tr("outbox"), tr("deferred"), tr("queue")};
    // At the nodes: a column left of each icon, grouped by place (the stays come by node, place).
    const std::vector<std::uint32_t>& at = ctx.state.mailStays;
    constexpr int kColumn = 5;  // envelopes per column before the next one, further left
    std::size_t i = 0;
    while (i < at.size()) {
        const trace::NodeIndex node = stays[at[i]].node;
        const ImVec2 c = node < centres.size() ? centres[node] : nodeAt(node);
        int k = 0;
        std::string_view lastTag;
        for (; i < at.size() && stays[at[i]].node == node; ++i) {
            const MailStay& st = stays[at[i]];
            if (st.place == trace::MailPlace::Wire) continue;  // drawn with its packets
            if (k >= 3 * kColumn) continue;                   // more than fit: the rest in the tooltip of the node
            const float x = c.x - r - 4 * s - w / 2 - static_cast<float>(k / kColumn) * (w + 4 * s);
            const float y = c.y - r * 0.25f + static_cast<float>(k % kColumn) * step;
            envelope(dl, ImVec2(x, y), w, mailColour(st.mail), s);
            drawn.push_back({ImVec2(x - w / 2, y - h / 2), ImVec2(x + w / 2, y + h / 2), at[i]});
            const std::string_view tag = tagOf(st, words);
            if (k < kColumn && tag != lastTag && !tag.empty()) {  // a tag where a group starts, left of the first column
                const ImVec2 ts = small->CalcTextSizeA(tagPx, FLT_MAX, 0, tag.data(), tag.data() + tag.size());
                const ImVec2 ta(x - w / 2 - 3 * s - ts.x, y - ts.y / 2);
                const ImVec2 lo(ta.x - 2 * s, ta.y), hi(ta.x + ts.x + 2 * s, ta.y + ts.y);
                if (!coversIcon(lo, hi, node)) {  // a tag that would cover another node's icon is left out
                    const bool waiting = st.place == trace::MailPlace::Queue && st.folder == "deferred";
                    dl->AddRectFilled(lo, hi, waiting ? warningColor() : (mapBackgroundColor() & 0x00FFFFFF) | 0xD0000000,
                                      3 * s);
                    dl->AddText(small, tagPx, ta, waiting ? onWarningTextColor() : ImGui::GetColorU32(ImGuiCol_Text),
                                tag.data(), tag.data() + tag.size());
                }
            }
            lastTag = tag;
            ++k;
        }
    }

    // On the wire: above the leading packet that carries each mail (one pass, no sort: the best
    // packet per mail id in a buffer kept between frames).
    static std::vector<std::int32_t> best;  // per mail id: the packet in flight furthest along, -1 none
    static std::vector<std::uint32_t> touched;
    if (best.size() < t.mails.size() + 1) best.assign(t.mails.size() + 1, -1);
    touched.clear();
    for (std::size_t p = 0; p < ctx.state.packets.size(); ++p) {
        const std::uint32_t m = where.mailOfPacket(ctx.state.packets[p].packetId);
        if (m == 0 || m >= best.size()) continue;
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
        if (m.isBounce) ImGui::TextUnformatted(tr("A bounce: a report that a mail could not be delivered."));
        ImGui::TextDisabled("%s %s", tr("From:"), m.from.c_str());
        ImGui::TextDisabled("%s %s", tr("To:"), m.to.c_str());
        ImGui::TextUnformatted(whereText(t, st).c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
        return;
    }
}

}  // namespace postino::viz
