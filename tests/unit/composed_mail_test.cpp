// Mails the simulated programs compose: each carries its own Message-ID, like every real mail
// program writes one (RFC 5322 3.6.4), and the copy kept in Sent is the very text submitted.
#include "test_support.h"

#include "mail/header_fields.h"
#include "mail/mail_store.h"
#include "mail/message_builder.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <map>

using namespace postino;
using namespace postino::testing;

namespace {

const mail::Folder& folderOf(world::World& w, const std::string& node, const std::string& address,
                             const std::string& folder) {
    const auto* store = w.storeOf(*w.indexOf(node));
    REQUIRE(store);
    const auto* box = store->find(address);
    REQUIRE(box);
    const auto* f = box->findFolder(folder);
    REQUIRE(f);
    return *f;
}

bool endsWith(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TEST_CASE("makeMessageId: time, serial number and host", "[mail]") {
    CHECK(mail::makeMessageId(Time::zero() + Duration::seconds(16), 3, "bob-phone") == "20260302090016.3@bob-phone");
    mail::NewMessage m;
    m.from = "bob@recipient.example";
    m.to = {"alice@sender.example"};
    m.subject = "x";
    m.messageId = "20260302090016.3@bob-phone";
    CHECK(mail::headerValue(mail::buildMessage(m), "Message-ID") == "<20260302090016.3@bob-phone>");
}

TEST_CASE("a mail client names its mails, and Sent keeps what was submitted, byte for byte", "[world][mail]") {
    world::World w(loadLesson("05-imap-two-devices.json"));
    w.run();
    // Alice's two mails, as Bob's server delivered them: the client's own Message-IDs, no
    // Message-Id added by the server's cleanup.
    const auto& inbox = folderOf(w, "mail-recipient", "bob@recipient.example", "INBOX");
    const auto& trips = folderOf(w, "mail-recipient", "bob@recipient.example", "Trips");
    REQUIRE(inbox.messages.size() == 1);
    REQUIRE(trips.messages.size() == 1);
    CHECK(mail::headerValue(inbox.messages[0].data, "Message-ID") == "<20260302090001.1@alice-laptop>");
    CHECK(mail::headerValue(trips.messages[0].data, "Message-ID") == "<20260302090002.2@alice-laptop>");
    CHECK(inbox.messages[0].data.find("Message-Id:") == std::string::npos);

    // Bob's answer from his phone: the copy in Sent is the submitted text, so the delivered
    // mail is exactly the Sent copy under the servers' trace fields (Return-Path, Received...).
    const auto& sent = folderOf(w, "mail-recipient", "bob@recipient.example", "Sent");
    REQUIRE(sent.messages.size() == 1);
    const std::string& copy = sent.messages[0].data;
    CHECK(mail::headerValue(copy, "Message-ID") == "<20260302090016.1@bob-phone>");
    const auto& aliceInbox = folderOf(w, "mail-sender", "alice@sender.example", "INBOX");
    REQUIRE(aliceInbox.messages.size() == 1);
    const std::string& delivered = aliceInbox.messages[0].data;
    CHECK(endsWith(delivered, copy));
    CHECK(delivered.substr(0, delivered.size() - copy.size()).find("Received: from bob-phone") != std::string::npos);

    // The draft has a Message-ID of its own too, from the laptop it was written on.
    const auto& drafts = folderOf(w, "mail-recipient", "bob@recipient.example", "Drafts");
    REQUIRE(drafts.messages.size() == 1);
    CHECK(mail::headerValue(drafts.messages[0].data, "Message-ID") == "<20260302090018.1@bob-laptop>");
}

TEST_CASE("the webmail names its mails too, and its Sent copy is the submitted text", "[world][webmail][mail]") {
    world::World w(loadLesson("07-webmail.json"));
    w.run();
    const auto& sent = folderOf(w, "mail-recipient", "bob@recipient.example", "Sent");
    REQUIRE(sent.messages.size() == 1);
    const std::string& copy = sent.messages[0].data;
    const std::string id = mail::headerValue(copy, "Message-ID");
    CHECK(id.rfind("<2026030209", 0) == 0);
    CHECK(endsWith(id, ".1@webmail.recipient.example>"));
    const auto& aliceInbox = folderOf(w, "mail-sender", "alice@sender.example", "INBOX");
    REQUIRE(aliceInbox.messages.size() == 1);
    CHECK(endsWith(aliceInbox.messages[0].data, copy));
}

TEST_CASE("every composed mail in the lessons has a Message-ID of its own", "[world][mail]") {
    for (const char* lesson : {"02-cross-domain.json", "03-multi-hop-relay.json", "06-imap-shared-mailbox.json",
                               "12-pop3-vs-imap.json"}) {
        DYNAMIC_SECTION(lesson) {
            world::World w(loadLesson(lesson));
            w.run();
            std::map<std::string, std::string> subjectOf;  // Message-ID -> Subject
            std::size_t messages = 0;
            for (const auto& node : w.scenario().nodes) {
                const auto* store = w.storeOf(*w.indexOf(node.id));
                if (!store) continue;
                for (const auto& [address, box] : store->mailboxes())
                    for (const auto& [name, folder] : box.folders())
                        for (const auto& m : folder.messages) {
                            ++messages;
                            const std::string id = mail::headerValue(m.data, "Message-ID");
                            CHECK_FALSE(id.empty());
                            CHECK(m.data.find("Message-Id:") == std::string::npos);  // none added by cleanup
                            // Copies of one mail (Cc to a shared mailbox, Sent) share an id;
                            // different mails never do.
                            const std::string subject = mail::headerValue(m.data, "Subject");
                            const auto it = subjectOf.emplace(id, subject).first;
                            CHECK(it->second == subject);
                        }
            }
            CHECK(messages > 0);
        }
    }
}
