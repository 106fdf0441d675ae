// The byte budget of a scenario: the message bound is never below the message the client
// really builds, the estimate covers what a run carries and stores, a scenario over the
// budget fails validation at the action that crosses it (the two runaway cases of issue 8),
// and a run that still runs out of memory ends with a clear message, not an abort.
#include "core/rng.h"
#include "mail/mail_store.h"
#include "mail/message_builder.h"
#include "scenario/scenario_budget.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include "test_support.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <string>

using namespace postino;
using namespace postino::scenario;

namespace {

// Alice (IMAP, so her sent mail is uploaded too) writes to users at another provider, who
// read on one IMAP device each; `sends` lists, per send, its time, attachment size and
// number of recipients.
struct SendSpec {
    double at;
    std::int64_t attachment;  // bytes, -1: none
    int recipients = 1;
};

std::string mailWorld(const std::vector<SendSpec>& sends, int readers = 0, bool smarthost = false) {
    std::string users, devices, links, actions;
    for (int r = 0; r < 8; ++r)
        users += fmt::format(R"({}{{"address": "u{}@b.example", "password": "pw"}})", r ? ", " : "", r);
    if (smarthost) {  // the provider's relay: mail-a hands it everything for other domains
        devices += R"(,
  {"id": "smart", "type": "mail_server", "hostname": "smtp.relay.example", "ip": "198.51.100.25",
   "domains": ["relay.example"], "resolver": "dns", "relay_clients": ["mail-a"]})";
        links += R"(, {"a": "smart", "b": "internet", "bandwidth_mbps": 1000})";
    }
    for (int r = 0; r < readers; ++r) {
        devices += fmt::format(R"(,
  {{"id": "dev{0}", "type": "client", "ip": "203.0.113.{1}",
   "accounts": [{{"address": "u{0}@b.example", "password": "pw", "server": "mail-b", "incoming": "imap"}}]}})",
                               r, 100 + r);
        links += fmt::format(R"(, {{"a": "dev{}", "b": "net-b"}})", r);
    }
    for (std::size_t i = 0; i < sends.size(); ++i) {
        std::string to;
        for (int r = 0; r < sends[i].recipients; ++r) to += fmt::format(R"({}"u{}@b.example")", r ? ", " : "", r);
        std::string files = sends[i].attachment < 0
                                ? ""
                                : fmt::format(R"(, "attachments": [{{"name": "f{}.pdf", "size": {}}}])", i,
                                              sends[i].attachment);
        actions += fmt::format(R"({}
  {{"type": "send", "at": {}, "node": "pc", "from": "alice@a.example", "to": [{}], "subject": "Mail {}",
   "body": "Hello"{}}})",
                               i ? "," : "", sends[i].at, to, i, files);
    }
    for (int r = 0; r < readers; ++r)
        actions += fmt::format(R"(,
  {{"type": "check_mail", "at": 900, "node": "dev{}"}})", r);
    return fmt::format(R"({{"title": "budget", "nodes": [
  {{"id": "pc", "type": "client", "ip": "192.0.2.10",
   "accounts": [{{"address": "alice@a.example", "password": "pw", "server": "mail-a", "incoming": "imap"}}]}},
  {{"id": "net-a", "type": "router", "ip": "192.0.2.1"}},
  {{"id": "mail-a", "type": "mail_server", "hostname": "mail.a.example", "ip": "192.0.2.25", "domains": ["a.example"],
   "users": [{{"address": "alice@a.example", "password": "pw"}}], "resolver": "dns"{}}},
  {{"id": "internet", "type": "router", "ip": "198.51.100.1"}},
  {{"id": "dns", "type": "dns_server", "hostname": "ns.example.net", "ip": "198.51.100.53",
   "zones": [{{"origin": "b.example", "records": [
     {{"name": "@", "type": "MX", "preference": 10, "exchange": "mail.b.example"}},
     {{"name": "mail", "type": "A", "address": "203.0.113.25"}}]}}]}},
  {{"id": "net-b", "type": "router", "ip": "203.0.113.1"}},
  {{"id": "mail-b", "type": "mail_server", "hostname": "mail.b.example", "ip": "203.0.113.25", "domains": ["b.example"],
   "users": [{}], "resolver": "dns"}}{}
], "links": [
  {{"a": "pc", "b": "net-a", "bandwidth_mbps": 1000}}, {{"a": "net-a", "b": "mail-a", "bandwidth_mbps": 1000}},
  {{"a": "net-a", "b": "internet", "bandwidth_mbps": 1000}}, {{"a": "internet", "b": "dns"}},
  {{"a": "internet", "b": "net-b", "bandwidth_mbps": 1000}}, {{"a": "net-b", "b": "mail-b", "bandwidth_mbps": 1000}}{}
], "actions": [{}
]}})",
                       smarthost ? R"(, "relay_host": "smart")" : "", users, devices, links, actions);
}

// Bytes of mail a finished run holds: every packet's payload and every message in a server's store.
double carriedAndStored(world::World& w) {
    double bytes = 0;
    for (const auto& p : w.trace().packets) bytes += static_cast<double>(p.packet.payload.size());
    for (std::size_t i = 0; i < w.nodeCount(); ++i)
        if (const mail::MailStore* store = w.storeOf(static_cast<net::NodeIndex>(i)))
            for (const auto& [owner, box] : store->mailboxes())
                for (const auto& [name, folder] : box.folders())
                    for (const auto& m : folder.messages) bytes += static_cast<double>(m.data.size());
    return bytes;
}

std::string randomText(Rng& rng, std::size_t length) {
    static const char* pieces[] = {"mail ", "Grüße ", "Αλίκη ", "\n", "a-very-long-word-without-any-space-at-all", "=", "\t", "€"};
    std::string s;
    while (s.size() < length) s += pieces[rng.below(8)];
    return s;
}

}  // namespace

TEST_CASE("scenario budget: the bound is never below the message the client builds", "[scenario][budget]") {
    Rng rng(8);
    for (int round = 0; round < 200; ++round) {
        Action a;
        a.from = "alice@sender.example";
        for (std::uint64_t i = 0, n = 1 + rng.below(30); i < n; ++i) a.to.push_back(fmt::format("user{}@x.example", i));
        for (std::uint64_t i = 0, n = rng.below(10); i < n; ++i) a.cc.push_back(fmt::format("cc{}@y.example", i));
        a.subject = randomText(rng, rng.below(300));
        for (char& c : a.subject)
            if (c == '\n' || c == '\t') c = ' ';
        a.body = randomText(rng, rng.below(20'000));
        if (rng.below(2)) a.html = "<p>" + randomText(rng, rng.below(5'000)) + "</p>";
        for (std::uint64_t i = 0, n = rng.below(4); i < n; ++i)
            a.attachments.push_back({fmt::format("Übersicht {} {}.pdf", i, randomText(rng, rng.below(40))), "",
                                     rng.below(300'000)});
        mail::NewMessage m;
        m.from = a.from;
        m.to = a.to;
        m.cc = a.cc;
        m.subject = a.subject;
        m.body = a.body;
        m.htmlBody = a.html;
        m.messageId = "0123456789abcdef.postino@sender.example";
        for (const auto& f : a.attachments) m.attachments.push_back({f.name, f.contentType, static_cast<std::size_t>(f.size)});
        const double built = static_cast<double>(mail::buildMessage(m).size());
        INFO("round " << round << ": built " << built << " bytes");
        CHECK(built <= messageBytesBound(a));
        // ... and not wildly above it: within 3 % plus the fixed allowance for headers.
        double raw = 0;
        for (const auto& f : a.attachments) raw += static_cast<double>(f.size);
        CHECK(messageBytesBound(a) <= 4.0 * static_cast<double>(a.body.size() + a.html.size()) +
                                          1.03 * 4.0 / 3.0 * raw + 20'000);
    }
}

TEST_CASE("scenario budget: the estimate covers what a run carries and stores", "[scenario][budget]") {
    struct Case {
        const char* name;
        std::string text;
    };
    std::vector<Case> cases = {
        {"one mail with a 1 MB file to 3 readers", mailWorld({{1, 1'000'000, 3}}, 3)},
        {"five mails, some without files", mailWorld({{1, 200'000, 1}, {2, -1, 2}, {3, 50'000, 4}, {4, -1, 1}, {5, 0, 1}}, 2)},
        {"a mail over the server's size limit", mailWorld({{1, 9'000'000, 1}}, 1)},
        {"a mail through the provider's relay host", mailWorld({{1, 2'000'000, 1}}, 0, true)},
    };
    for (const char* lesson : {"01-same-domain.json", "02-cross-domain.json", "03-multi-hop-relay.json", "04-pop3-two-devices.json", "05-imap-two-devices.json",
                               "06-imap-shared-mailbox.json", "07-webmail.json", "08-attachment-packets.json",
                               "12-pop3-vs-imap.json"})
        cases.push_back({lesson, testing::readFile(testing::sourcePath(std::string("scenarios/") + lesson))});
    for (const Case& c : cases) {
        INFO(c.name);
        LoadResult r = loadScenarioText(c.text, "budget.json");
        INFO(r.formatErrors());
        REQUIRE(r.ok());
        world::World w(*r.scenario);
        w.run();
        const double held = carriedAndStored(w);
        const double estimate = estimateMailBytes(*r.scenario).total;
        INFO("carried and stored " << held << " bytes, estimated " << estimate);
        CHECK(held <= estimate);
    }
}

TEST_CASE("scenario budget: 200 attachments of 20 MB on one send fail validation at that send", "[scenario][budget]") {
    // Issue 8: this passed validate, then ran 50 s into std::bad_alloc.
    std::string files;
    for (int i = 0; i < 200; ++i) files += fmt::format(R"({}{{"name": "scan-{}.pdf", "size": 20000000}})", i ? ", " : "", i);
    std::string text = mailWorld({{1, -1, 1}});
    const std::string body = R"("body": "Hello")";
    text.replace(text.find(body), body.size(), body + R"(, "attachments": [)" + files + "]");
    LoadResult r = loadScenarioText(text, "scans.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/actions/0");
    CHECK(r.errors[0].line > 0);
    CHECK(r.errors[0].message.find("this send would generate about 27.4 GB of mail") == 0);
    CHECK(r.errors[0].message.find("the limit for a whole scenario is 256 MB") != std::string::npos);
}

TEST_CASE("scenario budget: 300 sends with attachments fail validation where the total goes over", "[scenario][budget]") {
    // Issue 8: 300 sends of a 74 kB file grew the run to 7 GB.
    std::vector<SendSpec> sends;
    for (int i = 0; i < 300; ++i) sends.push_back({1.0 + i, 5'000'000, 1});
    LoadResult r = loadScenarioText(mailWorld(sends, 1), "many.json");
    REQUIRE(r.errors.size() == 2);
    // Each send counts about 34 MB (and a bounce of up to 55 kB, twice): the eighth goes over
    // 256 MB; the reader's one check_mail (300 mails) is over on its own.
    CHECK(r.errors[0].jsonPath == "/actions/7");
    CHECK(r.errors[0].message.find("with this send the scenario would generate about 274.7 MB of mail (240.3 MB from the actions before it") == 0);
    CHECK(r.errors[1].jsonPath == "/actions/300");
    CHECK(r.errors[1].message.find("this check_mail would generate about") == 0);
}

TEST_CASE("scenario budget: the running total follows time, not file order", "[scenario][budget]") {
    std::vector<SendSpec> sends;
    for (int i = 0; i < 10; ++i) sends.push_back({100.0 - i, 5'000'000, 1});
    LoadResult r = loadScenarioText(mailWorld(sends), "late.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/actions/2");  // the eighth in time (at 98 s), the third in the file
}

TEST_CASE("scenario budget: the limit itself passes, one byte more does not", "[scenario][budget]") {
    LoadResult base = loadScenarioText(mailWorld({{1, 0, 8}}), "edge.json");
    REQUIRE(base.ok());
    auto estimateWith = [&](std::int64_t size) {
        Scenario s = *base.scenario;
        s.actions[0].attachments[0].size = static_cast<std::uint64_t>(size);
        return estimateMailBytes(s).total;
    };
    // Each attachment byte counts 19 times for 8 recipients, grown by base64 in lines (above
    // 50 kB, where a bounce returns the header only and no longer grows with the message).
    const double perByte = (estimateWith(3'000'000) - estimateWith(1'000'000)) / 2'000'000.0;
    CHECK(perByte == Approx(19 * 4.0 / 3.0 * 78.0 / 76.0).epsilon(0.001));
    std::int64_t lo = 0, hi = kMaxAttachmentBytes;  // the largest size whose estimate fits
    while (lo < hi) {
        const std::int64_t mid = (lo + hi + 1) / 2;
        if (estimateWith(mid) <= static_cast<double>(kMaxScenarioMailBytes)) lo = mid;
        else hi = mid - 1;
    }
    REQUIRE(lo < kMaxAttachmentBytes);
    CHECK(loadScenarioText(mailWorld({{1, lo, 8}}), "edge.json").ok());
    LoadResult over = loadScenarioText(mailWorld({{1, lo + 1, 8}}), "edge.json");
    REQUIRE(over.errors.size() == 1);
    CHECK(over.errors[0].jsonPath == "/actions/0");
    CHECK(over.errors[0].message.find("this send would generate about 256 MB of mail") == 0);
    // One 20 MB attachment to one recipient is well under it: a lesson may show a server refusing it.
    CHECK(loadScenarioText(mailWorld({{1, kMaxAttachmentBytes, 1}}), "big.json").ok());
}

TEST_CASE("scenario budget: sizes are written in decimal units", "[scenario][budget]") {
    CHECK(formatBytes(512) == "512 bytes");
    CHECK(formatBytes(12'345) == "12 kB");
    CHECK(formatBytes(4'120'000) == "4.1 MB");
    CHECK(formatBytes(256'000'000) == "256 MB");
    CHECK(formatBytes(256'260'000) == "256.3 MB");
    CHECK(formatBytes(27'370'000'000) == "27.4 GB");
}

TEST_CASE("postino validate prints the estimate, and run reports running out of memory clearly", "[cli][budget]") {
    const auto ok = testing::runCommand(std::string(POSTINO_BINARY) + " validate " +
                                        testing::sourcePath("scenarios/08-attachment-packets.json"));
    CHECK(ok.status == 0);
    CHECK(ok.output.find("about 1.5 MB of mail at most (the limit is 256 MB)") != std::string::npos);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    WARN("skipped under a sanitizer: its shadow memory does not fit under ulimit -v");
#else
    // A scenario well inside the budget, on a machine with 100 MB of address space.
    const std::string path = "/tmp/postino-budget-oom-test.json";
    {
        std::ofstream out(path);
        out << mailWorld({{1, 5'000'000, 1}}, 1);
    }
    const auto r = testing::runCommand("ulimit -v 100000; " + std::string(POSTINO_BINARY) + " run --quiet " + path, true);
    std::remove(path.c_str());
    CHECK(r.status == 1);
    CHECK(r.output.find("postino: out of memory while simulating " + path) == 0);
    CHECK(r.output.find("internal error") == std::string::npos);
#endif
}
