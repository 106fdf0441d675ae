// Verifying a message's DKIM signatures: each signature's key from DNS, its body hash, its signature.
// RFC 6376 3.5 (signature tags), 3.6 (key records), 6.1 (verifier actions), RFC 8301 (no rsa-sha1, RSA
// at least 1024 bits), RFC 8463 (ed25519-sha256), RFC 8601 2.7.1 (results). Sans-I/O state machine:
// it asks for TXT selector._domainkey.domain and is fed the answer; no resolver, no clock of its own.
#pragma once

#include "auth/auth_dns.h"
#include "auth/dkim_canon.h"
#include "auth/dkim_key.h"
#include "auth/tag_list.h"
#include "trace/phrase.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace postino::auth {

enum class DkimResult { None, Pass, Fail, Neutral, TempError, PermError };
std::string dkimResultName(DkimResult r);  // RFC 8601: "pass", "fail", "neutral", ...

struct DkimSignatureOutcome {
    DkimResult result = DkimResult::None;
    std::string domain;     // d=
    std::string selector;   // s=
    std::string algorithm;  // a= as written
    std::string identity;   // i=, or "@" + d=
    std::string b;          // the b= value without whitespace (RFC 8601 header.b uses its start)
    bool testing = false;   // the key record says t=y
    // One sentence for a student: "DKIM: body hash did not verify: the body was changed after
    // signing (signature by bank.example, selector s1) → fail".
    std::string explanation;
    trace::Phrase sentence;  // the same, for translation: the frame and the reason (a phrase inside it)
};

struct DkimOutcome {
    std::vector<DkimSignatureOutcome> signatures;  // in the order they appear, at most kMaxSignatures
    // pass if any signature passed; else the first signature's result; none if there is no signature.
    DkimResult result() const;
    std::string explanation() const;  // the deciding signature's sentence, or "DKIM: no signature → none"
    trace::Phrase sentence() const;   // the same, for translation
    // The passing signatures' d= domains (what DMARC aligns with).
    std::vector<std::string> passingDomains() const;
};

struct DkimVerifyOptions {
    std::optional<std::int64_t> now;  // seconds since 1970; checks x= (expiry) when set
    std::size_t maxSignatures = 5;
    OSSL_LIB_CTX* lib = nullptr;
};

class DkimVerify {
public:
    explicit DkimVerify(std::string message, DkimVerifyOptions options = {});

    using Step = std::variant<DnsQuestion, DkimOutcome>;
    Step next() const;
    bool done() const { return m_done; }
    void answer(const DnsAnswer& a);

private:
    void advance();
    bool precheck();  // the signature's own tags; false when it already has its result
    void finishSignature(DkimResult r, const trace::Phrase& why);
    void checkWithKey(const std::string& keyText);

    DkimVerifyOptions m_options;
    SplitMessage m_split;
    TagList m_tags;               // of the signature being checked
    DkimSignatureOutcome m_sig;   // of the signature being checked
    std::vector<std::size_t> m_signatureFields;  // indexes into the split headers
    std::size_t m_current = 0;
    std::optional<DnsQuestion> m_question;
    DkimOutcome m_outcome;
    bool m_done = false;
};

}  // namespace postino::auth
