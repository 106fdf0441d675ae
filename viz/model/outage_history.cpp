#include "model/outage_history.h"

#include <algorithm>
#include <charconv>

namespace postino::viz {

namespace {

int parseCode(const std::string& text) {
    int code = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
    return ec == std::errc() && end == text.data() + text.size() ? code : 0;
}

}  // namespace

OutageHistory::OutageHistory(const trace::Trace& trace, std::span<const LinkChange> linkChanges) {
    using namespace outage_format;
    const std::size_t nodes = trace.nodes.size();
    m_off.resize(nodes);
    m_error.resize(nodes);
    const auto push = [](Timeline& line, Time t, int value) {
        if (!line.empty()) t = std::max(t, line.back().time);  // the trace is in time order; stay sorted
        line.push_back({t, value});
    };
    for (const trace::Event& e : trace.events) {
        if (e.kind != trace::EventKind::Outage || e.node >= nodes) continue;
        const std::string_view f = e.format;
        if (f == kSwitchedOff) push(m_off[e.node], e.time, 1), m_anyNode = true;
        else if (f == kBackOn) push(m_off[e.node], e.time, 0), m_anyNode = true;
        else if (f == kSmtpError && e.args.size() >= 2) push(m_error[e.node], e.time, parseCode(e.args[1])), m_anyNode = true;
        else if (f == kSmtpNormal) push(m_error[e.node], e.time, 0), m_anyNode = true;
        else if ((f == kMailboxFull || f == kMailboxRoom) && !e.args.empty()) {
            auto it = std::find_if(m_mailboxes.begin(), m_mailboxes.end(), [&](const MailboxLine& m) {
                return m.node == e.node && m.address == e.args[0];
            });
            if (it == m_mailboxes.end()) it = m_mailboxes.insert(m_mailboxes.end(), MailboxLine{e.node, e.args[0], {}});
            push(it->full, e.time, f == kMailboxFull ? 1 : 0);
            m_anyNode = true;
        }
    }
    m_linkDown.resize(trace.links.size());
    std::vector<LinkChange> sorted(linkChanges.begin(), linkChanges.end());
    for (const trace::LinkStateRecord& r : trace.linkStates) sorted.push_back({r.time, r.link, r.up});
    std::stable_sort(sorted.begin(), sorted.end(), [](const LinkChange& a, const LinkChange& b) { return a.time < b.time; });
    for (const LinkChange& c : sorted) {
        if (c.link >= m_linkDown.size()) continue;
        push(m_linkDown[c.link], c.time, c.up ? 0 : 1);
        m_anyLink = true;
    }
}

int OutageHistory::valueAt(const Timeline& line, Time t) {
    const auto it = std::upper_bound(line.begin(), line.end(), t, [](Time x, const Change& c) { return x < c.time; });
    return it == line.begin() ? 0 : (it - 1)->value;
}

bool OutageHistory::nodeOff(trace::NodeIndex node, Time t) const {
    return node < m_off.size() && valueAt(m_off[node], t) != 0;
}

int OutageHistory::smtpError(trace::NodeIndex node, Time t) const {
    return node < m_error.size() ? valueAt(m_error[node], t) : 0;
}

bool OutageHistory::mailboxFull(trace::NodeIndex node, std::string_view address, Time t) const {
    for (const MailboxLine& m : m_mailboxes)
        if (m.node == node && m.address == address) return valueAt(m.full, t) != 0;
    return false;
}

bool OutageHistory::linkUp(std::uint32_t link, Time t) const {
    return link >= m_linkDown.size() || valueAt(m_linkDown[link], t) == 0;
}

}  // namespace postino::viz
