// DMARC record parsing, organizational domains, alignment and the policy decision.
#include "auth/dmarc.h"

#include "auth/tag_list.h"

#include <cctype>

namespace postino::auth {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<DmarcPolicy> policyFrom(const std::string& v) {
    std::string s = lower(v);
    if (s == "none") return DmarcPolicy::None;
    if (s == "quarantine") return DmarcPolicy::Quarantine;
    if (s == "reject") return DmarcPolicy::Reject;
    return std::nullopt;
}

// Second-level public suffixes the simplified rule knows (a few common ones; not the full PSL).
const char* const kTwoLabelSuffixes[] = {"co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "com.au", "net.au",
                                         "org.au", "edu.au", "co.nz", "org.nz", "co.jp",  "ne.jp",  "or.jp",
                                         "com.br", "com.mx", "co.za", "co.in",  "com.cn", "com.tr", "com.gr",
                                         "co.il",  "com.ar", "com.es", "gov.it"};

}  // namespace

std::string policyName(DmarcPolicy p) {
    return p == DmarcPolicy::Reject ? "reject" : p == DmarcPolicy::Quarantine ? "quarantine" : "none";
}

std::string dmarcResultName(DmarcResult r) {
    switch (r) {
    case DmarcResult::None: return "none";
    case DmarcResult::Pass: return "pass";
    case DmarcResult::Fail: return "fail";
    case DmarcResult::TempError: return "temperror";
    case DmarcResult::PermError: return "permerror";
    }
    return "none";
}

std::string dispositionName(Disposition d) {
    return d == Disposition::Inbox ? "INBOX" : d == Disposition::Junk ? "Junk" : "reject";
}

bool isDmarcRecord(const std::string& txt) {
    std::size_t i = 0;
    while (i < txt.size() && (txt[i] == ' ' || txt[i] == '\t')) ++i;
    if (txt.compare(i, 1, "v") != 0) return false;
    ++i;
    while (i < txt.size() && (txt[i] == ' ' || txt[i] == '\t')) ++i;
    if (txt.compare(i, 1, "=") != 0) return false;
    ++i;
    while (i < txt.size() && (txt[i] == ' ' || txt[i] == '\t')) ++i;
    if (txt.compare(i, 6, "DMARC1") != 0) return false;
    i += 6;
    while (i < txt.size() && (txt[i] == ' ' || txt[i] == '\t')) ++i;
    return i == txt.size() || txt[i] == ';';
}

DmarcParse parseDmarcRecord(const std::string& txt) {
    DmarcParse out;
    if (!isDmarcRecord(txt)) {
        out.error = "the record does not start with 'v=DMARC1'";
        return out;
    }
    TagList tags = parseTagList(txt);
    if (!tags.ok()) {
        out.error = tags.error;
        return out;
    }
    DmarcRecord rec;
    std::optional<DmarcPolicy> p = tags.get("p") ? policyFrom(*tags.get("p")) : std::nullopt;
    bool spBad = tags.get("sp") && !policyFrom(*tags.get("sp"));
    if (!p || spBad) {
        // RFC 7489 6.6.3 step 6: with a reporting address, act as if p=none; otherwise no DMARC.
        auto rua = tags.get("rua");
        if (rua && rua->find("mailto:") != std::string::npos) {
            p = DmarcPolicy::None;
        } else {
            out.error = spBad ? "sp=" + *tags.get("sp") + " is not none, quarantine or reject"
                        : tags.get("p") ? "p=" + *tags.get("p") + " is not none, quarantine or reject"
                                        : "the record has no p= (policy) tag";
            return out;
        }
    }
    rec.p = *p;
    if (!spBad && tags.get("sp")) rec.sp = policyFrom(*tags.get("sp"));
    // Other bad values fall back to their defaults (RFC 7489 6.3).
    if (auto v = tags.get("adkim"); v && lower(*v) == "s") rec.adkim = DmarcAlignment::Strict;
    if (auto v = tags.get("aspf"); v && lower(*v) == "s") rec.aspf = DmarcAlignment::Strict;
    if (auto v = tags.get("pct"); v && !v->empty() && v->size() <= 3 &&
                                  v->find_first_not_of("0123456789") == std::string::npos) {
        int n = std::stoi(*v);
        if (n <= 100) rec.pct = n;
    }
    out.record = rec;
    return out;
}

std::string organizationalDomain(const std::string& domainIn) {
    std::string domain = lower(domainIn);
    if (!domain.empty() && domain.back() == '.') domain.pop_back();
    std::vector<std::size_t> dots;
    for (std::size_t i = 0; i < domain.size(); ++i) {
        if (domain[i] == '.') dots.push_back(i);
    }
    if (dots.size() < 1) return domain;
    std::string lastTwo = domain.substr(dots.size() >= 2 ? dots[dots.size() - 2] + 1 : 0);
    int keep = 2;
    for (const char* s : kTwoLabelSuffixes) {
        if (lastTwo == s) keep = 3;
    }
    if (static_cast<int>(dots.size()) < keep) return domain;
    return domain.substr(dots[dots.size() - keep] + 1);
}

bool aligned(const std::string& a, const std::string& b, DmarcAlignment mode) {
    std::string x = lower(a), y = lower(b);
    if (x.empty() || y.empty()) return false;
    if (mode == DmarcAlignment::Strict) return x == y;
    return organizationalDomain(x) == organizationalDomain(y);
}

std::string fromDomain(const std::string& value, std::string& why) {
    // Drop comments and quoted display names, then look for a single addr-spec.
    std::string s;
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (quoted) {
            if (c == '\\') ++i;
            else if (c == '"') quoted = false;
            continue;
        }
        if (c == '"' && depth == 0) {
            quoted = true;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (depth == 0) {
            s += c;
        }
    }
    std::size_t commas = 0;
    for (char c : s) commas += c == ',';
    if (commas > 0) {
        why = "From: names more than one address";
        return "";
    }
    std::size_t lt = s.find('<');
    std::string addr = s;
    if (lt != std::string::npos) {
        std::size_t gt = s.find('>', lt);
        if (gt == std::string::npos) {
            why = "From: has a '<' without its '>'";
            return "";
        }
        addr = s.substr(lt + 1, gt - lt - 1);
    }
    std::size_t at = addr.rfind('@');
    if (at == std::string::npos) {
        why = "From: has no address with a domain";
        return "";
    }
    std::string d;
    for (char c : addr.substr(at + 1)) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') d += c;
    }
    d = lower(d);
    if (!d.empty() && d.back() == '.') d.pop_back();
    if (d.empty() || d.find('.') == std::string::npos) {
        why = "From: domain '" + d + "' is not a full domain name";
        return "";
    }
    return d;
}

DmarcCheck::DmarcCheck(DmarcInput input) : m_in(std::move(input)) {
    m_in.fromDomain = lower(m_in.fromDomain);
    m_work.fromDomain = m_in.fromDomain;
    if (m_in.fromDomain.empty()) {
        finish(DmarcResult::PermError, Disposition::Inbox,
               trace::phrase("the message has no usable From: domain to check"));
        return;
    }
    m_question = DnsQuestion{"_dmarc." + m_in.fromDomain, dns::RrType::TXT};
}

DmarcCheck::Step DmarcCheck::next() const {
    if (m_outcome) return *m_outcome;
    return *m_question;
}

void DmarcCheck::answer(const DnsAnswer& a) {
    if (m_outcome || !m_question) return;
    DnsQuestion q = *m_question;
    m_question.reset();
    if (a.status == DnsStatus::TempError) {
        finish(DmarcResult::TempError, Disposition::Inbox,
               trace::phrase("the look-up {} failed for now; a real server might answer 451 and let the sender retry",
                             describe(q)));
        return;
    }
    std::vector<std::string> found;
    for (const dns::ResourceRecord& rr : a.records) {
        if (rr.type == dns::RrType::TXT && isDmarcRecord(dns::txtText(rr))) found.push_back(dns::txtText(rr));
    }
    std::string where = q.name.substr(7);
    if (found.size() > 1) {
        finish(DmarcResult::None, Disposition::Inbox,
               trace::phrase("{} publishes {} DMARC records, so none applies (RFC 7489 6.6.3)", where, found.size()));
        return;
    }
    if (found.empty()) {
        std::string org = organizationalDomain(m_in.fromDomain);
        if (!m_triedOrg && org != m_in.fromDomain) {
            m_triedOrg = true;
            m_question = DnsQuestion{"_dmarc." + org, dns::RrType::TXT};
            return;
        }
        finish(DmarcResult::None, Disposition::Inbox,
               m_triedOrg ? trace::phrase("{} publishes no DMARC policy (nor does {})", m_in.fromDomain, org)
                          : trace::phrase("{} publishes no DMARC policy", m_in.fromDomain));
        return;
    }
    DmarcParse p = parseDmarcRecord(found[0]);
    m_work.policyDomain = where;
    if (!p.record) {
        finish(DmarcResult::PermError, Disposition::Inbox,
               trace::phrase("the DMARC record of {} is broken ({}), so no policy applies", where, p.error));
        return;
    }
    decide(*p.record, where);
}

void DmarcCheck::decide(const DmarcRecord& rec, const std::string& where) {
    m_work.record = rec;
    const std::string& from = m_in.fromDomain;
    m_work.spfAligned = m_in.spf == SpfResult::Pass && aligned(m_in.spfDomain, from, rec.aspf);
    trace::Phrase dkimWhy;
    for (const std::string& d : m_in.dkimPassDomains) {
        if (aligned(d, from, rec.adkim)) {
            m_work.dkimAligned = true;
            dkimWhy = trace::phrase("DKIM passed for {}, aligned with {}", d, from);
            break;
        }
    }
    const trace::Term spfMode = trace::term(rec.aspf == DmarcAlignment::Strict ? N_("strict") : N_("relaxed"));
    const trace::Term dkimMode = trace::term(rec.adkim == DmarcAlignment::Strict ? N_("strict") : N_("relaxed"));
    const trace::Phrase spfWhy =
        m_in.spf != SpfResult::Pass ? trace::phrase("SPF did not pass ({})", spfResultName(m_in.spf))
        : m_work.spfAligned         ? trace::phrase("SPF passed for {}, aligned with {}", m_in.spfDomain, from)
                                    : trace::phrase("SPF passed for {}, not aligned ({}) with {}", m_in.spfDomain,
                                                    spfMode, from);
    if (!m_work.dkimAligned) {
        if (m_in.dkimPassDomains.empty()) {
            dkimWhy = trace::phrase("no DKIM signature passed");
        } else {
            dkimWhy = trace::phrase("DKIM passed only for {}, not aligned ({}) with {}", m_in.dkimPassDomains.front(),
                                    dkimMode, from);
        }
    }
    const trace::Phrase reasons = trace::phrase("{}; {}", spfWhy, dkimWhy);
    if (m_work.spfAligned || m_work.dkimAligned) {
        finish(DmarcResult::Pass, Disposition::Inbox, reasons);
        return;
    }
    bool sub = where != from;
    DmarcPolicy policy = sub && rec.sp ? *rec.sp : rec.p;
    m_work.applied = policy;
    const std::string tag = std::string(sub && rec.sp ? "sp=" : "p=") + policyName(policy);
    trace::Phrase asks = sub ? trace::phrase("{} (the organizational domain of {}) asks {}", where, from, tag)
                             : trace::phrase("{} asks {}", where, tag);
    if (rec.pct < 100)
        asks = trace::phrase("{}; its pct={} is ignored: Postino applies the policy to every message", asks, rec.pct);
    Disposition d = policy == DmarcPolicy::Reject       ? Disposition::Reject
                    : policy == DmarcPolicy::Quarantine ? Disposition::Junk
                                                        : Disposition::Inbox;
    finish(DmarcResult::Fail, d, trace::phrase("{}; {}", reasons, asks));
}

void DmarcCheck::finish(DmarcResult r, Disposition d, const trace::Phrase& why) {
    m_question.reset();
    m_work.result = r;
    m_work.disposition = d;
    const std::string result = dmarcResultName(r);
    m_work.sentence = d == Disposition::Inbox ? trace::phrase("DMARC: {} → {}, deliver to INBOX", why, result)
                      : d == Disposition::Junk ? trace::phrase("DMARC: {} → {}, deliver to Junk", why, result)
                                               : trace::phrase("DMARC: {} → {}, reject", why, result);
    m_work.explanation = m_work.sentence.text;
    if (d == Disposition::Reject) m_work.smtpReply = "550 5.7.1 rejected by DMARC policy for " + m_work.policyDomain;
    m_outcome = m_work;
}

}  // namespace postino::auth
