// The webmail in the world: a browser that speaks only HTTP logs in, reads, sends and
// deletes, while the webmail node does the IMAP and SMTP with the user's own login.
#include "test_support.h"

#include "mail/mail_store.h"
#include "nodes/browser_node.h"
#include "nodes/webmail_node.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

world::BrowserNode& browserOf(world::World& w, const char* id) {
    auto* b = dynamic_cast<world::BrowserNode*>(&w.node(*w.indexOf(id)));
    REQUIRE(b);
    return *b;
}

std::size_t countEvents(const world::World& w, trace::EventKind kind, const std::string& text) {
    std::size_t n = 0;
    for (const auto& e : w.trace().events) n += e.kind == kind && e.text.find(text) != std::string::npos;
    return n;
}

}  // namespace

TEST_CASE("lesson 07: the browser speaks HTTP, the webmail speaks IMAP and SMTP for it", "[world][webmail]") {
    world::World w(loadLesson("07-webmail.json"));
    w.run();
    const auto* bob = w.storeOf(*w.indexOf("mail-recipient"))->find("bob@recipient.example");
    REQUIRE(bob);
    // Read in the browser = \Seen on the server; deleted = moved to Trash; the reply kept in Sent.
    REQUIRE(bob->findFolder("INBOX")->messages.size() == 1);
    const auto& hello = bob->findFolder("INBOX")->messages[0];
    CHECK(hello.data.find("Subject: Hello Bob") != std::string::npos);
    CHECK((hello.flags & mail::flag::Seen) != 0);
    REQUIRE(bob->findFolder("Trash")->messages.size() == 1);
    CHECK(bob->findFolder("Trash")->messages[0].data.find("Subject: Old newsletter") != std::string::npos);
    REQUIRE(bob->findFolder("Sent")->messages.size() == 1);
    CHECK(bob->findFolder("Sent")->messages[0].data.find("Subject: Re: Hello Bob") != std::string::npos);
    // The reply crossed the world to Alice.
    const auto* alice = w.storeOf(*w.indexOf("mail-sender"))->find("alice@sender.example");
    REQUIRE(alice->findFolder("INBOX")->messages.size() == 1);
    CHECK(alice->findFolder("INBOX")->messages[0].data.find("Writing from a caf") != std::string::npos);

    // What the browser shows last: the inbox with one read message.
    const auto* view = browserOf(w, "bob-browser").view("bob@recipient.example");
    REQUIRE(view);
    CHECK(view->title == "Inbox - webmail.recipient.example");
    REQUIRE(view->inbox.size() == 1);
    CHECK(view->inbox[0].subject == "Hello Bob");
    CHECK_FALSE(view->inbox[0].unread);
    auto* webmail = dynamic_cast<world::WebmailNode*>(&w.node(*w.indexOf("webmail")));
    REQUIRE(webmail);
    CHECK(webmail->sessionCount() == 1);

    // The browser never spoke IMAP or SMTP; the webmail did, to the mail server.
    const auto browser = *w.indexOf("bob-browser"), web = *w.indexOf("webmail");
    std::size_t http = 0, imapFromWebmail = 0, smtpFromWebmail = 0;
    for (const auto& c : w.trace().connections) {
        if (c.client == browser) CHECK(c.serverPort == 80);
        http += c.serverPort == 80;
        imapFromWebmail += c.client == web && c.serverPort == 143;
        smtpFromWebmail += c.client == web && c.serverPort == 587;
    }
    CHECK(http == 4);  // one connection per action: inbox (with login), read, send, delete
    CHECK(imapFromWebmail >= 5);
    CHECK(smtpFromWebmail == 1);
    // The login went through the form once; later pages rode on the cookie.
    std::size_t loginPosts = 0, cookieRequests = 0;
    for (const auto& l : w.trace().lines) {
        loginPosts += l.fromClient && l.text == "POST /login HTTP/1.1";
        cookieRequests += l.fromClient && l.text.rfind("Cookie: sid=", 0) == 0;
    }
    CHECK(loginPosts == 1);
    CHECK(cookieRequests >= 6);
}

TEST_CASE("webmail: a wrong password gets the login form again, and nothing else happens", "[world][webmail]") {
    auto s = loadLesson("07-webmail.json");
    for (auto& n : s.nodes)
        for (auto& a : n.accounts)
            if (n.id == "bob-browser") a.password = "not-the-password";
    world::World w(s);
    w.run();
    // check_mail and send try to log in; read and delete find no inbox page to click on.
    CHECK(countEvents(w, trace::EventKind::Rejected, "webmail login for bob@recipient.example refused") == 2);
    CHECK(countEvents(w, trace::EventKind::Rejected, "the browser stopped: 403 Forbidden on /login") == 2);
    CHECK(countEvents(w, trace::EventKind::Note, "on the inbox page this browser shows (open the inbox first?)") == 2);
    const auto* bob = w.storeOf(*w.indexOf("mail-recipient"))->find("bob@recipient.example");
    CHECK(bob->findFolder("INBOX")->messages.size() == 2);
    CHECK(bob->findFolder("Sent")->messages.empty());
    auto* webmail = dynamic_cast<world::WebmailNode*>(&w.node(*w.indexOf("webmail")));
    CHECK(webmail->sessionCount() == 0);
    const auto* view = browserOf(w, "bob-browser").view("bob@recipient.example");
    REQUIRE(view);
    CHECK(view->title == "Log in - webmail.recipient.example");
    CHECK(view->lastPage.find("Login failed") != std::string::npos);
}
