// RFC 5322 message building: header fields, RFC 2047 encoded words for Greek,
// Italian and Spanish text, quoted-printable bodies, dates from simulated time.
#include "core/base64.h"
#include "mail/header_fields.h"
#include "mail/message_builder.h"
#include "test_support.h"

#include <cstdio>
#include <fstream>

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

TEST_CASE("attachments: deterministic content, base64 lines, RFC 2231 names", "[mail][mime]") {
    Attachment pdf{"relazione.pdf", "", 5000};
    CHECK(guessContentType(pdf.name) == "application/pdf");
    CHECK(attachmentContent(pdf) == attachmentContent(pdf));
    CHECK(attachmentContent(pdf).size() == 5000);
    CHECK(attachmentContent(pdf).rfind("%PDF-", 0) == 0);
    CHECK(attachmentContent({"other.pdf", "", 5000}) != attachmentContent(pdf));
    const std::string part = attachmentPart(pdf);
    CHECK(part.find("Content-Type: application/pdf; name=\"relazione.pdf\"\r\n") == 0);
    CHECK(part.find("Content-Disposition: attachment; filename=\"relazione.pdf\"; size=5000\r\n") != std::string::npos);
    const std::string greek = attachmentPart({"φωτο.jpg", "", 10});
    CHECK(greek.find("filename*=UTF-8''%CF%86%CF%89%CF%84%CE%BF.jpg") != std::string::npos);
    const std::string lines = base64Lines(std::string(200, 'x'));
    CHECK(lines.substr(0, 78).find("\r\n") == 76);
}

TEST_CASE("Python's email package parses what the builder writes, without defects", "[mail][mime][python]") {
    if (!postino::testing::haveProgram("python3")) {
        WARN("python3 is not installed: skipping");
        return;
    }
    NewMessage m;
    m.from = "Αλίκη <alice@sender.example>";
    m.to = {"Bob <bob@recipient.example>"};
    m.cc = {"carol@sender.example"};
    m.subject = "Ecco la relazione — ¿la viste? Ναι";
    m.body = "Ciao Bob,\nti mando la relazione e una foto.\n.a line starting with a dot\nAlice\n";
    m.htmlBody = "<p>Ciao Bob,</p><p>ti mando la <b>relazione</b>.</p>";
    m.attachments = {{"relazione.pdf", "", 20000}, {"φωτογραφία.jpg", "", 3000}, {"notes.txt", "", 700}};
    const std::string msg = buildMessage(m);
    const std::string path = "/tmp/postino-mime-test.eml";
    {
        std::ofstream(path, std::ios::binary) << msg;
    }
    const std::string script = R"PY(
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
assert not m.defects, m.defects
for part in m.walk():
    assert not part.defects, (part.get_content_type(), part.defects)
print('subject', m['subject'])
print('from', m['from'])
print('type', m.get_content_type())
print('body', m.get_body(preferencelist=('plain',)).get_content().splitlines()[0])
print('html', m.get_body(preferencelist=('html',)).get_content_type())
for a in m.iter_attachments():
    print('attachment', a.get_filename(), a.get_content_type(), len(a.get_content()))
)PY";
    const std::string scriptPath = "/tmp/postino-mime-test.py";
    {
        std::ofstream(scriptPath) << script;
    }
    const auto r = postino::testing::runCommand("python3 " + scriptPath + " " + path, true);
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK(r.output.find("subject Ecco la relazione — ¿la viste? Ναι\n") != std::string::npos);
    CHECK(r.output.find("from Αλίκη <alice@sender.example>\n") != std::string::npos);
    CHECK(r.output.find("type multipart/mixed\n") != std::string::npos);
    CHECK(r.output.find("body Ciao Bob,\n") != std::string::npos);
    CHECK(r.output.find("html text/html\n") != std::string::npos);
    CHECK(r.output.find("attachment relazione.pdf application/pdf 20000\n") != std::string::npos);
    CHECK(r.output.find("attachment φωτογραφία.jpg image/jpeg 3000\n") != std::string::npos);
    CHECK(r.output.find("attachment notes.txt text/plain") != std::string::npos);
    std::remove(path.c_str());
    std::remove(scriptPath.c_str());
}
