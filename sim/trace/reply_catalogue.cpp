// The reply catalogue: small parsers that find the code in a line and look it up in the
// tables of reply_tables.h.
#include "trace/reply_catalogue.h"

#include "trace/reply_tables.h"

#include <algorithm>
#include <cstddef>

namespace postino::trace {

namespace {

using namespace reply_tables;

// ---- small text helpers ----------------------------------------------------------------

bool isDigit(char c) { return c >= '0' && c <= '9'; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
bool equalsNoCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return upper(x) == upper(y); });
}
bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && equalsNoCase(s.substr(0, prefix.size()), prefix);
}
std::string_view firstWord(std::string_view s) { return s.substr(0, std::min(s.find(' '), s.size())); }
std::string_view afterWord(std::string_view s) {
    const std::size_t sp = s.find(' ');
    return sp == std::string_view::npos ? std::string_view{} : s.substr(sp + 1);
}

// A 3-digit number at the start of `s`, or -1.
int threeDigits(std::string_view s) {
    if (s.size() < 3 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2])) return -1;
    return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}
// 1 to 3 digits at `s[i]`, advancing i; -1 when none.
int smallNumber(std::string_view s, std::size_t& i) {
    int n = 0, digits = 0;
    while (i < s.size() && isDigit(s[i]) && digits < 4) n = n * 10 + (s[i++] - '0'), ++digits;
    return digits == 0 || digits > 3 ? -1 : n;
}

template <typename Table>
auto findCode(const Table& table, int code) -> const CodeEntry* {
    for (const CodeEntry& e : table)
        if (e.code == code) return &e;
    return nullptr;
}
template <typename Table>
auto findWord(const Table& table, std::string_view word) -> const WordEntry* {
    for (const WordEntry& e : table)
        if (equalsNoCase(word, e.word)) return &e;
    return nullptr;
}

void addReference(ReplyExplanation& r, std::string_view ref) {
    if (ref.empty()) return;
    for (std::size_t at = 0; at < r.reference.size();) {  // already there, as a whole item
        const std::size_t end = std::min(r.reference.find(", ", at), r.reference.size());
        if (std::string_view(r.reference).substr(at, end - at) == ref) return;
        at = end + 2;
    }
    if (!r.reference.empty()) r.reference += ", ";
    r.reference += ref;
}
void addSentence(ReplyExplanation& r, const char* s) {
    if (s && std::find_if(r.sentences.begin(), r.sentences.end(),
                          [&](const char* had) { return std::string_view(had) == s; }) == r.sentences.end())
        r.sentences.push_back(s);
}

// ---- SMTP ------------------------------------------------------------------------------

std::optional<ReplyExplanation> explainSmtp(std::string_view line) {
    const int code = threeDigits(line);
    if (code < 200 || code > 599) return std::nullopt;
    if (line.size() > 3 && line[3] != ' ' && line[3] != '-') return std::nullopt;
    const bool more = line.size() > 3 && line[3] == '-';
    const std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view{};
    ReplyExplanation r;
    r.code = std::string(line.substr(0, 3));

    // An EHLO answer line: the greeting with the server's name, or an extension keyword.
    if (code == 250) {
        const std::string_view word = firstWord(text);
        if (const WordEntry* k = findWord(kEhloKeywords, word)) {
            r.code += ' ';
            r.code += k->word;
            addSentence(r, k->sentence);
            addReference(r, "RFC 5321 §4.1.1.1");
            addReference(r, k->reference);
            return r;
        }
        if (more && word.size() == text.size() && word.find('.') != std::string_view::npos && !isDigit(word[0])) {
            addSentence(r, kEhloGreeting);
            addReference(r, "RFC 5321 §4.1.1.1");
            return r;
        }
    }
    if (const CodeEntry* e = findCode(kSmtpCodes, code)) {
        addSentence(r, e->sentence);
        addReference(r, e->reference);
    } else {
        const CodeEntry* c = findCode(kSmtpClasses, code / 100);
        if (!c) return std::nullopt;
        addSentence(r, c->sentence);
        addReference(r, c->reference);
    }

    // The enhanced status code, class.subject.detail, right after the basic code.
    std::size_t i = 0;
    const int cls = smallNumber(text, i);
    if ((cls == 2 || cls == 4 || cls == 5) && i < text.size() && text[i] == '.') {
        ++i;
        const int subject = smallNumber(text, i);
        if (subject >= 0 && i < text.size() && text[i] == '.') {
            ++i;
            const int detail = smallNumber(text, i);
            if (detail >= 0 && (i == text.size() || text[i] == ' ')) {
                r.code += ' ';
                r.code += text.substr(0, i);
                const EnhancedEntry* found = nullptr;
                for (const EnhancedEntry& e : kEnhanced)
                    if (e.subject == subject && e.detail == detail) found = &e;
                const char* sentence = found ? (cls == 2 ? found->ok : found->fail) : nullptr;
                if (sentence) {
                    addSentence(r, sentence);
                    addReference(r, std::string(found->rfc) + " X." + std::to_string(subject) + "." + std::to_string(detail));
                } else if (cls != 2 && subject < 8) {
                    addSentence(r, kEnhancedSubjects[subject].sentence);
                    addReference(r, kEnhancedSubjects[subject].reference);
                } else if (found) {
                    addReference(r, std::string(found->rfc) + " X." + std::to_string(subject) + "." + std::to_string(detail));
                }
            }
        }
    }
    if (more) addSentence(r, kMoreLines);
    return r;
}

// ---- POP3 ------------------------------------------------------------------------------

std::optional<ReplyExplanation> explainPop3(std::string_view line) {
    ReplyExplanation r;
    if (line == "+" || line.starts_with("+ ")) {
        r.code = "+";
        addSentence(r, kPop3Continue);
        addReference(r, "RFC 5034 §4");
        return r;
    }
    const bool ok = line.starts_with("+OK") && (line.size() == 3 || line[3] == ' ');
    const bool err = line.starts_with("-ERR") && (line.size() == 4 || line[4] == ' ');
    if (!ok && !err) return std::nullopt;
    r.code = ok ? "+OK" : "-ERR";
    addSentence(r, ok ? kPop3Ok : kPop3Err);
    addReference(r, "RFC 1939 §3");
    const std::string_view text = line.substr(r.code.size() + (line.size() > r.code.size() ? 1 : 0));
    if (!text.starts_with('[')) return r;
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return r;
    const std::string_view codeText = text.substr(1, close - 1);
    // A code may have sub-levels (SYS/TEMP): the longest known prefix at a '/' counts.
    std::string_view probe = codeText;
    while (!probe.empty()) {
        if (const WordEntry* e = findWord(kPop3Codes, probe)) {
            r.code += " [" + std::string(codeText) + "]";
            const bool plaintext = probe == "AUTH" && text.substr(close + 1).find("Plaintext authentication") == 1;
            addSentence(r, plaintext ? kPop3PlaintextRefused : e->sentence);
            addReference(r, plaintext ? std::string_view("RFC 3206 §5, RFC 2595 §4") : std::string_view(e->reference));
            return r;
        }
        const std::size_t slash = probe.rfind('/');
        probe = slash == std::string_view::npos ? std::string_view{} : probe.substr(0, slash);
    }
    return r;
}

// ---- IMAP ------------------------------------------------------------------------------

// A tag: 1 or more ASTRING-CHARs other than '+' (RFC 3501 §9), at most 64 here.
bool isTag(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '+' || c == '(' || c == ')' || c == '{' || c == '%' || c == '*' ||
            c == '"' || c == '\\')
            return false;
    }
    return true;
}

// The bracketed response code at the start of `text`, if any: its sentence and reference.
void addImapCode(ReplyExplanation& r, std::string_view text) {
    if (!text.starts_with('[')) return;
    const std::size_t end = text.find_first_of(" ]");
    if (end == std::string_view::npos) return;
    const std::string_view atom = text.substr(1, end - 1);
    if (const WordEntry* e = findWord(kImapCodes, atom)) {
        r.code += " [" + std::string(e->word) + "]";
        addSentence(r, e->sentence);
        addReference(r, e->reference);
    }
}

std::optional<ReplyExplanation> explainImap(std::string_view line) {
    ReplyExplanation r;
    if (line == "+" || line.starts_with("+ ")) {
        r.code = "+";
        addSentence(r, kImapContinue);
        addReference(r, "RFC 3501 §7.5");
        return r;
    }
    const std::string_view tag = firstWord(line);
    const std::string_view rest = afterWord(line);
    const std::string_view word = firstWord(rest);
    const std::string_view text = afterWord(rest);
    if (tag == "*") {
        if (const WordEntry* s = findWord(kImapUntaggedStatus, word)) {
            r.code = "* " + std::string(s->word);
            addSentence(r, s->sentence);
            addReference(r, s->reference);
            addImapCode(r, text);
            return r;
        }
        // "* n EXISTS": a number first, then the data name.
        const bool numbered = !word.empty() && word.size() <= 10 &&
                              std::all_of(word.begin(), word.end(), [](char c) { return isDigit(c); });
        const std::string_view name = numbered ? firstWord(text) : word;
        if (const WordEntry* d = findWord(kImapData, name)) {
            const bool needsNumber = d->word == std::string_view("EXISTS") || d->word == std::string_view("RECENT") ||
                                     d->word == std::string_view("EXPUNGE") || d->word == std::string_view("FETCH");
            if (needsNumber != numbered) return std::nullopt;
            r.code = "* " + (numbered ? std::string(word) + " " : std::string()) + d->word;
            addSentence(r, d->sentence);
            addReference(r, d->reference);
            return r;
        }
        return std::nullopt;
    }
    if (!isTag(tag)) return std::nullopt;
    const char* sentence = equalsNoCase(word, "OK")    ? kImapTaggedOk
                           : equalsNoCase(word, "NO")  ? kImapTaggedNo
                           : equalsNoCase(word, "BAD") ? kImapTaggedBad
                                                       : nullptr;
    if (!sentence) return std::nullopt;
    r.code = std::string(tag) + " " + std::string(word);
    addSentence(r, sentence);
    addReference(r, word.size() == 2 ? (sentence == kImapTaggedOk ? "RFC 3501 §7.1.1" : "RFC 3501 §7.1.2") : "RFC 3501 §7.1.3");
    addImapCode(r, text);
    return r;
}

// ---- DNS -------------------------------------------------------------------------------

ReplyExplanation dnsExplanation(std::size_t entry) {
    const DnsEntry& e = kDnsCodes[entry];
    ReplyExplanation r;
    r.code = e.mnemonic;
    addSentence(r, e.sentence);
    addReference(r, e.reference);
    return r;
}

// An rcode by mnemonic or by the words dns::rcodeName uses; `noErrorIsNoData`: "No error"
// with nothing else is a negative cache entry (no records).
std::optional<std::size_t> dnsCode(std::string_view s, bool noErrorIsNoData) {
    for (std::size_t i = 0; i < std::size(kDnsCodes); ++i) {
        if (equalsNoCase(s, kDnsCodes[i].mnemonic)) return i;
        if (*kDnsCodes[i].name && equalsNoCase(s, kDnsCodes[i].name))
            return i == kDnsNoError && noErrorIsNoData ? kDnsNoData : i;
    }
    return std::nullopt;
}

std::optional<ReplyExplanation> explainDns(std::string_view line) {
    if (auto c = dnsCode(line, false)) return dnsExplanation(*c);
    // A response packet's summary: "Standard query response 0x1a2b [rcode words] TYPE name ...".
    const std::string_view kResponse = " response 0x";
    if (const std::size_t at = line.find(kResponse); at != std::string_view::npos) {
        std::string_view after = line.substr(at + kResponse.size());
        after = afterWord(after);
        for (std::size_t i = 1; i < std::size(kDnsCodes); ++i)
            if (*kDnsCodes[i].name && startsWithNoCase(after, kDnsCodes[i].name) &&
                (after.size() == std::string_view(kDnsCodes[i].name).size() ||
                 after[std::string_view(kDnsCodes[i].name).size()] == ' '))
                return dnsExplanation(i);
        // No error: records follow the question, or none (NODATA). Count the words: a question is two.
        std::size_t words = 0;
        for (std::string_view w = after; !w.empty(); w = afterWord(w)) ++words;
        return dnsExplanation(words > 2 ? kDnsNoError : kDnsNoData);
    }
    // An answer event: "answer for Q: X [(cached for N s)]", "Q answered from the resolver cache[, no query sent]: X".
    const bool answerFor = line.starts_with("answer for ");
    const bool fromCache = line.find(" answered from the resolver cache") != std::string_view::npos;
    if (!answerFor && !fromCache) return std::nullopt;
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view answer = line.substr(colon + 2);
    if (const std::size_t cached = answer.rfind(" (cached for "); cached != std::string_view::npos) answer = answer.substr(0, cached);
    if (answer.empty()) return std::nullopt;
    if (answer == "no records") return dnsExplanation(kDnsNoData);
    if (auto c = dnsCode(answer, true)) return dnsExplanation(*c);
    // Records ("MX 10 mail.example", "A 192.0.2.1, A ..."): a type word, then its data.
    const std::string_view type = firstWord(answer);
    const bool looksLikeRecord = !type.empty() && type.size() <= 10 && afterWord(answer).size() > 0 &&
                                 std::all_of(type.begin(), type.end(), [](char c) { return (c >= 'A' && c <= 'Z') || isDigit(c); });
    if (!looksLikeRecord) return std::nullopt;
    return dnsExplanation(kDnsNoError);
}

// ---- HTTP ------------------------------------------------------------------------------

std::optional<ReplyExplanation> explainHttp(std::string_view line) {
    std::string_view status = line;
    if (line.starts_with("HTTP/")) {
        status = afterWord(line);
    } else {
        // A bare "404 Not Found" (as events quote it): the code, a space, then a capital letter.
        if (line.size() < 5 || line[3] != ' ' || !(line[4] >= 'A' && line[4] <= 'Z')) return std::nullopt;
    }
    const int code = threeDigits(status);
    if (code < 100 || code > 599 || (status.size() > 3 && status[3] != ' ')) return std::nullopt;
    ReplyExplanation r;
    r.code = std::string(status.substr(0, 3));
    const CodeEntry* e = findCode(kHttpCodes, code);
    if (!e) e = findCode(kHttpClasses, code / 100);
    if (!e) return std::nullopt;
    addSentence(r, e->sentence);
    addReference(r, e->reference);
    return r;
}

}  // namespace

std::string ReplyExplanation::english() const {
    std::string s;
    for (const char* sentence : sentences) {
        if (!s.empty()) s += ' ';
        s += sentence;
    }
    return s;
}

std::optional<ReplyExplanation> explainReply(net::AppProtocol protocol, std::string_view line) {
    // Trailing CR/LF or spaces never change the meaning.
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    switch (protocol) {
        case net::AppProtocol::Smtp: return explainSmtp(line);
        case net::AppProtocol::Pop3: return explainPop3(line);
        case net::AppProtocol::Imap: return explainImap(line);
        case net::AppProtocol::Dns: return explainDns(line);
        case net::AppProtocol::Http: return explainHttp(line);
        case net::AppProtocol::TcpControl:
        case net::AppProtocol::Other: break;
    }
    return std::nullopt;
}

std::optional<ReplyExplanation> findQuotedReply(net::AppProtocol protocol, std::string_view text) {
    if (auto r = explainReply(protocol, text)) return r;
    // DNS events are read whole (explainDns knows their forms); the others quote after ": ".
    if (protocol == net::AppProtocol::Dns) return std::nullopt;
    for (std::size_t at = text.find(": "); at != std::string_view::npos; at = text.find(": ", at + 2)) {
        std::string_view quoted = text.substr(at + 2);
        // "(... said: 550 ... (in reply to RCPT TO command))": the reply, without Postfix's tail.
        if (const std::size_t tail = quoted.find(" (in reply to "); tail != std::string_view::npos) quoted = quoted.substr(0, tail);
        if (auto r = explainReply(protocol, quoted)) return r;
    }
    return std::nullopt;
}

std::vector<const char*> allReplySentences() {
    std::vector<const char*> all;
    auto add = [&](const char* s) {
        if (s && std::find_if(all.begin(), all.end(), [&](const char* a) { return std::string_view(a) == s; }) == all.end())
            all.push_back(s);
    };
    for (const auto& e : kSmtpCodes) add(e.sentence);
    for (const auto& e : kSmtpClasses) add(e.sentence);
    for (const auto& e : kEnhanced) add(e.ok), add(e.fail);
    for (const auto& e : kEnhancedSubjects) add(e.sentence);
    for (const auto& e : kEhloKeywords) add(e.sentence);
    add(kEhloGreeting), add(kMoreLines);
    add(kPop3Ok), add(kPop3Err), add(kPop3Continue);
    for (const auto& e : kPop3Codes) add(e.sentence);
    add(kImapTaggedOk), add(kImapTaggedNo), add(kImapTaggedBad), add(kImapContinue);
    for (const auto& e : kImapUntaggedStatus) add(e.sentence);
    for (const auto& e : kImapData) add(e.sentence);
    for (const auto& e : kImapCodes) add(e.sentence);
    for (const auto& e : kDnsCodes) add(e.sentence);
    for (const auto& e : kHttpCodes) add(e.sentence);
    for (const auto& e : kHttpClasses) add(e.sentence);
    return all;
}

}  // namespace postino::trace
