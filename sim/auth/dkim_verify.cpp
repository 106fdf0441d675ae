// The DKIM verifier: signature tags, key record, body hash, header hash, one signature at a time.
#include "auth/dkim_verify.h"

#include "auth/dkim_sign.h"
#include "core/base64.h"

#include <cctype>

namespace postino::auth {

namespace {

std::vector<std::string> splitColon(const std::string& h) {
    std::vector<std::string> out(1);
    for (char c : h) {
        if (c == ':') {
            out.emplace_back();
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            out.back() += c;
        }
    }
    return out;
}

bool allDigits(const std::string& s) {
    if (s.empty() || s.size() > 18) return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

bool listHas(const std::string& list, const std::string& want) {
    for (const std::string& item : splitColon(list)) {
        if (lowerAscii(item) == want) return true;
    }
    return false;
}

}  // namespace

std::string dkimResultName(DkimResult r) {
    switch (r) {
    case DkimResult::None: return "none";
    case DkimResult::Pass: return "pass";
    case DkimResult::Fail: return "fail";
    case DkimResult::Neutral: return "neutral";
    case DkimResult::TempError: return "temperror";
    case DkimResult::PermError: return "permerror";
    }
    return "none";
}

DkimResult DkimOutcome::result() const {
    for (const DkimSignatureOutcome& s : signatures) {
        if (s.result == DkimResult::Pass) return DkimResult::Pass;
    }
    return signatures.empty() ? DkimResult::None : signatures.front().result;
}

std::string DkimOutcome::explanation() const {
    for (const DkimSignatureOutcome& s : signatures) {
        if (s.result == DkimResult::Pass) return s.explanation;
    }
    return signatures.empty() ? "DKIM: the message has no DKIM-Signature → none" : signatures.front().explanation;
}

trace::Phrase DkimOutcome::sentence() const {
    for (const DkimSignatureOutcome& s : signatures) {
        if (s.result == DkimResult::Pass) return s.sentence;
    }
    return signatures.empty() ? trace::phrase("DKIM: the message has no DKIM-Signature → none") : signatures.front().sentence;
}

std::vector<std::string> DkimOutcome::passingDomains() const {
    std::vector<std::string> out;
    for (const DkimSignatureOutcome& s : signatures) {
        if (s.result == DkimResult::Pass) out.push_back(s.domain);
    }
    return out;
}

DkimVerify::DkimVerify(std::string message, DkimVerifyOptions options) : m_options(options) {
    m_split = splitMessage(message);
    for (std::size_t i = 0; i < m_split.headers.size() && m_signatureFields.size() < m_options.maxSignatures; ++i) {
        if (lowerAscii(m_split.headers[i].name) == "dkim-signature") m_signatureFields.push_back(i);
    }
    advance();
}

DkimVerify::Step DkimVerify::next() const {
    if (m_done) return m_outcome;
    return *m_question;
}

void DkimVerify::advance() {
    while (!m_question && !m_done) {
        if (m_current >= m_signatureFields.size()) {
            m_done = true;
            return;
        }
        m_sig = DkimSignatureOutcome{};
        if (!precheck()) continue;
        m_question = DnsQuestion{m_sig.selector + "._domainkey." + m_sig.domain, dns::RrType::TXT};
    }
}

void DkimVerify::finishSignature(DkimResult r, const trace::Phrase& why) {
    m_sig.result = r;
    const std::string result = dkimResultName(r);
    if (m_sig.domain.empty())
        m_sig.sentence = trace::phrase("DKIM: {} → {}", why, result);
    else if (m_sig.selector.empty())
        m_sig.sentence = trace::phrase("DKIM: {} (signature by {}) → {}", why, m_sig.domain, result);
    else if (!m_sig.testing)
        m_sig.sentence = trace::phrase("DKIM: {} (signature by {}, selector {}) → {}", why, m_sig.domain, m_sig.selector, result);
    else
        m_sig.sentence = trace::phrase("DKIM: {} (signature by {}, selector {}) [the key is marked as testing, t=y] → {}",
                                       why, m_sig.domain, m_sig.selector, result);
    m_sig.explanation = m_sig.sentence.text;
    m_outcome.signatures.push_back(m_sig);
    ++m_current;
}

bool DkimVerify::precheck() {
    const HeaderField& field = m_split.headers[m_signatureFields[m_current]];
    std::string value = field.raw.substr(field.raw.find(':') + 1);
    m_tags = parseTagList(value);
    if (!m_tags.ok()) {
        finishSignature(DkimResult::Neutral, trace::phrase("the DKIM-Signature is malformed: {}", m_tags.error));
        return false;
    }
    m_sig.domain = lowerAscii(m_tags.get("d").value_or(""));
    m_sig.selector = lowerAscii(m_tags.get("s").value_or(""));
    m_sig.algorithm = m_tags.get("a").value_or("");
    m_sig.b = withoutWhitespace(m_tags.get("b").value_or(""));
    for (const char* required : {"v", "a", "b", "bh", "d", "h", "s"}) {
        if (!m_tags.get(required)) {
            finishSignature(DkimResult::Neutral, trace::phrase("the DKIM-Signature has no {}= tag", required));
            return false;
        }
    }
    if (*m_tags.get("v") != "1") {
        finishSignature(DkimResult::PermError, trace::phrase("the DKIM-Signature has version v={}, not 1", *m_tags.get("v")));
        return false;
    }
    std::string a = lowerAscii(m_sig.algorithm);
    if (a == "rsa-sha1") {
        finishSignature(DkimResult::PermError, trace::phrase("a=rsa-sha1 is no longer accepted (RFC 8301)"));
        return false;
    }
    if (a != "rsa-sha256" && a != "ed25519-sha256") {
        finishSignature(DkimResult::PermError, trace::phrase("a={} is not an algorithm Postino knows", m_sig.algorithm));
        return false;
    }
    if (m_sig.domain.empty() || m_sig.selector.empty()) {
        finishSignature(DkimResult::Neutral, trace::phrase("the DKIM-Signature has an empty d= or s="));
        return false;
    }
    if (!listHas(*m_tags.get("h"), "from")) {
        finishSignature(DkimResult::PermError, trace::phrase("h= does not list From, which every DKIM signature must sign"));
        return false;
    }
    std::string c = lowerAscii(m_tags.get("c").value_or("simple/simple"));
    std::size_t slash = c.find('/');
    std::string hc = c.substr(0, slash);
    std::string bc = slash == std::string::npos ? "simple" : c.substr(slash + 1);
    for (const std::string& x : {hc, bc}) {
        if (x != "simple" && x != "relaxed") {
            finishSignature(DkimResult::Neutral, trace::phrase("c={} names an unknown canonicalization", c));
            return false;
        }
    }
    if (auto i = m_tags.get("i")) {
        std::size_t at = i->rfind('@');
        std::string idomain = lowerAscii(at == std::string::npos ? "" : i->substr(at + 1));
        bool ok = at != std::string::npos &&
                  (idomain == m_sig.domain ||
                   (idomain.size() > m_sig.domain.size() &&
                    idomain.compare(idomain.size() - m_sig.domain.size() - 1, std::string::npos, "." + m_sig.domain) == 0));
        if (!ok) {
            finishSignature(DkimResult::PermError, trace::phrase("i={} is not in d={} or below it", *i, m_sig.domain));
            return false;
        }
        m_sig.identity = *i;
    } else {
        m_sig.identity = "@" + m_sig.domain;
    }
    for (const char* numeric : {"t", "x", "l"}) {
        if (auto v = m_tags.get(numeric); v && !allDigits(*v)) {
            finishSignature(DkimResult::Neutral, trace::phrase("{}={} is not a number", numeric, *v));
            return false;
        }
    }
    if (auto x = m_tags.get("x")) {
        if (auto t = m_tags.get("t"); t && std::stoll(*t) > std::stoll(*x)) {
            finishSignature(DkimResult::PermError, trace::phrase("x= (expiry) is before t= (signing time)"));
            return false;
        }
        if (m_options.now && *m_options.now > std::stoll(*x)) {
            finishSignature(DkimResult::PermError, trace::phrase("the signature expired (x={})", *x));
            return false;
        }
    }
    if (auto q = m_tags.get("q"); q && !listHas(*q, "dns/txt")) {
        finishSignature(DkimResult::PermError, trace::phrase("q={} is not a key query method Postino knows (dns/txt)", *q));
        return false;
    }
    if (!base64Decode(m_sig.b) || !base64Decode(withoutWhitespace(*m_tags.get("bh")))) {
        finishSignature(DkimResult::Neutral, trace::phrase("b= or bh= is not valid base64"));
        return false;
    }
    return true;
}

void DkimVerify::answer(const DnsAnswer& a) {
    if (m_done || !m_question) return;
    DnsQuestion q = *m_question;
    m_question.reset();
    if (a.status == DnsStatus::TempError) {
        finishSignature(DkimResult::TempError, trace::phrase("the key look-up {} failed for now", describe(q)));
    } else {
        const dns::ResourceRecord* txt = nullptr;
        for (const dns::ResourceRecord& rr : a.records) {
            if (rr.type == dns::RrType::TXT) {
                txt = &rr;
                break;
            }
        }
        if (!txt) {
            finishSignature(DkimResult::PermError, a.status == DnsStatus::NxDomain
                                ? trace::phrase("no key in DNS for this signature: {} has no such name", describe(q))
                                : trace::phrase("no key in DNS for this signature: {} has no TXT record", describe(q)));
        } else {
            checkWithKey(dns::txtText(*txt));
        }
    }
    advance();
}

void DkimVerify::checkWithKey(const std::string& keyText) {
    TagList key = parseTagList(keyText);
    if (key.ok() && key.tags.empty()) key.error = "it is empty";
    if (!key.ok()) {
        finishSignature(DkimResult::PermError, trace::phrase("the key record is malformed: {}", key.error));
        return;
    }
    if (auto v = key.get("v"); v && (*v != "DKIM1" || key.tags.front().first != "v")) {
        finishSignature(DkimResult::PermError, trace::phrase("the key record's v= must be DKIM1 and come first"));
        return;
    }
    std::string k = lowerAscii(key.get("k").value_or("rsa"));
    std::string a = lowerAscii(m_sig.algorithm);
    DkimAlgorithm alg = a == "rsa-sha256" ? DkimAlgorithm::RsaSha256 : DkimAlgorithm::Ed25519Sha256;
    if ((alg == DkimAlgorithm::RsaSha256 && k != "rsa") || (alg == DkimAlgorithm::Ed25519Sha256 && k != "ed25519")) {
        finishSignature(DkimResult::PermError, trace::phrase("the key record says k={} but the signature uses a={}", k, a));
        return;
    }
    if (auto h = key.get("h"); h && !listHas(*h, "sha256")) {
        finishSignature(DkimResult::PermError, trace::phrase("the key record allows only h={}, not sha256", *h));
        return;
    }
    if (auto s = key.get("s"); s && !listHas(*s, "email") && !listHas(*s, "*")) {
        finishSignature(DkimResult::PermError, trace::phrase("the key record is for s={}, not email", *s));
        return;
    }
    std::string flags = key.get("t").value_or("");
    m_sig.testing = listHas(flags, "y");
    if (listHas(flags, "s")) {
        std::size_t at = m_sig.identity.rfind('@');
        if (lowerAscii(m_sig.identity.substr(at + 1)) != m_sig.domain) {
            finishSignature(DkimResult::PermError, trace::phrase("the key says t=s (no subdomains) but i= is {}", m_sig.identity));
            return;
        }
    }
    auto p = key.get("p");
    if (!p) {
        finishSignature(DkimResult::PermError, trace::phrase("the key record has no p= tag"));
        return;
    }
    std::string p64 = withoutWhitespace(*p);
    if (p64.empty()) {
        finishSignature(DkimResult::PermError, trace::phrase("the key was revoked (empty p=)"));
        return;
    }
    std::optional<std::string> der = base64Decode(p64);
    if (!der) {
        finishSignature(DkimResult::PermError, trace::phrase("the key record's p= is not valid base64"));
        return;
    }
    std::string why;
    std::optional<PublicKey> pub = parsePublicKey(alg, *der, why, m_options.lib);
    if (!pub) {
        finishSignature(DkimResult::PermError, trace::untranslated(why));
        return;
    }
    if (alg == DkimAlgorithm::RsaSha256 && pub->bits < 1024) {
        finishSignature(DkimResult::PermError,
                        trace::phrase("the RSA key has {} bits; at least 1024 are required (RFC 8301)", pub->bits));
        return;
    }

    std::string c = lowerAscii(m_tags.get("c").value_or("simple/simple"));
    std::size_t slash = c.find('/');
    DkimCanon hc = c.substr(0, slash) == "relaxed" ? DkimCanon::Relaxed : DkimCanon::Simple;
    DkimCanon bc = slash != std::string::npos && c.substr(slash + 1) == "relaxed" ? DkimCanon::Relaxed : DkimCanon::Simple;
    std::string body = canonBody(m_split.body, bc);
    if (auto l = m_tags.get("l")) {
        unsigned long long limit = std::stoull(*l);
        if (limit > body.size()) {
            finishSignature(DkimResult::Fail, trace::phrase("body hash did not verify: the body is shorter than the l={} octets that were signed", *l));
            return;
        }
        body.resize(static_cast<std::size_t>(limit));
    }
    if (base64Encode(sha256(body)) != withoutWhitespace(*m_tags.get("bh"))) {
        finishSignature(DkimResult::Fail, trace::phrase("body hash did not verify: the body was changed after signing"));
        return;
    }
    std::vector<std::string> names = splitColon(*m_tags.get("h"));
    std::vector<const HeaderField*> fields = selectHeaders(m_split.headers, names);
    const HeaderField& self = m_split.headers[m_signatureFields[m_current]];
    std::string signature = *base64Decode(m_sig.b);
    if (!verifySignature(*pub, headerHashInput(fields, self, hc), signature, m_options.lib)) {
        finishSignature(DkimResult::Fail, trace::phrase("signature did not verify: a signed header field ({}) was changed after signing, or the key "
                                        "in DNS is not the signer's",
                                        *m_tags.get("h")));
        return;
    }
    finishSignature(DkimResult::Pass, trace::phrase("the {} signature verifies: the body and the signed header fields are as they were when {} "
                                    "signed them",
                                    algorithmName(alg), m_sig.domain));
}

}  // namespace postino::auth
