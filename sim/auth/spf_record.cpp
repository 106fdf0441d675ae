// Parsing SPF records term by term, with a reason for the first syntax error.
#include "auth/spf_record.h"

#include <cctype>

namespace postino::auth {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool startsWithNoCase(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

// RFC 7208 5.6: "/" ("0" / %x31-39 0*1DIGIT) up to max (no leading zeros).
bool parseCidr(const std::string& digits, int max, int& out) {
    if (digits.empty() || digits.size() > 3) return false;
    for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    if (digits.size() > 1 && digits[0] == '0') return false;
    int v = std::stoi(digits);
    if (v > max) return false;
    out = v;
    return true;
}

// Splits "domain/24//64" into domain and the two cidr lengths. The domain part ends at the
// first '/' (macro-strings cannot contain '/' outside a macro's delimiters, which sit in braces).
bool splitDualCidr(const std::string& rest, std::string& domain, SpfTerm& t, std::string& why) {
    std::size_t slash = std::string::npos;
    int depth = 0;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '{') ++depth;
        if (rest[i] == '}') --depth;
        if (rest[i] == '/' && depth == 0) {
            slash = i;
            break;
        }
    }
    domain = rest.substr(0, slash);
    if (slash == std::string::npos) return true;
    std::string c = rest.substr(slash);
    std::size_t dbl = c.find("//");
    std::string c4 = dbl == std::string::npos ? c.substr(1) : dbl == 0 ? std::string() : c.substr(1, dbl - 1);
    std::string c6 = dbl == std::string::npos ? "" : c.substr(dbl + 2);
    if (dbl != 0 && !parseCidr(c4, 32, t.cidr4)) {
        why = "'" + c + "' is not a valid prefix length (IPv4: /0 to /32)";
        return false;
    }
    if (dbl != std::string::npos && !parseCidr(c6, 128, t.cidr6)) {
        why = "'" + c + "' is not a valid prefix length (IPv6: //0 to //128)";
        return false;
    }
    return true;
}

bool isAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool isSpfRecord(const std::string& txt) {
    return startsWithNoCase(txt, "v=spf1") && (txt.size() == 6 || txt[6] == ' ');
}

bool validMacroString(const std::string& spec, bool allowExpLetters, std::string& why) {
    for (std::size_t i = 0; i < spec.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(spec[i]);
        if (c < 0x21 || c > 0x7e) {
            why = "'" + spec + "' has a character that is not visible ASCII";
            return false;
        }
        if (c != '%') continue;
        if (i + 1 >= spec.size()) {
            why = "'" + spec + "' ends with a lone '%'";
            return false;
        }
        char n = spec[++i];
        if (n == '%' || n == '_' || n == '-') continue;
        if (n != '{') {
            why = "'" + spec + "' has '%" + std::string(1, n) + "', which is not a macro (write %% for a percent sign)";
            return false;
        }
        std::size_t close = spec.find('}', i);
        if (close == std::string::npos || close == i + 1) {
            why = "'" + spec + "' has a macro without its closing '}'";
            return false;
        }
        std::string body = spec.substr(i + 1, close - i - 1);
        char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(body[0])));
        const std::string letters = allowExpLetters ? "slodiphvcrt" : "slodiphv";
        if (letters.find(letter) == std::string::npos) {
            why = "'" + spec + "' uses the macro letter '" + std::string(1, body[0]) + "', not allowed here";
            return false;
        }
        std::size_t j = 1;
        while (j < body.size() && std::isdigit(static_cast<unsigned char>(body[j]))) ++j;
        if (j < body.size() && (body[j] == 'r' || body[j] == 'R')) ++j;
        for (; j < body.size(); ++j) {
            if (std::string(".-+,/_=").find(body[j]) == std::string::npos) {
                why = "'" + spec + "' has '" + std::string(1, body[j]) + "' in a macro, not a digit, 'r' or delimiter";
                return false;
            }
        }
        i = close;
    }
    return true;
}

std::string qualifierName(SpfQualifier q) {
    switch (q) {
    case SpfQualifier::Pass: return "pass";
    case SpfQualifier::Fail: return "fail";
    case SpfQualifier::SoftFail: return "softfail";
    case SpfQualifier::Neutral: return "neutral";
    }
    return "neutral";
}

SpfParse parseSpfRecord(const std::string& txt) {
    SpfParse out;
    if (!isSpfRecord(txt)) {
        out.error = "the record does not start with 'v=spf1'";
        return out;
    }
    SpfRecord rec;
    std::size_t pos = 6;
    int index = 0;
    while (pos < txt.size()) {
        if (txt[pos] == ' ') {
            ++pos;
            continue;
        }
        std::size_t end = txt.find(' ', pos);
        if (end == std::string::npos) end = txt.size();
        std::string term = txt.substr(pos, end - pos);
        pos = end;
        ++index;
        auto fail = [&](const std::string& why) {
            out.error = "term " + std::to_string(index) + " '" + term + "': " + why;
            return out;
        };
        // A modifier: name "=" macro-string, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
        std::size_t eq = term.find('=');
        std::size_t nameEnd = 0;
        while (nameEnd < term.size() &&
               (std::isalnum(static_cast<unsigned char>(term[nameEnd])) || term[nameEnd] == '-' ||
                term[nameEnd] == '_' || term[nameEnd] == '.')) {
            ++nameEnd;
        }
        if (eq != std::string::npos && eq == nameEnd && eq > 0 && isAlpha(term[0])) {
            std::string name = lower(term.substr(0, eq));
            std::string value = term.substr(eq + 1);
            std::string why;
            bool isExp = name == "exp";
            if (!validMacroString(value, isExp, why)) return fail(why);
            if (name == "redirect" || isExp) {
                std::optional<std::string>& slot = isExp ? rec.exp : rec.redirect;
                if (slot) return fail("'" + name + "=' appears twice (RFC 7208 6)");
                if (value.empty()) return fail("'" + name + "=' needs a domain");
                slot = value;
            }
            continue;  // unknown modifiers are ignored (RFC 7208 6)
        }
        SpfTerm t;
        t.text = term;
        std::string body = term;
        if (!body.empty() && std::string("+-~?").find(body[0]) != std::string::npos) {
            t.qualifier = body[0] == '+'   ? SpfQualifier::Pass
                          : body[0] == '-' ? SpfQualifier::Fail
                          : body[0] == '~' ? SpfQualifier::SoftFail
                                           : SpfQualifier::Neutral;
            body = body.substr(1);
        }
        std::size_t sep = body.find_first_of(":/");
        std::string name = lower(body.substr(0, sep));
        std::string rest = sep == std::string::npos ? "" : body.substr(sep);
        std::string why;
        if (name == "all") {
            if (!rest.empty()) return fail("'all' takes no argument");
            t.mechanism = SpfMechanism::All;
        } else if (name == "include" || name == "exists" || name == "ptr") {
            t.mechanism = name == "include" ? SpfMechanism::Include
                          : name == "exists" ? SpfMechanism::Exists
                                             : SpfMechanism::Ptr;
            bool required = name != "ptr";
            if (rest.empty() && required) return fail("'" + name + "' needs ':domain'");
            if (!rest.empty()) {
                if (rest[0] != ':' || rest.size() == 1) return fail("'" + name + "' needs ':domain'");
                t.domainSpec = rest.substr(1);
                if (!validMacroString(t.domainSpec, false, why)) return fail(why);
            }
        } else if (name == "a" || name == "mx") {
            t.mechanism = name == "a" ? SpfMechanism::A : SpfMechanism::Mx;
            std::string domainPart = rest;
            if (!rest.empty() && rest[0] == ':') {
                if (!splitDualCidr(rest.substr(1), t.domainSpec, t, why)) return fail(why);
                if (t.domainSpec.empty()) return fail("':' must be followed by a domain");
                if (!validMacroString(t.domainSpec, false, why)) return fail(why);
            } else if (!rest.empty()) {
                std::string none;
                if (!splitDualCidr(rest, none, t, why)) return fail(why);
            }
        } else if (name == "ip4" || name == "ip6") {
            bool v6 = name == "ip6";
            t.mechanism = v6 ? SpfMechanism::Ip6 : SpfMechanism::Ip4;
            if (rest.size() < 2 || rest[0] != ':') return fail("'" + name + "' needs ':address'");
            std::string addr = rest.substr(1);
            std::size_t slash = addr.find('/');
            std::string cidr = slash == std::string::npos ? "" : addr.substr(slash + 1);
            addr = addr.substr(0, slash);
            std::optional<IpAddress> ip = IpAddress::parse(addr);
            if (!ip || ip->v6 != v6) {
                return fail("'" + addr + "' is not an " + (v6 ? "IPv6" : "IPv4") + " address");
            }
            t.network = *ip;
            int& len = v6 ? t.cidr6 : t.cidr4;
            if (slash != std::string::npos && !parseCidr(cidr, v6 ? 128 : 32, len)) {
                return fail("'/" + cidr + "' is not a valid prefix length (" + (v6 ? "0 to 128" : "0 to 32") + ")");
            }
        } else {
            return fail("'" + name + "' is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists)");
        }
        rec.terms.push_back(std::move(t));
    }
    out.record = std::move(rec);
    return out;
}

}  // namespace postino::auth
