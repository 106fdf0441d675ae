// DMARC (RFC 7489): records, organizational domains, the alignment examples of its appendix B.1,
// the policy examples of B.2, subdomain policy (sp=), the decision INBOX / Junk / reject with its
// reason; and the Authentication-Results: field (RFC 8601) built from SPF, DKIM and DMARC.
#include "auth/authentication_results.h"
#include "auth/dmarc.h"
#include "auth_test_support.h"

#include <catch2/catch.hpp>

using namespace postino::auth;
using postino::testing::TestZones;

namespace {

TestZones dmarcZones(const std::string& name, const std::vector<std::string>& records) {
    nlohmann::json z;
    for (const std::string& r : records) z["_dmarc." + name]["TXT"].push_back(nlohmann::json::array({r}));
    return TestZones(z);
}

DmarcOutcome run(const TestZones& zones, DmarcInput in, std::vector<DnsQuestion>* asked = nullptr) {
    DmarcCheck c(std::move(in));
    return postino::testing::resolve(c, zones, asked);
}

}  // namespace

TEST_CASE("DMARC alignment follows RFC 7489 appendix B.1", "[auth][dmarc]") {
    // B.1.1 SPF: MAIL FROM example.com / child.example.com / example.org, From example.com.
    CHECK(aligned("example.com", "example.com", DmarcAlignment::Strict));
    CHECK(aligned("child.example.com", "example.com", DmarcAlignment::Relaxed));
    CHECK_FALSE(aligned("child.example.com", "example.com", DmarcAlignment::Strict));
    CHECK_FALSE(aligned("example.org", "example.com", DmarcAlignment::Relaxed));
    // B.1.2 DKIM: d=example.com / child.example.com, From example.com; d=example.com, From example.net.
    CHECK(aligned("example.com", "example.com", DmarcAlignment::Strict));
    CHECK(aligned("child.example.com", "example.com", DmarcAlignment::Relaxed));
    CHECK_FALSE(aligned("child.example.com", "example.com", DmarcAlignment::Strict));
    CHECK_FALSE(aligned("example.com", "example.net", DmarcAlignment::Relaxed));
    // Organizational domains, simplified.
    CHECK(organizationalDomain("mail.Bank.Example.") == "bank.example");
    CHECK(organizationalDomain("bank.example") == "bank.example");
    CHECK(organizationalDomain("a.b.shop.co.uk") == "shop.co.uk");
    CHECK(organizationalDomain("co.uk") == "co.uk");
    CHECK(organizationalDomain("localhost") == "localhost");
    CHECK_FALSE(aligned("evil.co.uk", "shop.co.uk", DmarcAlignment::Relaxed));
}

TEST_CASE("DMARC records parse, and bad ones say why", "[auth][dmarc]") {
    DmarcParse p = parseDmarcRecord("v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=r; pct=25; rua=mailto:d@x.example");
    REQUIRE(p.record);
    CHECK(p.record->p == DmarcPolicy::Reject);
    CHECK(p.record->sp == DmarcPolicy::Quarantine);
    CHECK(p.record->adkim == DmarcAlignment::Strict);
    CHECK(p.record->aspf == DmarcAlignment::Relaxed);
    CHECK(p.record->pct == 25);
    // Bad optional values fall back to defaults.
    DmarcParse lax = parseDmarcRecord("v=DMARC1;p=none;adkim=x;pct=250;");
    REQUIRE(lax.record);
    CHECK(lax.record->adkim == DmarcAlignment::Relaxed);
    CHECK(lax.record->pct == 100);
    // A bad p= with a reporting address is read as p=none (RFC 7489 6.6.3 step 6).
    DmarcParse ruaOnly = parseDmarcRecord("v=DMARC1; p=maybe; rua=mailto:d@x.example");
    REQUIRE(ruaOnly.record);
    CHECK(ruaOnly.record->p == DmarcPolicy::None);
    CHECK(parseDmarcRecord("v=DMARC1; p=maybe").error == "p=maybe is not none, quarantine or reject");
    CHECK(parseDmarcRecord("v=DMARC1; sp=reject").error == "the record has no p= (policy) tag");
    CHECK(parseDmarcRecord("v=DMARC1; p=none; sp=all").error == "sp=all is not none, quarantine or reject");
    CHECK(parseDmarcRecord("v=DMARC1; p=none; p=reject").error == "tag 'p' appears twice");
    CHECK(parseDmarcRecord("p=none; v=DMARC1").error == "the record does not start with 'v=DMARC1'");
    CHECK(isDmarcRecord("v = DMARC1"));
    CHECK_FALSE(isDmarcRecord("v=DMARC10; p=none"));
    CHECK_FALSE(isDmarcRecord("v=dmarc1; p=none"));
}

TEST_CASE("DMARC reads the From: domain", "[auth][dmarc]") {
    std::string why;
    CHECK(fromDomain(" Alice <alice@Bank.Example>", why) == "bank.example");
    CHECK(fromDomain("alice@bank.example (Alice, the boss)", why) == "bank.example");
    CHECK(fromDomain("\"Bank, <support@bank.example>\" <phish@evil.example>", why) == "evil.example");
    CHECK(fromDomain("a@x.example, b@y.example", why).empty());
    CHECK(why == "From: names more than one address");
    CHECK(fromDomain("undisclosed", why).empty());
    CHECK(why == "From: has no address with a domain");
    CHECK(fromDomain("<a@b.example", why).empty());
    CHECK(why == "From: has a '<' without its '>'");
}

TEST_CASE("DMARC decides INBOX, Junk or reject with the reason", "[auth][dmarc]") {
    const TestZones bank = dmarcZones("bank.example", {"v=DMARC1; p=reject; rua=mailto:dmarc@bank.example"});

    // A phish: SPF passes for the attacker's own domain, no DKIM signature of bank.example.
    DmarcOutcome phish = run(bank, {"bank.example", SpfResult::Pass, "mailer.example", {}});
    CHECK(phish.result == DmarcResult::Fail);
    CHECK(phish.disposition == Disposition::Reject);
    CHECK(phish.smtpReply == "550 5.7.1 rejected by DMARC policy for bank.example");
    CHECK(phish.explanation ==
          "DMARC: SPF passed for mailer.example, not aligned (relaxed) with bank.example; no DKIM signature passed; "
          "bank.example asks p=reject → fail, reject");

    // The bank's own mail: DKIM of bank.example passes though SPF failed (a forwarder).
    DmarcOutcome real = run(bank, {"bank.example", SpfResult::Fail, "forwarder.example", {"bank.example"}});
    CHECK(real.result == DmarcResult::Pass);
    CHECK(real.disposition == Disposition::Inbox);
    CHECK(real.smtpReply.empty());
    CHECK(real.dkimAligned);
    CHECK_FALSE(real.spfAligned);
    CHECK(real.explanation == "DMARC: SPF did not pass (fail); DKIM passed for bank.example, aligned with bank.example "
                              "→ pass, deliver to INBOX");

    // SPF alone, relaxed: a bounce subdomain aligns; strict (aspf=s) it does not.
    CHECK(run(bank, {"bank.example", SpfResult::Pass, "bounce.bank.example", {}}).result == DmarcResult::Pass);
    const TestZones strict = dmarcZones("bank.example", {"v=DMARC1; p=quarantine; aspf=s; adkim=s"});
    DmarcOutcome s = run(strict, {"bank.example", SpfResult::Pass, "bounce.bank.example", {"mail.bank.example"}});
    CHECK(s.result == DmarcResult::Fail);
    CHECK(s.disposition == Disposition::Junk);
    CHECK(s.explanation.find("DKIM passed only for mail.bank.example, not aligned (strict) with bank.example") !=
          std::string::npos);

    // RFC 7489 B.2.1: monitoring only (p=none): a failing message is still delivered.
    DmarcOutcome monitor =
        run(dmarcZones("example.com", {"v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com"}),
            {"example.com", SpfResult::SoftFail, "example.com", {}});
    CHECK(monitor.result == DmarcResult::Fail);
    CHECK(monitor.disposition == Disposition::Inbox);
    CHECK(monitor.explanation.find("→ fail, deliver to INBOX") != std::string::npos);

    // RFC 7489 B.2.4: test.example.com, quarantine with pct=25: Postino quarantines every failing message.
    DmarcOutcome sampled = run(dmarcZones("test.example.com", {"v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,"
                                                               "mailto:tld-test@thirdparty.example.net!10m; pct=25"}),
                               {"test.example.com", SpfResult::None, "", {}});
    CHECK(sampled.disposition == Disposition::Junk);
    CHECK(sampled.explanation.find("its pct=25 is ignored: Postino applies the policy to every message") != std::string::npos);
}

TEST_CASE("DMARC falls back to the organizational domain and applies sp= there", "[auth][dmarc]") {
    const TestZones org = dmarcZones("bank.example", {"v=DMARC1; p=reject; sp=quarantine"});
    std::vector<DnsQuestion> asked;
    DmarcOutcome o = run(org, {"news.bank.example", SpfResult::Fail, "news.bank.example", {}}, &asked);
    using postino::dns::RrType;
    CHECK(asked == std::vector<DnsQuestion>{{"_dmarc.news.bank.example", RrType::TXT}, {"_dmarc.bank.example", RrType::TXT}});
    CHECK(o.policyDomain == "bank.example");
    CHECK(o.applied == DmarcPolicy::Quarantine);
    CHECK(o.disposition == Disposition::Junk);
    CHECK(o.explanation.find("bank.example (the organizational domain of news.bank.example) asks sp=quarantine") !=
          std::string::npos);
    // Without sp=, a subdomain gets p=.
    CHECK(run(dmarcZones("bank.example", {"v=DMARC1; p=reject"}), {"news.bank.example", SpfResult::Fail, "x.example", {}})
              .disposition == Disposition::Reject);
}

TEST_CASE("DMARC: no record, two records, a broken record, DNS failing", "[auth][dmarc]") {
    DmarcOutcome none = run(TestZones::parse("{}"), {"shop.example", SpfResult::Pass, "shop.example", {}});
    CHECK(none.result == DmarcResult::None);
    CHECK(none.explanation == "DMARC: shop.example publishes no DMARC policy → none, deliver to INBOX");
    DmarcOutcome sub = run(TestZones::parse("{}"), {"a.shop.example", SpfResult::Pass, "shop.example", {}});
    CHECK(sub.explanation == "DMARC: a.shop.example publishes no DMARC policy (nor does shop.example) → none, deliver to INBOX");
    DmarcOutcome two = run(dmarcZones("shop.example", {"v=DMARC1; p=reject", "v=DMARC1; p=none"}),
                           {"shop.example", SpfResult::Fail, "x.example", {}});
    CHECK(two.result == DmarcResult::None);
    CHECK(two.explanation.find("publishes 2 DMARC records, so none applies") != std::string::npos);
    DmarcOutcome broken = run(dmarcZones("shop.example", {"v=DMARC1; p=maybe"}), {"shop.example", SpfResult::Fail, "x", {}});
    CHECK(broken.result == DmarcResult::PermError);
    CHECK(broken.disposition == Disposition::Inbox);
    CHECK(broken.explanation.find("p=maybe is not none, quarantine or reject") != std::string::npos);
    // Other TXT records at _dmarc are not DMARC records.
    CHECK(run(dmarcZones("shop.example", {"hello"}), {"shop.example", SpfResult::Fail, "x", {}}).result == DmarcResult::None);
    nlohmann::json temp;
    temp["!temp"] = nlohmann::json::array({"_dmarc.shop.example"});
    CHECK(run(TestZones(temp), {"shop.example", SpfResult::Fail, "x", {}}).result == DmarcResult::TempError);
    CHECK(run(TestZones(temp), {"", SpfResult::Fail, "x", {}}).result == DmarcResult::PermError);
}

TEST_CASE("Authentication-Results: one folded line per method, RFC 8601 result names", "[auth][dmarc]") {
    SpfOutcome spf;
    spf.result = SpfResult::Pass;
    spf.domain = "mailer.example";
    spf.identity = "mailfrom";
    DkimOutcome dkim;
    DkimSignatureOutcome sig;
    sig.result = DkimResult::Fail;
    sig.domain = "bank.example";
    sig.selector = "s1";
    sig.algorithm = "ed25519-sha256";
    sig.b = "AbC+/12345==";
    dkim.signatures.push_back(sig);
    DmarcOutcome dmarc = run(dmarcZones("bank.example", {"v=DMARC1; p=reject"}),
                             {"bank.example", SpfResult::Pass, "mailer.example", {}});
    AuthResultsInput in{"mx.recipient.example", spf, dkim, dmarc, "bounce@mailer.example", "mailer.example"};
    CHECK(authenticationResults(in) ==
          "Authentication-Results: mx.recipient.example;\r\n"
          "\tspf=pass smtp.mailfrom=bounce@mailer.example;\r\n"
          "\tdkim=fail header.d=bank.example header.s=s1 header.a=ed25519-sha256 header.b=\"AbC+/123\";\r\n"
          "\tdmarc=fail (p=reject dis=reject) header.from=bank.example\r\n");
    spf.identity = "helo";
    AuthResultsInput helo{"mx.recipient.example", spf, DkimOutcome{}, std::nullopt, "", "mailer.example"};
    CHECK(authenticationResults(helo) ==
          "Authentication-Results: mx.recipient.example;\r\n\tspf=pass smtp.helo=mailer.example;\r\n\tdkim=none\r\n");
    CHECK(authenticationResults({"mx.recipient.example"}) == "Authentication-Results: mx.recipient.example; none\r\n");
}
