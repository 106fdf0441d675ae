// ENVELOPE, address lists and BODY/BODYSTRUCTURE (RFC 3501 7.4.2, RFC 5322 3.4).
#include "imap/envelope.h"

#include "imap/imap_format.h"
#include "imap/imap_parser.h"

namespace postino::imap {

namespace {

struct Token {
    enum class Kind { Word, Quoted, Special } kind;
    std::string text;
};

bool isAddressSpecial(char c) {
    return c == '<' || c == '>' || c == '@' || c == ',' || c == ';' || c == ':';
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t p = 0;
    while (p < s.size() && out.size() < 5000) {
        const char c = s[p];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++p;
        } else if (c == '(') {  // comment, possibly nested
            int depth = 0;
            while (p < s.size()) {
                const char d = s[p++];
                if (d == '\\') ++p;
                else if (d == '(') ++depth;
                else if (d == ')' && --depth == 0) break;
            }
        } else if (c == '"') {
            std::string text;
            ++p;
            while (p < s.size() && s[p] != '"') {
                if (s[p] == '\\' && p + 1 < s.size()) ++p;
                text += s[p++];
            }
            ++p;
            out.push_back({Token::Kind::Quoted, std::move(text)});
        } else if (isAddressSpecial(c)) {
            out.push_back({Token::Kind::Special, std::string(1, c)});
            ++p;
        } else if (c == '[') {  // domain literal
            const std::size_t close = s.find(']', p);
            const std::size_t end = close == std::string_view::npos ? s.size() : close + 1;
            out.push_back({Token::Kind::Word, std::string(s.substr(p, end - p))});
            p = end;
        } else {
            const std::size_t start = p;
            while (p < s.size() && !isAddressSpecial(s[p]) && s[p] != ' ' && s[p] != '\t' && s[p] != '(' &&
                   s[p] != '"' && s[p] != '\r' && s[p] != '\n')
                ++p;
            out.push_back({Token::Kind::Word, std::string(s.substr(start, p - start))});
        }
    }
    return out;
}

class AddressParser {
public:
    explicit AddressParser(std::vector<Token> t) : m_t(std::move(t)) {}

    std::vector<ImapAddress> run() {
        while (m_i < m_t.size()) {
            if (isSpecial(",") || isSpecial(";") || isSpecial(">")) {
                ++m_i;
                continue;
            }
            const std::size_t start = m_i;
            std::vector<std::string> phrase = readWords();
            if (isSpecial(":") && m_group == 0) {
                ++m_i;
                ImapAddress g;
                g.mailbox = join(phrase, " ");
                m_out.push_back(g);
                ++m_group;
                continue;
            }
            m_i = start;
            readMailbox();
            if (m_group > 0 && isSpecial(";")) {
                ++m_i;
                endGroup();
            }
        }
        if (m_group > 0) endGroup();
        return std::move(m_out);
    }

private:
    bool isSpecial(std::string_view s) const {
        return m_i < m_t.size() && m_t[m_i].kind == Token::Kind::Special && m_t[m_i].text == s;
    }
    bool atSpecial() const { return m_i < m_t.size() && m_t[m_i].kind == Token::Kind::Special; }

    std::vector<std::string> readWords() {
        std::vector<std::string> words;
        while (m_i < m_t.size() && !atSpecial()) words.push_back(m_t[m_i++].text);
        return words;
    }

    static std::string join(const std::vector<std::string>& words, std::string_view sep) {
        std::string out;
        for (const std::string& w : words) {
            if (!out.empty()) out += sep;
            out += w;
        }
        return out;
    }

    void endGroup() {
        m_out.push_back(ImapAddress{});
        m_group = 0;
    }

    // local "@" domain, from the current position up to a delimiter in `stops`.
    void readAddrSpec(ImapAddress& a, bool angle) {
        std::string local = join(readWords(), "");
        std::string domain;
        if (isSpecial("@")) {
            ++m_i;
            domain = join(readWords(), "");
        }
        a.mailbox = local.empty() ? std::string("MISSING_MAILBOX") : local;
        a.host = domain.empty() ? std::string("MISSING_DOMAIN") : domain;
        if (angle) {
            while (m_i < m_t.size() && !isSpecial(">")) ++m_i;  // junk inside <...>
            if (isSpecial(">")) ++m_i;
        }
    }

    void readMailbox() {
        ImapAddress a;
        const std::size_t start = m_i;
        std::vector<std::string> phrase = readWords();
        if (isSpecial("<")) {
            ++m_i;
            if (!phrase.empty()) a.name = join(phrase, " ");
            if (isSpecial("@")) {  // obsolete route "@a,@b:"
                std::string route;
                while (m_i < m_t.size() && !isSpecial(":") && !isSpecial(">")) route += m_t[m_i++].text;
                if (isSpecial(":")) {
                    ++m_i;
                    a.route = route;
                }
            }
            readAddrSpec(a, true);
        } else {
            m_i = start;
            readAddrSpec(a, false);
        }
        // Anything else up to the next delimiter is junk.
        while (m_i < m_t.size() && !isSpecial(",") && !isSpecial(";")) ++m_i;
        if (a.mailbox == "MISSING_MAILBOX" && a.host == "MISSING_DOMAIN" && !a.name) return;  // nothing there
        m_out.push_back(std::move(a));
    }

    std::vector<Token> m_t;
    std::size_t m_i = 0;
    int m_group = 0;
    std::vector<ImapAddress> m_out;
};

std::optional<std::string> fieldValue(const BodyPart& m, std::string_view name) {
    if (const HeaderField* f = m.field(name)) return f->value;
    return std::nullopt;
}

std::string addressField(const BodyPart& m, std::string_view name, const std::string& fallback) {
    const HeaderField* f = m.field(name);
    if (!f) return fallback;
    const std::vector<ImapAddress> list = parseAddressList(f->value);
    if (list.empty()) return fallback;
    return renderAddressList(list);
}

std::string renderParams(const std::vector<MimeParam>& params) {
    if (params.empty()) return "NIL";
    std::string out = "(";
    for (const MimeParam& p : params) {
        if (out.size() > 1) out += ' ';
        out += imapString(p.name) + " " + imapString(p.value);
    }
    return out + ")";
}

std::string renderExtension(const BodyPart& p) {
    std::string out;
    if (p.disposition)
        out += "(" + imapString(*p.disposition) + " " + renderParams(p.dispositionParams) + ")";
    else
        out += "NIL";
    out += ' ';
    if (p.languages.empty()) {
        out += "NIL";
    } else if (p.languages.size() == 1) {
        out += imapString(p.languages[0]);
    } else {
        out += '(';
        for (std::size_t i = 0; i < p.languages.size(); ++i) out += (i ? " " : "") + imapString(p.languages[i]);
        out += ')';
    }
    out += ' ' + nstring(p.location);
    return out;
}

}  // namespace

std::vector<ImapAddress> parseAddressList(std::string_view value) {
    AddressParser p(tokenize(value));
    return p.run();
}

std::string renderAddressList(const std::vector<ImapAddress>& list) {
    if (list.empty()) return "NIL";
    std::string out = "(";
    for (const ImapAddress& a : list)
        out += "(" + nstring(a.name) + " " + nstring(a.route) + " " + nstring(a.mailbox) + " " + nstring(a.host) + ")";
    return out + ")";
}

std::string renderEnvelope(const BodyPart& m) {
    const std::string from = addressField(m, "From", "NIL");
    std::string out = "(";
    out += nstring(fieldValue(m, "Date")) + " ";
    out += nstring(fieldValue(m, "Subject")) + " ";
    out += from + " ";
    out += addressField(m, "Sender", from) + " ";
    out += addressField(m, "Reply-To", from) + " ";
    out += addressField(m, "To", "NIL") + " ";
    out += addressField(m, "Cc", "NIL") + " ";
    out += addressField(m, "Bcc", "NIL") + " ";
    out += nstring(fieldValue(m, "In-Reply-To")) + " ";
    out += nstring(fieldValue(m, "Message-ID"));
    return out + ")";
}

std::string renderBodyStructure(const BodyPart& p, bool ext) {
    if (p.isMultipart()) {
        std::string out = "(";
        for (const BodyPart& c : p.children) out += renderBodyStructure(c, ext);
        out += " " + imapString(p.subtype);
        if (ext) out += " " + renderParams(p.params) + " " + renderExtension(p);
        return out + ")";
    }
    std::string out = "(" + imapString(p.type) + " " + imapString(p.subtype) + " ";
    if (p.params.empty() && p.isText())
        out += "(\"charset\" \"us-ascii\")";
    else
        out += renderParams(p.params);
    out += " " + nstring(p.id) + " " + nstring(p.description) + " " + imapString(p.encoding) + " " +
           std::to_string(p.bodySize());
    if (p.isMessage()) {
        const BodyPart& inner = p.children.front();
        out += " " + renderEnvelope(inner) + " " + renderBodyStructure(inner, ext) + " " + std::to_string(p.bodyLines);
    } else if (p.isText()) {
        out += " " + std::to_string(p.bodyLines);
    }
    if (ext) out += " " + nstring(p.md5) + " " + renderExtension(p);
    return out + ")";
}

}  // namespace postino::imap
