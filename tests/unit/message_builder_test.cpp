// RFC 5322 message building: header fields, RFC 2047 encoded words for Greek,
// Italian and Spanish text, quoted-printable bodies, dates from simulated time.
#include "core/base64.h"
#include "mail/header_fields.h"
#include "mail/message_builder.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::mail;

TEST_CASE("simulated time maps to a calendar date", "[mail]") {
    CHECK(rfc5322Date(Time::zero()) == "Mon, 2 Mar 2026 09:00:00 +0000");
    CHECK(rfc5322Date(Time::fromNanos(1'500'000'000)) == "Mon, 2 Mar 2026 09:00:01 +0000");
    // 15 hours later it is Tuesday; 30 days later, April.
    CHECK(rfc5322Date(Time::fromNanos(15LL * 3600 * 1'000'000'000)) == "Tue, 3 Mar 2026 00:00:00 +0000");
    CHECK(rfc5322Date(Time::fromNanos(30LL * 86400 * 1'000'000'000)) == "Wed, 1 Apr 2026 09:00:00 +0000");
    CHECK(compactTimestamp(Time::fromNanos(61'000'000'000)) == "20260302090101");
}

TEST_CASE("a plain ASCII message has the expected fields and CRLF lines", "[mail]") {
    NewMessage m;
    m.from = "Alice <alice@sender.example>";
    m.to = {"bob@recipient.example", "carol@sender.example"};
    m.subject = "Hello";
    m.body = "Hi\n.hidden dot line\nBye";
    const std::string msg = buildMessage(m);
    CHECK(msg.find("From: Alice <alice@sender.example>\r\n") == 0);
    CHECK(msg.find("To: bob@recipient.example,\r\n carol@sender.example\r\n") != std::string::npos);
    CHECK(headerValue(msg, "To") == "bob@recipient.example, carol@sender.example");
    CHECK(headerValue(msg, "Subject") == "Hello");
    CHECK(headerValue(msg, "MIME-Version") == "1.0");
    CHECK(headerValue(msg, "Content-Type") == "text/plain; charset=UTF-8");
    CHECK(headerValue(msg, "Content-Transfer-Encoding") == "7bit");
    CHECK_FALSE(hasHeader(msg, "Message-ID"));  // the server adds one
    CHECK(msg.find("\r\n\r\nHi\r\n.hidden dot line\r\nBye\r\n") != std::string::npos);
    for (std::size_t i = 0; i < msg.size(); ++i)
        if (msg[i] == '\n') REQUIRE((i > 0 && msg[i - 1] == '\r'));
}

TEST_CASE("Greek, Italian and Spanish survive as RFC 2047 words and quoted-printable", "[mail]") {
    NewMessage m;
    m.from = "Αλίκη <alice@sender.example>";
    m.to = {"bob@recipient.example"};
    m.subject = "Καλημέρα — perché sì, mañana";
    m.body = "Ciao, è così.\nΓεια σου κόσμε\n";
    const std::string msg = buildMessage(m);
    const std::string from = headerValue(msg, "From");
    CHECK(from.rfind("=?UTF-8?B?", 0) == 0);
    CHECK(from.find("?= <alice@sender.example>") != std::string::npos);
    // Decode the subject's words back.
    std::string subject = headerValue(msg, "Subject"), decoded;
    std::size_t pos = 0;
    while ((pos = subject.find("=?UTF-8?B?", pos)) != std::string::npos) {
        const std::size_t end = subject.find("?=", pos + 10);
        REQUIRE(end != std::string::npos);
        CHECK(end + 2 - pos <= 75);
        const auto part = base64Decode(subject.substr(pos + 10, end - pos - 10));
        REQUIRE(part);
        decoded += *part;
        pos = end + 2;
    }
    CHECK(decoded == m.subject);
    CHECK(headerValue(msg, "Content-Transfer-Encoding") == "quoted-printable");
    CHECK(msg.find("Ciao, =C3=A8 cos=C3=AC.\r\n") != std::string::npos);
}

TEST_CASE("quoted-printable keeps lines under 76 characters and escapes trailing space", "[mail]") {
    const std::string long_line(200, 'x');
    const std::string qp = encodeQuotedPrintable(long_line + "\nend \n");
    std::size_t start = 0;
    while (start < qp.size()) {
        const std::size_t end = qp.find("\r\n", start);
        CHECK(end - start <= 76);
        start = end + 2;
    }
    CHECK(qp.find("end=20\r\n") != std::string::npos);
}
