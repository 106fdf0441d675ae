// SPF (RFC 7208): record syntax, each mechanism and qualifier, includes and redirects, the DNS
// limits, explanations a student can read, and the same result as Debian's python3-spf (pyspf)
// on every case of a shared set of test zones.
#include "auth/spf_check.h"
#include "auth/spf_macro.h"
#include "auth_test_support.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace postino::auth;
using postino::testing::TestZones;

namespace {

// Every zone the SPF tests use; auth_check.py gives the same file to pyspf.
const char* kZones = R"({
 "bank.example": {"TXT": [["v=spf1 ip4:192.0.2.0/24 include:_spf.bank.example -all"], ["google-site-verification=x"]]},
 "_spf.bank.example": {"TXT": [["v=spf1 ip4:198.51.100.10 ip6:2001:db8:b::/48 ~all"]]},
 "mx.example": {"TXT": [["v=spf1 mx -all"]], "MX": [[20, "backup.mx.example"], [10, "mail.mx.example"]]},
 "mail.mx.example": {"A": ["192.0.2.25"]},
 "backup.mx.example": {"A": ["198.51.100.25"]},
 "a.example": {"TXT": [["v=spf1 a:www.a.example/24 a -all"]], "A": ["192.0.2.200"]},
 "www.a.example": {"A": ["203.0.113.5"]},
 "cidr6.example": {"TXT": [["v=spf1 a//64 ip4:192.0.2.0/25 -all"]], "AAAA": ["2001:db8:5::1"]},
 "redir.example": {"TXT": [["v=spf1 ip4:203.0.113.77 redirect=bank.example"]]},
 "soft.example": {"TXT": [["v=spf", "1 ip4:192.0.2.1 ~all"]]},
 "neutral.example": {"TXT": [["v=spf1 ?all"]]},
 "plus.example": {"TXT": [["v=spf1 -ip4:192.0.2.66 +all"]]},
 "empty.example": {"TXT": [["v=spf1"]]},
 "nospf.example": {"TXT": [["hello world"]]},
 "two.example": {"TXT": [["v=spf1 -all"], ["v=spf1 +all"]]},
 "badip.example": {"TXT": [["v=spf1 ip4:300.1.1.1 -all"]]},
 "badmech.example": {"TXT": [["v=spf1 foo:bar.example -all"]]},
 "badcidr.example": {"TXT": [["v=spf1 ip4:192.0.2.0/33 -all"]]},
 "twice.example": {"TXT": [["v=spf1 redirect=bank.example redirect=mx.example"]]},
 "many.example": {"TXT": [["v=spf1 a:h1.many.example a:h2.many.example a:h3.many.example a:h4.many.example a:h5.many.example a:h6.many.example a:h7.many.example a:h8.many.example a:h9.many.example a:h10.many.example a:h11.many.example -all"]]},
 "h1.many.example": {"A": ["10.0.0.1"]}, "h2.many.example": {"A": ["10.0.0.2"]}, "h3.many.example": {"A": ["10.0.0.3"]},
 "h4.many.example": {"A": ["10.0.0.4"]}, "h5.many.example": {"A": ["10.0.0.5"]}, "h6.many.example": {"A": ["10.0.0.6"]},
 "h7.many.example": {"A": ["10.0.0.7"]}, "h8.many.example": {"A": ["10.0.0.8"]}, "h9.many.example": {"A": ["10.0.0.9"]},
 "h10.many.example": {"A": ["10.0.0.10"]}, "h11.many.example": {"A": ["192.0.2.1"]},
 "void.example": {"TXT": [["v=spf1 a:n1.void.example a:n2.void.example a:n3.void.example -all"]]},
 "incnone.example": {"TXT": [["v=spf1 include:nospf.example -all"]]},
 "incnx.example": {"TXT": [["v=spf1 include:nowhere.example -all"]]},
 "incfail.example": {"TXT": [["v=spf1 include:two.example -all"]]},
 "redirnone.example": {"TXT": [["v=spf1 redirect=nospf.example"]]},
 "exists.example": {"TXT": [["v=spf1 exists:%{i}.allow.exists.example -all"]]},
 "192.0.2.77.allow.exists.example": {"A": ["127.0.0.2"]},
 "macro.example": {"TXT": [["v=spf1 include:%{d2}._spf.%{d2} -all"]]},
 "macro.example._spf.macro.example": {"TXT": [["v=spf1 ip4:198.51.100.99 -all"]]},
 "temp.example": {"TXT": [["v=spf1 include:slow.example -all"]]},
 "mxmany.example": {"TXT": [["v=spf1 mx -all"]], "MX": [[1, "m1.example"], [2, "m2.example"], [3, "m3.example"],
   [4, "m4.example"], [5, "m5.example"], [6, "m6.example"], [7, "m7.example"], [8, "m8.example"],
   [9, "m9.example"], [10, "m10.example"], [11, "m11.example"]]},
 "v6.example": {"TXT": [["v=spf1 ip6:2001:db8:1::/48 -all"]]},
 "!temp": ["slow.example"]
})";

struct Case {
    const char* ip;
    const char* mailFrom;  // "-" for the null sender
    const char* helo;
    SpfResult expected;
};

const Case kCases[] = {
    {"192.0.2.5", "alice@bank.example", "mail.bank.example", SpfResult::Pass},
    {"198.51.100.10", "alice@bank.example", "x.example", SpfResult::Pass},
    {"2001:db8:b::1", "alice@bank.example", "x.example", SpfResult::Pass},
    {"203.0.113.66", "alice@bank.example", "x.example", SpfResult::Fail},
    {"203.0.113.66", "Alice@BANK.Example", "x.example", SpfResult::Fail},
    {"192.0.2.25", "bob@mx.example", "x.example", SpfResult::Pass},
    {"198.51.100.25", "bob@mx.example", "x.example", SpfResult::Pass},
    {"198.51.100.26", "bob@mx.example", "x.example", SpfResult::Fail},
    {"203.0.113.200", "c@a.example", "x.example", SpfResult::Pass},
    {"192.0.2.200", "c@a.example", "x.example", SpfResult::Pass},
    {"203.0.114.1", "c@a.example", "x.example", SpfResult::Fail},
    {"2001:db8:5::abcd", "d@cidr6.example", "x.example", SpfResult::Pass},
    {"2001:db8:6::1", "d@cidr6.example", "x.example", SpfResult::Fail},
    {"192.0.2.127", "d@cidr6.example", "x.example", SpfResult::Pass},
    {"192.0.2.128", "d@cidr6.example", "x.example", SpfResult::Fail},
    {"::ffff:192.0.2.5", "d@cidr6.example", "x.example", SpfResult::Pass},
    {"203.0.113.77", "e@redir.example", "x.example", SpfResult::Pass},
    {"192.0.2.9", "e@redir.example", "x.example", SpfResult::Pass},
    {"203.0.113.66", "e@redir.example", "x.example", SpfResult::Fail},
    {"192.0.2.1", "f@soft.example", "x.example", SpfResult::Pass},
    {"192.0.2.2", "f@soft.example", "x.example", SpfResult::SoftFail},
    {"192.0.2.2", "g@neutral.example", "x.example", SpfResult::Neutral},
    {"192.0.2.66", "g@plus.example", "x.example", SpfResult::Fail},
    {"192.0.2.67", "g@plus.example", "x.example", SpfResult::Pass},
    {"192.0.2.2", "g@empty.example", "x.example", SpfResult::Neutral},
    {"192.0.2.2", "h@nospf.example", "x.example", SpfResult::None},
    {"192.0.2.2", "h@nowhere.example", "x.example", SpfResult::None},
    {"192.0.2.2", "h@two.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "h@badip.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "h@badmech.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "h@badcidr.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "h@twice.example", "x.example", SpfResult::PermError},
    {"192.0.2.1", "i@many.example", "x.example", SpfResult::PermError},
    {"10.0.0.3", "i@many.example", "x.example", SpfResult::Pass},
    {"192.0.2.2", "i@void.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "i@incnone.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "i@incnx.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "i@incfail.example", "x.example", SpfResult::PermError},
    {"192.0.2.2", "i@redirnone.example", "x.example", SpfResult::PermError},
    {"192.0.2.77", "j@exists.example", "x.example", SpfResult::Pass},
    {"192.0.2.78", "j@exists.example", "x.example", SpfResult::Fail},
    {"198.51.100.99", "k@macro.example", "x.example", SpfResult::Pass},
    {"198.51.100.98", "k@macro.example", "x.example", SpfResult::Fail},
    {"192.0.2.2", "l@temp.example", "x.example", SpfResult::TempError},
    {"192.0.2.2", "m@mxmany.example", "x.example", SpfResult::PermError},
    {"2001:db8:1:ffff::1", "n@v6.example", "x.example", SpfResult::Pass},
    {"2001:db8:2::1", "n@v6.example", "x.example", SpfResult::Fail},
    {"192.0.2.5", "-", "bank.example", SpfResult::Pass},
    {"203.0.113.66", "-", "bank.example", SpfResult::Fail},
};

SpfOutcome check(const TestZones& zones, const std::string& ip, const std::string& mailFrom, const std::string& helo,
                 std::vector<DnsQuestion>* asked = nullptr) {
    auto addr = IpAddress::parse(ip);
    REQUIRE(addr);
    SpfCheck c(*addr, mailFrom == "-" ? "" : mailFrom, helo);
    return postino::testing::resolve(c, zones, asked);
}

}  // namespace

TEST_CASE("SPF gives the expected result on every test case", "[auth][spf]") {
    const TestZones zones = TestZones::parse(kZones);
    for (const Case& c : kCases) {
        SpfOutcome o = check(zones, c.ip, c.mailFrom, c.helo);
        INFO(c.ip << " " << c.mailFrom << ": " << o.explanation);
        CHECK(o.result == c.expected);
        CHECK(o.explanation.find("→ " + spfResultName(c.expected)) != std::string::npos);
    }
}

TEST_CASE("SPF agrees with Debian's python3-spf on every test case", "[auth][spf][python]") {
    const std::string tool = postino::testing::debianPythonWithAuth();
    if (tool.empty()) FAIL("/usr/bin/python3 with python3-dkim and python3-spf is needed: apt-get install python3-dkim python3-spf");
    const std::string dir = postino::testing::tempDir();
    const TestZones zones = TestZones::parse(kZones);
    zones.writeFile(dir + "/zones.json");
    std::string cases;
    for (const Case& c : kCases) cases += std::string(c.ip) + " " + c.mailFrom + " " + c.helo + "\n";
    postino::testing::writeText(dir + "/cases.txt", cases);
    auto r = postino::testing::runCommand(tool + " spf-batch " + dir + "/zones.json " + dir + "/cases.txt");
    REQUIRE(r.status == 0);
    std::vector<std::string> theirs;
    std::size_t pos = 0;
    while (pos < r.output.size()) {
        std::size_t nl = r.output.find('\n', pos);
        theirs.push_back(r.output.substr(pos, nl - pos));
        pos = nl == std::string::npos ? r.output.size() : nl + 1;
    }
    REQUIRE(theirs.size() == std::size(kCases));
    for (std::size_t i = 0; i < theirs.size(); ++i) {
        const Case& c = kCases[i];
        SpfOutcome o = check(zones, c.ip, c.mailFrom, c.helo);
        INFO(c.ip << " " << c.mailFrom << " helo " << c.helo << ": Postino says " << o.explanation);
        CHECK(spfResultName(o.result) == theirs[i]);
    }
}

TEST_CASE("SPF explains which term decided, naming the address and the domain", "[auth][spf]") {
    const TestZones zones = TestZones::parse(kZones);
    SpfOutcome fail = check(zones, "203.0.113.66", "alice@bank.example", "x.example");
    CHECK(fail.explanation ==
          "SPF: 203.0.113.66 is not allowed to send for bank.example ('-all' matched in bank.example's record) → fail");
    CHECK(fail.matched == "-all");
    CHECK(fail.identity == "mailfrom");
    CHECK(fail.lookups == 1);

    SpfOutcome viaInclude = check(zones, "198.51.100.10", "alice@bank.example", "x.example");
    CHECK(viaInclude.explanation ==
          "SPF: 198.51.100.10 is allowed to send for bank.example ('include:_spf.bank.example' matched in "
          "bank.example's record, because 'ip4:198.51.100.10' matched in _spf.bank.example's record: 198.51.100.10 "
          "is inside 198.51.100.10/32) → pass");
    CHECK(viaInclude.matched == "include:_spf.bank.example");

    SpfOutcome viaMx = check(zones, "198.51.100.25", "bob@mx.example", "x.example");
    CHECK(viaMx.explanation == "SPF: 198.51.100.25 is allowed to send for mx.example ('mx' matched in mx.example's "
                               "record: 198.51.100.25 is an address of backup.mx.example) → pass");

    SpfOutcome redirected = check(zones, "203.0.113.66", "e@redir.example", "x.example");
    CHECK(redirected.explanation ==
          "SPF: 203.0.113.66 is not allowed to send for redir.example ('-all' matched in bank.example's record) → fail");
    CHECK(redirected.matched == "redirect=bank.example");
    CHECK(redirected.steps == std::vector<std::string>{
                                  "redir.example: \"v=spf1 ip4:203.0.113.77 redirect=bank.example\"",
                                  "redir.example: no term matched, so redirect=bank.example",
                                  "bank.example: \"v=spf1 ip4:192.0.2.0/24 include:_spf.bank.example -all\"",
                                  "_spf.bank.example: \"v=spf1 ip4:198.51.100.10 ip6:2001:db8:b::/48 ~all\"",
                                  "_spf.bank.example: '~all' matched in _spf.bank.example's record",
                                  "bank.example: 'include:_spf.bank.example' did not match (_spf.bank.example gave softfail)",
                                  "bank.example: '-all' matched in bank.example's record"});
    CHECK(check(zones, "192.0.2.77", "j@exists.example", "x").explanation ==
          "SPF: 192.0.2.77 is allowed to send for exists.example ('exists:%{i}.allow.exists.example' matched in "
          "exists.example's record: 192.0.2.77.allow.exists.example exists) → pass");

    SpfOutcome helo = check(zones, "192.0.2.5", "-", "bank.example");
    CHECK(helo.identity == "helo");
    CHECK(helo.domain == "bank.example");

    SpfOutcome none = check(zones, "192.0.2.5", "h@nospf.example", "x");
    CHECK(none.explanation == "SPF: no SPF policy for nospf.example (nospf.example publishes no SPF record (no record)) → none");
}

TEST_CASE("SPF permerror and temperror say what broke", "[auth][spf]") {
    const TestZones zones = TestZones::parse(kZones);
    CHECK(check(zones, "1.2.3.4", "h@two.example", "x").explanation ==
          "SPF: two.example's SPF policy cannot be used (two.example publishes 2 SPF records; there must be only one) → permerror");
    CHECK(check(zones, "1.2.3.4", "h@badip.example", "x").explanation ==
          "SPF: badip.example's SPF policy cannot be used (badip.example's SPF record is broken: term 1 'ip4:300.1.1.1': "
          "'300.1.1.1' is not an IPv4 address) → permerror");
    SpfOutcome many = check(zones, "192.0.2.1", "i@many.example", "x");
    CHECK(many.explanation.find("'a:h11.many.example' would be DNS look-up number 11; SPF allows at most 10") !=
          std::string::npos);
    CHECK(many.lookups == 11);
    CHECK(check(zones, "1.2.3.4", "i@void.example", "x").explanation.find(
              "the DNS look-up A n3.void.example found nothing, the 3rd such empty answer; SPF allows at most 2") !=
          std::string::npos);
    CHECK(check(zones, "1.2.3.4", "l@temp.example", "x").explanation ==
          "SPF: could not check temp.example for now (the DNS look-up TXT slow.example failed for now) → temperror");
    CHECK(check(zones, "1.2.3.4", "m@mxmany.example", "x").explanation.find("has 11 MX records; SPF looks at most at 10") !=
          std::string::npos);
}

TEST_CASE("SPF asks DNS one question at a time, in record order", "[auth][spf]") {
    const TestZones zones = TestZones::parse(kZones);
    std::vector<DnsQuestion> asked;
    check(zones, "198.51.100.26", "bob@mx.example", "x", &asked);
    using postino::dns::RrType;
    CHECK(asked == std::vector<DnsQuestion>{{"mx.example", RrType::TXT},
                                            {"mx.example", RrType::MX},
                                            {"mail.mx.example", RrType::A},
                                            {"backup.mx.example", RrType::A}});
    // An IPv6 client asks AAAA for a and mx.
    asked.clear();
    check(zones, "2001:db8:5::1", "d@cidr6.example", "x", &asked);
    REQUIRE(asked.size() == 2);
    CHECK(asked[1] == DnsQuestion{"cidr6.example", RrType::AAAA});
    // An answer after the result is ignored.
    SpfCheck c(*IpAddress::parse("192.0.2.1"), "x@nowhere.example", "h");
    REQUIRE_FALSE(c.done());
    c.answer(postino::auth::DnsAnswer::nxDomain());
    REQUIRE(c.done());
    c.answer(postino::auth::DnsAnswer::tempError());
    CHECK(std::get<SpfOutcome>(c.next()).result == SpfResult::None);
}

TEST_CASE("SPF record syntax: what parses and what is a permerror", "[auth][spf]") {
    CHECK(isSpfRecord("v=spf1"));
    CHECK(isSpfRecord("V=SPF1 -all"));
    CHECK_FALSE(isSpfRecord("v=spf10 -all"));
    CHECK_FALSE(isSpfRecord("v=spf1\t-all"));
    SpfParse ok = parseSpfRecord("v=spf1  +a mx/24 a:x.example/30//64 ip6:2001:db8::/32 ~exists:%{ir}.x.example "
                                 "?include:y.example unknown-mod=z exp=explain.%{d} -all");
    INFO(ok.error);
    REQUIRE(ok.record);
    const auto& t = ok.record->terms;
    REQUIRE(t.size() == 7);
    CHECK(t[1].mechanism == SpfMechanism::Mx);
    CHECK(t[1].cidr4 == 24);
    CHECK(t[2].domainSpec == "x.example");
    CHECK(t[2].cidr4 == 30);
    CHECK(t[2].cidr6 == 64);
    CHECK(t[3].cidr6 == 32);
    CHECK(t[4].qualifier == SpfQualifier::SoftFail);
    CHECK(t[5].qualifier == SpfQualifier::Neutral);
    CHECK(t[6].qualifier == SpfQualifier::Fail);
    CHECK(ok.record->exp == "explain.%{d}");

    const std::pair<const char*, const char*> bad[] = {
        {"v=spf1 ip4:192.0.2.0/024", "term 1 'ip4:192.0.2.0/024': '/024' is not a valid prefix length (0 to 32)"},
        {"v=spf1 ip6:192.0.2.1", "term 1 'ip6:192.0.2.1': '192.0.2.1' is not an IPv6 address"},
        {"v=spf1 include", "term 1 'include': 'include' needs ':domain'"},
        {"v=spf1 all:x", "term 1 'all:x': 'all' takes no argument"},
        {"v=spf1 a:%{x}.example", "term 1 'a:%{x}.example': '%{x}.example' uses the macro letter 'x', not allowed here"},
        {"v=spf1 a:50%.example", "term 1 'a:50%.example': '50%.example' has '%.', which is not a macro (write %% for a percent sign)"},
        {"v=spf1 exists:%{i", "term 1 'exists:%{i': '%{i' has a macro without its closing '}'"},
        {"v=spf1 mx/33", "term 1 'mx/33': '/33' is not a valid prefix length (IPv4: /0 to /32)"},
        {"v=spf1 a//129", "term 1 'a//129': '//129' is not a valid prefix length (IPv6: //0 to //128)"},
        {"v=spf1 redirect=", "term 1 'redirect=': 'redirect=' needs a domain"},
        {"v=spf1 -all exp=a.example exp=b.example", "term 3 'exp=b.example': 'exp=' appears twice (RFC 7208 6)"},
        {"v=spf1 =x", "term 1 '=x': '=x' is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists)"},
    };
    for (const auto& [text, why] : bad) {
        SpfParse p = parseSpfRecord(text);
        INFO(text);
        CHECK_FALSE(p.record);
        CHECK(p.error == why);
    }
}

TEST_CASE("SPF macros expand as RFC 7208 7.4's examples", "[auth][spf]") {
    SpfMacroContext ctx{"strong-bad@email.example.com", "email.example.com", "mx.example.org",
                        *IpAddress::parse("192.0.2.3")};
    CHECK(expandMacros("%{s}", ctx) == "strong-bad@email.example.com");
    CHECK(expandMacros("%{o}", ctx) == "email.example.com");
    CHECK(expandMacros("%{d}", ctx) == "email.example.com");
    CHECK(expandMacros("%{d4}", ctx) == "email.example.com");
    CHECK(expandMacros("%{d3}", ctx) == "email.example.com");
    CHECK(expandMacros("%{d2}", ctx) == "example.com");
    CHECK(expandMacros("%{d1}", ctx) == "com");
    CHECK(expandMacros("%{dr}", ctx) == "com.example.email");
    CHECK(expandMacros("%{d2r}", ctx) == "example.email");
    CHECK(expandMacros("%{l}", ctx) == "strong-bad");
    CHECK(expandMacros("%{l-}", ctx) == "strong.bad");
    CHECK(expandMacros("%{lr}", ctx) == "strong-bad");
    CHECK(expandMacros("%{lr-}", ctx) == "bad.strong");
    CHECK(expandMacros("%{l1r-}", ctx) == "strong");
    CHECK(expandMacros("%{ir}.%{v}._spf.%{d2}", ctx) == "3.2.0.192.in-addr._spf.example.com");
    CHECK(expandMacros("%{lr-}.lp._spf.%{d2}", ctx) == "bad.strong.lp._spf.example.com");
    CHECK(expandMacros("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", ctx) == "bad.strong.lp.3.2.0.192.in-addr._spf.example.com");
    CHECK(expandMacros("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", ctx) == "3.2.0.192.in-addr.strong.lp._spf.example.com");
    CHECK(expandMacros("%{d2}.trusted-domains.example.net", ctx) == "example.com.trusted-domains.example.net");
    ctx.ip = *IpAddress::parse("2001:db8::cb01");
    CHECK(expandMacros("%{ir}.%{v}._spf.%{d2}", ctx) ==
          "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
    CHECK(expandMacros("%%%_%-", ctx) == "% %20");
}

TEST_CASE("SPF survives hostile records and answers without crashing", "[auth][spf]") {
    // Random bytes after "v=spf1 ": a permerror or a result, never a crash or a hang.
    std::uint64_t seed = 7;
    auto rnd = [&] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<unsigned>(seed >> 33);
    };
    const std::string alphabet = "v=spf1 :/%{}.-+~?aimxplnucd0123456789r_";
    for (int i = 0; i < 3000; ++i) {
        std::string rec = "v=spf1 ";
        int n = static_cast<int>(rnd() % 40);
        for (int k = 0; k < n; ++k) rec += rnd() % 10 == 0 ? static_cast<char>(rnd() % 256) : alphabet[rnd() % alphabet.size()];
        nlohmann::json z;
        z["fuzz.example"]["TXT"] = nlohmann::json::array({nlohmann::json::array({rec})});
        z["fuzz.example"]["A"] = nlohmann::json::array({"192.0.2.1"});
        SpfOutcome o = check(TestZones(z), "192.0.2.1", "x@fuzz.example", "h.example");
        CHECK_FALSE(o.explanation.empty());
    }
    // An empty TXT string, a 255-octet label, a bad domain.
    CHECK(check(TestZones::parse(R"({"e.example": {"TXT": [[""]]}})"), "192.0.2.1", "x@e.example", "h").result ==
          SpfResult::None);
    CHECK(check(TestZones::parse("{}"), "192.0.2.1", "x@" + std::string(70, 'a') + ".example", "h").result ==
          SpfResult::None);
    CHECK(check(TestZones::parse("{}"), "192.0.2.1", "x@localhost", "h").result == SpfResult::None);
    CHECK(check(TestZones::parse("{}"), "192.0.2.1", "x@a..example", "h").result == SpfResult::None);
}
