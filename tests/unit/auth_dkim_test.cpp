// DKIM (RFC 6376, RFC 8463): canonicalization, seeded keys, signing and verifying, every way a
// signature or key record can be broken, and both directions against Debian's python3-dkim.
#include "auth/dkim_canon.h"
#include "auth/dkim_key.h"
#include "auth/dkim_sign.h"
#include "auth/dkim_verify.h"
#include "auth_test_support.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace postino::auth;
using postino::testing::TestZones;

namespace {

const std::string kMessage =
    "From: Alice <alice@bank.example>\r\n"
    "To: bob@recipient.example\r\n"
    "Subject: Your statement\r\n"
    "Date: Fri, 04 Dec 2026 10:00:00 +0000\r\n"
    "Message-ID: <1@bank.example>\r\n"
    "\r\n"
    "Hello Bob,\r\n"
    "\r\n"
    "your  statement is ready.  \r\n"
    "\r\n"
    "\r\n";

const DkimKey& rsaKey() {
    static const DkimKey k = DkimKey::rsaFromSeed("bank.example/s1", 2048);
    return k;
}
const DkimKey& edKey() {
    static const DkimKey k = DkimKey::ed25519FromSeed("bank.example/ed1");
    return k;
}

TestZones zonesFor(const std::string& selector, const std::string& record, const std::string& domain = "bank.example") {
    nlohmann::json z;
    // Long records go as several 255-octet strings, as they would on the wire.
    postino::dns::ResourceRecord rr = postino::dns::makeTxt("x", 1, record);
    z[selector + "._domainkey." + domain]["TXT"] = nlohmann::json::array({rr.texts});
    return TestZones(z);
}

std::string signWith(const DkimKey& key, const std::string& selector, const std::string& message = kMessage,
                     DkimSignOptions o = {}) {
    o.domain = o.domain.empty() ? "bank.example" : o.domain;
    o.selector = selector;
    DkimSignResult r = dkimSign(message, key, o);
    INFO(r.error);
    REQUIRE(r.ok());
    return r.field + message;
}

DkimOutcome verify(const std::string& message, const TestZones& zones, DkimVerifyOptions o = {}) {
    DkimVerify v(message, o);
    return postino::testing::resolve(v, zones);
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    std::size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("DKIM canonicalization matches RFC 6376 3.4.6's example", "[auth][dkim]") {
    const std::string msg = "A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n";
    SplitMessage m = splitMessage(msg);
    REQUIRE(m.error.empty());
    REQUIRE(m.headers.size() == 2);
    CHECK(canonHeader(m.headers[0], DkimCanon::Relaxed) == "a:X\r\n");
    CHECK(canonHeader(m.headers[1], DkimCanon::Relaxed) == "b:Y Z\r\n");
    CHECK(canonHeader(m.headers[1], DkimCanon::Simple) == "B : Y\t\r\n\tZ  \r\n");
    CHECK(canonBody(m.body, DkimCanon::Relaxed) == " C\r\nD E\r\n");
    CHECK(canonBody(m.body, DkimCanon::Simple) == " C \r\nD \t E\r\n");
    // Empty bodies (RFC 6376 3.4.3 and 3.4.4): simple is one CRLF, relaxed is nothing.
    CHECK(canonBody("", DkimCanon::Simple) == "\r\n");
    CHECK(canonBody("\r\n\r\n", DkimCanon::Simple) == "\r\n");
    CHECK(canonBody("", DkimCanon::Relaxed) == "");
    CHECK(canonBody(" \t\r\n\r\n", DkimCanon::Relaxed) == "");
    CHECK(canonBody("no newline", DkimCanon::Relaxed) == "no newline\r\n");
    // Bare LF line ends are read as CRLF.
    CHECK(splitMessage("A: 1\nB: 2\n\nbody\n").body == "body\r\n");
    // h= picks instances from the bottom up.
    SplitMessage two = splitMessage("X: 1\r\nX: 2\r\nY: 3\r\n\r\n");
    auto picked = selectHeaders(two.headers, {"x", "y", "X", "x"});
    REQUIRE(picked.size() == 3);
    CHECK(picked[0]->raw == "X: 2\r\n");
    CHECK(picked[2]->raw == "X: 1\r\n");
    CHECK(splitMessage("No colon here\r\n\r\n").error == "line 1 is not a header field (no ':')");
}

TEST_CASE("DKIM keys from the same seed are the same key, every time", "[auth][dkim]") {
    CHECK(DkimKey::ed25519FromSeed("s").publicKeyBase64() == DkimKey::ed25519FromSeed("s").publicKeyBase64());
    CHECK(DkimKey::ed25519FromSeed("s").publicKeyBase64() != DkimKey::ed25519FromSeed("t").publicKeyBase64());
    CHECK(edKey().publicKeyBase64().size() == 44);  // 32 octets
    CHECK(edKey().dnsRecord().rfind("v=DKIM1; k=ed25519; p=", 0) == 0);
    auto start = std::chrono::steady_clock::now();
    DkimKey again = DkimKey::rsaFromSeed("bank.example/s1", 2048);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    WARN("a seeded 2048-bit RSA key took " << ms << " ms");
    CHECK(again.bits() == 2048);
    CHECK(again.publicKeyBase64() == rsaKey().publicKeyBase64());
    CHECK(rsaKey().dnsRecord().rfind("v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 0) == 0);
    CHECK(DkimKey::rsaFromSeed("other", 1024).publicKeyBase64() != rsaKey().publicKeyBase64());
    // Signatures are deterministic too (PKCS#1 v1.5 and Ed25519 take no randomness).
    CHECK(rsaKey().sign("abc") == again.sign("abc"));
    CHECK(edKey().sign("abc") == DkimKey::ed25519FromSeed("bank.example/ed1").sign("abc"));
}

TEST_CASE("DKIM sign then verify: pass with rsa-sha256 and ed25519-sha256", "[auth][dkim]") {
    for (const DkimKey* key : {&rsaKey(), &edKey()}) {
        std::string signedMsg = signWith(*key, "s1");
        INFO(signedMsg);
        std::string unfolded = signedMsg;
        for (std::size_t at; (at = unfolded.find("\r\n\t")) != std::string::npos;) unfolded.replace(at, 3, " ");
        CHECK(unfolded.rfind("DKIM-Signature: v=1; a=" + algorithmName(key->algorithm()) +
                                 "; c=relaxed/relaxed; d=bank.example; s=s1; h=from:to:subject:date:message-id; bh=",
                             0) == 0);
        // Folded at 76 columns at most.
        std::size_t lineStart = 0;
        for (std::size_t nl = signedMsg.find("\r\n"); nl != std::string::npos && lineStart < signedMsg.find("From:");
             lineStart = nl + 2, nl = signedMsg.find("\r\n", lineStart)) {
            CHECK(nl - lineStart <= 77);
        }
        DkimOutcome o = verify(signedMsg, zonesFor("s1", key->dnsRecord()));
        REQUIRE(o.signatures.size() == 1);
        CHECK(o.result() == DkimResult::Pass);
        CHECK(o.explanation() == "DKIM: the " + algorithmName(key->algorithm()) +
                                     " signature verifies: the body and the signed header fields are as they were "
                                     "when bank.example signed them (signature by bank.example, selector s1) → pass");
        CHECK(o.passingDomains() == std::vector<std::string>{"bank.example"});
        CHECK(o.signatures[0].identity == "@bank.example");

        // Relaxed canonicalization forgives re-folding and trailing spaces, and unsigned fields may be added.
        std::string refolded = replace(signedMsg, "Subject: Your statement", "Subject:   Your\r\n statement ");
        refolded = "Received: from x by y; Fri, 4 Dec 2026\r\n" + refolded;
        CHECK(verify(refolded, zonesFor("s1", key->dnsRecord())).result() == DkimResult::Pass);

        // A changed body or a changed signed header field fails, saying which.
        DkimOutcome body = verify(replace(signedMsg, "is ready", "is ready, send your PIN"), zonesFor("s1", key->dnsRecord()));
        CHECK(body.result() == DkimResult::Fail);
        CHECK(body.explanation() == "DKIM: body hash did not verify: the body was changed after signing "
                                    "(signature by bank.example, selector s1) → fail");
        DkimOutcome head = verify(replace(signedMsg, "Your statement", "Urgent: verify your account"),
                                  zonesFor("s1", key->dnsRecord()));
        CHECK(head.result() == DkimResult::Fail);
        CHECK(head.explanation().find("signature did not verify: a signed header field") != std::string::npos);
        // A key in DNS that is not the signer's fails too.
        DkimKey other = key->algorithm() == DkimAlgorithm::RsaSha256 ? DkimKey::rsaFromSeed("mallory", 1024)
                                                                     : DkimKey::ed25519FromSeed("mallory");
        CHECK(verify(signedMsg, zonesFor("s1", other.dnsRecord())).result() == DkimResult::Fail);
    }
}

TEST_CASE("DKIM simple/simple and t= signatures verify, and a second signature is checked too", "[auth][dkim]") {
    DkimSignOptions o;
    o.headerCanon = DkimCanon::Simple;
    o.bodyCanon = DkimCanon::Simple;
    o.timestamp = 1796378400;
    std::string msg = signWith(edKey(), "s1", kMessage, o);
    CHECK(msg.find("c=simple/simple;") != std::string::npos);
    CHECK(msg.find("t=1796378400;") != std::string::npos);
    CHECK(verify(msg, zonesFor("s1", edKey().dnsRecord())).result() == DkimResult::Pass);
    // Simple does not forgive a re-folded header.
    CHECK(verify(replace(msg, "Subject: Your", "Subject:  Your"), zonesFor("s1", edKey().dnsRecord())).result() ==
          DkimResult::Fail);

    // Two signatures: a broken one first, a good one second: the message passes, both are listed.
    std::string good = signWith(edKey(), "s1");
    std::string both = "DKIM-Signature: v=1; a=ed25519-sha256; d=bank.example; s=gone; h=from; bh=AAAA; b=AAAA\r\n" + good;
    DkimOutcome o2 = verify(both, zonesFor("s1", edKey().dnsRecord()));
    REQUIRE(o2.signatures.size() == 2);
    CHECK(o2.signatures[0].result == DkimResult::PermError);
    CHECK(o2.signatures[1].result == DkimResult::Pass);
    CHECK(o2.result() == DkimResult::Pass);
}

TEST_CASE("DKIM: a broken signature or key record gets the right result and says why", "[auth][dkim]") {
    const std::string good = signWith(edKey(), "s1");
    const TestZones keys = zonesFor("s1", edKey().dnsRecord());
    auto resultOf = [&](const std::string& msg, const TestZones& z) {
        DkimOutcome o = verify(msg, z);
        REQUIRE(o.signatures.size() == 1);
        return std::make_pair(o.signatures[0].result, o.signatures[0].explanation);
    };
    struct Broken {
        std::string from, to;
        DkimResult result;
        std::string why;
    };
    const Broken sigs[] = {
        {"v=1;", "v=2;", DkimResult::PermError, "the DKIM-Signature has version v=2, not 1"},
        {"a=ed25519-sha256", "a=rsa-sha1", DkimResult::PermError, "a=rsa-sha1 is no longer accepted (RFC 8301)"},
        {"a=ed25519-sha256", "a=hmac-md5", DkimResult::PermError, "a=hmac-md5 is not an algorithm Postino knows"},
        {"h=from:", "h=", DkimResult::PermError, "h= does not list From, which every DKIM signature must sign"},
        {"d=bank.example;", "", DkimResult::Neutral, "the DKIM-Signature has no d= tag"},
        {"s=s1;", "s=s1; s=s2;", DkimResult::Neutral, "the DKIM-Signature is malformed: tag 's' appears twice"},
        {"v=1;", "v=1; junk;", DkimResult::Neutral, "the DKIM-Signature is malformed: tag 2 'junk' has no '='"},
        {"c=relaxed/relaxed", "c=loose/relaxed", DkimResult::Neutral, "c=loose/relaxed names an unknown canonicalization"},
        {"bh=", "bh=!!", DkimResult::Neutral, "b= or bh= is not valid base64"},
        {"v=1;", "v=1; i=alice@evil.example;", DkimResult::PermError, "i=alice@evil.example is not in d=bank.example or below it"},
        {"v=1;", "v=1; t=20; x=10;", DkimResult::PermError, "x= (expiry) is before t= (signing time)"},
        {"v=1;", "v=1; x=soon;", DkimResult::Neutral, "x=soon is not a number"},
        {"v=1;", "v=1; q=http/well-known;", DkimResult::PermError, "q=http/well-known is not a key query method Postino knows (dns/txt)"},
        {"v=1;", "v=1; l=99999;", DkimResult::Fail, "body hash did not verify: the body is shorter than the l=99999 octets that were signed"},
        {"s=s1;", "s=s2;", DkimResult::PermError, "no key in DNS for this signature: TXT s2._domainkey.bank.example has no such name"},
    };
    for (const Broken& b : sigs) {
        auto [r, why] = resultOf(replace(good, b.from, b.to), keys);
        INFO(b.to << ": " << why);
        CHECK(r == b.result);
        CHECK(why.find(b.why) != std::string::npos);
    }
    DkimVerifyOptions late;
    late.now = 2000000000;
    CHECK(verify(replace(good, "v=1;", "v=1; x=1900000000;"), keys, late).explanation().find(
              "the signature expired (x=1900000000)") != std::string::npos);

    const std::string p = "p=" + edKey().publicKeyBase64();
    const std::pair<std::string, std::string> keyRecords[] = {
        {"v=DKIM1; k=ed25519; p=", "the key was revoked (empty p=)"},
        {"v=DKIM1; k=rsa; " + p, "the key record says k=rsa but the signature uses a=ed25519-sha256"},
        {"k=ed25519; v=DKIM1; " + p, "the key record's v= must be DKIM1 and come first"},
        {"v=DKIM1; k=ed25519; h=sha1; " + p, "the key record allows only h=sha1, not sha256"},
        {"v=DKIM1; k=ed25519; s=tlsrpt; " + p, "the key record is for s=tlsrpt, not email"},
        {"v=DKIM1; k=ed25519; p=AAAA", "an Ed25519 key is 32 octets, this p= holds 3"},
        {"v=DKIM1; k=ed25519; p=not*base64", "the key record's p= is not valid base64"},
        {"v=DKIM1; k=ed25519", "the key record has no p= tag"},
        {"v=DKIM1; k=ed25519; p=a; p=b", "the key record is malformed: tag 'p' appears twice"},
        {"garbage", "the key record is malformed: tag 1 'garbage' has no '='"},
        {"", "the key record is malformed: it is empty"},
    };
    for (const auto& [record, why] : keyRecords) {
        auto [r, text] = resultOf(good, zonesFor("s1", record));
        INFO(record << ": " << text);
        CHECK(r == DkimResult::PermError);
        CHECK(text.find(why) != std::string::npos);
    }
    // Testing keys still verify, and say so; t=s refuses a subdomain identity.
    auto [rt, whyT] = resultOf(good, zonesFor("s1", edKey().dnsRecord() + "; t=y"));
    CHECK(rt == DkimResult::Pass);
    CHECK(whyT.find("[the key is marked as testing, t=y]") != std::string::npos);
    auto [rs, whyS] = resultOf(replace(good, "v=1;", "v=1; i=@news.bank.example;"), zonesFor("s1", edKey().dnsRecord() + "; t=s"));
    CHECK(rs == DkimResult::PermError);
    CHECK(whyS.find("t=s (no subdomains)") != std::string::npos);

    // RSA: too short a key, and a key that is not RSA at all.
    DkimKey small = DkimKey::rsaFromSeed("tiny", 512);
    auto [r512, why512] = resultOf(signWith(small, "s1"), zonesFor("s1", small.dnsRecord()));
    CHECK(r512 == DkimResult::PermError);
    CHECK(why512.find("the RSA key has 512 bits; at least 1024 are required (RFC 8301)") != std::string::npos);
    auto [rbad, whyBad] = resultOf(signWith(rsaKey(), "s1"), zonesFor("s1", "v=DKIM1; k=rsa; p=AAAAAAAA"));
    CHECK(rbad == DkimResult::PermError);
    CHECK(whyBad.find("the p= value is not a valid RSA public key") != std::string::npos);

    // DNS failing for now is a temperror; no signature at all is none.
    nlohmann::json temp;
    temp["!temp"] = nlohmann::json::array({"s1._domainkey.bank.example"});
    CHECK(verify(good, TestZones(temp)).result() == DkimResult::TempError);
    CHECK(verify(kMessage, keys).result() == DkimResult::None);
    CHECK(verify(kMessage, keys).explanation() == "DKIM: the message has no DKIM-Signature → none");
    // Signing needs a From.
    DkimSignOptions o{"bank.example", "s1"};
    CHECK(dkimSign("To: x@y.example\r\n\r\nhi\r\n", edKey(), o).error ==
          "the message has no From: header field, and DKIM must sign it");
}

TEST_CASE("DKIM survives every truncation and random damage of a signed message", "[auth][dkim]") {
    const std::string good = signWith(edKey(), "s1");
    const TestZones keys = zonesFor("s1", edKey().dnsRecord());
    int passes = 0;
    for (std::size_t n = 0; n <= good.size(); n += 7) {
        DkimOutcome o = verify(good.substr(0, n), keys);
        passes += o.result() == DkimResult::Pass;
    }
    CHECK(passes <= 1);
    // One random octet changed: no crash, and almost always no pass (relaxed canonicalization forgives
    // only a few changes, such as a space for a tab or the case of a header field name).
    std::uint64_t seed = 99;
    int changed = 0;
    int stillPass = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string m = good;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        std::size_t at = (seed >> 33) % m.size();
        m[at] = static_cast<char>(seed >> 13);
        if (m[at] == good[at]) continue;
        ++changed;
        DkimOutcome o = verify(m, keys);
        REQUIRE(o.signatures.size() <= 1);
        stillPass += o.result() == DkimResult::Pass;
    }
    CHECK(changed > 1400);
    CHECK(stillPass < changed / 20);
}

TEST_CASE("DKIM: Debian's python3-dkim verifies Postino's signatures", "[auth][dkim][python]") {
    const std::string tool = postino::testing::debianPythonWithAuth();
    if (tool.empty()) FAIL("/usr/bin/python3 with python3-dkim and python3-spf is needed: apt-get install python3-dkim python3-spf");
    const std::string dir = postino::testing::tempDir();
    for (const DkimKey* key : {&rsaKey(), &edKey()}) {
        for (DkimCanon c : {DkimCanon::Relaxed, DkimCanon::Simple}) {
            DkimSignOptions o;
            o.headerCanon = c;
            o.bodyCanon = c;
            o.timestamp = 1796378400;
            const std::string msg = signWith(*key, "s1", kMessage, o);
            zonesFor("s1", key->dnsRecord()).writeFile(dir + "/zones.json");
            postino::testing::writeText(dir + "/good.eml", msg);
            postino::testing::writeText(dir + "/bad.eml", replace(msg, "is ready", "is not ready"));
            INFO(algorithmName(key->algorithm()) << (c == DkimCanon::Relaxed ? " relaxed" : " simple"));
            auto good = postino::testing::runCommand(tool + " dkim-verify " + dir + "/good.eml " + dir + "/zones.json", true);
            CHECK(good.output == "pass\n");
            auto bad = postino::testing::runCommand(tool + " dkim-verify " + dir + "/bad.eml " + dir + "/zones.json", true);
            CHECK(bad.output == "fail\n");
        }
    }
}

TEST_CASE("DKIM: Postino verifies Debian's python3-dkim signatures", "[auth][dkim][python]") {
    const std::string tool = postino::testing::debianPythonWithAuth();
    if (tool.empty()) FAIL("/usr/bin/python3 with python3-dkim and python3-spf is needed: apt-get install python3-dkim python3-spf");
    const std::string dir = postino::testing::tempDir();
    postino::testing::writeText(dir + "/msg.eml", kMessage);
    for (const DkimKey* key : {&rsaKey(), &edKey()}) {
        postino::testing::writeText(dir + "/key.txt", key->privateKeyText());
        // dkimpy's own header choice ("-") signs every field it recommends, those absent too (h= lists
        // names the message lacks, which then sign nothing), and From twice.
        for (const char* canon : {"relaxed/relaxed", "simple/simple", "relaxed/simple", "relaxed/relaxed -"}) {
            std::string c = canon;
            std::string headers = c.size() > 16 ? "-" : "from:to:subject:date";
            c = c.substr(0, c.find(' '));
            auto r = postino::testing::runCommand(tool + " dkim-sign " + dir + "/msg.eml " + dir + "/key.txt bank.example py " +
                                                  algorithmName(key->algorithm()) + " " + headers + " " + c);
            INFO(algorithmName(key->algorithm()) << " " << canon << ": " << r.output);
            REQUIRE(r.status == 0);
            REQUIRE(r.output.rfind("DKIM-Signature: ", 0) == 0);
            const std::string signedMsg = r.output + kMessage;
            DkimOutcome o = verify(signedMsg, zonesFor("py", key->dnsRecord()));
            REQUIRE(o.signatures.size() == 1);
            CHECK(o.result() == DkimResult::Pass);
            CHECK(o.signatures[0].algorithm == algorithmName(key->algorithm()));
            CHECK(verify(replace(signedMsg, "Your statement", "Your statemen"), zonesFor("py", key->dnsRecord())).result() ==
                  DkimResult::Fail);
        }
    }
}
