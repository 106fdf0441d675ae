// The copy in the mailbox, told from the trace alone: DeliveredCopyRecords matched to the SMTP
// connection that brought the mail, and their text rebuilt from the carried text, checked
// against the real mail store of runs of every shipped lesson.
#include "test_support.h"

#include "mail/header_fields.h"
#include "mail/mail_store.h"
#include "model/delivered_copy.h"
#include "model/mail_whereabouts.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <string>

using namespace postino;
using namespace postino::viz;

TEST_CASE("Lesson 03: the copy in Bob's mailbox has the third Received: line the relay's connection lacks",
          "[delivered-copy]") {
    const scenario::Scenario s = testing::loadLesson("03-multi-hop-relay.json");
    world::World w(s);
    w.run();
    const trace::Trace& t = w.trace();
    // The last SMTP connection: the relay hands the mail to Bob's server.
    const trace::CarriedMailRecord* last = nullptr;
    for (const trace::CarriedMailRecord& c : t.carriedMail)
        if (c.fromClient && !c.recipients.empty()) last = &c;
    REQUIRE(last != nullptr);
    const std::string carried = carriedText(t, *last, t.lines.size());
    CHECK(mail::countHeader(carried, "Received") == 2);
    const std::vector<std::uint32_t> copies = deliveredCopiesOf(t, *last);
    REQUIRE(copies.size() == 1);
    const trace::DeliveredCopyRecord& copy = t.deliveredCopies[copies[0]];
    CHECK(copy.account == "bob@recipient.example");
    CHECK(copy.folder == "INBOX");
    const std::string stored = deliveredText(t, *last, copy);
    CHECK(mail::countHeader(stored, "Received") == 3);
    CHECK(stored.rfind("Return-Path: <alice@office.example>\r\nDelivered-To: bob@recipient.example\r\nReceived: ", 0) == 0);
    // The earlier connections' mail was relayed, not delivered: no copy comes from them.
    for (const trace::CarriedMailRecord& c : t.carriedMail)
        if (&c != last) CHECK(deliveredCopiesOf(t, c).empty());
}

TEST_CASE("Every delivered copy rebuilt from its connection is the stored message, byte for byte", "[delivered-copy]") {
    std::size_t checked = 0;
    for (const char* lesson : {"01-same-domain.json", "02-cross-domain.json", "03-multi-hop-relay.json",
                               "04-pop3-two-devices.json", "05-imap-two-devices.json", "06-imap-shared-mailbox.json",
                               "07-webmail.json", "08-attachment-packets.json", "09-unknown-user-bounce.json",
                               "10-server-down-retry.json", "11-backup-mx.json", "12-pop3-vs-imap.json",
                               "13-mail-loop.json"}) {
        INFO(lesson);
        const scenario::Scenario s = testing::loadLesson(lesson);
        world::World w(s);
        w.run();
        const trace::Trace& t = w.trace();
        std::vector<int> found(t.deliveredCopies.size(), 0);
        for (const trace::CarriedMailRecord& c : t.carriedMail) {
            for (std::uint32_t i : deliveredCopiesOf(t, c)) {
                ++found[i];
                const trace::DeliveredCopyRecord& copy = t.deliveredCopies[i];
                const mail::MailStore* store = w.storeOf(copy.node);
                REQUIRE(store != nullptr);
                const mail::Mailbox* box = store->find(copy.account);
                REQUIRE(box != nullptr);
                const mail::Folder* folder = box->findFolder(copy.folder);
                if (!folder) continue;
                for (const mail::StoredMessage& m : folder->messages)
                    if (m.uid == copy.uid) {
                        CHECK(deliveredText(t, c, copy) == m.data);
                        ++checked;
                    }
            }
        }
        // Each copy of a mail that came over SMTP belongs to one connection; a bounce the server
        // wrote itself came over none.
        for (std::size_t i = 0; i < found.size(); ++i) {
            CHECK(found[i] <= 1);
            if (found[i] == 0) CHECK(t.mails[t.deliveredCopies[i].mail - 1].isBounce);
        }
    }
    CHECK(checked >= 12);
}

TEST_CASE("Lesson 04: a POP3 connection that downloaded nothing says so without 'yet' once it is closed",
          "[delivered-copy]") {
    const scenario::Scenario s = testing::loadLesson("04-pop3-two-devices.json");
    world::World w(s);
    w.run();
    const trace::Trace& t = w.trace();
    const MailWhereabouts where(t);
    const trace::ConnectionRecord* empty = nullptr;
    for (const trace::ConnectionRecord& c : t.connections)
        if (c.app == net::AppProtocol::Pop3 && where.carriedOn(c.id).empty()) empty = &c;
    REQUIRE(empty != nullptr);
    REQUIRE(empty->closed != Time::max());
    CHECK(noMailNote(*empty, empty->opened) == NoMailNote::DownloadNotYet);
    CHECK(noMailNote(*empty, empty->closed - Duration::nanos(1)) == NoMailNote::DownloadNotYet);
    CHECK(noMailNote(*empty, empty->closed) == NoMailNote::DownloadNone);
    for (const trace::ConnectionRecord& c : t.connections)
        if (c.app == net::AppProtocol::Smtp) {
            CHECK(noMailNote(c, c.opened) == NoMailNote::SmtpNotYet);
            CHECK(noMailNote(c, c.closed) == NoMailNote::SmtpNone);
        }
}
