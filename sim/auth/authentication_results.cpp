// Writing the Authentication-Results: header field.
#include "auth/authentication_results.h"

namespace postino::auth {

namespace {

// RFC 8601 values that are not tokens go in quotes.
std::string value(const std::string& v) {
    bool token = !v.empty();
    for (char c : v) {
        if (c <= ' ' || c >= 127 || std::string("()<>,;:\\\"/[]?=").find(c) != std::string::npos) {
            if (c != '@' && c != '.') token = false;
        }
    }
    if (token && v.find(' ') == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') q += '\\';
        if (c == '\r' || c == '\n') continue;
        q += c;
    }
    return q + "\"";
}

}  // namespace

std::string authenticationResults(const AuthResultsInput& in) {
    std::vector<std::string> methods;
    if (in.spf) {
        std::string s = "spf=" + spfResultName(in.spf->result);
        if (in.spf->identity == "helo") {
            s += " smtp.helo=" + value(in.spf->domain);
        } else {
            std::string mf = in.mailFrom.empty() ? in.spf->domain : in.mailFrom;
            s += " smtp.mailfrom=" + value(mf);
        }
        methods.push_back(s);
    }
    if (in.dkim) {
        if (in.dkim->signatures.empty()) methods.push_back("dkim=none");
        for (const DkimSignatureOutcome& sig : in.dkim->signatures) {
            std::string s = "dkim=" + dkimResultName(sig.result);
            if (!sig.domain.empty()) s += " header.d=" + value(sig.domain);
            if (!sig.selector.empty()) s += " header.s=" + value(sig.selector);
            if (!sig.algorithm.empty()) s += " header.a=" + value(sig.algorithm);
            if (sig.b.size() >= 8) s += " header.b=" + value(sig.b.substr(0, 8));
            methods.push_back(s);
        }
    }
    if (in.dmarc) {
        std::string s = "dmarc=" + dmarcResultName(in.dmarc->result);
        if (in.dmarc->record) {
            s += " (p=" + policyName(in.dmarc->record->p) + " dis=" +
                 (in.dmarc->result == DmarcResult::Fail ? policyName(in.dmarc->applied) : std::string("none")) + ")";
        }
        if (!in.dmarc->fromDomain.empty()) s += " header.from=" + value(in.dmarc->fromDomain);
        methods.push_back(s);
    }
    std::string out = "Authentication-Results: " + in.authservId + ";";
    if (methods.empty()) return out + " none\r\n";
    for (std::size_t i = 0; i < methods.size(); ++i) {
        out += "\r\n\t" + methods[i] + (i + 1 < methods.size() ? ";" : "");
    }
    return out + "\r\n";
}

}  // namespace postino::auth
