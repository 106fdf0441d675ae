// TXT records on the wire (RFC 1035 3.3.14): hand-checked bytes, long texts cut into
// 255-octet character-strings, and malformed rdata refused with where and what.
#include "dns/dns_message.h"
#include "dns/dns_zone.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace postino;
using namespace postino::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

// A response with one answer "x" TXT, class IN, TTL 60, and the given rdata.
Bytes txtResponse(const Bytes& rdata, std::size_t rdlength) {
    Bytes b = {0x00, 0x07, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
               0x01, 'x', 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c,
               static_cast<std::uint8_t>(rdlength >> 8), static_cast<std::uint8_t>(rdlength & 0xff)};
    for (std::uint8_t x : rdata) b.push_back(x);  // (insert() at end trips GCC 12's -Warray-bounds)
    return b;
}

Message withAnswer(const ResourceRecord& rr) {
    Message m;
    m.id = 7;
    m.qr = true;
    m.aa = true;
    m.answers.push_back(rr);
    return m;
}

}  // namespace

TEST_CASE("TXT encodes as length-prefixed character-strings to the hand-checked bytes", "[dns][txt]") {
    ResourceRecord rr = makeTxt("X.", 60, "v=spf1 -all");
    CHECK(rr.texts == std::vector<std::string>{"v=spf1 -all"});
    const Bytes rdata = {11, 'v', '=', 's', 'p', 'f', '1', ' ', '-', 'a', 'l', 'l'};
    CHECK(encode(withAnswer(rr)) == txtResponse(rdata, rdata.size()));

    DecodeResult r = decode(txtResponse(rdata, rdata.size()));
    INFO(r.error);
    REQUIRE(r.ok());
    REQUIRE(r.message->answers.size() == 1);
    CHECK(r.message->answers[0].texts == std::vector<std::string>{"v=spf1 -all"});
    CHECK(r.message->answers[0].rawData.empty());
    CHECK(formatRecord(r.message->answers[0]) == "x 60 IN TXT \"v=spf1 -all\"");
    CHECK(summary(*r.message) == "Standard query response 0x0007 TXT");
}

TEST_CASE("a long TXT text is cut into 255-octet strings and joined back", "[dns][txt]") {
    std::string key = "v=DKIM1; k=rsa; p=";
    for (int i = 0; i < 400; ++i) key += static_cast<char>('A' + i % 26);
    ResourceRecord rr = makeTxt("sel._domainkey.example", 300, key);
    REQUIRE(rr.texts.size() == 2);
    CHECK(rr.texts[0].size() == 255);
    CHECK(rr.texts[1].size() == key.size() - 255);
    Bytes wire = encode(withAnswer(rr));
    REQUIRE_FALSE(wire.empty());
    DecodeResult r = decode(wire);
    REQUIRE(r.ok());
    CHECK(r.message->answers[0] == rr);
    CHECK(txtText(r.message->answers[0]) == key);

    // Several strings, an empty one among them, and 8-bit and quote octets, survive.
    ResourceRecord odd = makeTxt("o.example", 1, "");
    CHECK(odd.texts == std::vector<std::string>{""});
    odd.texts = {"a\"b\\c", "", std::string("\x00\xff", 2)};
    DecodeResult o = decode(encode(withAnswer(odd)));
    REQUIRE(o.ok());
    CHECK(o.message->answers[0].texts == odd.texts);
    CHECK(txtText(o.message->answers[0]) == std::string("a\"b\\c\x00\xff", 7));
    CHECK(formatRecord(odd) == "o.example 1 IN TXT \"a\\\"b\\\\c\" \"\" \"\\000\\255\"");
}

TEST_CASE("encode refuses a TXT string over 255 octets and a TXT record with no string", "[dns][txt]") {
    ResourceRecord rr = makeTxt("x", 60, "short");
    rr.texts.push_back(std::string(256, 'a'));
    std::string error;
    CHECK(encodeChecked(withAnswer(rr), error).empty());
    CHECK(error == "answer 1: TXT string 2 is 256 octets, a character-string holds at most 255");

    rr.texts.clear();
    CHECK(encodeChecked(withAnswer(rr), error).empty());
    CHECK(error == "answer 1: TXT record has no character-string (it needs at least one)");
}

TEST_CASE("decode refuses malformed TXT rdata, saying where and what", "[dns][txt]") {
    // Empty rdata: RFC 1035 3.3.14 asks for one or more character-strings.
    DecodeResult empty = decode(txtResponse({}, 0));
    CHECK_FALSE(empty.ok());
    CHECK(empty.error == "answer 1: TXT rdata at offset 25 is empty; it needs at least one character-string "
                         "(RFC 1035 3.3.14)");
    CHECK(empty.errorOffset == 25);

    // A string's length octet runs past the end of the rdata (but not past the message).
    DecodeResult past = decode(txtResponse({3, 'a', 'b', 'c', 9, 'x', 'y', 0, 0, 0}, 7));
    CHECK_FALSE(past.ok());
    CHECK(past.error == "answer 1: TXT character-string 2 at offset 29 says 9 octets, only 2 left in its rdata");
    CHECK(past.errorOffset == 29);

    // A lone length octet of zero is one empty string: legal.
    DecodeResult zero = decode(txtResponse({0}, 1));
    REQUIRE(zero.ok());
    CHECK(zero.message->answers[0].texts == std::vector<std::string>{""});

    // Truncated anywhere: an error, never a read past the buffer.
    Bytes full = txtResponse({3, 'a', 'b', 'c', 2, 'x', 'y'}, 7);
    REQUIRE(decode(full).ok());
    for (std::size_t n = 0; n < full.size(); ++n) {
        DecodeResult cut = decode(full.data(), n);
        CHECK_FALSE(cut.ok());
        CHECK_FALSE(cut.error.empty());
    }
}

TEST_CASE("the authoritative server answers TXT records added to its zones", "[dns][txt]") {
    scenario::DnsZone zone;
    zone.origin = "bank.example";
    scenario::DnsRecord a;
    a.name = "mail.bank.example";
    a.address = 0xC0000219;
    zone.records.push_back(a);
    AuthoritativeServer server({zone}, "ns.bank.example");
    const std::string key = "v=DKIM1; k=rsa; p=" + std::string(392, 'A');
    CHECK(server.addRecord(makeTxt("Bank.Example.", 300, "v=spf1 mx -all")).empty());
    CHECK(server.addRecord(makeTxt("s1._domainkey.bank.example", 300, key)).empty());
    CHECK(server.addRecord(makeTxt("_dmarc.bank.example", 300, "v=DMARC1; p=reject")).empty());
    CHECK(server.addRecord(makeTxt("x.other.example", 300, "v=spf1 -all")) ==
          "x.other.example is in none of this server's zones");
    CHECK(server.addRecord(makeTxt("a..bank.example", 300, "x")).rfind("record name 'a..bank.example': ", 0) == 0);
    CHECK(server.addedRecords().size() == 3);

    auto ask = [&](const std::string& name, RrType type) {
        Message q;
        q.id = 0x4242;
        q.rd = true;
        q.questions.push_back(Question{name, type, kClassIn});
        const std::vector<std::uint8_t> wire = encode(q);
        DecodeResult r = decode(server.handle(wire.data(), wire.size()));
        INFO(r.error);
        REQUIRE(r.ok());
        return *r.message;
    };
    Message spf = ask("bank.example", RrType::TXT);
    CHECK(spf.rcode == Rcode::NoError);
    REQUIRE(spf.answers.size() == 1);
    CHECK(txtText(spf.answers[0]) == "v=spf1 mx -all");
    Message dkim = ask("s1._domainkey.bank.example", RrType::TXT);
    REQUIRE(dkim.answers.size() == 1);
    CHECK(dkim.answers[0].texts.size() == 2);  // 410 octets: two character-strings
    CHECK(txtText(dkim.answers[0]) == key);
    CHECK_FALSE(dkim.tc);
    // _domainkey.bank.example owns nothing but has names below it: NODATA, not NXDOMAIN (RFC 8020).
    Message between = ask("_domainkey.bank.example", RrType::TXT);
    CHECK(between.rcode == Rcode::NoError);
    CHECK(between.answers.empty());
    CHECK(ask("s2._domainkey.bank.example", RrType::TXT).rcode == Rcode::NxDomain);
    // Other types at a TXT name: NODATA; the zone's A records are unchanged.
    Message noA = ask("_dmarc.bank.example", RrType::A);
    CHECK(noA.rcode == Rcode::NoError);
    CHECK(noA.answers.empty());
    CHECK(ask("mail.bank.example", RrType::A).answers.size() == 1);
}
