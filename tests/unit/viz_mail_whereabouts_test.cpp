// Where the mail is, from the simulation's own records: the MailPlaceRecords and
// CarriedMailRecords of real runs of the shipped lessons (02 cross-domain, 04 POP3 delete,
// 10 the deferred queue during an outage), read through viz::MailWhereabouts.
#include "test_support.h"

#include "model/mail_whereabouts.h"
#include "trace/trace_json.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace postino;
using namespace postino::viz;
using trace::MailPlace;

namespace {

struct Run {
    explicit Run(const std::string& lesson) : scenario(testing::loadLesson(lesson)), world(scenario) {
        world.run();
        where = MailWhereabouts(world.trace());
    }
    const trace::Trace& trace() const { return world.trace(); }
    trace::NodeIndex node(const std::string& id) const {
        for (std::size_t i = 0; i < trace().nodes.size(); ++i)
            if (trace().nodes[i].id == id) return static_cast<trace::NodeIndex>(i);
        FAIL("no node " << id);
        return 0;
    }
    std::uint32_t mail(const std::string& subject) const {
        for (std::size_t i = 0; i < trace().mails.size(); ++i)
            if (trace().mails[i].subject == subject) return static_cast<std::uint32_t>(i + 1);
        FAIL("no mail " << subject);
        return 0;
    }
    // The stays of one mail, in the order it arrived at them.
    std::vector<MailStay> staysOf(std::uint32_t mail) const {
        std::vector<MailStay> out;
        for (const MailStay& s : where.stays())
            if (s.mail == mail) out.push_back(s);
        std::stable_sort(out.begin(), out.end(), [](const MailStay& a, const MailStay& b) { return a.arrived < b.arrived; });
        return out;
    }
    std::vector<MailStay> at(Time t) const {
        std::vector<std::uint32_t> ids;
        where.staysAt(t, ids);
        std::vector<MailStay> out;
        for (std::uint32_t i : ids) out.push_back(where.stays()[i]);
        return out;
    }
    scenario::Scenario scenario;  // the world keeps a reference to it
    world::World world;
    MailWhereabouts where;
};

Time seconds(double s) { return Time::zero() + Duration::nanos(static_cast<std::int64_t>(s * 1e9)); }

}  // namespace

TEST_CASE("Lesson 02: outbox, wire, the sender's queue, wire, the recipient's queue, Bob's mailbox", "[whereabouts]") {
    Run run("02-cross-domain.json");
    const std::uint32_t hello = run.mail("Hello Bob");
    const std::vector<MailStay> stays = run.staysOf(hello);
    std::vector<std::pair<std::string, MailPlace>> path;
    for (const MailStay& s : stays) path.emplace_back(run.trace().nodes[s.node].id, s.place);
    const std::vector<std::pair<std::string, MailPlace>> expected = {
        {"alice-laptop", MailPlace::Outbox},  {"alice-laptop", MailPlace::Wire},
        {"mail-sender", MailPlace::Queue},    {"mail-sender", MailPlace::Queue},  // incoming, then active
        {"mail-sender", MailPlace::Wire},     {"mail-recipient", MailPlace::Queue},
        {"mail-recipient", MailPlace::Queue}, {"mail-recipient", MailPlace::Mailbox}};
    CHECK(path == expected);
    REQUIRE(stays.size() == expected.size());
    CHECK(stays.front().account == "alice@sender.example");
    CHECK(stays.back().account == "bob@recipient.example");
    CHECK(stays.back().folder == "INBOX");
    CHECK(stays.back().left == Time::max());  // it stays in Bob's mailbox
    // The queue stays tie to the queue records: same queue id and queue name.
    for (const MailStay& s : stays) {
        if (s.place != MailPlace::Queue) continue;
        bool found = false;
        for (const trace::QueueRecord& q : run.trace().queue)
            found |= q.node == s.node && q.queueId == s.account && q.time == s.arrived &&
                     trace::queueNameText(q.queue) == s.folder;
        CHECK(found);
    }
    // The outbox empties when the client reads the server's 250, after the server queued it:
    // for a moment it is in both. The text leaves the wire at that same reply.
    CHECK(stays[2].arrived < stays[0].left);
    CHECK(stays[1].left <= stays[0].left);
    // Packets on the wire carry it: the DATA segments of both SMTP connections, nothing else.
    std::set<std::uint32_t> carrying;
    for (const trace::PacketRecord& p : run.trace().packets)
        if (run.where.mailOfPacket(p.packet.id) == hello) {
            CHECK(p.packet.app == net::AppProtocol::Smtp);
            carrying.insert(p.packet.connection);
        }
    CHECK(carrying.size() == 2);
    // The carried text is the mail, with its header, read back from the protocol lines.
    const auto on = run.where.carriedOn(stays[1].connection);
    REQUIRE(on.size() == 1);
    const trace::CarriedMailRecord& c = run.trace().carriedMail[on[0]];
    CHECK(c.mailFrom == "alice@sender.example");
    REQUIRE(c.recipients.size() == 1);
    CHECK(c.recipients[0].reply.rfind("250", 0) == 0);
    CHECK(c.dataReply.rfind("354", 0) == 0);
    CHECK(c.finalReply.rfind("250", 0) == 0);
    bool complete = false;
    const std::string text = carriedText(run.trace(), c, run.trace().lines.size(), &complete);
    CHECK(complete);
    CHECK(text.size() == c.textBytes);
    CHECK(text.find("Subject: Hello Bob\r\n") != std::string::npos);
    // Halfway through, only what was written by then.
    CHECK(run.where.carriedBy(stays[1].connection, c.firstLine).empty());
    CHECK(carriedText(run.trace(), c, c.firstLine + 1, &complete).find("\r\n") == text.find("\r\n"));
    CHECK(!complete);
}

TEST_CASE("Lesson 04: POP3 downloads to the devices and DELE+QUIT empties the server", "[whereabouts]") {
    Run run("04-pop3-two-devices.json");
    const trace::NodeIndex server = run.node("mail-recipient");
    const Time end = run.trace().events.back().time + Duration::seconds(1);
    for (const MailStay& s : run.at(end)) CHECK(!(s.node == server && s.place == MailPlace::Mailbox));
    // Each mail sat in Bob's mailbox for a while, then a device holds it.
    for (const char* subject : {"Hello Bob", "Photos", "One more thing"}) {
        const std::uint32_t m = run.mail(subject);
        bool inMailbox = false, onDevice = false;
        for (const MailStay& s : run.staysOf(m)) {
            if (s.node == server && s.place == MailPlace::Mailbox) {
                inMailbox = true;
                CHECK(s.left != Time::max());
            }
            if (s.place == MailPlace::Device && s.left == Time::max()) onDevice = true;
        }
        CHECK(inMailbox);
        CHECK(onDevice);
    }
}

TEST_CASE("Lesson 10: the mail waits in the deferred queue while the recipient's server is down", "[whereabouts]") {
    Run run("10-server-down-retry.json");
    const std::uint32_t dinner = run.mail("Dinner tonight?");
    const trace::NodeIndex sender = run.node("mail-sender");
    // At 30 s the first attempt is still trying (active); then it waits in the deferred queue.
    const auto inQueue = [&](double t, std::string_view queue) {
        bool found = false;
        for (const MailStay& s : run.at(seconds(t)))
            found |= s.mail == dinner && s.node == sender && s.place == MailPlace::Queue && s.folder == queue;
        return found;
    };
    CHECK(inQueue(30, "active"));
    CHECK(inQueue(60, "deferred"));
    CHECK(inQueue(200, "deferred"));
    const std::vector<MailStay> stays = run.staysOf(dinner);
    REQUIRE(!stays.empty());
    CHECK(stays.back().place == MailPlace::Mailbox);
    CHECK(run.trace().nodes[stays.back().node].id == "mail-recipient");
}

TEST_CASE("Whereabouts records are deterministic and exported", "[whereabouts]") {
    Run a("02-cross-domain.json"), b("02-cross-domain.json");
    std::ostringstream ja, jb;
    trace::writeTraceJson(ja, a.trace());
    trace::writeTraceJson(jb, b.trace());
    CHECK(ja.str() == jb.str());
    CHECK(ja.str().find("\"mail_places\"") != std::string::npos);
    CHECK(ja.str().find("\"carried_mail\"") != std::string::npos);
    for (std::size_t i = 1; i < a.trace().mailPlaces.size(); ++i)
        CHECK(a.trace().mailPlaces[i - 1].time <= a.trace().mailPlaces[i].time);
}

TEST_CASE("POP3 RETR and IMAP FETCH BODY[] and APPEND carry mails too", "[whereabouts]") {
    SECTION("lesson 04: the laptop's POP3 connection brings both mails, dot-stuffing undone") {
        Run run("04-pop3-two-devices.json");
        std::vector<const trace::CarriedMailRecord*> pop3;
        for (const trace::CarriedMailRecord& c : run.trace().carriedMail)
            if (run.trace().connection(c.connection).app == net::AppProtocol::Pop3) pop3.push_back(&c);
        REQUIRE(pop3.size() == 3);  // two to the laptop, later one to the phone
        CHECK(pop3[0]->connection == pop3[1]->connection);
        CHECK(pop3[0]->mail == run.mail("Hello Bob"));
        CHECK(pop3[1]->mail == run.mail("Photos"));
        CHECK(pop3[2]->mail == run.mail("One more thing"));
        for (const trace::CarriedMailRecord* c : pop3) {
            CHECK_FALSE(c->fromClient);
            CHECK(c->fetchLine.rfind("RETR ", 0) == 0);
            CHECK(c->start < c->end);
            bool complete = false;
            const std::string text = carriedText(run.trace(), *c, run.trace().lines.size(), &complete);
            CHECK(complete);
            CHECK(text.size() == c->textBytes);
            CHECK(text.find("Delivered-To: bob@recipient.example\r\n") != std::string::npos);
        }
        // The packets of the answer carry the mail; the client's commands carry none.
        int carrying = 0;
        for (const trace::PacketRecord& p : run.trace().packets)
            if (p.packet.connection == pop3[0]->connection && run.where.mailOfPacket(p.packet.id) != 0) {
                ++carrying;
                CHECK(p.packet.srcIp == run.trace().connection(pop3[0]->connection).serverIp);
            }
        CHECK(carrying >= 2);
    }
    SECTION("lesson 05: FETCH BODY[] to each device, APPEND of the reply into Sent from the phone") {
        Run run("05-imap-two-devices.json");
        int fetched = 0, appended = 0;
        for (const trace::CarriedMailRecord& c : run.trace().carriedMail) {
            if (run.trace().connection(c.connection).app != net::AppProtocol::Imap) continue;
            bool complete = false;
            const std::string text = carriedText(run.trace(), c, run.trace().lines.size(), &complete);
            CHECK(complete);
            CHECK(text.size() == c.textBytes);
            REQUIRE(c.mail != 0);
            CHECK(text.find("Message-ID: " + run.trace().mails[c.mail - 1].messageId) != std::string::npos);
            if (c.fromClient) {
                ++appended;
                CHECK(c.fetchLine.find(" APPEND ") != std::string::npos);
            } else {
                ++fetched;
                CHECK(c.fetchLine.find("BODY[] {") != std::string::npos);
            }
        }
        CHECK(fetched >= 4);
        CHECK(appended >= 1);
    }
}
