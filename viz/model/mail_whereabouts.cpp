#include "model/mail_whereabouts.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace postino::viz {

namespace {

// What identifies one stay among the records: the queue name changes within one stay's key
// (a queue record with another name ends the stay and opens the next).
using StayKey = std::tuple<std::uint32_t, trace::NodeIndex, trace::MailPlace, std::string_view, std::string_view,
                           std::uint32_t, std::uint32_t>;

StayKey keyOf(const trace::MailPlaceRecord& r) {
    const bool queue = r.place == trace::MailPlace::Queue;
    return {r.mail, r.node, r.place, r.account, queue ? std::string_view() : std::string_view(r.folder), r.uid,
            r.connection};
}

}  // namespace

MailWhereabouts::MailWhereabouts(const trace::Trace& trace) : m_trace(&trace) {
    std::map<StayKey, std::size_t> open;
    for (const trace::MailPlaceRecord& r : trace.mailPlaces) {
        if (r.mail == 0 || r.mail > trace.mails.size()) continue;
        const StayKey key = keyOf(r);
        auto it = open.find(key);
        if (it != open.end()) {  // it leaves, or (a queue) it moves to another queue name
            m_stays[it->second].left = r.time;
            open.erase(it);
        }
        if (!r.present) continue;
        MailStay s;
        s.mail = r.mail;
        s.node = r.node;
        s.place = r.place;
        s.account = r.account;
        s.folder = r.folder;
        s.connection = r.connection;
        s.arrived = r.time;
        open.emplace(key, m_stays.size());
        m_stays.push_back(s);
    }
    std::stable_sort(m_stays.begin(), m_stays.end(), [](const MailStay& a, const MailStay& b) {
        return std::tie(a.node, a.place, a.arrived, a.mail) < std::tie(b.node, b.place, b.arrived, b.mail);
    });
    std::vector<TimedInterval> intervals;
    intervals.reserve(m_stays.size());
    for (std::size_t i = 0; i < m_stays.size(); ++i)
        intervals.push_back({m_stays[i].arrived, m_stays[i].left, static_cast<std::uint32_t>(i)});
    m_index = IntervalIndex(std::move(intervals));

    // Carried mail grouped by connection (counting sort: records come in start order).
    m_carriedStart.assign(trace.connections.size() + 2, 0);
    for (const trace::CarriedMailRecord& c : trace.carriedMail)
        if (c.connection != 0 && c.connection <= trace.connections.size()) ++m_carriedStart[c.connection + 1];
    for (std::size_t i = 1; i < m_carriedStart.size(); ++i) m_carriedStart[i] += m_carriedStart[i - 1];
    m_carried.resize(m_carriedStart.back());
    std::vector<std::uint32_t> fill(m_carriedStart.begin(), m_carriedStart.end() - 1);
    for (std::uint32_t i = 0; i < trace.carriedMail.size(); ++i) {
        const std::uint32_t c = trace.carriedMail[i].connection;
        if (c != 0 && c <= trace.connections.size()) m_carried[fill[c]++] = i;
    }

    // Which mail each packet carries.
    m_packetMail.assign(trace.packets.size(), 0);
    for (const trace::PacketRecord& rec : trace.packets) {
        const net::Packet& p = rec.packet;
        if (p.connection == 0 || p.payload.empty() || p.id >= m_packetMail.size()) continue;
        const std::span<const std::uint32_t> on = carriedOn(p.connection);
        if (on.empty()) continue;
        const bool fromClient = p.srcIp == trace.connection(p.connection).clientIp;
        for (std::uint32_t i : on) {
            const trace::CarriedMailRecord& c = trace.carriedMail[i];
            if (c.start > rec.sent) break;
            if (c.fromClient == fromClient && rec.sent <= c.end) m_packetMail[p.id] = c.mail;
        }
    }
}

void MailWhereabouts::staysAt(Time t, std::vector<std::uint32_t>& out) const { m_index.containing(t, out); }

std::span<const std::uint32_t> MailWhereabouts::carriedOn(std::uint32_t connection) const {
    if (connection == 0 || connection + 1 >= m_carriedStart.size()) return {};
    return std::span<const std::uint32_t>(m_carried.data() + m_carriedStart[connection],
                                          m_carriedStart[connection + 1] - m_carriedStart[connection]);
}

std::span<const std::uint32_t> MailWhereabouts::carriedBy(std::uint32_t connection, std::size_t linesShown) const {
    const std::span<const std::uint32_t> all = carriedOn(connection);
    std::size_t n = 0;
    while (n < all.size() && m_trace->carriedMail[all[n]].firstLine < linesShown) ++n;
    return all.first(n);
}

std::string carriedText(const trace::Trace& trace, const trace::CarriedMailRecord& c, std::size_t linesShown,
                        bool* complete, std::size_t* lines) {
    std::string text;
    const std::size_t end = std::min<std::size_t>({c.endLine, linesShown, trace.lines.size()});
    std::size_t n = 0;
    for (std::size_t i = c.firstLine; i < end; ++i, ++n) {
        std::string_view line = trace.lines[i].text;
        if (c.dotStuffed && !line.empty() && line.front() == '.') line.remove_prefix(1);
        text.append(line);
        text += "\r\n";
    }
    if (c.textBytes != 0 && text.size() > c.textBytes) text.resize(c.textBytes);
    if (complete) *complete = end >= c.endLine;
    if (lines) *lines = n;
    return text;
}

std::string_view stayTag(const MailStay& s) {
    switch (s.place) {
        case trace::MailPlace::Outbox: return "outbox";
        case trace::MailPlace::Queue: return s.folder.empty() ? std::string_view("queue") : s.folder;
        case trace::MailPlace::Mailbox:
        case trace::MailPlace::Device: return s.folder;
        case trace::MailPlace::Wire: return "wire";
    }
    return {};
}

}  // namespace postino::viz
