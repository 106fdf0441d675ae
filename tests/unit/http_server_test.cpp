// The HTTP/1.1 server engine: requests in any split, responses in request order (also when the
// owner answers late), every error the engine answers itself, limits at their exact edges,
// chunked bodies, persistence (HTTP/1.1, HTTP/1.0, Connection: close), HEAD, 100-continue and
// random garbage.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "http/form.h"
#include "http/message.h"
#include "http/server_session.h"

using namespace postino::http;

namespace {

// The looked-up value, or "(absent)": a failed look-up fails the check instead of crashing.
std::string valueOf(const std::string* value) { return value ? *value : std::string("(absent)"); }

// The owner used by most tests: answers at once with "METHOD target [body]".
Response echo(const Request& r) {
    return makeResponse(200, "text/plain", r.method + " " + r.target + " [" + r.body + "]");
}

// The bytes of echo()'s answer; `connection` is the Connection value the engine adds ("" for none).
std::string echoed(const std::string& text, const std::string& connection = "") {
    std::string out = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
    if (!connection.empty()) out += "Connection: " + connection + "\r\n";
    return out + "Content-Length: " + std::to_string(text.size()) + "\r\n\r\n" + text;
}

struct Outcome {
    std::string output;
    bool closed = false;
    std::vector<Request> requests;
};

// Feeds `input` `step` octets at a time (0: all at once), answering each request when it appears.
Outcome serve(const std::string& input, std::size_t step = 0) {
    ServerSession s;
    s.start();
    Outcome o;
    auto drain = [&] {
        while (s.hasRequest()) {
            o.requests.push_back(s.request());
            s.respond(echo(s.request()));
        }
        o.output += s.takeOutput();
    };
    if (step == 0) {
        s.feed(input);
        drain();
    } else {
        for (std::size_t i = 0; i < input.size(); i += step) {
            s.feed(std::string_view(input).substr(i, step));
            drain();
        }
    }
    o.closed = s.wantsClose();
    return o;
}

// serve() all at once, in 7-octet pieces and one octet at a time: the three must agree.
Outcome serveAllWays(const std::string& input) {
    const Outcome whole = serve(input);
    for (std::size_t step : {std::size_t(7), std::size_t(1)}) {
        const Outcome split = serve(input, step);
        INFO("step " << step);
        CHECK(split.output == whole.output);
        CHECK(split.closed == whole.closed);
        CHECK(split.requests.size() == whole.requests.size());
    }
    return whole;
}

std::string statusLine(const std::string& output) { return output.substr(0, output.find("\r\n")); }

std::string errorBytes(int status, const std::string& detail) {
    const Response r = makeErrorResponse(status, detail);
    return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reasonPhrase(status)) +
           "\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\nContent-Length: " +
           std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
}

}  // namespace

TEST_CASE("http server: a GET then a form POST on one persistent connection", "[http][server]") {
    const std::string input =
        "GET /inbox?page=2 HTTP/1.1\r\nHost: webmail.example\r\nUser-Agent: test\r\n\r\n"
        "POST /send HTTP/1.1\r\nHost: webmail.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Cookie: sid=abc; theme=dark\r\nContent-Length: 67\r\n\r\n"
        "to=bob%40example.org&subject=Ciao+%C3%A8+gi%C3%A0&body=Hello%0D%0A!";
    const Outcome o = serveAllWays(input);
    CHECK(o.output == echoed("GET /inbox?page=2 []") +
                          echoed("POST /send [to=bob%40example.org&subject=Ciao+%C3%A8+gi%C3%A0&body=Hello%0D%0A!]"));
    CHECK_FALSE(o.closed);
    REQUIRE(o.requests.size() == 2);
    const Request& get = o.requests[0];
    CHECK(get.method == "GET");
    CHECK(get.target == "/inbox?page=2");
    CHECK(get.version == "HTTP/1.1");
    REQUIRE(get.headers.size() == 2);
    CHECK(get.headers[1].name == "User-Agent");
    CHECK(valueOf(get.header("host")) == "webmail.example");
    CHECK(get.body.empty());
    const Request& post = o.requests[1];
    const FormFields form = formDecode(post.body);
    REQUIRE(formValue(form, "subject"));
    CHECK(valueOf(formValue(form, "subject")) == "Ciao è già");
    CHECK(valueOf(formValue(form, "body")) == "Hello\r\n!");
    CHECK(valueOf(cookieValue(requestCookies(post), "sid")) == "abc");
}

TEST_CASE("http server: pipelined requests are answered in order, also when answered late", "[http][server]") {
    ServerSession s;
    s.start();
    CHECK(s.takeOutput().empty());  // no greeting
    s.feed("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nGET /c HTTP/1.1\r\nHo");
    CHECK(s.pendingRequests() == 2);
    REQUIRE(s.hasRequest());
    CHECK(s.request().target == "/a");
    CHECK(s.takeOutput().empty());  // nothing until the owner answers
    s.feed("st: h\r\n\r\n");
    CHECK(s.pendingRequests() == 3);
    CHECK(s.request().target == "/a");
    s.respond(makeResponse(200, "text/plain", "A"));
    CHECK(s.takeOutput() == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nA");
    REQUIRE(s.hasRequest());
    CHECK(s.request().target == "/b");
    s.respond(makeResponse(404, "text/plain", "B"));
    CHECK(s.request().target == "/c");
    s.respond(makeResponse(200, "text/plain", "C"));
    CHECK(s.takeOutput() ==
          "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nB"
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nC");
    CHECK_FALSE(s.hasRequest());
    CHECK(s.request().method.empty());          // an empty Request, not a crash
    s.respond(makeResponse(200, "", "stray"));  // nothing to answer: ignored
    CHECK(s.takeOutput().empty());
    CHECK_FALSE(s.wantsClose());
}

TEST_CASE("http server: an engine error waits behind the requests before it", "[http][server]") {
    ServerSession s;
    s.feed("GET /first HTTP/1.1\r\nHost: h\r\n\r\nGET /second HTTP/1.1\r\nHost : h\r\n\r\nGET /third HTTP/1.1\r\n");
    REQUIRE(s.hasRequest());
    CHECK(s.pendingRequests() == 1);
    CHECK(s.takeOutput().empty());
    CHECK_FALSE(s.wantsClose());
    s.respond(echo(s.request()));
    CHECK_FALSE(s.wantsClose());  // the output is not taken yet
    CHECK(s.takeOutput() ==
          echoed("GET /first []") + errorBytes(400, "whitespace between header field name and colon"));
    CHECK(s.wantsClose());
    CHECK(s.errorDetail() == "whitespace between header field name and colon");
    s.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n");  // ignored after the error
    CHECK_FALSE(s.hasRequest());
    CHECK(s.takeOutput().empty());
}

TEST_CASE("http server: the error responses, byte for byte", "[http][server]") {
    const Outcome o = serveAllWays("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
    CHECK(o.output ==
          "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
          "Content-Length: 98\r\n\r\n<!DOCTYPE html>\n<title>400 Bad Request</title>\n<h1>400 Bad Request</h1>\n"
          "<p>missing Host field</p>\n");
    CHECK(o.closed);
    CHECK(o.requests.empty());
}

TEST_CASE("http server: every error the engine answers itself", "[http][server]") {
    struct Case {
        const char* name;
        std::string input;
        int status;
    };
    const std::string get = "GET / HTTP/1.1\r\nHost: h\r\n";
    const std::string post = "POST /p HTTP/1.1\r\nHost: h\r\n";
    const std::vector<Case> cases = {
        {"missing Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400},
        {"two Host fields", get + "Host: h\r\n\r\n", 400},
        {"invalid Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
        {"two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", 400},
        {"whitespace before the colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400},
        {"tab before the colon", get + "X-A\t: 1\r\n\r\n", 400},
        {"obs-fold", get + "X-Long: one\r\n two\r\n\r\n", 400},
        {"whitespace before the first field", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400},
        {"field line without a colon", get + "NoColon\r\n\r\n", 400},
        {"empty field name", get + ": v\r\n\r\n", 400},
        {"field name not a token", get + "X(y): v\r\n\r\n", 400},
        {"bare CR", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", 400},
        {"NUL in a field value", get + std::string("X: a\0b\r\n\r\n", 10), 400},
        {"control byte in the request line", "GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"two spaces in the request line", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"trailing space in the request line", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400},
        {"tab as separator", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"HTTP/0.9 request", "GET /\r\n\r\n", 400},
        {"lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400},
        {"malformed version", "GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400},
        {"method not a token", "GE(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"relative target", "GET index.html HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"asterisk with GET", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"raw UTF-8 in the target", "GET /caf\xC3\xA9 HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"differing Content-Length fields", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400},
        {"differing Content-Length list", post + "Content-Length: 5, 6\r\n\r\nhello!", 400},
        {"non-numeric Content-Length", post + "Content-Length: abc\r\n\r\n", 400},
        {"negative Content-Length", post + "Content-Length: -1\r\n\r\n", 400},
        {"signed Content-Length", post + "Content-Length: +5\r\n\r\nhello", 400},
        {"hex Content-Length", post + "Content-Length: 0x5\r\n\r\nhello", 400},
        {"empty Content-Length", post + "Content-Length: \r\n\r\n", 400},
        {"Content-Length and Transfer-Encoding",
         post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400},
        {"Transfer-Encoding in HTTP/1.0", "POST /p HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"chunked twice", post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400},
        {"chunked in two fields", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"empty Transfer-Encoding", post + "Transfer-Encoding: \r\n\r\n", 400},
        {"bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nxyz\r\n", 400},
        {"chunk longer than its size", post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", 400},
        {"bad trailer field", post + "Transfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n", 400},
        {"TLS ClientHello", std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11), 400},
        {"SSH banner", "SSH-2.0-OpenSSH_9.2p1\r\n", 400},
        {"SMTP command", "EHLO client.example\r\n", 400},
        {"Content-Length over 1 MiB", post + "Content-Length: 1048577\r\n\r\n", 413},
        {"huge Content-Length", post + "Content-Length: 99999999999999999999999999\r\n\r\n", 413},
        {"one chunk over 1 MiB", post + "Transfer-Encoding: chunked\r\n\r\n100001\r\n", 413},
        {"request line over 8 KiB", "GET /" + std::string(8192 - 13, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414},
        {"request line without end", std::string(9000, 'A'), 414},
        {"header section over 16 KiB", get + "X-Big: " + std::string(16384, 'b') + "\r\n\r\n", 431},
        {"101 header fields",
         [] {
             std::string s = "GET / HTTP/1.1\r\nHost: h\r\n";
             for (int i = 0; i < 100; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
             return s + "\r\n";
         }(),
         431},
        {"trailer section over 16 KiB",
         post + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: " + std::string(16384, 't') + "\r\n\r\n", 431},
        {"unknown expectation", get + "Expect: 200-ok\r\n\r\n", 417},
        {"gzip transfer coding", post + "Transfer-Encoding: gzip\r\n\r\n", 501},
        {"gzip then chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501},
        {"HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
        {"HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505},
        {"HTTP/0.9 with a version", "GET / HTTP/0.9\r\n\r\n", 505},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const Outcome o = serveAllWays(c.input);
        CHECK(statusLine(o.output) ==
              "HTTP/1.1 " + std::to_string(c.status) + " " + std::string(reasonPhrase(c.status)));
        CHECK(o.output.find("\r\nConnection: close\r\n") != std::string::npos);
        CHECK(o.closed);
        CHECK(o.requests.empty());
    }
}

TEST_CASE("http server: limits at their exact edges are accepted", "[http][server]") {
    SECTION("request line of 8192 octets") {
        const std::string line = "GET /" + std::string(8192 - 14, 'a') + " HTTP/1.1";
        REQUIRE(line.size() == 8192);
        const Outcome o = serve(line + "\r\nHost: h\r\n\r\n");
        REQUIRE(o.requests.size() == 1);
        CHECK(statusLine(o.output) == "HTTP/1.1 200 OK");
    }
    SECTION("header section of 16384 octets") {
        // "Host: h\r\n" (9) + "X-Big: " (7) + n + CRLF (2) + the empty line (2) = 16384
        const std::string input = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(16384 - 20, 'b') + "\r\n\r\n";
        const Outcome o = serve(input);
        REQUIRE(o.requests.size() == 1);
        CHECK(valueOf(o.requests[0].header("X-Big")).size() == 16384 - 20);
        const Outcome over = serve("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(16384 - 19, 'b') + "\r\n\r\n");
        CHECK(statusLine(over.output) == "HTTP/1.1 431 Request Header Fields Too Large");
    }
    SECTION("100 header fields") {
        std::string s = "GET / HTTP/1.1\r\nHost: h\r\n";
        for (int i = 0; i < 99; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
        const Outcome o = serve(s + "\r\n");
        REQUIRE(o.requests.size() == 1);
        CHECK(o.requests[0].headers.size() == 100);
    }
    SECTION("a body of exactly 1 MiB, by Content-Length and chunked") {
        const std::string body(1048576, 'x');
        const Outcome o = serve("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 1048576\r\n\r\n" + body);
        REQUIRE(o.requests.size() == 1);
        CHECK(o.requests[0].body == body);
        const Outcome c =
            serve("POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkEncode(body, 1000));
        REQUIRE(c.requests.size() == 1);
        CHECK(c.requests[0].body == body);
        const Outcome over =
            serve("POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkEncode(body + "y", 1000));
        CHECK(statusLine(over.output) == "HTTP/1.1 413 Content Too Large");
        CHECK(over.requests.empty());
    }
}

TEST_CASE("http server: a chunked request body is decoded", "[http][server]") {
    const Outcome o = serveAllWays(
        "POST /send HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        "6;note=first\r\nto=bob\r\nC\r\n&subject=Hi!\n0\r\nX-Checksum: 1\r\n\r\n"
        "POST /two HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n");
    REQUIRE(o.requests.size() == 2);
    CHECK(o.requests[0].body == "to=bob&subject=Hi!");
    CHECK(valueOf(o.requests[0].header("Transfer-Encoding")) == "chunked");
    CHECK(o.requests[0].header("X-Checksum") == nullptr);  // trailers are dropped
    CHECK(o.requests[1].body.empty());
    CHECK(o.output == echoed("POST /send [to=bob&subject=Hi!]") + echoed("POST /two []"));
}

TEST_CASE("http server: Content-Length forms that are accepted", "[http][server]") {
    const Outcome o = serveAllWays(
        "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"
        "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\n\r\nde"
        "POST /c HTTP/1.1\r\nHost: h\r\nContent-Length: 0002\r\n\r\nfg"
        "POST /d HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
    REQUIRE(o.requests.size() == 4);
    CHECK(o.requests[0].body == "abc");
    CHECK(o.requests[1].body == "de");
    CHECK(o.requests[2].body == "fg");
    CHECK(o.requests[3].body.empty());
}

TEST_CASE("http server: line ends, leading empty lines and request-target forms", "[http][server]") {
    const Outcome o = serveAllWays(
        "\r\n\nGET /lf HTTP/1.1\nHost: h\n\n"
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"
        "GET http://webmail.example/abs?x=1 HTTP/1.1\r\nHost: webmail.example\r\n\r\n"
        "CONNECT webmail.example:443 HTTP/1.1\r\nHost: webmail.example:443\r\n\r\n"
        "BREW /pot HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"
        "get / HTTP/1.1\r\nHost: \r\n\r\n");
    REQUIRE(o.requests.size() == 6);
    CHECK(o.requests[0].target == "/lf");
    CHECK(o.requests[1].target == "*");
    CHECK(o.requests[2].target == "http://webmail.example/abs?x=1");
    CHECK(o.requests[3].method == "CONNECT");
    CHECK(o.requests[4].method == "BREW");  // unknown methods go to the owner
    CHECK(o.requests[5].method == "get");   // methods are case-sensitive
    CHECK_FALSE(o.closed);
}

TEST_CASE("http server: persistence", "[http][server]") {
    SECTION("Connection: close from an HTTP/1.1 client") {
        ServerSession s;
        s.feed("GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\nHost: h\r\n\r\n");
        CHECK(s.pendingRequests() == 1);
        s.respond(echo(s.request()));
        CHECK_FALSE(s.hasRequest());
        CHECK_FALSE(s.wantsClose());
        CHECK(s.takeOutput() == echoed("GET /a []", "close"));
        CHECK(s.wantsClose());
    }
    SECTION("the owner's Connection value is replaced when the client closes") {
        ServerSession s;
        s.feed("GET /a HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close\r\n\r\n");
        Response r = echo(s.request());
        r.headers.push_back({"connection", "keep-alive"});
        s.respond(r);
        CHECK(s.takeOutput() ==
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nconnection: close\r\n"
              "Content-Length: 9\r\n\r\nGET /a []");
        CHECK(s.wantsClose());
    }
    SECTION("HTTP/1.0 closes by default") {
        const Outcome o = serveAllWays("GET /old HTTP/1.0\r\n\r\nGET /ignored HTTP/1.0\r\n\r\n");
        CHECK(o.output == echoed("GET /old []", "close"));
        CHECK(o.closed);
        REQUIRE(o.requests.size() == 1);
        CHECK(o.requests[0].version == "HTTP/1.0");
    }
    SECTION("HTTP/1.0 with keep-alive stays open and says so") {
        const Outcome o = serveAllWays(
            "GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
            "POST /b HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi"
            "GET /c HTTP/1.0\r\n\r\n");
        CHECK(o.output ==
              echoed("GET /a []", "keep-alive") + echoed("POST /b [hi]", "keep-alive") + echoed("GET /c []", "close"));
        CHECK(o.closed);
    }
    SECTION("the owner closes with Connection: close; later requests are dropped") {
        ServerSession s;
        s.feed("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        CHECK(s.pendingRequests() == 2);
        Response r = echo(s.request());
        r.headers.push_back({"Connection", "close"});
        s.respond(r);
        CHECK_FALSE(s.hasRequest());
        CHECK(s.takeOutput() == echoed("GET /a []", "close"));
        CHECK(s.wantsClose());
    }
}

TEST_CASE("http server: framing of the owner's responses", "[http][server]") {
    ServerSession s;
    s.feed(
        "HEAD /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\nHost: h\r\n\r\nDELETE /c HTTP/1.1\r\nHost: h\r\n\r\n"
        "GET /d HTTP/1.1\r\nHost: h\r\n\r\nGET /e HTTP/1.1\r\nHost: h\r\n\r\nGET /f HTTP/1.1\r\nHost: h\r\n\r\n");
    // HEAD: the body is cut, its length stays
    s.respond(makeResponse(200, "text/html", "<p>hello</p>"));
    CHECK(s.takeOutput() == "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 12\r\n\r\n");
    // HEAD with the owner's own Content-Length and no body
    s.respond(Response{200, "", {{"Content-Length", "1234"}}, ""});
    CHECK(s.takeOutput() == "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
    // 204: no body, no length
    s.respond(Response{204, "", {{"Content-Length", "5"}}, "gone?"});
    CHECK(s.takeOutput() == "HTTP/1.1 204 No Content\r\n\r\n");
    // wrong framing from the owner is replaced
    s.respond(Response{200, "", {{"Transfer-Encoding", "chunked"}, {"Content-Length", "999"}, {"X", "1"}}, "abc"});
    CHECK(s.takeOutput() == "HTTP/1.1 200 OK\r\nX: 1\r\nContent-Length: 3\r\n\r\nabc");
    // a status that cannot be final becomes a 500 page
    s.respond(Response{101, "", {}, ""});
    const std::string out = s.takeOutput();
    CHECK(statusLine(out) == "HTTP/1.1 500 Internal Server Error");
    CHECK_FALSE(s.wantsClose());
    // 304 keeps the owner's Content-Length and loses the body
    s.respond(Response{304, "", {{"ETag", "\"v1\""}, {"Content-Length", "7"}}, "ignored"});
    CHECK(s.takeOutput() == "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 7\r\n\r\n");
}

TEST_CASE("http server: an error answer to HEAD carries no body", "[http][server]") {
    const Outcome o = serveAllWays("HEAD / HTTP/1.1\r\n\r\n");
    const std::string body = makeErrorResponse(400, "missing Host field").body;
    CHECK(o.output ==
          "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
          "Content-Length: " +
              std::to_string(body.size()) + "\r\n\r\n");
    CHECK(o.closed);
}

TEST_CASE("http server: Expect: 100-continue", "[http][server]") {
    ServerSession s;
    s.feed("POST /send HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n");
    CHECK(s.takeOutput() == "HTTP/1.1 100 Continue\r\n\r\n");
    CHECK_FALSE(s.hasRequest());
    s.feed("hello");
    REQUIRE(s.hasRequest());
    CHECK(s.request().body == "hello");
    s.respond(echo(s.request()));
    CHECK(s.takeOutput() == echoed("POST /send [hello]"));

    // No interim answer without a body, nor while an earlier response is pending.
    s.feed(
        "GET /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n"
        "POST /b HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n");
    CHECK(s.takeOutput().empty());
    CHECK(s.pendingRequests() == 1);
    s.feed("x");
    CHECK(s.pendingRequests() == 2);

    // A body too large is refused before it is sent.
    ServerSession big;
    big.feed("POST /send HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n");
    CHECK(statusLine(big.takeOutput()) == "HTTP/1.1 413 Content Too Large");
    CHECK(big.wantsClose());
}

TEST_CASE("http server: at most 16 requests wait, more input is held, then refused", "[http][server]") {
    std::string twenty;
    for (int i = 0; i < 20; ++i) twenty += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: h\r\n\r\n";
    ServerSession s;
    s.feed(twenty);
    CHECK(s.pendingRequests() == kMaxPendingRequests);
    std::string expected;
    for (int i = 0; i < 20; ++i) {
        REQUIRE(s.hasRequest());
        CHECK(s.request().target == "/" + std::to_string(i));
        s.respond(echo(s.request()));
        expected += echoed("GET /" + std::to_string(i) + " []");
    }
    CHECK_FALSE(s.hasRequest());
    CHECK(s.takeOutput() == expected);
    CHECK_FALSE(s.wantsClose());

    ServerSession flood;
    std::string many;
    while (many.size() <= kMaxUnparsedInput + 2000) many += "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    flood.feed(many);
    CHECK(flood.pendingRequests() == kMaxPendingRequests);
    CHECK(flood.takeOutput().empty());
    for (std::size_t i = 0; i < kMaxPendingRequests; ++i) flood.respond(echo(flood.request()));
    const std::string out = flood.takeOutput();
    const std::size_t last = out.rfind("HTTP/1.1 ");
    CHECK(statusLine(out.substr(last)) == "HTTP/1.1 503 Service Unavailable");
    CHECK(flood.wantsClose());
}

TEST_CASE("http server: random garbage and mutated requests never crash or grow without bound", "[http][server]") {
    std::uint64_t state = 0x9E3779B97F4A7C15u;
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const std::string valid =
        "POST /send HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Transfer-Encoding: chunked\r\n\r\n5\r\nto=ab\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
    for (int round = 0; round < 300; ++round) {
        std::string input;
        if (round % 2 == 0) {
            const std::size_t n = 100 + next() % 20000;
            for (std::size_t i = 0; i < n; ++i) input.push_back(static_cast<char>(next() & 0xFF));
        } else {
            input = valid;
            for (int m = 0; m < 3; ++m) input[next() % input.size()] = static_cast<char>(next() & 0xFF);
        }
        ServerSession s;
        std::size_t outputBytes = 0;
        for (std::size_t i = 0; i < input.size();) {
            const std::size_t step = 1 + next() % 64;
            s.feed(std::string_view(input).substr(i, step));
            i += step;
            while (s.hasRequest()) s.respond(echo(s.request()));
            outputBytes += s.takeOutput().size();
        }
        INFO("round " << round);
        CHECK(outputBytes < 4 * input.size() + 4096);
        if (round % 2 == 0) {
            CHECK(s.wantsClose());  // random bytes are never a complete, valid request stream
        }
    }
}
