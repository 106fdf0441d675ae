// The SPF check of one SMTP client: may this IP address send mail for the MAIL FROM domain?
// RFC 7208 2.6 (results), 4 (check_host: record look-up, evaluation, 4.6.4 DNS limits), 5 (mechanisms),
// 6.1 (redirect). Sans-I/O state machine: it asks DNS questions and is fed answers; no resolver, no clock.
#pragma once

#include "auth/auth_dns.h"
#include "auth/ip_address.h"
#include "auth/spf_record.h"
#include "trace/phrase.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace postino::auth {

enum class SpfResult { None, Neutral, Pass, Fail, SoftFail, TempError, PermError };
std::string spfResultName(SpfResult r);  // RFC 8601 spelling: "pass", "softfail", "permerror"...

struct SpfOutcome {
    SpfResult result = SpfResult::None;
    // One sentence for a student: "SPF: 203.0.113.66 is not allowed to send for bank.example
    // (it matched '-all' in bank.example's record) → fail".
    std::string explanation;
    trace::Phrase sentence;  // the same, for translation: the frame and the reason (a phrase inside it)
    std::string domain;    // the domain checked (MAIL FROM's, or HELO's for a null sender)
    std::string identity;  // "mailfrom" or "helo" (RFC 8601's smtp.mailfrom / smtp.helo)
    std::string matched;   // the term of the domain's own record that decided; empty if none did
    int lookups = 0;       // DNS-querying terms counted against the limit of 10
    std::vector<std::string> steps;  // each record read, each term that matched or failed, in order
};

class SpfCheck {
public:
    static constexpr int kMaxLookups = 10;     // RFC 7208 4.6.4
    static constexpr int kMaxVoidLookups = 2;  // RFC 7208 4.6.4
    static constexpr int kMaxMxNames = 10;     // RFC 7208 4.6.4

    // `mailFrom` is the MAIL FROM address ("alice@bank.example", "" for the null sender, then
    // postmaster@helo is checked). The IP is the SMTP client's.
    SpfCheck(IpAddress ip, std::string mailFrom, std::string helo);

    using Step = std::variant<DnsQuestion, SpfOutcome>;
    // The question to answer next, or the result once there is one.
    Step next() const;
    bool done() const { return m_outcome.has_value(); }
    // Feeds the answer to the question next() returned; ignored once done.
    void answer(const DnsAnswer& a);

private:
    enum class Via { Top, Include, Redirect };
    enum class Wait { Record, Address, MxNames, MxAddress, Exists };
    struct Frame {
        std::string domain;
        Via via = Via::Top;
        std::optional<SpfRecord> record;
        std::size_t term = 0;
        bool redirected = false;
        Wait wait = Wait::Record;
        std::string target;
        std::vector<std::string> mxHosts;
        std::size_t mxNext = 0;
    };

    static Frame frame(std::string domain, Via via) {
        Frame f;
        f.domain = std::move(domain);
        f.via = via;
        return f;
    }
    void advance();
    void evaluateTerm(Frame& f);
    bool countLookup(const std::string& term);
    void ask(Frame& f, Wait wait, const std::string& name, dns::RrType type);
    dns::RrType addressType() const { return m_ip.v6 ? dns::RrType::AAAA : dns::RrType::A; }
    bool addressMatches(const DnsAnswer& a, const SpfTerm& t) const;
    void matched(const SpfTerm& t);
    void finishFrame(SpfResult r, const trace::Phrase& why);
    void finishAll(SpfResult r, const trace::Phrase& why);
    std::string expand(const std::string& spec, const std::string& domain) const;

    IpAddress m_ip;
    std::string m_sender;
    std::string m_helo;
    std::vector<Frame> m_frames;
    std::optional<DnsQuestion> m_pending;
    std::optional<SpfOutcome> m_outcome;
    SpfOutcome m_work;
    int m_lookups = 0;
    int m_voids = 0;
    trace::Phrase m_because;  // why the deepest matching term matched, carried up through includes
    bool m_becauseNested = false;  // m_because is an included record's own "... matched" sentence
};

// Whether a domain can be checked at all (RFC 7208 4.3): labels 1..63 octets, at least two labels.
bool spfDomainValid(const std::string& domain);

}  // namespace postino::auth
