// The message view: RFC 2047 words, quoted-printable, charsets, MIME trees from the message
// builder and by hand, HTML-only mail, attachments, and garbage that must not crash.
#include "mail/encoded_words.h"
#include "mail/message_builder.h"
#include "mail/message_view.h"
#include "scenario/text_encoding.h"

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::mail;

namespace {

bool wellFormed(const std::string& s) { return scenario::findInvalidUtf8(s) == std::string_view::npos; }

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("RFC 2047 B and Q words in UTF-8 decode, whatever the case", "[message_view]") {
    CHECK(decodeEncodedWords("=?UTF-8?B?zprOsc67zrfOvM6tz4HOsQ==?=") == "Καλημέρα");
    CHECK(decodeEncodedWords("=?utf-8?b?zprOsc67zrfOvM6tz4HOsQ?=") == "Καλημέρα");  // padding missing
    CHECK(decodeEncodedWords("=?utf-8?q?Caff=C3=A8_macchiato=3F_S=c3=ac!?=") == "Caffè macchiato? Sì!");
    CHECK(decodeEncodedWords("Re: =?Utf-8?Q?ma=C3=B1ana?= a las 9") == "Re: mañana a las 9");
    CHECK(decodeEncodedWords("plain ASCII, nothing to do") == "plain ASCII, nothing to do");
    CHECK(decodeEncodedWords("=?US-ASCII?Q?Hello_there?=") == "Hello there");
    CHECK(decodeEncodedWords("") == "");
}

TEST_CASE("RFC 2047 words in ISO-8859-1 and ISO-8859-7 become UTF-8", "[message_view]") {
    CHECK(decodeEncodedWords("=?ISO-8859-1?Q?Espa=F1a_y_M=E9xico?=") == "España y México");
    CHECK(decodeEncodedWords("=?iso-8859-1?B?0WFuZPo6IKFPbOkh?=") == "Ñandú: ¡Olé!");
    CHECK(decodeEncodedWords("=?ISO-8859-7?Q?=CA=E1=EB=E7=EC=DD=F1=E1?=") == "Καλημέρα");
    CHECK(decodeEncodedWords("=?iso-8859-7?B?yuHr5+zd8eEg6vzz7OU=?=") == "Καλημέρα κόσμε");
    // US-ASCII has no 8-bit bytes.
    CHECK(decodeEncodedWords("=?us-ascii?Q?a=E9b?=") == "a" + kFffd + "b");
}

TEST_CASE("the ISO-8859-7 table covers the Greek alphabet, tonos, dialytika and the euro", "[message_view]") {
    const std::string greek =
        "\xC1\xC2\xC3\xC4\xC5\xC6\xC7\xC8\xC9\xCA\xCB\xCC\xCD\xCE\xCF\xD0\xD1\xD3\xD4\xD5\xD6\xD7\xD8\xD9"
        "\xE1\xE2\xE3\xE4\xE5\xE6\xE7\xE8\xE9\xEA\xEB\xEC\xED\xEE\xEF\xF0\xF1\xF3\xF2\xF4\xF5\xF6\xF7\xF8\xF9"
        "\xDC\xDD\xDE\xDF\xFC\xFD\xFE\xB6\xB8\xB9\xBA\xBC\xBE\xBF\xFA\xFB\xC0\xE0\xB5\xB4\xA4\xA1\xA2\xAB\xBB";
    CHECK(charsetToUtf8(greek, "ISO-8859-7") ==
          "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώΆΈΉΊΌΎΏϊϋΐΰ΅΄€‘’«»");
    // 0xAE, 0xD2 and 0xFF are unassigned.
    CHECK(charsetToUtf8("a\xAE" "b\xD2" "c\xFF", "iso-8859-7") == "a" + kFffd + "b" + kFffd + "c" + kFffd);
    CHECK(charsetToUtf8("caf\xE9 \xA9 \xFF", "latin1") == "café © ÿ");
    CHECK_FALSE(charsetToUtf8("abc", "KOI8-R").has_value());
}

TEST_CASE("whitespace between adjacent encoded words is dropped, other whitespace kept", "[message_view]") {
    CHECK(decodeEncodedWords("=?UTF-8?Q?Hello?= =?UTF-8?Q?_World?=") == "Hello World");
    CHECK(decodeEncodedWords("=?UTF-8?Q?a?=\r\n\t =?UTF-8?Q?b?=") == "ab");
    CHECK(decodeEncodedWords("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=") == "a b c");
    CHECK(decodeEncodedWords("x =?UTF-8?Q?y?=  z") == "x y  z");
    // Different charsets are still adjacent words.
    CHECK(decodeEncodedWords("=?ISO-8859-1?Q?Jos=E9?= =?ISO-8859-7?Q?=EA=E1=E9?= =?UTF-8?Q?_t=C3=BA?=") ==
          "Joséκαι tú");
    // A character split across two words (a common encoder bug) survives.
    CHECK(decodeEncodedWords("=?UTF-8?B?zprO?= =?UTF-8?B?sc67zrfOvM6tz4HOsQ==?=") == "Καλημέρα");
}

TEST_CASE("unknown charsets and broken words stay as written, bad bytes become U+FFFD", "[message_view]") {
    CHECK(decodeEncodedWords("=?KOI8-R?B?7tXMzA==?=") == "=?KOI8-R?B?7tXMzA==?=");
    CHECK(decodeEncodedWords("=?UTF-8?Q?a?= =?KOI8-R?Q?b?=") == "a =?KOI8-R?Q?b?=");
    CHECK(decodeEncodedWords("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=");
    CHECK(decodeEncodedWords("=?UTF-8?B?a*c?=") == "=?UTF-8?B?a*c?=");
    CHECK(decodeEncodedWords("=?UTF-8?Q?unterminated") == "=?UTF-8?Q?unterminated");
    CHECK(decodeEncodedWords("=?UTF-8?Q?a b?=") == "=?UTF-8?Q?a b?=");
    CHECK(decodeEncodedWords("=??Q?x?= =?") == "=??Q?x?= =?");
    CHECK(decodeEncodedWords("=?UTF-8?Q?100=?=") == "100=");
    CHECK(decodeEncodedWords("=?UTF-8?B?/w==?=") == kFffd);
    CHECK(decodeEncodedWords("caf\xE9") == "caf" + kFffd);  // raw 8-bit is read as UTF-8
    CHECK(decodeEncodedWords("Caffè") == "Caffè");
}

TEST_CASE("ill-formed UTF-8 is replaced by maximal subparts", "[message_view]") {
    CHECK(toValidUtf8("\xF0\x9F\x98\x80 ok") == "\xF0\x9F\x98\x80 ok");
    CHECK(toValidUtf8("\xE2\x82" "A") == kFffd + "A");               // truncated sequence: one U+FFFD
    CHECK(toValidUtf8("\xC0\xAF") == kFffd + kFffd);                  // overlong
    CHECK(toValidUtf8("\xED\xA0\x80") == kFffd + kFffd + kFffd);      // surrogate
    CHECK(toValidUtf8("\xF4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
    CHECK(toValidUtf8("a\x80" "b\xFF") == "a" + kFffd + "b" + kFffd);
}

TEST_CASE("quoted-printable: soft line breaks, hex in either case, bad escapes kept", "[message_view]") {
    CHECK(decodeQuotedPrintable("Caff=C3=A8 e cornetto") == "Caffè e cornetto");
    CHECK(decodeQuotedPrintable("caff=c3=a8") == "caffè");
    CHECK(decodeQuotedPrintable("una riga lunga =\r\nche continua=\nqui") == "una riga lunga che continuaqui");
    CHECK(decodeQuotedPrintable("spazi dopo l'uguale= \t\r\nfine") == "spazi dopo l'ugualefine");
    CHECK(decodeQuotedPrintable("riga 1\r\nriga 2\r\n") == "riga 1\r\nriga 2\r\n");
    CHECK(decodeQuotedPrintable("a=3Db") == "a=b");
    CHECK(decodeQuotedPrintable("=G1 =4 x= y") == "=G1 =4 x= y");
    CHECK(decodeQuotedPrintable("fine senza a capo=") == "fine senza a capo");
    CHECK(decodeQuotedPrintable("=E9") == kFffd);
    CHECK(quotedPrintableBytes("=E9=00") == std::string("\xE9\0", 2));
    CHECK(decodeQuotedPrintable(encodeQuotedPrintable(std::string(200, 'x') + " è\n")) ==
          std::string(200, 'x') + " è\r\n");
}

TEST_CASE("Greek, Italian and Spanish messages from the builder round-trip exactly", "[message_view]") {
    struct Case {
        std::string from, subject, body;
    };
    const std::vector<Case> cases = {
        {"Λευτέρης Παπαδόπουλος <lefteris@example.gr>", "Καλημέρα! Η συνάντηση της Δευτέρας — αίθουσα 3",
         "Γεια σας,\nη συνάντηση μεταφέρεται στις 10:30.\n"
         "Μια πολύ μεγάλη γραμμή που ξεπερνά τους εβδομήντα έξι χαρακτήρες για τις μαλακές αλλαγές γραμμής.\n"
         "\nΦιλικά,\nΛ.\n"},
        {"Niccolò Bianchi <niccolo@example.it>", "Perché la riunione è spostata a giovedì? Più tardi, però",
         "Ciao a tutti,\nla riunione è spostata: più informazioni domani.\nUn caffè? Sì, volentieri — però alle 11.\n"},
        {"Begoña Muñoz <begona@example.es>", "¿Mañana a las 9? ¡Sí, señor! Año nuevo, vida nueva",
         "Hola Begoña:\n¿Cómo estás? El niño comió piñones y jalapeños.\nAdiós,\nÍñigo\n"},
        {"Alice <alice@example.org>", "Plain ASCII", "Just ASCII.\n.a dot line\n"},
    };
    for (const Case& c : cases) {
        NewMessage m;
        m.from = c.from;
        m.to = {"Bob <bob@example.org>", "Ζωή Αλεξίου <zoe@example.gr>"};
        m.cc = {"Ñoño <nono@example.es>"};
        m.subject = c.subject;
        m.body = c.body;
        m.messageId = "20260302090000.1@example.org";
        m.date = Time::fromNanos(61'000'000'000);
        const MessageView v = viewMessage(buildMessage(m));
        CHECK(v.from == c.from);
        CHECK(v.to == "Bob <bob@example.org>, Ζωή Αλεξίου <zoe@example.gr>");
        CHECK(v.cc == "Ñoño <nono@example.es>");
        CHECK(v.subject == c.subject);
        CHECK(v.date == "Mon, 2 Mar 2026 09:01:01 +0000");
        CHECK(v.messageId == "<20260302090000.1@example.org>");
        CHECK(v.text == c.body);
        CHECK_FALSE(v.hasHtml);
        CHECK(v.attachments.empty());
    }
}

TEST_CASE("multipart/alternative shows the plain text and notes the HTML", "[message_view]") {
    NewMessage m;
    m.from = "Giulia <giulia@example.it>";
    m.to = {"marco@example.it"};
    m.subject = "Cena di venerdì";
    m.body = "Ciao Marco,\nvenerdì cena da me alle 20.\n";
    m.htmlBody = "<p>Ciao Marco,<br><b>venerd&igrave;</b> cena da me alle 20.</p>\n";
    const MessageView v = viewMessage(buildMessage(m));
    CHECK(v.text == "Ciao Marco,\nvenerdì cena da me alle 20.\n");
    CHECK(v.hasHtml);
    CHECK(v.attachments.empty());
    CHECK(v.subject == "Cena di venerdì");
    CHECK(v.cc == "");
}

TEST_CASE("builder attachments are listed with names, types and decoded sizes", "[message_view]") {
    NewMessage m;
    m.from = "Σοφία <sofia@example.gr>";
    m.to = {"team@example.org"};
    m.subject = "Τα αρχεία";
    m.body = "Σας στέλνω τα αρχεία.\n";
    m.htmlBody = "<p>Σας στέλνω τα αρχεία.</p>";
    m.attachments = {{"relazione.pdf", "", 12345},
                     {"φωτογραφία της Μαρίας.jpg", "", 2048},
                     {"año 2026.csv", "text/csv", 300},
                     {"vuoto.bin", "application/octet-stream", 0}};
    const MessageView v = viewMessage(buildMessage(m));
    CHECK(v.text == "Σας στέλνω τα αρχεία.\n");
    CHECK(v.hasHtml);
    REQUIRE(v.attachments.size() == 4);
    CHECK(v.attachments[0].name == "relazione.pdf");
    CHECK(v.attachments[0].contentType == "application/pdf");
    CHECK(v.attachments[0].size == 12345);
    CHECK(v.attachments[1].name == "φωτογραφία της Μαρίας.jpg");
    CHECK(v.attachments[1].contentType == "image/jpeg");
    CHECK(v.attachments[1].size == 2048);
    CHECK(v.attachments[2].name == "año 2026.csv");
    CHECK(v.attachments[2].contentType == "text/csv");
    CHECK(v.attachments[2].size == 300);
    CHECK(v.attachments[3].name == "vuoto.bin");
    CHECK(v.attachments[3].size == 0);
}

TEST_CASE("hand-written Q and B headers in ISO-8859-7 and ISO-8859-1, Greek QP body", "[message_view]") {
    const std::string msg =
        "From: =?ISO-8859-1?Q?Jos=E9_Mar=EDa_Pe=F1a?= <jose@example.es>\r\n"
        "To: =?iso-8859-7?q?=CA=E1=EB=E7=EC=DD=F1=E1?= <a@example.gr>,\r\n"
        " =?UTF-8?Q?Caff=C3=A8?= <b@example.it>\r\n"
        "Cc: =?ISO-8859-7?B?yuHr5+zd8eEg6vzz7OU=?= <c@example.gr>\r\n"
        "Subject: =?iso-8859-1?b?0WFuZPo6IKFPbOkh?=\r\n"
        "Date: Tue, 3 Mar 2026 10:00:00 +0100\r\n"
        "Message-ID: <greek-1@example.gr>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=\"ISO-8859-7\"\r\n"
        "Content-Transfer-Encoding: Quoted-Printable\r\n"
        "\r\n"
        "=C3=E5=E9=E1 =F3=EF=F5, =EA=FC=F3=EC=E5!\r\n"
        "=C4=E5=FD=F4=E5=F1=E7 =E3=F1=E1=EC=EC=DE =\r\n"
        "=F3=F5=ED=E5=F7=DF=E6=E5=E9.\r\n";
    const MessageView v = viewMessage(msg);
    CHECK(v.from == "José María Peña <jose@example.es>");
    CHECK(v.to == "Καλημέρα <a@example.gr>, Caffè <b@example.it>");
    CHECK(v.cc == "Καλημέρα κόσμε <c@example.gr>");
    CHECK(v.subject == "Ñandú: ¡Olé!");
    CHECK(v.date == "Tue, 3 Mar 2026 10:00:00 +0100");
    CHECK(v.messageId == "<greek-1@example.gr>");
    CHECK(v.text == "Γεια σου, κόσμε!\nΔεύτερη γραμμή συνεχίζει.\n");
}

TEST_CASE("8bit ISO-8859-1, base64 UTF-8 and unlabelled bodies", "[message_view]") {
    const std::string latin1 =
        "Subject: =?UTF-8?Q?ni=C3=B1os?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nEspa\xF1" "a, caf\xE9 y ni\xF1os.\r\nAdi\xF3s\r\n";
    CHECK(viewMessage(latin1).text == "España, café y niños.\nAdiós\n");

    const std::string b64 =
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: BASE64\n\n"
        "UmlnYSB1bm8KUmlnYSBkdWUgw6gKUmlnYSB0cmUsIGwn\ndWx0aW1hCg==\n";
    CHECK(viewMessage(b64).text == "Riga uno\nRiga due è\nRiga tre, l'ultima\n");

    // No MIME at all: 8-bit text is read as UTF-8; a bare CR is a line end too.
    CHECK(viewMessage("Subject: hi\r\n\r\nCiao è\r\nsecond\rthird\r\n").text == "Ciao è\nsecond\nthird\n");
    CHECK(viewMessage("Subject: hi\r\n\r\nbad \xFF byte\r\n").text == "bad " + kFffd + " byte\n");
}

TEST_CASE("quoted-printable soft breaks inside a multipart part", "[message_view]") {
    const std::string msg =
        "Content-Type: multipart/mixed; boundary=b1\r\n\r\n"
        "--b1\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "Questa riga =C3=A8 molto lunga e il codificatore l'ha spezzata qui =\r\n"
        "ma chi legge la vede intera.=\n"
        " Fine senza a capo=\r\n"
        "--b1--\r\n";
    CHECK(viewMessage(msg).text ==
          "Questa riga è molto lunga e il codificatore l'ha spezzata qui "
          "ma chi legge la vede intera. Fine senza a capo");
}

TEST_CASE("an HTML-only message becomes text", "[message_view]") {
    const std::string html =
        "<!DOCTYPE html>\r\n"
        "<html><head><title>Avviso</title><style>p { color: red; }</style></head>\r\n"
        "<body><!-- nascosto --><P>Ciao &amp; benvenuti,<BR>cara&nbsp;amica</P>\r\n"
        "<p>5 &lt; 6 &gt; 4, &quot;ok&quot;, l&#39;ultimo: 10&#8364; o 10&#x20AC;</p>\r\n"
        "<div>a < b   e\r\n    c, AT&T &copy;</div><script>alert(\"<p>no</p>\")</script></body></html>\r\n";
    const std::string msg = "From: x@example.org\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html;
    const MessageView v = viewMessage(msg);
    CHECK(v.hasHtml);
    CHECK(v.text == "Ciao & benvenuti,\ncara\xC2\xA0" "amica\n5 < 6 > 4, \"ok\", l'ultimo: 10€ o 10€\n"
                    "a < b e c, AT&T &copy;\n");
    CHECK(htmlToText("<p>uno</p><p>due<p>tre<br><br>quattro") == "uno\ndue\ntre\n\nquattro");
    CHECK(htmlToText("&#0; &#xD800; &#1114112; &#x; &#12a;") == kFffd + " " + kFffd + " " + kFffd + " &#x; &#12a;");
    // Control characters by number: whitespace ones collapse like written whitespace (a CR never
    // reaches the text), the others show as U+FFFD.
    CHECK(htmlToText("a&#13;&#10;b&#x9;&#12;c &#13;") == "a b c");
    CHECK(htmlToText("x&#1;y&#x7f;z&#x85;") == "x" + kFffd + "y" + kFffd + "z" + kFffd);
    CHECK(htmlToText("unfinished <b") == "unfinished");
    CHECK(htmlToText("I <3 mail, </ ok") == "I <3 mail, </ ok");
    CHECK(htmlToText("a &amp b &") == "a &amp b &");
}

TEST_CASE("hand-written attachments: RFC 2231 continuations, RFC 2047 names, QP, inline names", "[message_view]") {
    const std::string msg =
        "Subject: allegati\r\n"
        "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n"
        "preamble\r\n"
        "--XYZ\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Corpo del messaggio.\r\n"
        "--XYZ\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Disposition: attachment\r\n\r\n"
        "Non sono il testo.\r\n"
        "--XYZ\r\n"
        "Content-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment;\r\n"
        " filename*0*=utf-8''%CE%B1%CE%B2;\r\n"
        " filename*1=\"-report.txt\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        "QUJD\r\nREV\r\n"  // truncated: "ABCDE"
        "--XYZ\r\n"
        "Content-Type: image/PNG; name=\"=?UTF-8?B?zrHOsg==?=.png\"\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "a=3Db=\r\nc\r\n"
        "--XYZ\r\n"
        "Content-Type: text/csv; name*=iso-8859-1'es'a%F1o.csv\r\n"
        "Content-Disposition: inline\r\n\r\n"
        "1,2\r\n"
        "--XYZ--\r\n";
    const MessageView v = viewMessage(msg);
    CHECK(v.text == "Corpo del messaggio.");
    CHECK_FALSE(v.hasHtml);
    REQUIRE(v.attachments.size() == 4);
    CHECK(v.attachments[0].name == "");
    CHECK(v.attachments[0].contentType == "text/plain");
    CHECK(v.attachments[0].size == 18);
    CHECK(v.attachments[1].name == "αβ-report.txt");
    CHECK(v.attachments[1].contentType == "application/octet-stream");
    CHECK(v.attachments[1].size == 5);
    CHECK(v.attachments[2].name == "αβ.png");
    CHECK(v.attachments[2].contentType == "image/png");
    CHECK(v.attachments[2].size == 4);
    CHECK(v.attachments[3].name == "año.csv");
    CHECK(v.attachments[3].contentType == "text/csv");
    CHECK(v.attachments[3].size == 3);
}

TEST_CASE("broken structure still gives a best-effort view", "[message_view]") {
    // No boundary parameter, or one that never appears: the body is the text.
    CHECK(viewMessage("Content-Type: multipart/mixed\r\n\r\nSolo testo.\r\n").text == "Solo testo.\n");
    CHECK(viewMessage("Content-Type: multipart/mixed; boundary=nope\r\n\r\nCiao\r\n").text == "Ciao\n");
    // A close delimiter that never comes: the last part runs to the end.
    CHECK(viewMessage("Content-Type: multipart/alternative; boundary=q\r\n\r\n--q\r\n\r\nultimo\r\n").text ==
          "ultimo\n");
    // Truncated base64 bodies give the bytes they have.
    const std::string b64 = "Content-Transfer-Encoding: base64\r\n\r\n";
    CHECK(viewMessage(b64 + "Q2lhbyBtb25kbw").text == "Ciao mondo");
    CHECK(viewMessage(b64 + "Q2lhbyBtb25kb").text == "Ciao mond");
    CHECK(viewMessage(b64 + "Q2lh\r\n!!**\r\nbyBt").text == "Ciao m");
    // No empty line: it is all header.
    const MessageView headerOnly = viewMessage("Subject: =?UTF-8?Q?s=C3=AC?=\r\nFrom: a@b");
    CHECK(headerOnly.subject == "sì");
    CHECK(headerOnly.from == "a@b");
    CHECK(headerOnly.text == "");
    const MessageView empty = viewMessage("");
    CHECK(empty.subject == "");
    CHECK(empty.text == "");
    CHECK(empty.attachments.empty());
}

TEST_CASE("garbage never crashes and always gives well-formed UTF-8", "[message_view]") {
    static const char* const pieces[] = {
        "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: text/html; charset=iso-8859-7\r\n",
        "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n",
        "Content-Disposition: attachment; filename*0*=utf-8''%CE; filename*1*=%B1\r\n",
        "Subject: =?utf-8?b?", "?=", "=?iso-8859-7?q?=E1", "\r\n\r\n", "\r\n", "--b\r\n", "--b--\r\n", "=\r\n",
        "=", "<p>", "<br", "&amp;", "&#x", "<script>", "<!--", "\xCE", "\xB1", " ", "\t",
    };
    std::uint64_t state = 0;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    };
    for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
        state = seed;
        std::string bytes, soup;
        const std::uint32_t n = next() % 400;
        for (std::uint32_t i = 0; i < n; ++i) bytes += static_cast<char>(next() & 0xff);
        for (std::uint32_t i = 0; i < n / 4; ++i) {
            if (next() % 3 == 0) soup += static_cast<char>(next() & 0xff);
            else soup += pieces[next() % (sizeof pieces / sizeof pieces[0])];
        }
        for (const std::string& input : {bytes, soup}) {
            const MessageView v = viewMessage(input);
            bool ok = wellFormed(v.from) && wellFormed(v.to) && wellFormed(v.cc) && wellFormed(v.subject) &&
                      wellFormed(v.date) && wellFormed(v.messageId) && wellFormed(v.text);
            for (const AttachmentInfo& a : v.attachments) ok = ok && wellFormed(a.name) && wellFormed(a.contentType);
            ok = ok && wellFormed(decodeEncodedWords(input)) && wellFormed(decodeQuotedPrintable(input)) &&
                 wellFormed(htmlToText(input));
            if (!ok) FAIL("ill-formed UTF-8 for seed " << seed);
        }
    }
    SUCCEED("1000 seeds");
}
