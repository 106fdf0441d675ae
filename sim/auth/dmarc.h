// DMARC: the From domain's policy record, SPF/DKIM alignment, and what to do with the message.
// RFC 7489 3.1 (alignment), 3.2 (organizational domain: simplified, see organizationalDomain), 6.3
// (record tags), 6.6.3 (policy discovery), 6.6.4-6.7 (result and policy). Sans-I/O state machine: asks
// TXT _dmarc.<domain>, is fed answers. It does not send reports (rua/ruf are read and ignored).
#pragma once

#include "auth/auth_dns.h"
#include "auth/spf_check.h"
#include "trace/phrase.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace postino::auth {

enum class DmarcPolicy { None, Quarantine, Reject };
enum class DmarcAlignment { Relaxed, Strict };
std::string policyName(DmarcPolicy p);  // "none", "quarantine", "reject"

struct DmarcRecord {
    DmarcPolicy p = DmarcPolicy::None;
    std::optional<DmarcPolicy> sp;
    DmarcAlignment adkim = DmarcAlignment::Relaxed;
    DmarcAlignment aspf = DmarcAlignment::Relaxed;
    int pct = 100;  // read; Postino applies the policy to every message (as if pct=100) and says so
};

struct DmarcParse {
    std::optional<DmarcRecord> record;
    std::string error;  // "p=maybe is not none, quarantine or reject"
};
bool isDmarcRecord(const std::string& txt);  // starts with "v=DMARC1" then ';', space or end
DmarcParse parseDmarcRecord(const std::string& txt);

// Simplified organizational domain: the last two labels, or three when the last two are one of a
// small built-in list of public suffixes (co.uk, com.au, ...). Real receivers use the whole Public
// Suffix List (publicsuffix.org); lessons use .example names, where both agree.
std::string organizationalDomain(const std::string& domain);
// RFC 7489 3.1: strict = the same name; relaxed = the same organizational domain.
bool aligned(const std::string& a, const std::string& b, DmarcAlignment mode);

// The From: header's domain ("Alice <alice@Bank.Example>" -> "bank.example"); empty when there is
// no single address with a domain (`why` says what is wrong).
std::string fromDomain(const std::string& fromHeaderValue, std::string& why);

enum class DmarcResult { None, Pass, Fail, TempError, PermError };
std::string dmarcResultName(DmarcResult r);
enum class Disposition { Inbox, Junk, Reject };  // deliver, quarantine, refuse
std::string dispositionName(Disposition d);      // "INBOX", "Junk", "reject"

struct DmarcOutcome {
    DmarcResult result = DmarcResult::None;
    Disposition disposition = Disposition::Inbox;
    std::string fromDomain;
    std::string policyDomain;        // where the record was found (the From domain or its org domain)
    std::optional<DmarcRecord> record;
    DmarcPolicy applied = DmarcPolicy::None;  // p= or sp= that was applied on fail
    bool spfAligned = false;
    bool dkimAligned = false;
    // For a student: "DMARC: bank.example asks to reject mail that fails; SPF passed for
    // mailer.example (not aligned with bank.example) and no DKIM signature of bank.example passed
    // → fail, reject". Mentions pct when it is below 100.
    std::string explanation;
    trace::Phrase sentence;  // the same, for translation: its frame translated, the reasons in English
    // On reject, the SMTP reply to the end of DATA, in OpenDMARC's words (RFC 7489 10.3):
    // "550 5.7.1 rejected by DMARC policy for bank.example". Empty otherwise.
    std::string smtpReply;
};

struct DmarcInput {
    std::string fromDomain;          // from fromDomain()
    SpfResult spf = SpfResult::None;
    std::string spfDomain;           // the domain SPF checked (MAIL FROM's, or HELO's)
    std::vector<std::string> dkimPassDomains;  // d= of each DKIM signature that passed
};

class DmarcCheck {
public:
    explicit DmarcCheck(DmarcInput input);
    using Step = std::variant<DnsQuestion, DmarcOutcome>;
    Step next() const;
    bool done() const { return m_outcome.has_value(); }
    void answer(const DnsAnswer& a);

private:
    void decide(const DmarcRecord& rec, const std::string& where);
    void finish(DmarcResult r, Disposition d, const trace::Phrase& why);

    DmarcInput m_in;
    std::optional<DnsQuestion> m_question;
    bool m_triedOrg = false;
    std::optional<DmarcOutcome> m_outcome;
    DmarcOutcome m_work;
};

}  // namespace postino::auth
