// The HTTP/1.1 client engine (one exchange): the request bytes, responses framed by
// Content-Length, chunked or the close, interim 1xx, HEAD/204/304, limits, garbage and early
// closes; and round trips between the client and the server engines.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "http/chunked.h"
#include "http/client_session.h"
#include "http/form.h"
#include "http/server_session.h"

using namespace postino::http;

namespace {

// The looked-up value, or "(absent)": a failed look-up fails the check instead of crashing.
std::string valueOf(const std::string* value) { return value ? *value : std::string("(absent)"); }

Request get(std::string target = "/") {
    return Request{"GET", std::move(target), "HTTP/1.1", {{"Host", "webmail.example"}}, ""};
}

// Runs one exchange: `response` fed `step` octets at a time (0: at once), then a close if asked.
ClientResult exchange(const Request& request, const std::string& response, std::size_t step = 0, bool close = false,
                      bool* finishedBeforeClose = nullptr) {
    ClientSession c(request);
    c.start();
    CHECK(c.takeOutput() == serialize(request));
    if (step == 0) {
        c.feed(response);
    } else {
        for (std::size_t i = 0; i < response.size() && !c.finished(); i += step)
            c.feed(std::string_view(response).substr(i, step));
    }
    if (finishedBeforeClose) *finishedBeforeClose = c.finished();
    if (close) c.connectionClosed();
    CHECK(c.finished());
    CHECK(c.wantsClose());
    return c.result();
}

// exchange() at once and byte by byte; both must agree.
ClientResult exchangeAllWays(const Request& request, const std::string& response, bool close = false) {
    const ClientResult whole = exchange(request, response, 0, close);
    const ClientResult bytewise = exchange(request, response, 1, close);
    CHECK(bytewise.success == whole.success);
    CHECK(bytewise.failureReason == whole.failureReason);
    CHECK(bytewise.response.status == whole.response.status);
    CHECK(bytewise.response.body == whole.response.body);
    return whole;
}

}  // namespace

TEST_CASE("http client: the request bytes and a Content-Length response", "[http][client]") {
    ClientSession c(Request{"POST",
                            "/login",
                            "HTTP/1.1",
                            {{"Host", "webmail.example"}, {"Content-Type", "application/x-www-form-urlencoded"}},
                            formEncode({{"user", "alice"}, {"password", "s3cret!"}})});
    CHECK_FALSE(c.finished());
    c.start();
    CHECK(c.takeOutput() ==
          "POST /login HTTP/1.1\r\nHost: webmail.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          "Content-Length: 29\r\n\r\nuser=alice&password=s3cret%21");
    c.start();  // only once
    CHECK(c.takeOutput().empty());
    c.feed("HTTP/1.1 303 See Other\r\nLocation: /inbox\r\nSet-Cookie: sid=abc; Path=/; HttpOnly\r\n");
    CHECK_FALSE(c.finished());
    c.feed("Content-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n");  // bytes after the response are ignored
    REQUIRE(c.finished());
    const ClientResult& r = c.result();
    CHECK(r.success);
    CHECK(r.failureReason.empty());
    CHECK(r.response.status == 303);
    CHECK(r.response.reason == "See Other");
    CHECK(valueOf(r.response.header("location")) == "/inbox");
    CHECK(valueOf(r.response.header("Set-Cookie")) == "sid=abc; Path=/; HttpOnly");
    CHECK(r.response.body.empty());
    c.connectionClosed();  // after the end: nothing changes
    CHECK(c.result().success);
}

TEST_CASE("http client: bodies by Content-Length, chunked and the close", "[http][client]") {
    SECTION("Content-Length") {
        const ClientResult r =
            exchangeAllWays(get(),
                            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 23\r\n\r\n"
                            "<p>Καλημέρα</p>");
        CHECK(r.success);
        CHECK(r.response.body == "<p>Καλημέρα</p>");
    }
    SECTION("chunked, with extensions, bare LF and trailers") {
        const ClientResult r = exchangeAllWays(get(),
                                               "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                                               "chunked\r\n\r\n4;a=b\r\nWiki\r\n5\npedia\n0\r\nExpires: never\r\n\r\n");
        CHECK(r.success);
        CHECK(r.response.body == "Wikipedia");
        CHECK(r.response.header("Expires") == nullptr);
    }
    SECTION("chunked wins over Content-Length") {
        const ClientResult r = exchangeAllWays(
            get(), "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkEncode("abc"));
        CHECK(r.success);
        CHECK(r.response.body == "abc");
    }
    SECTION("until the close") {
        bool early = true;
        const ClientResult r =
            exchange(get(), "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", 0, true, &early);
        CHECK_FALSE(early);  // only the close ends it
        CHECK(r.success);
        CHECK(r.response.body == "all of it");
    }
    SECTION("identical Content-Length values and a missing reason phrase") {
        const ClientResult r =
            exchangeAllWays(get(), "HTTP/1.1 200\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok");
        CHECK(r.success);
        CHECK(r.response.reason.empty());
        CHECK(r.response.body == "ok");
    }
    SECTION("Content-Length: 0") {
        bool early = false;
        const ClientResult r = exchange(get(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, false, &early);
        CHECK(early);
        CHECK(r.success);
    }
}

TEST_CASE("http client: interim responses are skipped, HEAD, 204 and 304 have no body", "[http][client]") {
    const ClientResult interim =
        exchangeAllWays(get(),
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone");
    CHECK(interim.success);
    CHECK(interim.response.status == 200);
    CHECK(interim.response.header("Link") == nullptr);
    CHECK(interim.response.body == "done");

    Request head = get();
    head.method = "HEAD";
    bool early = false;
    const ClientResult h = exchange(head, "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 0, false, &early);
    CHECK(early);
    CHECK(h.success);
    CHECK(valueOf(h.response.header("Content-Length")) == "1234");
    CHECK(h.response.body.empty());

    const ClientResult noContent =
        exchange(get(), "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 0, false, &early);
    CHECK(early);
    CHECK(noContent.success);
    CHECK(noContent.response.status == 204);
    const ClientResult notModified =
        exchange(get(), "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", 0, false, &early);
    CHECK(early);
    CHECK(notModified.success);
}

TEST_CASE("http client: failures are reported, never thrown", "[http][client]") {
    struct Case {
        const char* name;
        std::string response;
        bool close;
        const char* reason;
    };
    const std::vector<Case> cases = {
        {"TLS alert", std::string("\x15\x03\x03\x00\x02\x02\x46", 7), false,
         "malformed response header: control byte in the message head"},
        {"an SMTP greeting", "220 mail.example ESMTP Postfix\r\n", false, "malformed status line"},
        {"HTTP/2", "HTTP/2.0 200 OK\r\n\r\n", false, "unsupported HTTP version HTTP/2.0"},
        {"lower-case version", "http/1.1 200 OK\r\n\r\n", false, "malformed status line"},
        {"two-digit status", "HTTP/1.1 20 OK\r\n\r\n", false, "malformed status code"},
        {"four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", false, "malformed status code"},
        {"status 600", "HTTP/1.1 600 Odd\r\n\r\n", false, "invalid status code 600"},
        {"101 not asked for", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", false,
         "unexpected 101 Switching Protocols"},
        {"obs-fold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", false,
         "malformed response header: header line starts with whitespace (obsolete line folding)"},
        {"space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx", false,
         "malformed response header: whitespace between header field name and colon"},
        {"differing Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx", false,
         "invalid Content-Length"},
        {"negative Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, "invalid Content-Length"},
        {"gzip transfer coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false,
         "unsupported transfer coding: gzip"},
        {"chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", false,
         "chunked applied more than once"},
        {"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnope\r\n", false,
         "bad chunked body: malformed chunk size line"},
        {"status line over 8 KiB", "HTTP/1.1 200 " + std::string(9000, 'x'), false,
         "status line longer than 8192 octets"},
        {"header section over 64 KiB", "HTTP/1.1 200 OK\r\nX: " + std::string(70000, 'h'), false,
         "response header section larger than 65536 octets"},
        {"Content-Length over 16 MiB", "HTTP/1.1 200 OK\r\nContent-Length: 16777217\r\n\r\n", false,
         "response body larger than 16777216 octets"},
        {"a chunk over 16 MiB", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000001\r\n", false,
         "bad chunked body: chunked body too large"},
        {"closed before any byte", "", true, "connection closed before any response"},
        {"closed in the header", "HTTP/1.1 200 OK\r\nContent-", true,
         "connection closed in the middle of the response header"},
        {"closed in the body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234", true,
         "connection closed after 4 of 10 body octets"},
        {"closed in a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", true,
         "connection closed in the middle of the chunked body"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const ClientResult r = exchangeAllWays(get(), c.response, c.close);
        CHECK_FALSE(r.success);
        CHECK(r.failureReason == c.reason);
    }
}

TEST_CASE("http client: the body limit when reading until the close", "[http][client]") {
    ClientSession c(get());
    c.start();
    c.feed("HTTP/1.1 200 OK\r\n\r\n");
    const std::string mib(1024 * 1024, 'z');
    for (int i = 0; i < 16; ++i) c.feed(mib);
    CHECK_FALSE(c.finished());
    c.feed("!");
    REQUIRE(c.finished());
    CHECK_FALSE(c.result().success);
    CHECK(c.result().failureReason == "response body larger than 16777216 octets");
}

TEST_CASE("http client: a request that cannot be sent fails at once", "[http][client]") {
    Request noHost{"GET", "/", "HTTP/1.1", {}, ""};
    ClientSession a(noHost);
    a.start();
    CHECK(a.finished());
    CHECK(a.takeOutput().empty());
    CHECK(a.result().failureReason == "invalid request: HTTP/1.1 needs a Host field");

    ClientSession b(Request{"GE T", "/", "HTTP/1.1", {{"Host", "h"}}, ""});
    b.start();
    CHECK(b.result().failureReason == "invalid request: bad method");

    ClientSession c(Request{"GET", "/", "HTTP/2", {{"Host", "h"}}, ""});
    c.feed("HTTP/1.1 200 OK\r\n\r\n");  // feed() starts it
    CHECK(c.result().failureReason == "invalid request: version must be HTTP/1.0 or HTTP/1.1");

    ClientSession old(Request{"GET", "/", "HTTP/1.0", {}, ""});  // HTTP/1.0 needs no Host
    old.start();
    CHECK(old.takeOutput() == "GET / HTTP/1.0\r\n\r\n");
    CHECK_FALSE(old.finished());
}

TEST_CASE("http round trip: client to server and back", "[http][client][server]") {
    Request request{
        "POST",
        "/send",
        "HTTP/1.1",
        {{"Host", "webmail.example"},
         {"Content-Type", "application/x-www-form-urlencoded"},
         {"Cookie", "sid=0123abcd"}},
        formEncode({{"to", "bob@example.org"}, {"subject", "Καλημέρα, perché?"}, {"body", "a & b < c\r\n"}})};
    ClientSession client(request);
    ServerSession server;
    client.start();
    server.start();
    const std::string wire = client.takeOutput();
    for (char c : wire) server.feed(std::string_view(&c, 1));
    REQUIRE(server.hasRequest());
    const Request& got = server.request();
    CHECK(got.method == "POST");
    CHECK(got.target == "/send");
    CHECK(got.version == "HTTP/1.1");
    REQUIRE(got.headers.size() == 4);
    CHECK(got.headers[3].name == "Content-Length");
    CHECK(got.body == request.body);
    const FormFields form = formDecode(got.body);
    CHECK(valueOf(formValue(form, "subject")) == "Καλημέρα, perché?");
    CHECK(valueOf(formValue(form, "body")) == "a & b < c\r\n");
    CHECK(valueOf(cookieValue(requestCookies(got), "sid")) == "0123abcd");

    Response answer = makeResponse(200, "text/html; charset=utf-8",
                                   "<p>Sent: " + htmlEscape(valueOf(formValue(form, "subject"))) + "</p>");
    answer.headers.push_back({"Set-Cookie", setCookieValue("flash", "sent")});
    answer.headers.push_back({"Date", "Mon, 02 Mar 2026 09:00:00 GMT"});
    server.respond(answer);
    const std::string back = server.takeOutput();
    CHECK(back ==
          "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
          "Set-Cookie: flash=sent; Path=/; HttpOnly; SameSite=Strict\r\nDate: Mon, 02 Mar 2026 09:00:00 GMT\r\n"
          "Content-Length: 39\r\n\r\n<p>Sent: Καλημέρα, perché?</p>");
    for (char c : back) client.feed(std::string_view(&c, 1));
    REQUIRE(client.finished());
    const ClientResult& r = client.result();
    CHECK(r.success);
    CHECK(r.response.status == 200);
    CHECK(r.response.reason == "OK");
    CHECK(r.response.body == answer.body);
    CHECK(valueOf(r.response.header("set-cookie")) == "flash=sent; Path=/; HttpOnly; SameSite=Strict");
    CHECK_FALSE(server.wantsClose());
}

TEST_CASE("http round trip: HEAD, a closing HTTP/1.0 exchange and an engine error", "[http][client][server]") {
    SECTION("HEAD") {
        Request head = get("/inbox");
        head.method = "HEAD";
        ClientSession client(head);
        ServerSession server;
        client.start();
        server.feed(client.takeOutput());
        REQUIRE(server.hasRequest());
        server.respond(makeResponse(200, "text/html", "<html>long page</html>"));
        client.feed(server.takeOutput());
        REQUIRE(client.finished());
        CHECK(client.result().success);
        CHECK(valueOf(client.result().response.header("Content-Length")) == "22");
        CHECK(client.result().response.body.empty());
    }
    SECTION("HTTP/1.0: the server closes after the answer") {
        ClientSession client(Request{"GET", "/", "HTTP/1.0", {}, ""});
        ServerSession server;
        client.start();
        server.feed(client.takeOutput());
        server.respond(makeResponse(200, "text/plain", "bye"));
        client.feed(server.takeOutput());
        CHECK(server.wantsClose());
        REQUIRE(client.finished());
        CHECK(client.result().response.body == "bye");
        CHECK(valueOf(client.result().response.header("Connection")) == "close");
    }
    SECTION("an engine error reaches the client as a response") {
        Request big = get();
        big.method = "POST";
        big.body = std::string(kMaxRequestBody + 1, 'x');
        ClientSession client(big);
        ServerSession server;
        client.start();
        server.feed(client.takeOutput());
        CHECK_FALSE(server.hasRequest());
        client.feed(server.takeOutput());
        CHECK(server.wantsClose());
        REQUIRE(client.finished());
        CHECK(client.result().success);  // the exchange worked; the answer is an error
        CHECK(client.result().response.status == 413);
        CHECK(client.result().response.body.find("request body larger than 1048576 octets") != std::string::npos);
    }
}
