// The visualizer's model of failures, on worlds that break: the mail queues at any t (checked
// against a brute-force replay of every queue record), bounce connections, nodes switched off,
// SMTP errors and full mailboxes from the Outage events, cut links, the new scrub-bar markers,
// the compressed time axis of a five-day run, and playing such a run in seconds.
#include "test_support.h"

#include "model/markers.h"
#include "model/player.h"
#include "model/scene_state.h"
#include "model/timeline_scale.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>

using namespace postino;
using namespace postino::viz;
using trace::EventKind;

namespace {

struct RunWorld {
    explicit RunWorld(const scenario::Scenario& sc) : world(sc) {
        world.run();
        index = std::make_unique<TraceIndex>(world.trace());
    }
    const trace::Trace& trace() const { return world.trace(); }
    world::World world;
    std::unique_ptr<TraceIndex> index;
};

std::uint32_t ip(int a, int b, int c, int d) {
    return static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 | static_cast<std::uint32_t>(c) << 8 |
           static_cast<std::uint32_t>(d);
}

void sortActions(scenario::Scenario& sc) {
    std::stable_sort(sc.actions.begin(), sc.actions.end(),
                     [](const scenario::Action& a, const scenario::Action& b) { return a.at < b.at; });
}

// Lesson 03 broken twice: nobody@recipient.example does not exist (the provider's relay bounces
// the mail back over SMTP with MAIL FROM:<>), and carol@elsewhere.example's server address
// answers nothing (the relay retries for Postfix's five days, then bounces).
scenario::Scenario bounceAndRetry() {
    scenario::Scenario sc = testing::loadLesson("03-multi-hop-relay.json");
    REQUIRE(!sc.actions.empty());
    sc.actions[0].to.push_back("nobody@recipient.example");
    scenario::Action second = sc.actions[0];
    second.at = Time::zero() + Duration::seconds(20);
    second.to = {"carol@elsewhere.example"};
    second.subject = "Lunch?";
    sc.actions.push_back(second);
    for (auto& n : sc.nodes)
        if (n.type == scenario::NodeType::DnsServer) {
            scenario::DnsZone zone{"elsewhere.example", {}};
            scenario::DnsRecord mx;
            mx.name = "elsewhere.example";
            mx.type = scenario::RecordType::MX;
            mx.preference = 10;
            mx.exchange = "mail.elsewhere.example";
            scenario::DnsRecord a;
            a.name = "mail.elsewhere.example";
            a.address = ip(203, 0, 113, 99);
            zone.records = {mx, a};
            n.zones.push_back(zone);
        }
    sortActions(sc);
    return sc;
}

// Lesson 02 with Bob's server switched off at 0.5 s for 400 s, then answering 421 from 900 s
// for 100 s, with Bob's mailbox full from 1000 s for 50 s.
scenario::Scenario outages() {
    scenario::Scenario sc = testing::loadLesson("02-cross-domain.json");
    scenario::Action down;
    down.type = scenario::ActionType::NodeDown;
    down.at = Time::fromNanos(500'000'000);
    down.node = "mail-recipient";
    down.duration = Duration::seconds(400);
    scenario::Action error;
    error.type = scenario::ActionType::SmtpError;
    error.at = Time::zero() + Duration::seconds(900);
    error.node = "mail-recipient";
    error.replyCode = 421;
    error.duration = Duration::seconds(100);
    scenario::Action full;
    full.type = scenario::ActionType::MailboxFull;
    full.at = Time::zero() + Duration::seconds(1000);
    full.node = "mail-recipient";
    full.mailbox = "bob@recipient.example";
    full.duration = Duration::seconds(50);
    sc.actions.push_back(down);
    sc.actions.push_back(error);
    sc.actions.push_back(full);
    sortActions(sc);
    return sc;
}

Time seconds(double s) { return Time::fromNanos(static_cast<std::int64_t>(s * 1e9)); }

// Every record time, a nanosecond either side, and some times in between.
std::vector<Time> queueSampleTimes(const trace::Trace& t) {
    std::vector<Time> times{Time::zero()};
    for (std::size_t i = 0; i < t.queue.size(); ++i) {
        const Time at = t.queue[i].time;
        times.push_back(at);
        times.push_back(at - Duration::nanos(1));
        times.push_back(at + Duration::nanos(1));
        if (i + 1 < t.queue.size()) times.push_back(at + Duration::nanos((t.queue[i + 1].time - at).ns() / 2));
    }
    return times;
}

// (node, queue id) -> index of its last record at or before `at`, for mails not removed by then.
std::map<std::pair<trace::NodeIndex, std::string>, std::size_t> bruteQueue(const trace::Trace& t, Time at) {
    std::map<std::pair<trace::NodeIndex, std::string>, std::size_t> last;
    for (std::size_t i = 0; i < t.queue.size(); ++i)
        if (t.queue[i].time <= at) last[{t.queue[i].node, t.queue[i].queueId}] = i;
    for (auto it = last.begin(); it != last.end();)
        it = t.queue[it->second].queue == trace::QueueName::Removed ? last.erase(it) : std::next(it);
    return last;
}

}  // namespace

TEST_CASE("viz: the mail queues at any t match a replay of every queue record", "[viz][queue]") {
    RunWorld run(bounceAndRetry());
    const trace::Trace& t = run.trace();
    REQUIRE(t.queue.size() > 100);
    const QueueHistory& queues = run.index->queues();
    std::vector<QueuedMailAt> mails;
    std::vector<QueueCount> counts;
    bool sawDeferred = false, sawBounce = false, sawTwoServers = false;
    for (const Time at : queueSampleTimes(t)) {
        queues.mailsAt(at, mails);
        const auto expected = bruteQueue(t, at);
        REQUIRE(mails.size() == expected.size());
        for (std::size_t i = 0; i < mails.size(); ++i) {
            const trace::QueueRecord& r = *mails[i].record;
            const auto it = expected.find({r.node, r.queueId});
            REQUIRE(it != expected.end());
            CHECK(&r == &t.queue[it->second]);
            if (i > 0) {  // by node, then arrival
                const trace::QueueRecord& p = *mails[i - 1].record;
                CHECK(std::tie(p.node, p.arrival) <= std::tie(r.node, r.arrival));
            }
            sawDeferred |= r.queue == trace::QueueName::Deferred;
            sawBounce |= r.isBounce;
        }
        queues.countsAt(at, counts);
        std::map<trace::NodeIndex, QueueCount> want;
        for (const auto& [key, i] : expected) {
            QueueCount& c = want.try_emplace(key.first, QueueCount{key.first}).first->second;
            ++c.mails;
            c.deferred += t.queue[i].queue == trace::QueueName::Deferred;
            c.bounces += t.queue[i].isBounce;
        }
        REQUIRE(counts.size() == want.size());
        for (const QueueCount& c : counts) CHECK(c == want.at(c.node));
        sawTwoServers |= counts.size() >= 2;
    }
    CHECK(sawDeferred);
    CHECK(sawBounce);
    CHECK(sawTwoServers);
    // The scene carries the same, and the badge of the server that retries says "deferred".
    const SceneState mid = stateAt(*run.index, seconds(200));
    REQUIRE(mid.queues.size() == 1);
    CHECK(t.nodes[mid.queues[0].node].id == "isp-relay");
    CHECK(mid.queues[0].mails == 1);
    CHECK(mid.queues[0].deferred == 1);
    REQUIRE(mid.queueOf(mid.queues[0].node));
    CHECK(mid.queueOf(0) == nullptr);
    REQUIRE(mid.queuedMails.size() == 1);
    const trace::QueueRecord& waiting = *mid.queuedMails[0].record;
    CHECK(waiting.recipients.at(0).address == "carol@elsewhere.example");
    CHECK(waiting.recipients.at(0).status == trace::RecipientStatus::Deferred);
    CHECK(waiting.nextAttempt > seconds(200));
    CHECK(waiting.attempts == 1);
    // After five days it is gone: bounced.
    CHECK(stateAt(*run.index, run.index->endTime()).queues.empty());
}

TEST_CASE("viz: a connection whose client says MAIL FROM:<> carries a bounce", "[viz][queue]") {
    CHECK(isNullSenderMailFrom("MAIL FROM:<>"));
    CHECK(isNullSenderMailFrom("mail from:<> SIZE=1234"));
    CHECK(isNullSenderMailFrom("MAIL FROM: <>"));
    CHECK_FALSE(isNullSenderMailFrom("MAIL FROM:<alice@office.example>"));
    CHECK_FALSE(isNullSenderMailFrom("MAIL FROM:<>x"));
    CHECK_FALSE(isNullSenderMailFrom("RCPT TO:<>"));
    CHECK_FALSE(isNullSenderMailFrom("MAIL"));

    RunWorld run(bounceAndRetry());
    const trace::Trace& t = run.trace();
    std::set<std::uint32_t> expected;
    for (const auto& l : t.lines)
        if (l.fromClient && l.text.rfind("MAIL FROM:<>", 0) == 0) expected.insert(l.connection);
    // The relay's bounces go back to the office server: nobody@'s at once, carol@'s after five days.
    REQUIRE(expected.size() == 2);
    for (const auto& c : t.connections) CHECK(run.index->isBounceConnection(c.id) == (expected.count(c.id) == 1));
    // Its packets are marked in the scene; the others are not.
    bool sawBounce = false, sawOther = false;
    for (const auto& hop : t.hops) {
        const SceneState s = stateAt(*run.index, hop.start);
        for (const PacketInFlight& p : s.packets) {
            CHECK(p.bounce == (expected.count(p.connection) == 1));
            (p.bounce ? sawBounce : sawOther) = true;
        }
        if (sawBounce && sawOther) break;
    }
    CHECK(sawBounce);
    CHECK(sawOther);
}

TEST_CASE("viz: nodes switched off, SMTP errors and full mailboxes come from the Outage events", "[viz][queue]") {
    RunWorld run(outages());
    const trace::Trace& t = run.trace();
    trace::NodeIndex bobServer = 0;
    while (t.nodes.at(bobServer).id != "mail-recipient") ++bobServer;
    // The sentences the simulator wrote are the ones the model reads (fails if one drifts).
    std::set<std::string> formats;
    for (const auto& e : t.events)
        if (e.kind == EventKind::Outage) formats.insert(e.format);
    CHECK(formats == std::set<std::string>{std::string(outage_format::kSwitchedOff), std::string(outage_format::kBackOn),
                                           std::string(outage_format::kSmtpError), std::string(outage_format::kSmtpNormal),
                                           std::string(outage_format::kMailboxFull),
                                           std::string(outage_format::kMailboxRoom)});
    const OutageHistory& o = run.index->outages();
    CHECK(o.anyNodeChange());
    CHECK_FALSE(o.nodeOff(bobServer, seconds(0.4)));
    CHECK(o.nodeOff(bobServer, seconds(0.5)));
    CHECK(o.nodeOff(bobServer, seconds(400)));
    CHECK_FALSE(o.nodeOff(bobServer, seconds(400.5)));
    CHECK_FALSE(o.nodeOff(0, seconds(100)));
    CHECK(o.smtpError(bobServer, seconds(899)) == 0);
    CHECK(o.smtpError(bobServer, seconds(950)) == 421);
    CHECK(o.smtpError(bobServer, seconds(1000.5)) == 0);
    CHECK_FALSE(o.mailboxFull(bobServer, "bob@recipient.example", seconds(999)));
    CHECK(o.mailboxFull(bobServer, "bob@recipient.example", seconds(1020)));
    CHECK_FALSE(o.mailboxFull(bobServer, "bob@recipient.example", seconds(1051)));

    const SceneState off = stateAt(*run.index, seconds(100));
    REQUIRE(off.conditions.size() == t.nodes.size());
    for (std::size_t n = 0; n < t.nodes.size(); ++n) CHECK(off.conditions[n].off == (n == bobServer));
    CHECK(stateAt(*run.index, seconds(950)).conditions[bobServer] == NodeCondition{false, 421});
    const SceneState full = stateAt(*run.index, seconds(1020));
    bool sawFull = false;
    for (const MailboxBadge& b : full.badges)
        if (b.node == bobServer && b.mailbox == "bob@recipient.example") sawFull = b.full;
    CHECK(sawFull);
    // No link changes in the trace: every link is up.
    for (std::size_t l = 0; l < t.links.size(); ++l) CHECK(run.index->linkStates().linkUp(static_cast<std::uint32_t>(l), seconds(100)));
    CHECK(std::count(off.linkCut.begin(), off.linkCut.end(), 1) == 0);
}

TEST_CASE("viz: a cut link shows in the scene between its changes", "[viz][queue]") {
    world::World w(testing::loadLesson("02-cross-domain.json"));
    w.run();
    const std::vector<LinkChange> changes{{seconds(5), 2, true}, {seconds(3), 2, false}, {seconds(4), 0, false}};
    const TraceIndex index(w.trace(), changes);  // given out of order
    CHECK(index.outages().anyLinkChange());
    CHECK(index.linkStates().linkUp(2, seconds(2.9)));
    CHECK_FALSE(index.linkStates().linkUp(2, seconds(3)));
    CHECK(index.linkStates().linkUp(2, seconds(5)));
    CHECK_FALSE(index.linkStates().linkUp(0, seconds(100)));
    CHECK(index.linkStates().linkUp(99, seconds(4)));  // no such link: nothing to cut
    const SceneState s = stateAt(index, seconds(4.5));
    CHECK(s.linkCut == std::vector<std::uint8_t>{1, 0, 1, 0, 0, 0});
}

TEST_CASE("viz: deferrals, retries, bounces and outages have markers of their own", "[viz][queue]") {
    RunWorld run(bounceAndRetry());
    std::map<MarkerKind, int> count;
    for (const Marker& m : markers(*run.index)) ++count[m.kind];
    std::map<EventKind, int> events;
    for (const auto& e : run.trace().events) ++events[e.kind];
    CHECK(count[MarkerKind::Deferred] == events[EventKind::Deferred]);
    CHECK(count[MarkerKind::Retry] == events[EventKind::Retrying]);
    CHECK(count[MarkerKind::Bounce] == events[EventKind::Bounced]);
    CHECK(count[MarkerKind::Retry] > 100);  // five days of retries
    CHECK(count[MarkerKind::Bounce] >= 2);
    RunWorld broken(outages());
    int outagesMarked = 0;
    for (const Marker& m : markers(*broken.index)) outagesMarked += m.kind == MarkerKind::Outage;
    CHECK(outagesMarked == 6);
}

TEST_CASE("viz: the scrub bar's axis shortens long quiet waits and keeps busy moments apart", "[viz][queue]") {
    SECTION("a lesson without long waits stays linear") {
        world::World w(testing::loadLesson("02-cross-domain.json"));
        w.run();
        const TraceIndex index(w.trace());
        const TimelineScale scale(index);
        CHECK_FALSE(scale.compressed());
        for (double f : {0.0, 0.1, 0.37, 0.5, 0.99, 1.0}) {
            const Time at = Time::fromNanos(static_cast<std::int64_t>(f * static_cast<double>(index.endTime().ns())));
            CHECK(scale.position(at) == Approx(f).margin(1e-9));
        }
    }
    SECTION("five days of retries") {
        RunWorld run(bounceAndRetry());
        const TraceIndex& index = *run.index;
        REQUIRE(index.endTime() > seconds(5 * 86400));
        const TimelineScale scale(index);
        CHECK(scale.compressed());
        CHECK(scale.gaps().size() > 100);
        for (const QuietGap& g : scale.gaps()) {
            CHECK(g.end - g.start >= TimelineScale::kMinimumGap);
            CHECK(index.busySpanAt(g.start) == nullptr);
        }
        // Increasing, from 0 to 1, and timeAt() inverts position().
        double last = -1;
        for (const Time at : index.stepPoints(Granularity::Hop)) {
            const double p = scale.position(at);
            CHECK(p >= last);
            last = p;
            CHECK(std::abs((scale.timeAt(p) - at).ns()) <= 1000);
        }
        CHECK(scale.position(Time::zero()) == 0);
        CHECK(scale.position(index.endTime()) == 1);
        // The first minute (two mails sent, a bounce, the first attempt) gets a visible share
        // instead of 0.01 %; the last bounce is not crushed against the end either.
        CHECK(scale.position(seconds(60)) > 0.002);
        CHECK(seconds(60).toSeconds() / index.endTime().toSeconds() < 0.0002);
        // Each retry gets room of its own: consecutive Retrying markers at least 1/400 apart.
        std::vector<double> retries;
        for (const Marker& m : markers(index))
            if (m.kind == MarkerKind::Retry) retries.push_back(scale.position(m.time));
        for (std::size_t i = 1; i < retries.size(); ++i) CHECK(retries[i] - retries[i - 1] > 1.0 / 400);
    }
}

TEST_CASE("viz: zooming the scrub bar keeps the point under the mouse and stays inside the run", "[viz][queue]") {
    TimelineView v;
    CHECK_FALSE(v.zoomed());
    v.zoomBy(4, 0.25);
    CHECK(v.zoom() == Approx(4));
    CHECK(v.positionAt(0.25) == Approx(0.25));
    v.zoomBy(2, 0.0);  // around the left edge
    CHECK(v.from == Approx(0.1875));
    CHECK(v.zoom() == Approx(8));
    v.zoomBy(0.5, 0.0);
    CHECK(v.from == Approx(0.1875));
    CHECK(v.zoom() == Approx(4));
    TimelineView end{0.9, 1.0};
    end.zoomBy(0.5, 0.5);  // out again, stopped at the end of the run
    CHECK(end.to == Approx(1.0));
    CHECK(end.from == Approx(0.8));
    v.keepVisible(0.9);
    CHECK(v.fraction(0.9) > 0.0);
    CHECK(v.fraction(0.9) < 1.0);
    CHECK(v.to <= 1.0);
    v.zoomBy(1e9, 0.5);
    CHECK(v.zoom() == Approx(TimelineView::kMaxZoom));
    v.zoomBy(1e-9, 0.5);
    CHECK_FALSE(v.zoomed());
    CHECK(v.from == 0);
    CHECK(v.to == 1);
}

TEST_CASE("viz: five days of retries play in seconds, the waits between them take a moment", "[viz][queue]") {
    RunWorld run(bounceAndRetry());
    const TraceIndex& index = *run.index;
    const double frame = 1.0 / 60.0;
    const auto playToEnd = [&](PlayMode mode, int preset) {
        Player player(index);
        player.setMode(mode);
        player.setSpeedPreset(preset);
        player.play();
        double wall = 0;
        while (player.playing() && wall < 3600) {
            player.advance(frame);
            wall += frame;
        }
        CHECK(player.atEnd());
        return wall;
    };
    const auto eventTimes = static_cast<double>(index.stepPoints(Granularity::Event).size());
    double busySeconds = 0;
    for (const TimeSpan& s : index.busySpans()) busySeconds += (s.end - s.start).toSeconds();
    // At the default speed every event still gets its 1.2 s and packets fly at 0.01x; the five
    // days of waiting between them add at most the idle skip per stretch, a few minutes in all.
    const double paced = playToEnd(PlayMode::EventPaced, Player::kDefaultSpeedPreset);
    const double waiting = paced - eventTimes * 1.2 - busySeconds / 0.01;
    CHECK(waiting < 0.25 * (eventTimes + static_cast<double>(index.busySpans().size())) + 1);
    // At the fastest speed the whole run, over a hundred attempts, plays in well under a minute.
    const double fast = playToEnd(PlayMode::EventPaced, static_cast<int>(Player::speedPresets().size()) - 1);
    CHECK(fast < 30);
    // Continuous play crosses each long wait in the idle skip time instead of hours: what is left
    // is each attempt's own packets (a DNS check, the SYN sent five times) flying at 0.01x, a few
    // seconds per attempt, never the 4000 s between them.
    const double continuous = playToEnd(PlayMode::Continuous, Player::kDefaultSpeedPreset);
    std::size_t attempts = 1;
    for (const auto& e : run.trace().events) attempts += e.kind == trace::EventKind::Retrying;
    CHECK(continuous / static_cast<double>(attempts) < 8);
    WARN("five days, " << eventTimes << " event times: event-paced " << paced << " s (waiting " << waiting
                       << " s), at 10x " << fast << " s, continuous " << continuous << " s");

    // One wait between two attempts (about 4000 s) takes the idle skip time at the default speed.
    Player player(index);
    player.setMode(PlayMode::EventPaced);
    const QuietGap* longest = nullptr;
    const TimelineScale scale(index);
    for (const QuietGap& g : scale.gaps())
        if (!longest || g.end - g.start > longest->end - longest->start) longest = &g;
    REQUIRE(longest);
    CHECK(longest->end - longest->start > Duration::seconds(3000));
    player.seek(longest->start);
    player.play();
    double wall = 0;
    while (player.playhead() < longest->end && wall < 10) {
        player.advance(frame);
        wall += frame;
    }
    CHECK(wall <= player.idleSkipSeconds() + 2 * frame);
}

