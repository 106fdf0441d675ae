// The check_host() state machine: records, terms, includes and redirects, one DNS question at a time.
#include "auth/spf_check.h"

#include "auth/spf_macro.h"

#include <algorithm>
#include <cctype>

namespace postino::auth {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string statusWord(DnsStatus s) {
    return s == DnsStatus::NxDomain ? N_("no such domain") : s == DnsStatus::TempError ? N_("failed") : N_("no record");
}

}  // namespace

std::string spfResultName(SpfResult r) {
    switch (r) {
    case SpfResult::None: return "none";
    case SpfResult::Neutral: return "neutral";
    case SpfResult::Pass: return "pass";
    case SpfResult::Fail: return "fail";
    case SpfResult::SoftFail: return "softfail";
    case SpfResult::TempError: return "temperror";
    case SpfResult::PermError: return "permerror";
    }
    return "none";
}

bool spfDomainValid(const std::string& domain) {
    if (domain.empty() || domain.size() > 253) return false;
    std::size_t labels = 0;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = domain.find('.', start);
        std::size_t len = (dot == std::string::npos ? domain.size() : dot) - start;
        if (len == 0 || len > 63) return false;
        ++labels;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return labels >= 2;
}

SpfCheck::SpfCheck(IpAddress ip, std::string mailFrom, std::string helo)
    : m_ip(ip.unmapped()), m_helo(lower(std::move(helo))) {
    std::string domain;
    if (mailFrom.empty()) {
        m_sender = "postmaster@" + m_helo;
        domain = m_helo;
        m_work.identity = "helo";
    } else {
        std::size_t at = mailFrom.rfind('@');
        m_sender = at == std::string::npos ? "postmaster@" + mailFrom : mailFrom;
        if (at == 0) m_sender = "postmaster" + mailFrom;
        domain = lower(at == std::string::npos ? mailFrom : mailFrom.substr(at + 1));
        m_work.identity = "mailfrom";
    }
    if (!domain.empty() && domain.back() == '.') domain.pop_back();
    m_work.domain = domain;
    if (!spfDomainValid(domain)) {
        finishAll(SpfResult::None, trace::phrase("'{}' is not a domain that can have an SPF record", domain));
        return;
    }
    m_frames.push_back(frame(domain, Via::Top));
    advance();
}

SpfCheck::Step SpfCheck::next() const {
    if (m_outcome) return *m_outcome;
    return *m_pending;
}

std::string SpfCheck::expand(const std::string& spec, const std::string& domain) const {
    if (spec.empty()) return domain;
    return lower(expandMacros(spec, SpfMacroContext{m_sender, domain, m_helo, m_ip}));
}

void SpfCheck::ask(Frame& f, Wait wait, const std::string& name, dns::RrType type) {
    f.wait = wait;
    m_pending = DnsQuestion{name, type};
}

bool SpfCheck::countLookup(const std::string& term) {
    ++m_lookups;
    if (m_lookups > kMaxLookups) {
        finishAll(SpfResult::PermError,
                  trace::phrase("'{}' would be DNS look-up number {}; SPF allows at most 10 (include, a, mx, ptr, "
                                "exists, redirect)",
                                term, m_lookups));
        return false;
    }
    return true;
}

void SpfCheck::advance() {
    while (!m_outcome && !m_pending && !m_frames.empty()) {
        Frame& f = m_frames.back();
        if (!f.record) {
            ask(f, Wait::Record, f.domain, dns::RrType::TXT);
            return;
        }
        if (f.term < f.record->terms.size()) {
            evaluateTerm(f);
            continue;
        }
        if (f.record->redirect && !f.redirected) {
            f.redirected = true;
            if (!countLookup("redirect=" + *f.record->redirect)) return;
            std::string target = expand(*f.record->redirect, f.domain);
            m_work.steps.push_back(f.domain + ": no term matched, so redirect=" + target);
            m_frames.push_back(frame(target, Via::Redirect));
            continue;
        }
        finishFrame(SpfResult::Neutral, trace::phrase("no term of {}'s record matched, and it has no redirect", f.domain));
    }
}

void SpfCheck::evaluateTerm(Frame& f) {
    const SpfTerm& t = f.record->terms[f.term];
    switch (t.mechanism) {
    case SpfMechanism::All:
        m_because = {};
        matched(t);
        return;
    case SpfMechanism::Ip4:
    case SpfMechanism::Ip6: {
        int prefix = t.mechanism == SpfMechanism::Ip4 ? t.cidr4 : t.cidr6;
        if (m_ip.inNetwork(*t.network, prefix)) {
            m_because = trace::phrase("{} is inside {}/{}", m_ip.text(), t.network->text(), prefix);
            matched(t);
        } else {
            ++f.term;
        }
        return;
    }
    case SpfMechanism::A:
        if (!countLookup(t.text)) return;
        f.target = expand(t.domainSpec, f.domain);
        ask(f, Wait::Address, f.target, addressType());
        return;
    case SpfMechanism::Mx:
        if (!countLookup(t.text)) return;
        f.target = expand(t.domainSpec, f.domain);
        ask(f, Wait::MxNames, f.target, dns::RrType::MX);
        return;
    case SpfMechanism::Exists:
        if (!countLookup(t.text)) return;
        f.target = expand(t.domainSpec, f.domain);
        ask(f, Wait::Exists, f.target, dns::RrType::A);
        return;
    case SpfMechanism::Ptr:
        if (!countLookup(t.text)) return;
        m_work.steps.push_back(f.domain + ": '" + t.text +
                               "' skipped: Postino does no reverse (PTR) look-ups, and RFC 7208 5.5 says not to use ptr");
        ++f.term;
        return;
    case SpfMechanism::Include: {
        if (!countLookup(t.text)) return;
        std::string target = expand(t.domainSpec, f.domain);
        m_frames.push_back(frame(target, Via::Include));
        return;
    }
    }
}

bool SpfCheck::addressMatches(const DnsAnswer& a, const SpfTerm& t) const {
    for (const dns::ResourceRecord& rr : a.records) {
        std::optional<IpAddress> addr;
        if (rr.type == dns::RrType::A && !m_ip.v6) addr = IpAddress::v4(rr.address);
        if (rr.type == dns::RrType::AAAA && m_ip.v6) addr = IpAddress::fromRdata(rr.rawData);
        if (addr && m_ip.inNetwork(*addr, m_ip.v6 ? t.cidr6 : t.cidr4)) return true;
    }
    return false;
}

void SpfCheck::answer(const DnsAnswer& a) {
    if (m_outcome || !m_pending || m_frames.empty()) return;
    const DnsQuestion q = *m_pending;
    m_pending.reset();
    Frame& f = m_frames.back();
    if (a.status == DnsStatus::TempError) {
        finishAll(SpfResult::TempError, trace::phrase("the DNS look-up {} failed for now", describe(q)));
        return;
    }
    bool hasType = std::any_of(a.records.begin(), a.records.end(),
                               [&](const dns::ResourceRecord& rr) { return rr.type == q.type; });
    if (!hasType && ++m_voids > kMaxVoidLookups) {
        // kMaxVoidLookups is 2: this is always the third.
        finishAll(SpfResult::PermError,
                  trace::phrase("the DNS look-up {} found nothing, the 3rd such empty answer; SPF allows at most 2",
                                describe(q)));
        return;
    }
    if (f.wait == Wait::Record) {
        std::vector<std::string> spf;
        for (const dns::ResourceRecord& rr : a.records) {
            if (rr.type == dns::RrType::TXT && isSpfRecord(dns::txtText(rr))) spf.push_back(dns::txtText(rr));
        }
        if (spf.size() > 1) {
            finishAll(SpfResult::PermError,
                      trace::phrase("{} publishes {} SPF records; there must be only one", f.domain, spf.size()));
            return;
        }
        if (spf.empty()) {
            finishFrame(SpfResult::None,
                        trace::phrase("{} publishes no SPF record ({})", f.domain, trace::term(statusWord(a.status))));
            advance();
            return;
        }
        SpfParse p = parseSpfRecord(spf[0]);
        m_work.steps.push_back(f.domain + ": \"" + spf[0] + "\"");
        if (!p.record) {
            finishAll(SpfResult::PermError, trace::phrase("{}'s SPF record is broken: {}", f.domain, p.error));
            return;
        }
        f.record = std::move(*p.record);
        advance();
        return;
    }
    const SpfTerm& t = f.record->terms[f.term];
    switch (f.wait) {
    case Wait::Address:
    case Wait::MxAddress:
        if (addressMatches(a, t)) {
            m_because = trace::phrase("{} is an address of {}", m_ip.text(), q.name);
            matched(t);
        } else if (f.wait == Wait::MxAddress && f.mxNext < f.mxHosts.size()) {
            ask(f, Wait::MxAddress, f.mxHosts[f.mxNext++], addressType());
            return;
        } else {
            ++f.term;
        }
        break;
    case Wait::MxNames: {
        std::vector<std::pair<std::uint16_t, std::string>> mx;
        for (const dns::ResourceRecord& rr : a.records) {
            if (rr.type == dns::RrType::MX) mx.emplace_back(rr.preference, rr.target);
        }
        if (mx.size() > static_cast<std::size_t>(kMaxMxNames)) {
            finishAll(SpfResult::PermError, trace::phrase("'{}': {} has {} MX records; SPF looks at most at 10",
                                                          t.text, f.target, mx.size()));
            return;
        }
        std::sort(mx.begin(), mx.end());
        f.mxHosts.clear();
        for (auto& [pref, host] : mx) f.mxHosts.push_back(host);
        f.mxNext = 0;
        if (f.mxHosts.empty()) {
            ++f.term;
            break;
        }
        ask(f, Wait::MxAddress, f.mxHosts[f.mxNext++], addressType());
        return;
    }
    case Wait::Exists:
        if (hasType) {
            m_because = trace::phrase("{} exists", q.name);
            matched(t);
        } else {
            ++f.term;
        }
        break;
    case Wait::Record: break;
    }
    advance();
}

void SpfCheck::matched(const SpfTerm& t) {
    Frame& f = m_frames.back();
    const trace::Phrase note =
        m_because.text.empty() ? trace::phrase("'{}' matched in {}'s record", t.text, f.domain)
        : m_becauseNested      ? trace::phrase("'{}' matched in {}'s record, because {}", t.text, f.domain, m_because)
                               : trace::phrase("'{}' matched in {}'s record: {}", t.text, f.domain, m_because);
    m_becauseNested = false;
    m_work.steps.push_back(f.domain + ": " + note.text);
    m_because = note;
    if (f.via == Via::Top || m_frames.size() == 1) m_work.matched = t.text;
    SpfResult r = t.qualifier == SpfQualifier::Pass       ? SpfResult::Pass
                  : t.qualifier == SpfQualifier::Fail     ? SpfResult::Fail
                  : t.qualifier == SpfQualifier::SoftFail ? SpfResult::SoftFail
                                                          : SpfResult::Neutral;
    finishFrame(r, note);
}

void SpfCheck::finishFrame(SpfResult r, const trace::Phrase& why) {
    if (m_frames.size() <= 1 || r == SpfResult::TempError || r == SpfResult::PermError) {
        finishAll(r, why);
        return;
    }
    Frame done = std::move(m_frames.back());
    m_frames.pop_back();
    Frame& parent = m_frames.back();
    const SpfTerm* term = parent.term < (parent.record ? parent.record->terms.size() : 0)
                              ? &parent.record->terms[parent.term]
                              : nullptr;
    if (done.via == Via::Redirect) {
        if (r == SpfResult::None) {
            finishAll(SpfResult::PermError, trace::phrase("redirect={} leads to no SPF record: {}", done.domain, why));
            return;
        }
        if (m_frames.size() == 1 && m_work.matched.empty()) m_work.matched = "redirect=" + done.domain;
        finishFrame(r, why);
        return;
    }
    // An include: pass is a match of the include term; fail, softfail and neutral are no match.
    if (r == SpfResult::None) {
        finishAll(SpfResult::PermError,
                  trace::phrase("'{}' found no SPF record: {}", term ? term->text : std::string("include"), why));
        return;
    }
    if (r == SpfResult::Pass && term) {
        m_because = why;
        m_becauseNested = true;
        matched(*term);
        return;
    }
    m_because = {};
    m_work.steps.push_back(parent.domain + ": '" + (term ? term->text : "include") + "' did not match (" +
                           done.domain + " gave " + spfResultName(r) + ")");
    ++parent.term;
}

void SpfCheck::finishAll(SpfResult r, const trace::Phrase& why) {
    m_frames.clear();
    m_pending.reset();
    SpfOutcome o = m_work;
    o.result = r;
    o.lookups = m_lookups;
    const std::string ip = m_ip.text();
    const std::string& d = o.domain;
    trace::Phrase s;
    switch (r) {
    case SpfResult::Pass: s = trace::phrase("SPF: {} is allowed to send for {} ({}) → pass", ip, d, why); break;
    case SpfResult::Fail: s = trace::phrase("SPF: {} is not allowed to send for {} ({}) → fail", ip, d, why); break;
    case SpfResult::SoftFail:
        s = trace::phrase("SPF: {} is probably not allowed to send for {} ({}) → softfail", ip, d, why);
        break;
    case SpfResult::Neutral: s = trace::phrase("SPF: {} says nothing definite about {} ({}) → neutral", d, ip, why); break;
    case SpfResult::None:
        s = d.empty() ? trace::phrase("SPF: no SPF policy for an empty domain ({}) → none", why)
                      : trace::phrase("SPF: no SPF policy for {} ({}) → none", d, why);
        break;
    case SpfResult::TempError: s = trace::phrase("SPF: could not check {} for now ({}) → temperror", d, why); break;
    case SpfResult::PermError: s = trace::phrase("SPF: {}'s SPF policy cannot be used ({}) → permerror", d, why); break;
    }
    o.explanation = s.text;
    o.sentence = std::move(s);
    m_outcome = std::move(o);
}

}  // namespace postino::auth
