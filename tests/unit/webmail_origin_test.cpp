// The webmail refuses state-changing POSTs that another site's page made the browser send
// (cross-site request forgery): Origin, or without it Referer, must name the webmail itself.
#include "test_support.h"

#include "mail/mail_store.h"
#include "nodes/webmail_node.h"
#include "webmail/origin_check.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

http::Request post(std::vector<http::Header> headers) {
    http::Request r;
    r.method = "POST";
    r.target = "/send";
    r.headers = std::move(headers);
    return r;
}

std::string verdict(std::vector<http::Header> headers) {
    const auto foreign = webmail::foreignOrigin(post(std::move(headers)), "webmail.recipient.example");
    return foreign ? "foreign " + *foreign : "ours";
}

}  // namespace

TEST_CASE("foreignOrigin: the webmail's own origin, whoever names it, and nothing else", "[webmail]") {
    const http::Header host{"Host", "webmail.recipient.example"};
    CHECK(verdict({host, {"Origin", "http://webmail.recipient.example"}}) == "ours");
    CHECK(verdict({host, {"Origin", "HTTP://WebMail.Recipient.Example:80"}}) == "ours");
    CHECK(verdict({host}) == "ours");  // curl, scripts, old browsers: nothing to check
    CHECK(verdict({host, {"Referer", "http://webmail.recipient.example/compose"}}) == "ours");
    // Live mode: the browser addressed 127.0.0.1:10080, and says so in Host and Origin.
    CHECK(verdict({{"Host", "127.0.0.1:10080"}, {"Origin", "http://127.0.0.1:10080"}}) == "ours");
    CHECK(verdict({{"Host", "127.0.0.1:10080"}, {"Origin", "http://127.0.0.1:9999"}}) ==
          "foreign http://127.0.0.1:9999");

    CHECK(verdict({host, {"Origin", "http://evil.example"}}) == "foreign http://evil.example");
    CHECK(verdict({host, {"Origin", "null"}}) == "foreign null");  // sandboxed frames, data: URLs
    CHECK(verdict({host, {"Origin", "https://webmail.recipient.example"}}) ==
          "foreign https://webmail.recipient.example");  // another scheme is another origin
    CHECK(verdict({host, {"Origin", "http://webmail.recipient.example.evil.example"}}) ==
          "foreign http://webmail.recipient.example.evil.example");
    CHECK(verdict({host, {"Origin", "http://webmail.recipient.example:8080"}}) ==
          "foreign http://webmail.recipient.example:8080");
    // A foreign Origin wins over a friendly Referer; without Origin a foreign Referer decides.
    CHECK(verdict({host, {"Origin", "http://evil.example"}, {"Referer", "http://webmail.recipient.example/"}}) ==
          "foreign http://evil.example");
    CHECK(verdict({host, {"Referer", "http://evil.example/trap.html?x=1"}}) == "foreign http://evil.example");
    CHECK(verdict({host, {"Referer", "http://webmail.recipient.example@evil.example/"}}) ==
          "foreign http://webmail.recipient.example@evil.example/");
    // The webmail's own name is always its own origin, whatever Host says.
    CHECK(verdict({{"Host", "evil.example"}, {"Origin", "http://webmail.recipient.example"}}) == "ours");
}

TEST_CASE("webmail: a POST from another site gets 403 and changes nothing, the browser's own goes through",
          "[world][webmail]") {
    world::World w(loadLesson("07-webmail.json"));
    w.run();
    auto* webmail = dynamic_cast<world::WebmailNode*>(&w.node(*w.indexOf("webmail")));
    REQUIRE(webmail);
    // The simulated browser sends Origin with its POSTs, like every browser, and is let through.
    std::string sid;
    std::size_t origins = 0;
    for (const auto& l : w.trace().lines) {
        if (!l.fromClient && l.text.rfind("Set-Cookie: sid=", 0) == 0) sid = l.text.substr(16, 32);
        origins += l.fromClient && l.text == "Origin: http://webmail.recipient.example";
    }
    REQUIRE(sid.size() == 32);
    CHECK(origins == 3);  // login, send, delete
    const auto* bob = w.storeOf(*w.indexOf("mail-recipient"))->find("bob@recipient.example");
    REQUIRE(bob->findFolder("Sent")->messages.size() == 1);

    auto request = [&](const std::string& path, const std::string& origin, const std::string& body) {
        auto connection = webmail->newConnection("203.0.113.66", [] {});
        std::string raw = "POST " + path + " HTTP/1.1\r\nHost: webmail.recipient.example\r\nCookie: sid=" + sid +
                          "\r\nContent-Type: application/x-www-form-urlencoded\r\n" + origin +
                          "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        connection->feed(raw);
        std::string out = connection->takeOutput();
        w.run();  // whatever the webmail started (SMTP, IMAP) runs to its end
        return out + connection->takeOutput();
    };
    const std::string mail = "to=alice%40sender.example&subject=Forged&body=pay+now";
    const std::string forged = request("/send", "Origin: http://evil.example\r\n", mail);
    CHECK(forged.rfind("HTTP/1.1 403 Forbidden\r\n", 0) == 0);
    CHECK(forged.find("This form was sent from http://evil.example, not from this webmail "
                      "(http://webmail.recipient.example).") != std::string::npos);
    CHECK(bob->findFolder("Sent")->messages.size() == 1);  // nothing was sent
    CHECK(request("/send", "Referer: http://evil.example/trap.html\r\n", mail).rfind("HTTP/1.1 403", 0) == 0);
    CHECK(request("/delete", "Origin: null\r\n", "uid=1").rfind("HTTP/1.1 403", 0) == 0);
    CHECK(request("/logout", "Origin: http://evil.example\r\n", "").rfind("HTTP/1.1 403", 0) == 0);
    CHECK(request("/login", "Origin: http://evil.example\r\n", "user=bob%40recipient.example&password=builder")
              .rfind("HTTP/1.1 403", 0) == 0);
    CHECK(webmail->sessionCount() == 1);
    CHECK(bob->findFolder("INBOX")->messages.size() == 1);
    CHECK(bob->findFolder("Sent")->messages.size() == 1);

    // The same mail from the webmail's own page is sent (303 to the inbox) and kept in Sent.
    const std::string ours = request("/send", "Origin: http://webmail.recipient.example\r\n", mail);
    CHECK(ours.rfind("HTTP/1.1 303 See Other\r\n", 0) == 0);
    CHECK(ours.find("Location: /inbox?sent=1") != std::string::npos);
    CHECK(bob->findFolder("Sent")->messages.size() == 2);
}
