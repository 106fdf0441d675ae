// Packet captions in real small worlds: what each packet says, as the simulation wrote it
// (SMTP dialogue with DATA segments, DNS question / answer / NXDOMAIN, POP3, IMAP, HTTP),
// the same on retransmissions, never more than ~40 characters, always well-formed UTF-8.
#include "test_support.h"

#include "core/utf8.h"
#include "net/host_stack.h"
#include "net/ipv4.h"
#include "net/network.h"
#include "scenario/scenario_loader.h"
#include "nodes/write_caption.h"
#include "trace/caption.h"
#include "trace/trace_json.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>
#include <iostream>
#include <set>

using namespace postino;
using namespace postino::testing;

namespace {

std::string labelOf(const trace::Trace& t, const net::Packet& p) {
    const trace::Caption* c = t.caption(p.caption);
    return c ? trace::captionText(*c, p.segIndex, p.segCount) : std::string();
}

// Every caption of the run's packets of one protocol, in order of sending, without repeats.
std::vector<std::string> captionsOf(const trace::Trace& t, net::AppProtocol app) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& rec : t.packets)
        if (rec.packet.app == app) {
            std::string label = labelOf(t, rec.packet);
            if (seen.insert(label).second) out.push_back(std::move(label));
        }
    if (std::getenv("POSTINO_DUMP_CAPTIONS"))
        for (const auto& s : out) std::cerr << net::appProtocolName(app) << ": " << s << "\n";
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::size_t codePoints(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

trace::Trace run(const scenario::Scenario& sc) {
    world::World w(sc);
    w.run();
    return w.trace();
}
trace::Trace run(const std::string& lesson) { return run(loadLesson(lesson)); }

// Every packet of the run: an application packet has a caption, a TCP control one none;
// each label is short and well-formed UTF-8.
void checkEveryPacket(const trace::Trace& t) {
    for (const auto& rec : t.packets) {
        const net::Packet& p = rec.packet;
        INFO("packet " << p.id << ": " << p.summary);
        if (p.app == net::AppProtocol::TcpControl) {
            CHECK(p.caption == 0);
            continue;
        }
        const trace::Caption* c = t.caption(p.caption);
        REQUIRE(c);
        CHECK(codePoints(c->text) <= trace::kCaptionMaxLength);
        CHECK(toValidUtf8(c->text) == c->text);
        CHECK(c->partsAt <= c->text.size());
    }
}

}  // namespace

TEST_CASE("captions: the SMTP dialogue and its DNS questions, as lesson 02 runs them", "[world][captions]") {
    const trace::Trace t = run("02-cross-domain.json");
    checkEveryPacket(t);
    const auto smtp = captionsOf(t, net::AppProtocol::Smtp);
    for (const char* s : {"220 mail.sender.example ESMTP Postino", "EHLO alice-laptop", "250-mail.sender.example",
                          "235 2.7.0 Authentication successful", "MAIL FROM:<alice@sender.example>", "250 2.1.0 Ok",
                          "RCPT TO:<bob@recipient.example>", "250 2.1.5 Ok", "DATA",
                          "354 End data with <CR><LF>.<CR><LF>", "DATA (Subject: Hello Bob)",
                          "DATA (Subject: P.S.)", "QUIT", "221 2.0.0 Bye", "EHLO mail.sender.example"})
        CHECK(has(smtp, s));
    const auto dns = captionsOf(t, net::AppProtocol::Dns);
    for (const char* s : {"MX? recipient.example", "MX 10 mail.recipient.example", "A? mail.recipient.example",
                          "A 203.0.113.25"})
        CHECK(has(dns, s));
    // The trace JSON carries the caption of each packet beside its summary.
    std::ostringstream json;
    trace::writeTraceJson(json, t);
    CHECK(json.str().find("\"caption\": \"MX? recipient.example\"") != std::string::npos);
}

TEST_CASE("captions: every segment of a big DATA says which one and which mail", "[world][captions]") {
    const trace::Trace t = run("08-attachment-packets.json");
    checkEveryPacket(t);
    std::size_t segments = 0;
    for (const auto& rec : t.packets) {
        const net::Packet& p = rec.packet;
        if (p.app != net::AppProtocol::Smtp || p.segCount < 10) continue;
        ++segments;
        CHECK(labelOf(t, p) == "DATA " + std::to_string(p.segIndex) + "/" + std::to_string(p.segCount) +
                                   " (Subject: Our photo)");
    }
    CHECK(segments > 100);
}

TEST_CASE("captions: a DNS question for a domain that does not exist is answered NXDOMAIN", "[world][captions]") {
    scenario::Scenario sc = loadLesson("02-cross-domain.json");
    REQUIRE(sc.actions.size() >= 1);
    sc.actions.resize(1);
    sc.actions[0].to = {"bob@nosuch.recipient.example"};
    const trace::Trace t = run(sc);
    checkEveryPacket(t);
    const auto dns = captionsOf(t, net::AppProtocol::Dns);
    CHECK(has(dns, "MX? nosuch.recipient.example"));
    CHECK(has(dns, "NXDOMAIN"));
}

TEST_CASE("captions: POP3 commands, answers and the mail RETR brings", "[world][captions]") {
    const trace::Trace t = run("04-pop3-two-devices.json");
    checkEveryPacket(t);
    const auto pop = captionsOf(t, net::AppProtocol::Pop3);
    for (const char* s : {"USER bob@recipient.example", "+OK Logged in.", "STAT", "+OK 2 1466", "RETR 1",
                          "RETR (Subject: Hello Bob)", "DELE 1", "+OK Marked to be deleted.", "QUIT",
                          "RETR (Subject: One more thing)"})
        CHECK(has(pop, s));
}

TEST_CASE("captions: IMAP commands, untagged and tagged answers, the mails FETCH and APPEND carry",
          "[world][captions]") {
    const trace::Trace t = run("05-imap-two-devices.json");
    checkEveryPacket(t);
    const auto imap = captionsOf(t, net::AppProtocol::Imap);
    for (const char* s : {"A002 SELECT \"INBOX\"", "A003 UID FETCH 1:* (FLAGS)", "A003 OK Store completed.",
                          "A003 UID STORE 1 +FLAGS.SILENT (\\Seen)", "APPEND (Subject: Re: Hello Bob)"})
        CHECK(has(imap, s));
    // SELECT's answer leads with how many mails the folder has; its other lines are counted.
    bool exists = false, fetched = false;
    for (const auto& s : imap) {
        exists = exists || (s.starts_with("* 2 EXISTS +"));
        fetched = fetched || s.starts_with("FETCH (Subject: ") || s.starts_with("FETCH 1/");
    }
    CHECK(exists);
    CHECK(fetched);
}

TEST_CASE("captions: webmail's HTTP requests and answers", "[world][captions]") {
    const trace::Trace t = run("07-webmail.json");
    checkEveryPacket(t);
    const auto http = captionsOf(t, net::AppProtocol::Http);
    for (const char* s : {"GET /", "POST /login", "HTTP 303 See Other", "GET /inbox", "HTTP 200 OK", "POST /send"})
        CHECK(has(http, s));
}

TEST_CASE("captions: pipelined lines, long addresses and subjects, other scripts", "[captions]") {
    using world::WriteCaptioner;
    WriteCaptioner client(net::AppProtocol::Smtp, true), server(net::AppProtocol::Smtp, false);
    CHECK(client.caption("MAIL FROM:<alice@sender.example> SIZE=330\r\nRCPT TO:<bob@recipient.example>\r\nDATA\r\n").text ==
          "MAIL FROM:<alice@sender.example> +2");
    CHECK(server.caption("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n").text ==
          "250 2.1.0 Ok +2");
    const trace::Caption data = client.caption(
        "Subject: =?UTF-8?B?zpPOtc65zrEgz4POv8+FIM6azrHPgc6xzrPOuc6/z43Ou863IM68zr/PhSDOsc6zzrHPgM63z4TOrQ==?=\r\n"
        "\r\nbody\r\n.\r\n");
    // "Γεια σου Καραγιούλη μου αγαπητέ": the subject cut at a character, with an ellipsis.
    CHECK(data.text == "DATA (Subject: Γεια σου Καραγιούλη…)");
    CHECK(trace::captionText(data, 3, 12) == "DATA 3/12 (Subject: Γεια σου Καραγιούλη…)");
    CHECK(trace::captionText(data, 1, 1) == "DATA (Subject: Γεια σου Καραγιούλη…)");
    // A long address keeps its local part.
    WriteCaptioner c2(net::AppProtocol::Smtp, true);
    CHECK(c2.caption("RCPT TO:<alice@a-very-long-department.university.example>\r\n").text == "RCPT TO:<alice@…>");
    // A reply too long keeps its codes and its reason, the words after its last ": ".
    CHECK(server.caption("550 5.1.1 <bobb@recipient.example>: Recipient address rejected: User unknown in "
                         "local recipient table\r\n")
              .text == "550 5.1.1 … User unknown in local recip…");
    CHECK(server.caption("550 5.1.1 <bobb@recipient.example>: Recipient address rejected\r\n").text ==
          "550 5.1.1 … Recipient address rejected");
    CHECK(server.caption("554 5.4.6 Error: too many hops\r\n").text == "554 5.4.6 Error: too many hops");
    CHECK(server.caption("421 mail.example.org Service not available, closing transmission channel\r\n").text ==
          "421 mail.example.org Service not availa…");
    // A DATA refused: what follows is a command, not a message.
    WriteCaptioner c3(net::AppProtocol::Smtp, true);
    c3.caption("DATA\r\n");
    CHECK(c3.caption("QUIT\r\n").text == "QUIT");
    // Ill-formed bytes never reach the map.
    WriteCaptioner c4(net::AppProtocol::Smtp, true);
    CHECK(c4.caption("EHLO caf\xE9\r\n").text == "EHLO caf\xEF\xBF\xBD");
}

TEST_CASE("captions: a retransmitted segment says what the first one said", "[captions][tcp]") {
    using namespace postino::net;
    Simulator sim{11};
    trace::Trace tr;
    Network net{sim, tr};
    const std::uint32_t ipB = *parseIpv4("203.0.113.25");
    const NodeIndex a = net.addNode(*parseIpv4("192.0.2.10"), false, nullptr);
    const NodeIndex r = net.addNode(*parseIpv4("192.0.2.1"), true, nullptr);
    const NodeIndex b = net.addNode(ipB, false, nullptr);
    HostStack stackA(sim, net, tr, a), stackB(sim, net, tr, b);
    net.setHandler(a, [&](Packet&& p) { stackA.receive(std::move(p)); });
    net.setHandler(b, [&](Packet&& p) { stackB.receive(std::move(p)); });
    net.addLink({a, r, Duration::millis(2), 100'000'000, 1500});
    const std::uint32_t rB = net.addLink({r, b, Duration::millis(2), 10'000'000, 1500});
    stackB.listen(25, AppProtocol::Smtp, "SMTP", [](TcpConnection& c) {
        c.setCallbacks({.onPeerClosed = [&c] { c.close(); }});
    });
    TcpConnection& c = stackA.connect(ipB, 25, AppProtocol::Smtp, "SMTP");
    const std::uint32_t caption = tr.addCaption({"DATA (Subject: Hello)", 4});
    c.setCallbacks({.onConnected = [&c, caption] {
        c.send(std::string(100'000, 'x'), caption);
        c.close();
    }});
    sim.at(Time::fromNanos(30'000'000), [&] { net.setLinkUp(rB, false); });
    sim.at(Time::fromNanos(5'000'000'000), [&] { net.setLinkUp(rB, true); });
    sim.run();
    std::size_t again = 0;
    for (const auto& rec : tr.packets) {
        if (rec.origin != a || rec.packet.payload.empty()) continue;
        CHECK(rec.packet.caption == caption);
        CHECK(labelOf(tr, rec.packet).starts_with("DATA " + std::to_string(rec.packet.segIndex) + "/"));
        again += rec.packet.retransmission > 0;
    }
    CHECK(again > 0);
}

TEST_CASE("Captions: dump", "[.dump]") {
    for (const char* lesson : {"02-cross-domain.json", "04-pop3-two-devices.json", "05-imap-two-devices.json",
                               "07-webmail.json", "08-attachment-packets.json", "09-unknown-user-bounce.json"}) {
        const trace::Trace t = run(lesson);
        for (auto app : {net::AppProtocol::Smtp, net::AppProtocol::Dns, net::AppProtocol::Pop3, net::AppProtocol::Imap,
                         net::AppProtocol::Http})
            captionsOf(t, app);
    }
}
