// The webmail's parts without a network: pages escape what users wrote, the browser's
// page reader finds the links again, and a connection answers pipelined requests in order
// even when the answers come late.
#include "mail/message_view.h"
#include "webmail/page_reader.h"
#include "webmail/pages.h"
#include "webmail/web_connection.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace postino;

TEST_CASE("webmail pages escape subjects and the browser reads them back", "[webmail]") {
    const std::vector<webmail::InboxRow> rows = {
        {1, "alice@sender.example", "Hello <b>Bob</b> & \"friends\"", "Mon, 2 Mar 2026 09:00:01 +0000", 700, true},
        {2, "mallory@evil.example", "<script>alert(1)</script>", "Mon, 2 Mar 2026 09:00:02 +0000", 2048, false},
        {3, "elena@example.gr", "Καλημέρα, caffè, ¿qué tal?", "Mon, 2 Mar 2026 09:00:03 +0000", 90, false},
    };
    const std::string html = webmail::inboxPage("webmail.example", "bob@recipient.example", rows, "Message sent.");
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<p class=\"notice\">Message sent.</p>") != std::string::npos);
    CHECK(html.find("3 messages, 2 unread") != std::string::npos);
    CHECK(html.find("\r\n") != std::string::npos);
    CHECK(html.find("<title>Inbox - webmail.example</title>") != std::string::npos);
    CHECK(webmail::pageTitle(html) == "Inbox - webmail.example");

    const auto links = webmail::inboxLinks(html);
    REQUIRE(links.size() == 3);  // newest first
    CHECK(links[0].uid == 3);
    CHECK(links[0].subject == "Καλημέρα, caffè, ¿qué tal?");
    CHECK(links[0].unread);
    CHECK(links[1].subject == "<script>alert(1)</script>");
    CHECK(links[2].subject == "Hello <b>Bob</b> & \"friends\"");
    CHECK_FALSE(links[2].unread);
}

TEST_CASE("the message page shows the decoded text and the attachments", "[webmail]") {
    mail::MessageView m;
    m.from = "alice@sender.example";
    m.subject = "Photos & plans";
    m.text = "Line one\nLine <two>";
    m.attachments.push_back({"trip.jpg", "image/jpeg", 200000});
    const std::string html = webmail::messagePage("webmail.example", "bob@recipient.example", 7, m);
    CHECK(html.find("<h1>Photos &amp; plans</h1>") != std::string::npos);
    CHECK(html.find("<pre>Line one\r\nLine &lt;two&gt;</pre>") != std::string::npos);
    CHECK(html.find("<li>trip.jpg (image/jpeg, 195 kB)</li>") != std::string::npos);
    CHECK(html.find("name=\"uid\" value=\"7\"") != std::string::npos);
}

TEST_CASE("htmlUnescape takes back what the pages escape, and leaves the rest", "[webmail]") {
    CHECK(webmail::htmlUnescape("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;") == "a & b <c> \"d\" 'e'");
    CHECK(webmail::htmlUnescape("&#955; &#0; &#99999999; &nosuch; &") == "λ &#0; &#99999999; &nosuch; &");
    CHECK(webmail::inboxLinks("<a href=\"/message?uid=").empty());
    CHECK(webmail::inboxLinks("<a href=\"/message?uid=x1\">s</a>").empty());
    CHECK(webmail::pageTitle("<title>never closed") == "");
}

TEST_CASE("a web connection answers pipelined requests in order, late answers too", "[webmail]") {
    std::vector<std::pair<std::string, webmail::WebConnection::Respond>> waiting;
    int wakes = 0;
    webmail::WebConnection conn(
        [&](const http::Request& r, webmail::WebConnection::Respond respond) {
            if (r.target == "/now") {
                http::Response res;
                res.body = "now";
                respond(res);
                respond(res);  // a second answer to the same request is ignored
                return;
            }
            waiting.emplace_back(r.target, std::move(respond));
        },
        [&] { ++wakes; });
    conn.feed("GET /late HTTP/1.1\r\nHost: x\r\n\r\nGET /now HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(conn.takeOutput().empty());  // /now waits behind /late
    REQUIRE(waiting.size() == 1);
    http::Response late;
    late.body = "late";
    waiting[0].second(late);
    const std::string out = conn.takeOutput();
    CHECK(wakes == 1);
    const auto first = out.find("\r\n\r\nlate"), second = out.find("\r\n\r\nnow");
    CHECK(first != std::string::npos);
    CHECK(second != std::string::npos);
    CHECK(first < second);
    CHECK_FALSE(conn.wantsClose());

    // An answer arriving after the connection is gone is dropped without harm.
    webmail::WebConnection::Respond orphan;
    {
        webmail::WebConnection gone([&](const http::Request&, webmail::WebConnection::Respond r) { orphan = r; }, {});
        gone.feed("GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    REQUIRE(orphan);
    orphan(late);
}
