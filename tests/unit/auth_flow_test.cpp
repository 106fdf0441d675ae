// The three checks together as a receiving server will run them (the wiring into mail servers
// is elsewhere): SPF of the client, DKIM of the message, DMARC of the From domain, then the
// Authentication-Results field and INBOX / Junk / reject, each step explained.
#include "auth/authentication_results.h"
#include "auth/dkim_sign.h"
#include "auth/dkim_verify.h"
#include "auth/dmarc.h"
#include "auth/spf_check.h"
#include "auth_test_support.h"

#include <catch2/catch.hpp>

using namespace postino::auth;
using postino::testing::TestZones;

namespace {

struct Verdict {
    SpfOutcome spf;
    DkimOutcome dkim;
    DmarcOutcome dmarc;
    std::string header;
};

Verdict receive(const TestZones& zones, const std::string& ip, const std::string& mailFrom, const std::string& helo,
                const std::string& message) {
    Verdict v;
    SpfCheck spf(*IpAddress::parse(ip), mailFrom, helo);
    v.spf = postino::testing::resolve(spf, zones);
    DkimVerify dkim(message);
    v.dkim = postino::testing::resolve(dkim, zones);
    SplitMessage split = splitMessage(message);
    std::string from;
    for (const HeaderField& h : split.headers) {
        if (lowerAscii(h.name) == "from") from = h.raw.substr(h.raw.find(':') + 1);
    }
    std::string why;
    DmarcCheck dmarc(DmarcInput{fromDomain(from, why), v.spf.result, v.spf.domain, v.dkim.passingDomains()});
    v.dmarc = postino::testing::resolve(dmarc, zones);
    v.header = authenticationResults({"mx.recipient.example", v.spf, v.dkim, v.dmarc, mailFrom, helo});
    return v;
}

}  // namespace

TEST_CASE("a phish claiming bank.example is rejected, the bank's own mail reaches INBOX", "[auth][dmarc][spf][dkim]") {
    const DkimKey key = DkimKey::ed25519FromSeed("bank.example/s1");
    nlohmann::json z;
    z["bank.example"]["TXT"] = nlohmann::json::array({nlohmann::json::array({"v=spf1 ip4:192.0.2.0/24 -all"})});
    z["s1._domainkey.bank.example"]["TXT"] = nlohmann::json::array({nlohmann::json::array({key.dnsRecord()})});
    z["_dmarc.bank.example"]["TXT"] = nlohmann::json::array({nlohmann::json::array({"v=DMARC1; p=reject"})});
    const TestZones zones(z);
    const std::string mail = "From: Bank <support@bank.example>\r\nTo: bob@recipient.example\r\n"
                             "Subject: Your account\r\n\r\nAll is well.\r\n";

    DkimSignOptions o;
    o.domain = "bank.example";
    o.selector = "s1";
    Verdict real = receive(zones, "192.0.2.25", "bounces@bank.example", "mail.bank.example",
                           dkimSign(mail, key, o).field + mail);
    CHECK(real.dmarc.disposition == Disposition::Inbox);
    CHECK(real.header.find("spf=pass smtp.mailfrom=bounces@bank.example;") != std::string::npos);
    CHECK(real.header.find("dkim=pass header.d=bank.example header.s=s1") != std::string::npos);
    CHECK(real.header.find("dmarc=pass (p=reject dis=none) header.from=bank.example") != std::string::npos);

    Verdict phish = receive(zones, "203.0.113.66", "support@bank.example", "mail.evil.example", mail);
    CHECK(phish.spf.explanation ==
          "SPF: 203.0.113.66 is not allowed to send for bank.example ('-all' matched in bank.example's record) → fail");
    CHECK(phish.dkim.explanation() == "DKIM: the message has no DKIM-Signature → none");
    CHECK(phish.dmarc.explanation == "DMARC: SPF did not pass (fail); no DKIM signature passed; bank.example asks "
                                     "p=reject → fail, reject");
    CHECK(phish.dmarc.disposition == Disposition::Reject);
    CHECK(phish.header == "Authentication-Results: mx.recipient.example;\r\n"
                          "\tspf=fail smtp.mailfrom=support@bank.example;\r\n"
                          "\tdkim=none;\r\n"
                          "\tdmarc=fail (p=reject dis=reject) header.from=bank.example\r\n");
}
