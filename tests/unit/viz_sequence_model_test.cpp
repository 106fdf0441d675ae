// The sequence diagram's model on real lessons: rows in time order, one per protocol line, DNS
// message and drawn TCP segment; each connection's handshake as one group; the lifelines with
// their whole names; and the header layout that wraps or widens instead of cutting a name.
#include "test_support.h"

#include "model/sequence_header.h"
#include "model/sequence_model.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace postino;
using namespace postino::viz;

namespace {

struct RunLesson {
    explicit RunLesson(const std::string& file) : world(testing::loadLesson(file)) { world.run(); }
    const trace::Trace& trace() const { return world.trace(); }
    world::World world;
};

std::uint8_t flagsOf(const trace::Trace& t, const SequenceRow& row) { return t.packets[row.ref].packet.flags; }

std::set<std::string> namesOf(const SequenceModel& m) {
    std::set<std::string> out;
    for (trace::NodeIndex n : m.participants()) out.insert(m.name(n));
    return out;
}

// Every character a monospaced 8 px: the widths the header layout gets from the GUI's font.
float mono(std::string_view s) { return 8.0f * static_cast<float>(s.size()); }

}  // namespace

TEST_CASE("sequence model: lesson 02's rows are its lines, DNS and TCP segments in time order", "[viz][sequence]") {
    RunLesson run("02-cross-domain.json");
    const trace::Trace& t = run.trace();
    const SequenceModel m(t, true);
    const auto& rows = m.rows();
    REQUIRE(!rows.empty());
    CHECK(std::is_sorted(rows.begin(), rows.end(),
                         [](const SequenceRow& a, const SequenceRow& b) { return a.time < b.time; }));
    std::size_t lines = 0, dns = 0;
    for (const SequenceRow& r : rows) {
        lines += r.kind == SequenceRowKind::Line;
        dns += r.kind == SequenceRowKind::Dns;
        CHECK(r.from != r.to);
    }
    CHECK(lines == t.lines.size());  // every protocol line is an arrow
    CHECK(dns >= 2);                 // the MX question and its answer at least
    // The first line is the submission server's greeting, from mail-sender to alice-laptop.
    const auto greeting = std::find_if(rows.begin(), rows.end(), [](const SequenceRow& r) { return r.kind == SequenceRowKind::Line; });
    CHECK(m.text(*greeting).rfind("220 ", 0) == 0);
    CHECK(m.name(greeting->from) == "mail-sender");
    CHECK(m.name(greeting->to) == "alice-laptop");
    // The playhead before anything and after everything.
    CHECK(m.rowsUpTo(Time::zero()) == 0);
    CHECK(m.rowsUpTo(rows.back().time) == rows.size());

    const SequenceModel quiet(t, false);
    CHECK(std::none_of(quiet.rows().begin(), quiet.rows().end(),
                       [](const SequenceRow& r) { return r.kind == SequenceRowKind::Tcp; }));
    CHECK(quiet.rows().size() < rows.size());
    CHECK(quiet.handshakes().empty());
}

TEST_CASE("sequence model: each connection's three-way handshake is one group: SYN, SYN-ACK, ACK", "[viz][sequence]") {
    RunLesson run("02-cross-domain.json");
    const trace::Trace& t = run.trace();
    const SequenceModel m(t, true);
    REQUIRE(m.handshakes().size() == t.connections.size());
    std::set<std::uint32_t> seen;
    using namespace net::tcpflag;
    for (const HandshakeGroup& g : m.handshakes()) {
        seen.insert(g.connection);
        const trace::ConnectionRecord& c = t.connection(g.connection);
        REQUIRE(g.syn < g.synAck);
        REQUIRE(g.synAck < g.ack);
        const SequenceRow &syn = m.rows()[g.syn], &synAck = m.rows()[g.synAck], &ack = m.rows()[g.ack];
        CHECK(flagsOf(t, syn) == Syn);
        CHECK(flagsOf(t, synAck) == (Syn | Ack));
        CHECK(flagsOf(t, ack) == Ack);
        CHECK((syn.from == c.client && syn.to == c.server));
        CHECK((synAck.from == c.server && synAck.to == c.client));
        CHECK((ack.from == c.client && ack.to == c.server));
        for (std::size_t r : {g.syn, g.synAck, g.ack}) {
            REQUIRE(m.handshakeOf(r) != nullptr);
            CHECK(m.handshakeOf(r)->connection == g.connection);
        }
        // Between its arrows only other conversations (a DNS question, another connection).
        for (std::size_t r = g.syn + 1; r < g.ack; ++r)
            if (r != g.synAck) CHECK(m.rows()[r].connection != g.connection);
    }
    CHECK(seen.size() == t.connections.size());
    // Lines are never part of a handshake.
    for (std::size_t r = 0; r < m.rows().size(); ++r)
        if (m.rows()[r].kind == SequenceRowKind::Line) CHECK(m.handshakeOf(r) == nullptr);
}

TEST_CASE("sequence model: a line's packet carries its text", "[viz][sequence]") {
    RunLesson run("02-cross-domain.json");
    const trace::Trace& t = run.trace();
    const SequenceModel m(t, true);
    std::size_t found = 0, lines = 0;
    for (const SequenceRow& r : m.rows()) {
        if (r.kind != SequenceRowKind::Line) {
            CHECK(m.packetOf(r) == std::optional<std::uint64_t>(r.ref));
            continue;
        }
        ++lines;
        const auto p = m.packetOf(r);
        if (!p) continue;
        ++found;
        CHECK(t.packets[*p].packet.connection == r.connection);
        CHECK(t.packets[*p].packet.payload.find(t.lines[r.ref].text) != std::string::npos);
    }
    CHECK(found * 10 >= lines * 9);  // all but the lines a full window held back
}

TEST_CASE("sequence model: lesson 12 has 10 lifelines, their whole names, ordered as asked", "[viz][sequence]") {
    RunLesson run("12-pop3-vs-imap.json");
    const SequenceModel m(run.trace(), true);
    CHECK(m.participants().size() == 10);
    CHECK(namesOf(m) == std::set<std::string>{"alice-laptop", "mail-sender", "dns", "mail-recipient", "bob-laptop",
                                              "bob-phone", "carol-laptop", "carol-phone", "dana-laptop", "dana-phone"});
    // Ordered by the map's x (here: the reverse of node order), ties kept in node order.
    const auto lanes = m.lifelines([](trace::NodeIndex n) { return -static_cast<float>(n); });
    REQUIRE(lanes.size() == 10);
    CHECK(std::is_sorted(lanes.rbegin(), lanes.rend()));
}

TEST_CASE("sequence header: names that fit stay on one line where they are", "[viz][sequence]") {
    const std::vector<std::string> names{"alice-laptop", "dns", "mail-recipient"};
    const HeaderLayout h = layoutHeader(names, mono, 100 + 75, 150, 102, 100 + 450 - 2, 6, 5);
    CHECK(h.fits);
    CHECK(h.lines == 1);
    for (std::size_t k = 0; k < names.size(); ++k) {
        CHECK(h.boxes[k].lines == std::vector<std::string>{names[k]});
        CHECK(h.boxes[k].width == mono(names[k]) + 12);
    }
}

TEST_CASE("sequence header: 8 lifelines in narrow lanes wrap their names, never cut them", "[viz][sequence]") {
    const std::vector<std::string> names{"alice-laptop", "mail-sender", "dns",         "mail-recipient",
                                         "bob-laptop",   "bob-phone",   "dana-laptop", "dana-phone"};
    const float lane = 90;  // the eight names on one line need 771 px, the lanes give 720
    const HeaderLayout h = layoutHeader(names, mono, 80 + lane / 2, lane, 82, 80 + 8 * lane - 2, 6, 5);
    CHECK(h.fits);
    CHECK(h.lines == 2);
    for (std::size_t k = 0; k < names.size(); ++k) {
        const HeaderBox& b = h.boxes[k];
        std::string whole;
        for (const std::string& l : b.lines) whole += l;
        CHECK(whole == names[k]);  // nothing left out, no ellipsis
        for (const std::string& l : b.lines) CHECK(mono(l) + 12 <= b.width);
        if (k) CHECK(h.boxes[k - 1].left + h.boxes[k - 1].width + 5 <= b.left + 0.01f);  // no overlap
    }
    CHECK(h.boxes[0].lines == std::vector<std::string>{"alice-", "laptop"});
    CHECK(h.boxes[2].lines == std::vector<std::string>{"dns"});
}

TEST_CASE("sequence header: when even two lines do not fit, the lanes must grow", "[viz][sequence]") {
    const std::vector<std::string> names{"averyveryverylongname", "anotherlongnamewithoutbreaks"};
    const HeaderLayout h = layoutHeader(names, mono, 60, 100, 12, 208, 6, 5);
    CHECK_FALSE(h.fits);
    CHECK(h.neededLaneWidth == mono(names[1]) + 12 + 5);
    // At that width the names fit on one line each.
    const float lane = h.neededLaneWidth;
    const HeaderLayout wide = layoutHeader(names, mono, 10 + lane / 2, lane, 12, 10 + 2 * lane - 2, 6, 5);
    CHECK(wide.fits);
    CHECK(wide.boxes[1].lines == std::vector<std::string>{names[1]});
}

TEST_CASE("sequence header: a name breaks at the separator nearest its middle", "[viz][sequence]") {
    CHECK(splitName("alice-laptop") == std::pair<std::string, std::string>{"alice-", "laptop"});
    CHECK(splitName("mail.recipient.example") == std::pair<std::string, std::string>{"mail.recipient.", "example"});
    CHECK(splitName("dana laptop") == std::pair<std::string, std::string>{"dana", "laptop"});
    CHECK(splitName("dns") == std::pair<std::string, std::string>{"dns", ""});
    CHECK(splitName("-x") == std::pair<std::string, std::string>{"-x", ""});
}

TEST_CASE("sequence model: a handshake's frame holds its rows' labels, however long", "[viz][sequence]") {
    RunLesson run("01-same-domain.json");
    const SequenceModel m(run.trace(), true);
    REQUIRE(!m.handshakes().empty());
    const HandshakeGroup& g = m.handshakes().front();
    // Lanes 200 px apart; each label centred between them, 8 px a character, as the panel draws it.
    const float a = 100, b = 300, margin = 8;
    std::vector<SpanX> labels;
    for (std::size_t r : {g.syn, g.synAck, g.ack}) {
        const float w = mono(m.text(m.rows()[r]));
        labels.push_back({(a + b) / 2 - w / 2, (a + b) / 2 + w / 2});
    }
    // The SYN-ACK's "[SYN, ACK] Seq=0 Ack=1 Win=… MSS=1460" is wider than the lanes' gap.
    REQUIRE(labels[1].right - labels[1].left > b - a);
    const SpanX frame = handshakeFrame(a, b, labels, margin);
    for (const SpanX& l : labels) {
        CHECK(frame.left <= l.left - margin);
        CHECK(frame.right >= l.right + margin);
    }
    CHECK(frame.left <= a - margin);
    CHECK(frame.right >= b + margin);
    // Short labels leave the frame around the lifelines alone, in either order.
    const SpanX plain = handshakeFrame(b, a, {{190, 210}}, margin);
    CHECK(plain.left == a - margin);
    CHECK(plain.right == b + margin);
}
