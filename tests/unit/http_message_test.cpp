// The HTTP building blocks: message serialization (exact bytes), header look-up, reason phrases,
// form and percent decoding (UTF-8, bad escapes), HTML escaping, targets, cookies, syntax
// helpers, the head parser and the chunked coding.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "http/chunked.h"
#include "http/form.h"
#include "http/head_parser.h"
#include "http/message.h"
#include "http/syntax.h"

using namespace postino::http;

namespace {

// The looked-up value, or "(absent)": a failed look-up fails the check instead of crashing.
std::string valueOf(const std::string* value) { return value ? *value : std::string("(absent)"); }

}  // namespace

TEST_CASE("http serialize: a GET request is written byte for byte", "[http][message]") {
    Request r;
    r.method = "GET";
    r.target = "/inbox?page=2";
    r.headers = {{"Host", "webmail.example"}, {"Accept", "text/html"}};
    CHECK(serialize(r) == "GET /inbox?page=2 HTTP/1.1\r\nHost: webmail.example\r\nAccept: text/html\r\n\r\n");
}

TEST_CASE("http serialize: Content-Length is added once, and never over the caller's", "[http][message]") {
    Request post;
    post.method = "POST";
    post.target = "/login";
    post.headers = {{"Host", "w"}, {"Content-Type", "application/x-www-form-urlencoded"}};
    post.body = "user=alice&password=x";
    CHECK(serialize(post) ==
          "POST /login HTTP/1.1\r\nHost: w\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          "Content-Length: 21\r\n\r\nuser=alice&password=x");

    Request emptyPost{"POST", "/logout", "HTTP/1.1", {{"Host", "w"}}, ""};
    CHECK(serialize(emptyPost) == "POST /logout HTTP/1.1\r\nHost: w\r\nContent-Length: 0\r\n\r\n");

    Request own{"POST", "/x", "HTTP/1.1", {{"Host", "w"}, {"content-length", "3"}}, "abc"};
    CHECK(serialize(own) == "POST /x HTTP/1.1\r\nHost: w\r\ncontent-length: 3\r\n\r\nabc");

    Request chunked{"POST", "/x", "HTTP/1.1", {{"Host", "w"}, {"Transfer-Encoding", "chunked"}}, chunkEncode("abc")};
    CHECK(serialize(chunked) ==
          "POST /x HTTP/1.1\r\nHost: w\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

    Request getWithBody{"GET", "/", "HTTP/1.0", {}, "hi"};
    CHECK(serialize(getWithBody) == "GET / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi");
}

TEST_CASE("http serialize: bad struct contents cannot break the framing", "[http][message]") {
    Request r;
    r.method = "G E\r\nT";
    r.target = "/a b\r\nc\xCE\xB1";
    r.version = "HTTP/1.1\r\nX: y";
    r.headers = {{"X-Evil", "a\r\nSet-Cookie: sid=1\0b"}, {"Bad Name:", "v"}, {"\r\n", "dropped"}};
    r.headers[0].value = std::string("a\r\nSet-Cookie: sid=1\0b", 22);
    CHECK(serialize(r) == std::string("GET /a%20b%0D%0Ac%CE%B1 HTTP/1.1\r\nX-Evil: a  Set-Cookie: sid=1 b\r\n"
                                      "BadName: v\r\n\r\n"));
    Request empty;
    CHECK(serialize(empty) == "GET / HTTP/1.1\r\n\r\n");
}

TEST_CASE("http serialize: responses", "[http][message]") {
    Response ok = makeResponse(200, "text/plain; charset=utf-8", "hello");
    CHECK(serialize(ok) ==
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(serializeHead(ok) ==
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\n");

    Response empty;
    CHECK(serialize(empty) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

    Response noContent{204, "", {}, "ignored"};
    CHECK(serialize(noContent) == "HTTP/1.1 204 No Content\r\n\r\n");
    Response notModified{304, "", {{"ETag", "\"1\""}}, "ignored"};
    CHECK(serialize(notModified) == "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n");

    Response custom{299, "", {}, ""};
    CHECK(serialize(custom) == "HTTP/1.1 299 \r\nContent-Length: 0\r\n\r\n");
    Response ownReason{404, "Nope\r\nX: 1", {}, "x"};
    CHECK(serialize(ownReason) == "HTTP/1.1 404 Nope  X: 1\r\nContent-Length: 1\r\n\r\nx");
    Response silly{42, "Whatever", {}, ""};
    CHECK(serialize(silly) == "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");

    Response framed{200, "", {{"Content-Length", "3"}}, "abc"};
    CHECK(serialize(framed) == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
}

TEST_CASE("http headers: case-insensitive look-up, set and remove", "[http][message]") {
    Request r{"GET", "/", "HTTP/1.1", {{"Host", "a"}, {"X-Two", "1"}, {"x-two", "2"}}, ""};
    REQUIRE(r.header("HOST"));
    CHECK(valueOf(r.header("host")) == "a");
    CHECK(valueOf(r.header("X-TWO")) == "1");
    CHECK(r.header("Cookie") == nullptr);
    setHeader(r.headers, "X-Two", "3");
    REQUIRE(r.headers.size() == 2);
    CHECK(r.headers[1].name == "X-Two");
    CHECK(r.headers[1].value == "3");
    setHeader(r.headers, "Accept", "*/*");
    CHECK(r.headers.back().name == "Accept");
    CHECK(removeHeader(r.headers, "accept") == 1);
    CHECK(removeHeader(r.headers, "accept") == 0);
    CHECK(r.headers.size() == 2);
}

TEST_CASE("http reason phrases follow RFC 9110 and RFC 6585", "[http][message]") {
    CHECK(reasonPhrase(200) == "OK");
    CHECK(reasonPhrase(303) == "See Other");
    CHECK(reasonPhrase(400) == "Bad Request");
    CHECK(reasonPhrase(405) == "Method Not Allowed");
    CHECK(reasonPhrase(413) == "Content Too Large");
    CHECK(reasonPhrase(414) == "URI Too Long");
    CHECK(reasonPhrase(417) == "Expectation Failed");
    CHECK(reasonPhrase(422) == "Unprocessable Content");
    CHECK(reasonPhrase(431) == "Request Header Fields Too Large");
    CHECK(reasonPhrase(501) == "Not Implemented");
    CHECK(reasonPhrase(503) == "Service Unavailable");
    CHECK(reasonPhrase(505) == "HTTP Version Not Supported");
    CHECK(reasonPhrase(299).empty());
    CHECK(reasonPhrase(-1).empty());
}

TEST_CASE("http response helpers", "[http][message]") {
    const Response e = makeErrorResponse(404, "No <such> page");
    CHECK(e.status == 404);
    CHECK(e.reason == "Not Found");
    CHECK(valueOf(e.header("Content-Type")) == "text/html; charset=utf-8");
    CHECK(e.body ==
          "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n<p>No &lt;such&gt; page</p>\n");
    CHECK(makeErrorResponse(400).body == "<!DOCTYPE html>\n<title>400 Bad Request</title>\n<h1>400 Bad Request</h1>\n");

    CHECK(serialize(makeRedirect("/inbox")) ==
          "HTTP/1.1 303 See Other\r\nLocation: /inbox\r\nContent-Length: 0\r\n\r\n");
    CHECK(serialize(makeRedirect("/x", 302)) == "HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n");
    CHECK(serialize(makeResponse(200, "", "")) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("http form: decoding, plus as space, UTF-8 text", "[http][form]") {
    const FormFields f = formDecode(
        "user=alice&password=p%40ss+word&empty=&flag&&=nameless&"
        "greek=%CE%9A%CE%B1%CE%BB%CE%B7%CE%BC%CE%AD%CF%81%CE%B1+%CE%BA%CF%8C%CF%83%CE%BC%CE%B5&"
        "it=perch%C3%A9+%C3%A8+gi%C3%A0+cos%C3%AC&subject=Ciao+%26+arrivederci+%3D+100%25");
    REQUIRE(f.size() == 8);
    CHECK(f[0] == std::pair<std::string, std::string>{"user", "alice"});
    CHECK(f[1].second == "p@ss word");
    CHECK(f[2] == std::pair<std::string, std::string>{"empty", ""});
    CHECK(f[3] == std::pair<std::string, std::string>{"flag", ""});
    CHECK(f[4] == std::pair<std::string, std::string>{"", "nameless"});
    CHECK(f[5].second == "Καλημέρα κόσμε");
    CHECK(f[6].second == "perché è già così");
    CHECK(f[7].second == "Ciao & arrivederci = 100%");
    REQUIRE(formValue(f, "greek"));
    CHECK(valueOf(formValue(f, "greek")) == "Καλημέρα κόσμε");
    CHECK(formValue(f, "User") == nullptr);
    CHECK(formDecode("").empty());
    CHECK(formDecode("&&&").empty());
    CHECK(formDecode("a=1=2")[0].second == "1=2");
    CHECK(formDecode("a%3Db=c")[0].first == "a=b");
}

TEST_CASE("http form: bad escapes are kept, bad UTF-8 becomes U+FFFD", "[http][form]") {
    CHECK(percentDecode("100%") == "100%");
    CHECK(percentDecode("%zz%4") == "%zz%4");
    CHECK(percentDecode("%4g%%41") == "%4g%A");
    CHECK(percentDecode("a+b%2Bc%2b") == "a+b+c+");
    CHECK(percentDecode("%00") == std::string(1, '\0'));
    CHECK(percentDecode("%C3%A9") == "\xC3\xA9");
    CHECK(percentDecode("%FF") == "\xFF");  // the raw primitive keeps bytes

    const FormFields f = formDecode("a=%FF&b=caf%C3&c=%E2%82%AC%zz&d=%C0%AF&e=%ED%A0%80x&f=%F0%9F%93%A7");
    REQUIRE(f.size() == 6);
    CHECK(f[0].second == "\xEF\xBF\xBD");
    CHECK(f[1].second == "caf\xEF\xBF\xBD");
    CHECK(f[2].second == "€%zz");
    CHECK(f[3].second == "\xEF\xBF\xBD\xEF\xBF\xBD");               // overlong: two replacements
    CHECK(f[4].second == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");  // surrogate: three
    CHECK(f[5].second == "📧");
    CHECK(toValidUtf8("\xE2\x82") == "\xEF\xBF\xBD");  // truncated at the end: one
    CHECK(toValidUtf8("ok\xE2\x82!") == "ok\xEF\xBF\xBD!");
    CHECK(toValidUtf8("Grüße") == "Grüße");
}

TEST_CASE("http form: encoding is what a browser sends and decodes back", "[http][form]") {
    CHECK(formEncodeComponent("a b&c=d/é*-._~") == "a+b%26c%3Dd%2F%C3%A9*-._%7E");
    const FormFields f = {
        {"to", "bob@example.org"}, {"subject", "Καλημέρα & perché?"}, {"body", "line1\r\nline2 100%"}};
    const std::string encoded = formEncode(f);
    CHECK(encoded ==
          "to=bob%40example.org&subject=%CE%9A%CE%B1%CE%BB%CE%B7%CE%BC%CE%AD%CF%81%CE%B1+%26+perch%C3%A9%3F&"
          "body=line1%0D%0Aline2+100%25");
    CHECK(formDecode(encoded) == f);
    CHECK(formEncode({}).empty());
}

TEST_CASE("http htmlEscape escapes the five characters", "[http][form]") {
    CHECK(htmlEscape("<a href=\"x\" title='y'>Tom & Jerry</a>") ==
          "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
    CHECK(htmlEscape("Καλημέρα") == "Καλημέρα");
    CHECK(htmlEscape("").empty());
    CHECK(htmlEscape("&amp;") == "&amp;amp;");
}

TEST_CASE("http splitTarget", "[http][form]") {
    struct Case {
        const char* target;
        const char* path;
        const char* query;
    };
    const std::vector<Case> cases = {
        {"/message?uid=3", "/message", "uid=3"},
        {"/", "/", ""},
        {"/inbox", "/inbox", ""},
        {"/a?", "/a", ""},
        {"/a?b?c=d", "/a", "b?c=d"},
        {"/a#frag", "/a", ""},
        {"/a?x=1#frag", "/a", "x=1"},
        {"http://webmail.example/read?uid=4", "/read", "uid=4"},
        {"http://webmail.example", "/", ""},
        {"HTTP://webmail.example:8080?x", "/", "x"},
        {"/go?to=http://elsewhere/", "/go", "to=http://elsewhere/"},
        {"*", "*", ""},
        {"", "", ""},
    };
    for (const Case& c : cases) {
        INFO(c.target);
        const Target t = splitTarget(c.target);
        CHECK(t.path == c.path);
        CHECK(t.query == c.query);
    }
}

TEST_CASE("http cookies: parsing the Cookie field", "[http][cookie]") {
    const CookieList c = parseCookies(" sid=abc123; theme=\"dark\" ;bad; =x; lang = it ;empty=; sid=second");
    REQUIRE(c.size() == 5);
    CHECK(c[0] == std::pair<std::string, std::string>{"sid", "abc123"});
    CHECK(c[1] == std::pair<std::string, std::string>{"theme", "dark"});
    CHECK(c[2] == std::pair<std::string, std::string>{"lang", "it"});
    CHECK(c[3] == std::pair<std::string, std::string>{"empty", ""});
    CHECK(valueOf(cookieValue(c, "sid")) == "abc123");
    CHECK(cookieValue(c, "SID") == nullptr);
    CHECK(parseCookies("").empty());
    CHECK(parseCookies(";;;").empty());
    CHECK(parseCookies("a=%41")[0].second == "%41");

    Request r{"GET", "/", "HTTP/1.1", {{"Host", "w"}, {"Cookie", "a=1; b=2"}, {"cookie", "c=3"}}, ""};
    const CookieList all = requestCookies(r);
    REQUIRE(all.size() == 3);
    CHECK(all[2] == std::pair<std::string, std::string>{"c", "3"});
}

TEST_CASE("http cookies: Set-Cookie values", "[http][cookie]") {
    CHECK(setCookieValue("sid", "abc123") == "sid=abc123; Path=/; HttpOnly; SameSite=Strict");
    CookieOptions gone;
    gone.maxAge = 0;
    CHECK(setCookieValue("sid", "", gone) == "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    CookieOptions all;
    all.path = "/mail;Domain=evil";
    all.maxAge = -5;
    all.secure = true;
    all.httpOnly = false;
    all.sameSite = "Lax";
    CHECK(setCookieValue("s i;d", "a b;c,d\"e\\f\r\n", all) ==
          "sid=abcdef; Path=/mailDomain=evil; Max-Age=0; Secure; SameSite=Lax");
    CookieOptions bare;
    bare.path.clear();
    bare.httpOnly = false;
    bare.sameSite.clear();
    CHECK(setCookieValue("k", "v", bare) == "k=v");
}

TEST_CASE("http syntax helpers", "[http][syntax]") {
    CHECK(isToken("Content-Type"));
    CHECK(isToken("!#$%&'*+-.^_`|~09azAZ"));
    CHECK_FALSE(isToken(""));
    CHECK_FALSE(isToken("a b"));
    CHECK_FALSE(isToken("a:b"));
    CHECK_FALSE(isToken("\xCE\xB1"));
    CHECK(iequals("Keep-Alive", "keep-alive"));
    CHECK_FALSE(iequals("keep-alive", "keep-alive "));
    CHECK(trimOws(" \t a b \t") == "a b");
    CHECK(splitList(" a ,, b,\tc ,") == std::vector<std::string_view>{"a", "b", "c"});
    CHECK(splitList(" , ").empty());
    CHECK(listContains("keep-alive, Close", "close"));
    CHECK_FALSE(listContains("closed", "close"));
    CHECK(parseDecimal("0") == 0u);
    CHECK(parseDecimal("00042") == 42u);
    CHECK(parseDecimal("18446744073709551615") == UINT64_MAX);
    CHECK(parseDecimal("99999999999999999999999999") == UINT64_MAX);
    CHECK_FALSE(parseDecimal(""));
    CHECK_FALSE(parseDecimal("-1"));
    CHECK_FALSE(parseDecimal("+1"));
    CHECK_FALSE(parseDecimal(" 1"));
    CHECK_FALSE(parseDecimal("1a"));
}

namespace {

// Feeds `input` to a head parser one byte at a time and all at once; both must agree.
HeadParser::Status parseHead(const std::string& input, HeadParser& whole, std::string* rest = nullptr) {
    std::string_view in = input;
    const HeadParser::Status st = whole.feed(in);
    if (rest) *rest = std::string(in);
    HeadParser bytewise(HeadLimits{});
    HeadParser::Status st2 = HeadParser::Status::NeedMore;
    for (char c : input) {
        std::string_view one(&c, 1);
        st2 = bytewise.feed(one);
        if (st2 != HeadParser::Status::NeedMore) break;
    }
    CHECK(st2 == st);
    CHECK(bytewise.error() == whole.error());
    return st;
}

}  // namespace

TEST_CASE("http head parser: fields, line ends and errors", "[http][head]") {
    HeadParser p;
    std::string rest;
    REQUIRE(parseHead("\r\n\nGET / HTTP/1.1\r\nHost:  a.example \t\nX-Empty:\r\nX-Utf8: \xCE\xB1\r\n\r\nbody", p,
                      &rest) == HeadParser::Status::Done);
    CHECK(p.startLine() == "GET / HTTP/1.1");
    REQUIRE(p.fields().size() == 3);
    CHECK(p.fields()[0].name == "Host");
    CHECK(p.fields()[0].value == "a.example");
    CHECK(p.fields()[1].value.empty());
    CHECK(p.fields()[2].value == "\xCE\xB1");
    CHECK(rest == "body");

    struct Bad {
        const char* name;
        std::string input;
        HeadError error;
    };
    const std::vector<Bad> bad = {
        {"space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", HeadError::SpaceBeforeColon},
        {"obs-fold", "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", HeadError::Folded},
        {"whitespace before the first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", HeadError::Folded},
        {"no colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", HeadError::NoColon},
        {"empty name", "GET / HTTP/1.1\r\n: a\r\n\r\n", HeadError::BadName},
        {"bad name", "GET / HTTP/1.1\r\nHo(st: a\r\n\r\n", HeadError::BadName},
        {"bare CR", "GET / HTTP/1.1\rHost: a\r\n\r\n", HeadError::BareCr},
        {"NUL in a value", std::string("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26), HeadError::BadByte},
        {"DEL in the start line", "GET /\x7F HTTP/1.1\r\n\r\n", HeadError::BadByte},
        {"binary", "\x16\x03\x01\x02\x00", HeadError::BadByte},
    };
    for (const Bad& b : bad) {
        INFO(b.name);
        HeadParser q;
        CHECK(parseHead(b.input, q) == HeadParser::Status::Error);
        CHECK(q.error() == b.error);
    }
}

TEST_CASE("http head parser: limits are exact", "[http][head]") {
    const HeadLimits limits{20, 30, 2};
    auto run = [&](const std::string& input) {
        HeadParser p(limits);
        std::string_view in = input;
        const HeadParser::Status st = p.feed(in);
        return st == HeadParser::Status::Error ? p.error() : HeadError::None;
    };
    CHECK(run(std::string(20, 'a') + "\r\n\r\n") == HeadError::None);
    CHECK(run(std::string(21, 'a')) == HeadError::StartLineTooLong);  // found before the line ends
    // section: "A: " + 23 digits + CRLF (28) + the empty line (2) = 30 fits; one more digit does not
    CHECK(run("S\r\nA: 12345678901234567890123\r\n\r\n") == HeadError::None);
    CHECK(run("S\r\nA: 123456789012345678901234\r\n\r\n") == HeadError::SectionTooLong);
    CHECK(run("S\r\nA: 1\r\nB: 2\r\n\r\n") == HeadError::None);
    CHECK(run("S\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n") == HeadError::TooManyFields);
}

TEST_CASE("http chunked: encode, and decode in any split", "[http][chunked]") {
    CHECK(chunkEncode("") == "0\r\n\r\n");
    CHECK(chunkEncode("hello world", 5) == "5\r\nhello\r\n5\r\n worl\r\n1\r\nd\r\n0\r\n\r\n");
    CHECK(chunkEncode(std::string(26, 'x'), 100).substr(0, 4) == "1a\r\n");

    const std::string wire = "5;name=value\r\nhello\r\n1A \r\nabcdefghijklmnopqrstuvwxyz\n0\nX-Trailer: 1\r\n\r\nNEXT";
    for (std::size_t step : {std::size_t(0), std::size_t(1), std::size_t(3)}) {
        ChunkedDecoder d(1000, HeadLimits{0, 100, 5});
        std::string body;
        std::string_view in = wire;
        ChunkedDecoder::Status st = ChunkedDecoder::Status::NeedMore;
        if (step == 0) {
            st = d.feed(in, body);
        } else {
            std::string_view all = wire;
            while (!all.empty() && st == ChunkedDecoder::Status::NeedMore) {
                std::string_view piece = all.substr(0, step);
                all.remove_prefix(piece.size());
                st = d.feed(piece, body);
                in = std::string_view(piece.data(), piece.size() + all.size());
            }
        }
        INFO(step);
        CHECK(st == ChunkedDecoder::Status::Done);
        CHECK(body == "helloabcdefghijklmnopqrstuvwxyz");
        CHECK(in == "NEXT");
        REQUIRE(d.trailers().size() == 1);
        CHECK(d.trailers()[0].name == "X-Trailer");
    }

    struct Bad {
        const char* wire;
        ChunkedDecoder::Error error;
    };
    const std::vector<Bad> bad = {
        {"zz\r\n", ChunkedDecoder::Error::BadChunkLine},
        {"\r\n", ChunkedDecoder::Error::BadChunkLine},
        {"-1\r\n", ChunkedDecoder::Error::BadChunkLine},
        {"5 x\r\n", ChunkedDecoder::Error::BadChunkLine},
        {"5\rx", ChunkedDecoder::Error::BadChunkLine},
        {"3\r\nabcX", ChunkedDecoder::Error::BadChunkEnd},
        {"3\r\nabc\rX", ChunkedDecoder::Error::BadChunkEnd},
        {"3E9\r\n", ChunkedDecoder::Error::TooLarge},
        {"FFFFFFFFFFFFFFFFFFFFFFFF\r\n", ChunkedDecoder::Error::TooLarge},
        {"0\r\nBad Trailer\r\n\r\n", ChunkedDecoder::Error::BadTrailer},
    };
    for (const Bad& b : bad) {
        INFO(b.wire);
        ChunkedDecoder d(1000, HeadLimits{0, 100, 5});
        std::string body;
        std::string_view in = b.wire;
        CHECK(d.feed(in, body) == ChunkedDecoder::Status::Error);
        CHECK(d.error() == b.error);
    }
    // The limit counts the whole body: 1000 fits exactly, one more octet does not.
    ChunkedDecoder exact(1000, HeadLimits{});
    std::string body;
    std::string wire1000 = "1F4\r\n" + std::string(500, 'a') + "\r\n1F4\r\n" + std::string(500, 'b') + "\r\n0\r\n\r\n";
    std::string_view in = wire1000;
    CHECK(exact.feed(in, body) == ChunkedDecoder::Status::Done);
    CHECK(body.size() == 1000);
    ChunkedDecoder over(1000, HeadLimits{});
    body.clear();
    std::string wire1001 = "1F4\r\n" + std::string(500, 'a') + "\r\n1F5\r\n";
    in = wire1001;
    CHECK(over.feed(in, body) == ChunkedDecoder::Status::Error);
    CHECK(over.error() == ChunkedDecoder::Error::TooLarge);
}
