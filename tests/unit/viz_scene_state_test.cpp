// The visualizer's model on real lessons: hops in flight, mailbox badges, lines, events and
// connections at a time t, each checked against a brute-force scan of the whole trace.
#include "test_support.h"

#include "model/interval_index.h"
#include "model/mailbox_view.h"
#include "model/markers.h"
#include "model/packet_label.h"
#include "model/scene_state.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <tuple>

using namespace postino;
using namespace postino::viz;
using trace::EventKind;

namespace {

// A lesson run to the end, with its index (the world owns the trace the index points into).
struct RunLesson {
    explicit RunLesson(const std::string& file) : world(testing::loadLesson(file)) {
        world.run();
        index = std::make_unique<TraceIndex>(world.trace());
    }
    const trace::Trace& trace() const { return world.trace(); }
    world::World world;
    std::unique_ptr<TraceIndex> index;
};

const char* const kLessons[] = {"02-cross-domain.json", "04-pop3-two-devices.json", "08-attachment-packets.json"};
// The lessons whose devices hold folders, shared mailboxes, or only a browser.
const char* const kMailboxLessons[] = {"05-imap-two-devices.json", "06-imap-shared-mailbox.json", "07-webmail.json"};

// Sample times: around some hops (start, middle, just before and at arrival) and random ones.
std::vector<Time> sampleTimes(const TraceIndex& index, std::uint64_t seed) {
    std::vector<Time> times{Time::zero(), index.endTime()};
    const auto& hops = index.trace().hops;
    const std::size_t stride = std::max<std::size_t>(1, hops.size() / 150);
    for (std::size_t i = 0; i < hops.size(); i += stride) {
        const auto& h = hops[i];
        times.push_back(h.start);
        times.push_back(h.start + Duration::nanos((h.arrival - h.start).ns() / 2));
        times.push_back(h.arrival - Duration::nanos(1));
        times.push_back(h.arrival);
    }
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 200; ++i)
        times.push_back(Time::fromNanos(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(index.endTime().ns() + 1))));
    return times;
}

std::vector<std::uint32_t> bruteHopsInFlight(const trace::Trace& t, Time at) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < t.hops.size(); ++i)
        if (t.hops[i].start <= at && at < t.hops[i].arrival) out.push_back(static_cast<std::uint32_t>(i));
    return out;
}

// (node, mailbox) -> what the inspector lists at `at` in all its folders; a mailbox a node looked
// at and found empty (a POP3 device after the laptop took everything) counts 0; a browser holds nothing.
std::map<std::pair<trace::NodeIndex, std::string>, int> bruteBadges(const trace::Trace& t, Time at) {
    std::map<std::pair<trace::NodeIndex, std::string>, int> out;
    for (const auto& e : t.events)
        if (e.time <= at && e.mailboxCount == 0 && !e.mailbox.empty() && t.nodes[e.node].type != "browser")
            out[{e.node, e.mailbox}] = 0;
    for (const MailboxAt& box : mailboxesAt(t, at)) out[{box.node, box.mailbox}] = static_cast<int>(box.messageCount());
    return out;
}

std::map<std::pair<trace::NodeIndex, std::string>, int> badgesOf(const SceneState& s) {
    std::map<std::pair<trace::NodeIndex, std::string>, int> out;
    for (const auto& b : s.badges) out[{b.node, std::string(b.mailbox)}] = b.count;
    return out;
}

}  // namespace

TEST_CASE("viz: packets in flight match a brute-force scan of all hops", "[viz]") {
    for (const char* file : kLessons) {
        INFO(file);
        RunLesson run(file);
        const auto& tr = run.trace();
        REQUIRE(!tr.hops.empty());
        SceneBuilder builder(*run.index);
        for (Time t : sampleTimes(*run.index, 1)) {
            INFO("t = " << t.ns());
            const auto expected = bruteHopsInFlight(tr, t);
            REQUIRE(run.index->hopsInFlight(t) == expected);
            const SceneState& s = builder.build(t);
            REQUIRE(s.packets.size() == expected.size());
            std::vector<std::uint8_t> active(tr.nodes.size(), 0);
            for (std::size_t i = 0; i < expected.size(); ++i) {
                const auto& p = s.packets[i];
                const auto& hop = tr.hops[expected[i]];
                const auto& packet = tr.packets[hop.packetId].packet;
                CHECK(p.hop == expected[i]);
                CHECK(p.packetId == hop.packetId);
                CHECK(p.from == hop.from);
                CHECK(p.to == hop.to);
                CHECK(p.link == hop.link);
                CHECK(p.app == packet.app);
                CHECK(p.summary == packet.summary);
                CHECK(p.label == packetLabel(packet, tr.caption(packet.caption)));
                CHECK(p.progress >= 0.0);
                CHECK(p.progress < 1.0);
                active[hop.from] = active[hop.to] = 1;
            }
            CHECK(s.nodeActive == active);
            // Something is in flight exactly inside a busy span.
            CHECK((run.index->busySpanAt(t) != nullptr) == !expected.empty());
        }
    }
}

TEST_CASE("viz: current event, lines shown and open connections match brute force", "[viz]") {
    for (const char* file : kLessons) {
        INFO(file);
        RunLesson run(file);
        const auto& tr = run.trace();
        for (Time t : sampleTimes(*run.index, 2)) {
            std::int64_t lastEvent = -1;
            for (std::size_t i = 0; i < tr.events.size(); ++i)
                if (tr.events[i].time <= t) lastEvent = static_cast<std::int64_t>(i);
            std::size_t lines = 0;
            std::uint32_t talking = 0;  // the connection of the latest line said by t
            for (const auto& l : tr.lines)
                if (l.time <= t) ++lines, talking = l.connection;
            std::vector<std::uint32_t> open;
            for (const auto& c : tr.connections)
                if (c.opened <= t && t < c.closed) open.push_back(c.id);
            std::size_t started = 0;
            for (const auto& h : tr.hops) started += h.start <= t;

            const SceneState s = stateAt(*run.index, t);
            CHECK(s.time == t);
            CHECK(s.currentEvent == lastEvent);
            CHECK(s.linesShown == lines);
            CHECK(s.talking == talking);
            CHECK(s.openConnections == open);
            CHECK(run.index->hopsStartedBy(t) == started);
        }
    }
}

TEST_CASE("viz: step points are the distinct record times in order", "[viz]") {
    RunLesson run("02-cross-domain.json");
    const auto& tr = run.trace();
    std::set<Time> events, lines, hops;
    Time last;
    for (const auto& e : tr.events) events.insert(e.time), last = std::max(last, e.time);
    for (const auto& l : tr.lines) lines.insert(l.time), last = std::max(last, l.time);
    for (const auto& h : tr.hops) hops.insert(h.start), hops.insert(h.arrival), last = std::max(last, h.arrival);
    for (const auto& c : tr.connections) last = std::max({last, c.opened, c.closed == Time::max() ? c.opened : c.closed});
    for (const auto& p : tr.packets) last = std::max(last, p.sent);
    auto asVector = [](const std::set<Time>& s) { return std::vector<Time>(s.begin(), s.end()); };
    auto span = [](std::span<const Time> s) { return std::vector<Time>(s.begin(), s.end()); };
    CHECK(span(run.index->stepPoints(Granularity::Event)) == asVector(events));
    CHECK(span(run.index->stepPoints(Granularity::Line)) == asVector(lines));
    CHECK(span(run.index->stepPoints(Granularity::Hop)) == asVector(hops));
    CHECK(run.index->endTime() == last);
    CHECK(run.index->hopsByStart().size() == tr.hops.size());
}

TEST_CASE("viz: mailbox badge of bob at the end of lesson 04 is the server's last count", "[viz]") {
    RunLesson run("04-pop3-two-devices.json");
    const auto& tr = run.trace();
    int expected = -1;
    trace::NodeIndex server = 0;
    for (const auto& e : tr.events)
        if ((e.kind == EventKind::Delivered || e.kind == EventKind::MailboxChanged) &&
            e.mailbox == "bob@recipient.example") {
            expected = e.mailboxCount;
            server = e.node;
        }
    REQUIRE(expected >= 0);
    REQUIRE(tr.nodes[server].id == "mail-recipient");
    const SceneState end = stateAt(*run.index, run.index->endTime());
    CHECK(end.mailboxCount(server, "bob@recipient.example") == expected);

    // The devices' own copies are badges on the device nodes.
    std::map<std::string, int> deviceCopies;
    for (const auto& e : tr.events)
        if (e.kind == EventKind::Downloaded && e.mailboxCount >= 0) deviceCopies[tr.nodes[e.node].id] = e.mailboxCount;
    REQUIRE(!deviceCopies.empty());
    for (const auto& [device, count] : deviceCopies) {
        trace::NodeIndex node = 0;
        while (tr.nodes[node].id != device) ++node;
        CHECK(end.mailboxCount(node, "bob@recipient.example") == count);
        REQUIRE(end.badgesOf(node).size() == 1);
        CHECK(end.badgesOf(node)[0].count == count);
    }
    // Before anything was delivered there is no badge at all.
    CHECK(stateAt(*run.index, Time::zero()).badges.empty());
}

TEST_CASE("viz: mailbox badges match the inspector at every sample time", "[viz]") {
    std::vector<const char*> files(std::begin(kLessons), std::end(kLessons));
    files.insert(files.end(), std::begin(kMailboxLessons), std::end(kMailboxLessons));
    for (const char* file : files) {
        INFO(file);
        RunLesson run(file);
        for (Time t : sampleTimes(*run.index, 3)) CHECK(badgesOf(stateAt(*run.index, t)) == bruteBadges(run.trace(), t));
    }
}

TEST_CASE("viz: state after a random sequence of seeks equals a fresh state", "[viz]") {
    for (const char* file : kLessons) {
        INFO(file);
        RunLesson run(file);
        SceneBuilder reused(*run.index);
        std::mt19937_64 rng(42);
        const auto end = static_cast<std::uint64_t>(run.index->endTime().ns());
        for (int i = 0; i < 300; ++i) {
            const Time t = Time::fromNanos(static_cast<std::int64_t>(rng() % (end + 1)));
            const SceneState& again = reused.build(t);
            CHECK(again == stateAt(*run.index, t));
        }
    }
}

TEST_CASE("viz: mailbox snapshots are exact across their boundaries", "[viz]") {
    // A synthetic history: 3 nodes x 5 mailboxes x 2 folders, 1,000 records and some looks,
    // several at the same time, a third of them on a browser that must never count.
    trace::Trace tr;
    for (const char* type : {"mail_server", "client", "browser"}) tr.nodes.push_back({type, type, type, 0});
    std::mt19937_64 rng(7);
    std::map<std::tuple<trace::NodeIndex, std::string, std::string>, std::set<std::uint32_t>> present;
    for (int i = 0; i < 1000; ++i) {
        const Time at = Time::fromNanos(i / 3 * 10);
        const auto node = static_cast<trace::NodeIndex>(rng() % 3);
        const std::string mailbox = "user" + std::to_string(rng() % 5) + "@example.org";
        if (i % 13 == 0) {  // a look that finds nothing new
            trace::Event e;
            e.time = at;
            e.kind = EventKind::Downloaded;
            e.node = node;
            e.mailbox = mailbox;
            e.mailboxCount = static_cast<int>(rng() % 4);
            tr.events.push_back(e);
            continue;
        }
        trace::MailboxRecord r;
        r.time = at;
        r.node = node;
        r.mailbox = mailbox;
        r.folder = rng() % 2 ? "INBOX" : "Trips";
        auto& uids = present[{node, mailbox, r.folder}];
        r.uid = static_cast<std::uint32_t>(rng() % 8);
        r.op = uids.count(r.uid) ? trace::MailboxRecord::Op::Removed : trace::MailboxRecord::Op::Added;
        if (r.op == trace::MailboxRecord::Op::Added) uids.insert(r.uid);
        else uids.erase(r.uid);
        tr.mailboxRecords.push_back(r);
    }
    for (std::size_t interval : {1u, 4u, 256u}) {
        const MailboxHistory history(tr, interval);
        CHECK(history.snapshotInterval() == std::max<std::size_t>(interval, history.keys().size()));
        std::vector<int> counts;
        for (std::int64_t ns = -10; ns <= 3400; ns += 5) {
            const Time t = Time::fromNanos(ns);
            history.countsAt(t, counts);
            std::map<std::pair<trace::NodeIndex, std::string>, int> got;
            for (std::size_t k = 0; k < counts.size(); ++k)
                if (counts[k] >= 0) got[{history.keys()[k].node, history.keys()[k].address}] = counts[k];
            REQUIRE(got == bruteBadges(tr, t));
        }
    }
}

TEST_CASE("viz: the interval index matches brute force, open-ended intervals included", "[viz]") {
    std::mt19937_64 rng(11);
    std::vector<TimedInterval> intervals;
    for (std::uint32_t i = 0; i < 3000; ++i) {
        const auto start = static_cast<std::int64_t>(rng() % 1'000'000);
        const std::int64_t length = i % 50 == 0 ? 0 : static_cast<std::int64_t>(rng() % (i % 3 ? 100 : 100'000));
        const Time end = i % 97 == 0 ? Time::max() : Time::fromNanos(start + length);
        intervals.push_back({Time::fromNanos(start), end, i});
    }
    const IntervalIndex index(intervals);
    for (int q = 0; q < 500; ++q) {
        const Time t = Time::fromNanos(static_cast<std::int64_t>(rng() % 1'200'000));
        std::vector<std::uint32_t> expected;
        for (const auto& iv : intervals)
            if (iv.start <= t && t < iv.end) expected.push_back(iv.id);
        REQUIRE(index.containing(t) == expected);
    }
}

TEST_CASE("viz: packet labels name the protocol, the segment or the TCP control flags", "[viz]") {
    net::Packet p;
    p.app = net::AppProtocol::TcpControl;
    p.flags = net::tcpflag::Syn;
    CHECK(packetLabel(p) == "SYN");
    p.flags = net::tcpflag::Syn | net::tcpflag::Ack;
    CHECK(packetLabel(p) == "SYN-ACK");
    p.flags = net::tcpflag::Fin | net::tcpflag::Ack;
    CHECK(packetLabel(p) == "FIN");
    p.flags = net::tcpflag::Ack;
    CHECK(packetLabel(p) == "ACK");
    p.flags = net::tcpflag::Rst | net::tcpflag::Ack;
    CHECK(packetLabel(p) == "RST");
    p.app = net::AppProtocol::Smtp;
    p.segIndex = 3;
    p.segCount = 12;
    CHECK(packetLabel(p) == "SMTP 3/12");
    p.segIndex = p.segCount = 1;
    CHECK(packetLabel(p) == "SMTP");
    p.app = net::AppProtocol::Dns;
    p.transport = net::Transport::Udp;
    p.segIndex = p.segCount = 0;
    CHECK(packetLabel(p) == "DNS");

    // Lesson 08 cuts the photo into numbered SMTP segments.
    RunLesson run("08-attachment-packets.json");
    bool sawSegment = false;
    for (const auto& pr : run.trace().packets)
        if (pr.packet.app == net::AppProtocol::Smtp && pr.packet.segCount > 1) {
            CHECK(packetLabel(pr.packet) ==
                  "SMTP " + std::to_string(pr.packet.segIndex) + "/" + std::to_string(pr.packet.segCount));
            sawSegment = true;
        }
    CHECK(sawSegment);
}

TEST_CASE("viz: markers are the mail milestones in event order", "[viz]") {
    RunLesson run("04-pop3-two-devices.json");
    const auto& events = run.trace().events;
    const auto ms = markers(*run.index);
    std::size_t submitted = 0, delivered = 0, mailbox = 0, expectedMailbox = 0;
    for (const auto& e : events) expectedMailbox += e.kind == EventKind::Downloaded || e.kind == EventKind::MailboxChanged;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        const auto& e = events[ms[i].event];
        CHECK(ms[i].time == e.time);
        if (i > 0) CHECK(ms[i - 1].event < ms[i].event);
        switch (ms[i].kind) {
            case MarkerKind::Submitted:
                CHECK(e.kind == EventKind::MailSubmitted);
                ++submitted;
                break;
            case MarkerKind::Delivered:
                CHECK(e.kind == EventKind::Delivered);
                ++delivered;
                break;
            case MarkerKind::Error: CHECK(e.kind == EventKind::Rejected); break;
            case MarkerKind::Deferred: CHECK(e.kind == EventKind::Deferred); break;
            case MarkerKind::Retry: CHECK(e.kind == EventKind::Retrying); break;
            case MarkerKind::Bounce: CHECK(e.kind == EventKind::Bounced); break;
            case MarkerKind::Outage: CHECK(e.kind == EventKind::Outage); break;
            case MarkerKind::Mailbox: ++mailbox; break;
        }
    }
    CHECK(submitted == 3);
    CHECK(delivered == 3);
    CHECK(mailbox == expectedMailbox);
}
