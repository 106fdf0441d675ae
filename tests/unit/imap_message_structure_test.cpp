// The MIME structure parser and what FETCH builds on it: part boundaries and sizes,
// ENVELOPE, BODY and BODYSTRUCTURE (expected strings taken from Dovecot 2.3.19 for the same
// messages), section numbers and section contents, address lists.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "imap/envelope.h"
#include "imap/fetch_items.h"
#include "imap/message_structure.h"

using namespace postino::imap;

namespace {

// multipart/mixed: multipart/alternative (text, html), a PDF attachment, message/rfc822.
const std::string kReport =
    "Return-Path: <bob@example.org>\r\n"
    "From: Bob Smith <bob@example.org>\r\n"
    "To: Alice <alice@example.org>, \"Carol, C.\" <carol@example.net>\r\n"
    "Cc: team: dave@example.org, erin@example.org;\r\n"
    "Subject: =?UTF-8?B?Q2lhbyDwn5iA?= report\r\n"
    "Date: Mon, 02 Mar 2026 09:00:00 +0000\r\n"
    "Message-ID: <123@example.org>\r\n"
    "In-Reply-To: <100@example.org>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--XYZ\r\n"
    "Content-Type: multipart/alternative; boundary=ALT\r\n"
    "\r\n"
    "--ALT\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Hello Alice,=0D=0A\r\n"
    "the report.\r\n"
    "--ALT\r\n"
    "Content-Type: text/html; charset=\"utf-8\"\r\n"
    "\r\n"
    "<p>Hello</p>\r\n"
    "--ALT--\r\n"
    "\r\n"
    "--XYZ\r\n"
    "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"r.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-ID: <part3@example.org>\r\n"
    "Content-Description: the report\r\n"
    "\r\n"
    "JVBERi0xLjQKJcfs\r\n"
    "--XYZ\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: x@y.z\r\n"
    "Subject: inner\r\n"
    "\r\n"
    "inner body\r\n"
    "--XYZ--\r\n"
    "epilogue\r\n";

// Odd addresses, case kept in types, an invalid Content-Type, a part with no header, a digest.
const std::string kOdd =
    "From: \"Smith, J\\\"r\\\"\" <j@x.org> (comment), bare@y.org, Name Only <local>, (just comment) c@d.e\r\n"
    "To: undisclosed-recipients:;\r\n"
    "Cc: <@route.a,@route.b:r@z.org>, Bob (the builder) <bob@z.org>, broken@\r\n"
    "Reply-To:\r\n"
    "Subject: multi\r\n"
    "  line\r\n"
    "Content-Type: MULTIPART/Mixed; Boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "a\r\n"
    "--b1\r\n"
    "Content-Type: TEXT/HTML; CHARSET=UTF-8; Format=flowed\r\n"
    "Content-Transfer-Encoding: BASE64\r\n"
    "Content-Language: en, it\r\n"
    "Content-Location: http://x/y\r\n"
    "Content-MD5: abc\r\n"
    "Content-Disposition: INLINE\r\n"
    "\r\n"
    "PGI+\r\n"
    "--b1\r\n"
    "Content-Type: garbage\r\n"
    "\r\n"
    "x\r\n"
    "--b1\r\n"
    "\r\n"
    "no header part\r\n"
    "--b1\r\n"
    "Content-Type: multipart/digest; boundary=d\r\n"
    "\r\n"
    "--d\r\n"
    "\r\n"
    "Subject: digest item\r\n"
    "\r\n"
    "item body\r\n"
    "--d--\r\n"
    "--b1--\r\n";

// multipart without any boundary line.
const std::string kNoParts =
    "Content-Type: multipart/mixed; boundary=zz\r\n"
    "Subject: no parts\r\n"
    "\r\n"
    "just text, no boundary lines\r\n";

// The whole message is message/rfc822 around a multipart.
const std::string kWrapped =
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "Subject: wrapped\r\n"
    "Content-Type: multipart/alternative; boundary=q\r\n"
    "\r\n"
    "--q\r\n"
    "\r\n"
    "A\r\n"
    "--q\r\n"
    "\r\n"
    "B\r\n"
    "--q--\r\n";

std::string section(const std::string& msg, const std::string& atom) {
    std::vector<FetchItem> items;
    std::vector<Arg> args{Arg{Arg::Type::Atom, atom, {}}};
    REQUIRE(parseFetchItems(args, items).empty());
    REQUIRE(items.size() == 1);
    return sectionContent(msg, parseMessageStructure(msg), items[0].section);
}

}  // namespace

TEST_CASE("structure: offsets, sizes and line counts of a nested multipart", "[imap][mime]") {
    const BodyPart root = parseMessageStructure(kReport);
    CHECK(root.isMultipart());
    CHECK(root.subtype == "mixed");
    REQUIRE(root.children.size() == 3);
    const BodyPart& alt = root.children[0];
    REQUIRE(alt.children.size() == 2);
    CHECK(kReport.substr(alt.children[0].bodyStart(), alt.children[0].bodySize()) ==
          "Hello Alice,=0D=0A\r\nthe report.");
    CHECK(alt.children[0].bodyLines == 1);
    CHECK(alt.children[0].encoding == "quoted-printable");
    const BodyPart& pdf = root.children[1];
    CHECK(pdf.type == "application");
    CHECK(pdf.disposition == "attachment");
    CHECK(pdf.id == "<part3@example.org>");
    const BodyPart& inner = root.children[2];
    REQUIRE(inner.isMessage());
    CHECK(inner.children[0].field("Subject")->value == "inner");
    CHECK(inner.bodySize() == 41);
    CHECK(inner.bodyLines == 3);
}

TEST_CASE("structure: BODYSTRUCTURE and BODY as Dovecot writes them", "[imap][mime]") {
    struct Case {
        const char* name;
        const std::string* message;
        const char* bodystructure;
        const char* body;
    };
    const std::vector<Case> cases = {
        {"report", &kReport,
         "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 31 1 NIL NIL NIL NIL)(\"text\" \"html\" "
         "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 12 0 NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"ALT\") NIL NIL NIL)"
         "(\"application\" \"pdf\" (\"name\" \"r.pdf\") \"<part3@example.org>\" \"the report\" \"base64\" 16 NIL "
         "(\"attachment\" (\"filename\" \"r.pdf\")) NIL NIL)(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 41 (NIL \"inner\" "
         "((NIL NIL \"x\" \"y.z\")) ((NIL NIL \"x\" \"y.z\")) ((NIL NIL \"x\" \"y.z\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" "
         "(\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"XYZ\") "
         "NIL NIL NIL)",
         "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 31 1)(\"text\" \"html\" (\"charset\" "
         "\"utf-8\") NIL NIL \"7bit\" 12 0) \"alternative\")(\"application\" \"pdf\" (\"name\" \"r.pdf\") "
         "\"<part3@example.org>\" \"the report\" \"base64\" 16)(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 41 (NIL \"inner\" "
         "((NIL NIL \"x\" \"y.z\")) ((NIL NIL \"x\" \"y.z\")) ((NIL NIL \"x\" \"y.z\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" "
         "(\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 0) 3) \"mixed\")"},
        // Dovecot writes the invalid "garbage" type as ("garbage" "" ...); RFC 2045 5.2 says
        // to read it as text/plain, which is what we write.
        {"odd", &kOdd,
         "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 1 0 NIL NIL NIL NIL)(\"TEXT\" \"HTML\" "
         "(\"CHARSET\" \"UTF-8\" \"Format\" \"flowed\") NIL NIL \"BASE64\" 4 0 \"abc\" (\"INLINE\" NIL) (\"en\" \"it\") "
         "\"http://x/y\")(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 1 0 NIL NIL NIL NIL)(\"text\" "
         "\"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 14 0 NIL NIL NIL NIL)((\"message\" \"rfc822\" NIL NIL NIL "
         "\"7bit\" 33 (NIL \"digest item\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" \"us-ascii\") "
         "NIL NIL \"7bit\" 9 0 NIL NIL NIL NIL) 2 NIL NIL NIL NIL) \"digest\" (\"boundary\" \"d\") NIL NIL NIL) \"Mixed\" "
         "(\"Boundary\" \"b1\") NIL NIL NIL)",
         nullptr},
        {"no parts", &kNoParts,
         "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL) \"mixed\" (\"boundary\" "
         "\"zz\") NIL NIL NIL)",
         "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0) \"mixed\")"},
        {"wrapped", &kWrapped,
         "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 96 (NIL \"wrapped\" NIL NIL NIL NIL NIL NIL NIL NIL) ((\"text\" "
         "\"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 1 0 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" "
         "\"us-ascii\") NIL NIL \"7bit\" 1 0 NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"q\") NIL NIL NIL) 10 NIL NIL "
         "NIL NIL)",
         nullptr},
        {"header only", nullptr,
         "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)",
         "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)"},
    };
    const std::string headerOnly = "Subject: no body no date\r\n";
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string& msg = c.message ? *c.message : headerOnly;
        const BodyPart root = parseMessageStructure(msg);
        CHECK(renderBodyStructure(root, true) == c.bodystructure);
        if (c.body) CHECK(renderBodyStructure(root, false) == c.body);
    }
}

TEST_CASE("structure: ENVELOPE as Dovecot writes it", "[imap][mime]") {
    CHECK(renderEnvelope(parseMessageStructure(kReport)) ==
          "(\"Mon, 02 Mar 2026 09:00:00 +0000\" \"=?UTF-8?B?Q2lhbyDwn5iA?= report\" ((\"Bob Smith\" NIL \"bob\" "
          "\"example.org\")) ((\"Bob Smith\" NIL \"bob\" \"example.org\")) ((\"Bob Smith\" NIL \"bob\" \"example.org\")) "
          "((\"Alice\" NIL \"alice\" \"example.org\")(\"Carol, C.\" NIL \"carol\" \"example.net\")) ((NIL NIL \"team\" NIL)"
          "(NIL NIL \"dave\" \"example.org\")(NIL NIL \"erin\" \"example.org\")(NIL NIL NIL NIL)) NIL "
          "\"<100@example.org>\" \"<123@example.org>\")");
    // A name with quotes goes out as a literal; an empty Reply-To falls back to From.
    const std::string from =
        "(({11}\r\nSmith, J\"r\" NIL \"j\" \"x.org\")(NIL NIL \"bare\" \"y.org\")(\"Name Only\" NIL \"local\" "
        "\"MISSING_DOMAIN\")(NIL NIL \"c\" \"d.e\"))";
    CHECK(renderEnvelope(parseMessageStructure(kOdd)) ==
          "(NIL \"multi  line\" " + from + " " + from + " " + from +
              " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) ((NIL \"@route.a,@route.b\" \"r\" \"z.org\")"
              "(\"Bob\" NIL \"bob\" \"z.org\")(NIL NIL \"broken\" \"MISSING_DOMAIN\")) NIL NIL NIL)");
    CHECK(renderEnvelope(parseMessageStructure("")) == "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
}

TEST_CASE("structure: address lists", "[imap][mime]") {
    struct Case {
        const char* value;
        const char* rendered;
    };
    const std::vector<Case> cases = {
        {"alice@example.org", "((NIL NIL \"alice\" \"example.org\"))"},
        {"Alice <alice@example.org>", "((\"Alice\" NIL \"alice\" \"example.org\"))"},
        {"\"Rossi, Mario\" <m@x.it>, b@y", "((\"Rossi, Mario\" NIL \"m\" \"x.it\")(NIL NIL \"b\" \"y\"))"},
        {"a@b (Comment)", "((NIL NIL \"a\" \"b\"))"},
        {"=?UTF-8?Q?Jos=C3=A9?= <j@x>", "((\"=?UTF-8?Q?Jos=C3=A9?=\" NIL \"j\" \"x\"))"},
        {"<@a,@b:c@d>", "((NIL \"@a,@b\" \"c\" \"d\"))"},
        {"Team: a@x, b@y;", "((NIL NIL \"Team\" NIL)(NIL NIL \"a\" \"x\")(NIL NIL \"b\" \"y\")(NIL NIL NIL NIL))"},
        {"Empty:;", "((NIL NIL \"Empty\" NIL)(NIL NIL NIL NIL))"},
        {"@nohost", "((NIL NIL \"MISSING_MAILBOX\" \"nohost\"))"},
        {"a@[192.0.2.1]", "((NIL NIL \"a\" \"[192.0.2.1]\"))"},
        {"", "NIL"},
        {" , ,", "NIL"},
        {"<<<>>>@@@;;;:::", nullptr},  // anything: it must not crash
    };
    for (const Case& c : cases) {
        INFO(c.value);
        const std::string r = renderAddressList(parseAddressList(c.value));
        if (c.rendered) CHECK(r == c.rendered);
    }
}

TEST_CASE("structure: section contents and part numbers (RFC 3501 6.4.5)", "[imap][mime]") {
    struct Case {
        const std::string* message;
        const char* item;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {&kReport, "BODY[1.1]", "Hello Alice,=0D=0A\r\nthe report."},
        {&kReport, "BODY[1.2.MIME]", "Content-Type: text/html; charset=\"utf-8\"\r\n\r\n"},
        {&kReport, "BODY[2]<0.5>", "JVBERi0xLjQKJcfs"},  // partial is applied by FETCH, not here
        {&kReport, "BODY[3]", "From: x@y.z\r\nSubject: inner\r\n\r\ninner body"},
        {&kReport, "BODY[3.HEADER]", "From: x@y.z\r\nSubject: inner\r\n\r\n"},
        {&kReport, "BODY[3.TEXT]", "inner body"},
        {&kReport, "BODY[3.1]", "inner body"},
        {&kReport, "BODY[3.HEADER.FIELDS (subject)]", "Subject: inner\r\n\r\n"},
        {&kReport, "BODY[4]", ""},
        {&kReport, "BODY[1.3]", ""},
        {&kReport, "BODY[2.1]", ""},
        {&kReport, "BODY[1.HEADER]", ""},  // HEADER needs a message/rfc822 part
        {&kReport, "BODY[HEADER.FIELDS (Subject FROM x-none)]",
         "From: Bob Smith <bob@example.org>\r\nSubject: =?UTF-8?B?Q2lhbyDwn5iA?= report\r\n\r\n"},
        {&kReport,
         "BODY[HEADER.FIELDS.NOT (Return-path Received Subject From To Cc Date Message-ID In-Reply-To MIME-Version)]",
         "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n"},
        {&kOdd, "BODY[HEADER.FIELDS (subject)]", "Subject: multi\r\n  line\r\n\r\n"},
        {&kOdd, "BODY[4.MIME]", "\r\n"},
        {&kOdd, "BODY[5.1]", "Subject: digest item\r\n\r\nitem body"},
        {&kOdd, "BODY[5.1.1]", "item body"},
        {&kWrapped, "BODY[1.1]", "A"},
        {&kWrapped, "BODY[1.2]", "B"},
        {&kWrapped, "BODY[1.MIME]", "Content-Type: message/rfc822\r\n\r\n"},
        {&kWrapped, "BODY[1.1.MIME]", "\r\n"},
        {&kWrapped, "BODY[1.HEADER]", "Subject: wrapped\r\nContent-Type: multipart/alternative; boundary=q\r\n\r\n"},
        {&kNoParts, "BODY[TEXT]", "just text, no boundary lines\r\n"},
        {&kNoParts, "BODY[1]", ""},
    };
    for (const Case& c : cases) {
        INFO(c.item);
        CHECK(section(*c.message, c.item) == c.expected);
    }
    CHECK(section(kReport, "BODY[]") == kReport);
    CHECK(section(kReport, "BODY[TEXT]") == kReport.substr(kReport.find("\r\n\r\n") + 4));
}

TEST_CASE("structure: fetch attribute parsing", "[imap][mime]") {
    struct Case {
        const char* atom;
        const char* name;  // response name, or the error
        bool ok;
    };
    const std::vector<Case> cases = {
        {"body[]", "BODY[]", true},
        {"BODY.PEEK[1.2.mime]", "BODY[1.2.MIME]", true},
        {"BODY[HEADER.FIELDS (from \"To\")]<5.10>", "BODY[HEADER.FIELDS (FROM TO)]<5>", true},
        {"BODY[TEXT]<0>", "BODY[TEXT]<0>", true},
        {"rfc822.size", "RFC822.SIZE", true},
        {"BODY[MIME]", "Invalid BODY[..] section", false},
        {"BODY[0]", "Invalid BODY[..] section", false},
        {"BODY[1.]", "Invalid BODY[..] section", false},
        {"BODY[HEADER.FIELDS ()]", "Invalid BODY[..] section", false},
        {"BODY[HEADER.FIELDS]", "Invalid BODY[..] section", false},
        {"BODY[TEXT (a)]", "Invalid BODY[..] section", false},
        {"BODY[]<>", "Invalid BODY[..] section", false},
        {"BODY[]<1.x>", "Invalid BODY[..] section", false},
        {"BODY[]junk", "Invalid BODY[..] section", false},
        {"BINARY[1]", "Unknown parameter BINARY[1]", false},
        {"FOO", "Unknown parameter FOO", false},
    };
    for (const Case& c : cases) {
        INFO(c.atom);
        std::vector<FetchItem> items;
        const std::string err = parseFetchItems({Arg{Arg::Type::Atom, c.atom, {}}}, items);
        if (c.ok) {
            CHECK(err.empty());
            REQUIRE(items.size() == 1);
            CHECK(items[0].responseName == c.name);
        } else {
            CHECK(err == c.name);
        }
    }
    std::vector<FetchItem> items;
    CHECK(parseFetchItems({Arg{Arg::Type::Atom, "full", {}}}, items).empty());
    REQUIRE(items.size() == 5);
    CHECK(items[4].responseName == "BODY");
    CHECK(parseFetchItems({Arg{Arg::Type::List, "", {}}}, items) == "Invalid arguments");
}

TEST_CASE("structure: hostile MIME never breaks the parser", "[imap][mime]") {
    std::string deep;
    for (int i = 0; i < 200; ++i) deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" + std::to_string(i) + "\r\n";
    std::string many = "Content-Type: multipart/mixed; boundary=x\r\n\r\n";
    for (int i = 0; i < 20000; ++i) many += "--x\r\n\r\n";
    for (const std::string* m : {&deep, &many}) {
        const BodyPart root = parseMessageStructure(*m);
        const std::string bs = renderBodyStructure(root, true);
        CHECK(!bs.empty());
        CHECK(renderEnvelope(root).size() > 10);
    }
    for (const char* m : {"", "\r\n", "\n\n", ":", "Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n",
                          "Content-Type: message/rfc822\r\n", "Content-Type: ;;;=\"\r\n\r\n"}) {
        const BodyPart root = parseMessageStructure(m);
        CHECK(!renderBodyStructure(root, true).empty());
        CHECK(findPart(root, {1, 1, 1, 1}) == nullptr);
    }
}
