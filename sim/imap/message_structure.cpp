// MIME structure: header blocks, Content-* fields, multipart boundaries (RFC 2046 5.1.1:
// the CRLF before a delimiter belongs to it), message/rfc822 nesting, part numbers.
#include "imap/message_structure.h"

#include "imap/imap_parser.h"

namespace postino::imap {

namespace {

bool isWsp(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (isWsp(s.front()) || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (isWsp(s.back()) || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

bool isTspecialOrBad(char ch) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f) return true;
    switch (c) {
    case '(': case ')': case '<': case '>': case '@': case ',': case ';': case ':': case '\\': case '"':
    case '/': case '[': case ']': case '?': case '=': return true;
    default: return false;
    }
}

// Cursor over a structured field value (RFC 2045 5.1), skipping whitespace and comments.
class FieldLexer {
public:
    explicit FieldLexer(std::string_view s) : m_s(s) {}
    void skipCfws() {
        while (m_p < m_s.size()) {
            if (isWsp(m_s[m_p]) || m_s[m_p] == '\r' || m_s[m_p] == '\n') {
                ++m_p;
            } else if (m_s[m_p] == '(') {
                int depth = 0;
                while (m_p < m_s.size()) {
                    const char c = m_s[m_p++];
                    if (c == '\\') ++m_p;
                    else if (c == '(') ++depth;
                    else if (c == ')' && --depth == 0) break;
                }
            } else {
                return;
            }
        }
    }
    bool atEnd() { skipCfws(); return m_p >= m_s.size(); }
    bool accept(char c) {
        skipCfws();
        if (m_p < m_s.size() && m_s[m_p] == c) { ++m_p; return true; }
        return false;
    }
    std::optional<std::string> token() {
        skipCfws();
        const std::size_t start = m_p;
        while (m_p < m_s.size() && !isTspecialOrBad(m_s[m_p])) ++m_p;
        if (m_p == start) return std::nullopt;
        return std::string(m_s.substr(start, m_p - start));
    }
    std::optional<std::string> value() {  // token or quoted-string
        skipCfws();
        if (m_p < m_s.size() && m_s[m_p] == '"') {
            std::string out;
            ++m_p;
            while (m_p < m_s.size()) {
                char c = m_s[m_p++];
                if (c == '"') return out;
                if (c == '\\' && m_p < m_s.size()) c = m_s[m_p++];
                out += c;
            }
            return out;  // unterminated: take what there is
        }
        // Lenient like most parsers: a bare value runs to the next ';' (minus trailing space).
        const std::size_t start = m_p;
        while (m_p < m_s.size() && m_s[m_p] != ';') ++m_p;
        std::string_view v = trim(m_s.substr(start, m_p - start));
        if (v.empty()) return std::nullopt;
        return std::string(v);
    }
    void skipTo(char c) {
        while (m_p < m_s.size() && m_s[m_p] != c) ++m_p;
    }

private:
    std::string_view m_s;
    std::size_t m_p = 0;
};

// End of the line that contains `pos` (index after its LF), or `end`.
std::size_t lineEnd(std::string_view d, std::size_t pos, std::size_t end) {
    const std::size_t lf = d.find('\n', pos);
    return (lf == std::string_view::npos || lf >= end) ? end : lf + 1;
}

// True when a line starting at `pos` is empty (just CRLF or LF).
bool blankLineAt(std::string_view d, std::size_t pos, std::size_t end, std::size_t& after) {
    if (pos < end && d[pos] == '\n') { after = pos + 1; return true; }
    if (pos + 1 < end && d[pos] == '\r' && d[pos + 1] == '\n') { after = pos + 2; return true; }
    return false;
}

class StructureParser {
public:
    explicit StructureParser(std::string_view data) : m_d(data) {}

    void parse(BodyPart& part, std::size_t start, std::size_t end, int depth, bool digestChild) {
        ++m_parts;
        part.headerStart = start;
        readHeader(part, start, end);
        part.bodyEnd = end;
        for (std::size_t i = part.headerEnd; i < end; ++i)
            if (m_d[i] == '\n') ++part.bodyLines;
        readContentFields(part, digestChild);
        if (depth >= kMaxMimeDepth || m_parts >= kMaxMimeParts) return;
        if (iequals(part.type, "multipart")) {
            splitMultipart(part, depth);
        } else if (part.isMessageType()) {
            part.children.emplace_back();
            parse(part.children.back(), part.headerEnd, end, depth + 1, false);
        }
    }

private:
    void readHeader(BodyPart& part, std::size_t start, std::size_t end) {
        std::size_t pos = start;
        std::size_t after = 0;
        while (pos < end) {
            if (blankLineAt(m_d, pos, end, after)) {
                part.headerEnd = after;
                return;
            }
            // One field: this line plus continuation lines starting with SP/HTAB.
            const std::size_t fieldStart = pos;
            pos = lineEnd(m_d, pos, end);
            while (pos < end && isWsp(m_d[pos])) pos = lineEnd(m_d, pos, end);
            addField(part, fieldStart, pos);
        }
        part.headerEnd = end;  // no empty line: everything is header
    }

    void addField(BodyPart& part, std::size_t start, std::size_t end) {
        const std::string_view raw = m_d.substr(start, end - start);
        const std::size_t colon = raw.find(':');
        if (colon == std::string_view::npos || colon == 0) return;
        std::string_view name = raw.substr(0, colon);
        while (!name.empty() && isWsp(name.back())) name.remove_suffix(1);
        for (char c : name)
            if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return;
        HeaderField f;
        f.name.assign(name);
        for (char c : trim(raw.substr(colon + 1)))
            if (c != '\r' && c != '\n') f.value += c;
        f.start = start;
        f.end = end;
        if (part.fields.size() < 10000) part.fields.push_back(std::move(f));
    }

    void readContentFields(BodyPart& part, bool digestChild) {
        if (digestChild) {
            part.type = "message";
            part.subtype = "rfc822";
        }
        if (const HeaderField* ct = part.field("Content-Type")) {
            std::string type, subtype;
            std::vector<MimeParam> params;
            if (parseContentType(ct->value, type, &subtype, params)) {
                part.type = type;
                part.subtype = subtype;
                part.params = std::move(params);
                part.defaultType = false;
            }
        }
        if (const HeaderField* f = part.field("Content-Transfer-Encoding")) {
            FieldLexer lx(f->value);
            if (auto t = lx.token()) part.encoding = *t;
        }
        auto optionalField = [&part](std::string_view name, std::optional<std::string>& out) {
            if (const HeaderField* f = part.field(name)) out = f->value;
        };
        optionalField("Content-ID", part.id);
        optionalField("Content-Description", part.description);
        optionalField("Content-MD5", part.md5);
        optionalField("Content-Location", part.location);
        if (const HeaderField* f = part.field("Content-Disposition")) {
            std::string type;
            std::vector<MimeParam> params;
            if (parseContentType(f->value, type, nullptr, params)) {
                part.disposition = type;
                part.dispositionParams = std::move(params);
            }
        }
        if (const HeaderField* f = part.field("Content-Language")) {
            std::string_view v = f->value;
            while (!v.empty()) {
                const std::size_t comma = v.find(',');
                std::string_view item = trim(v.substr(0, comma));
                if (!item.empty()) part.languages.emplace_back(item);
                if (comma == std::string_view::npos) break;
                v.remove_prefix(comma + 1);
            }
        }
    }

    void splitMultipart(BodyPart& part, int depth) {
        std::string boundary;
        for (const MimeParam& p : part.params)
            if (iequals(p.name, "boundary")) boundary = p.value;
        const bool digest = iequals(part.subtype, "digest");
        const std::size_t bodyStart = part.headerEnd;
        const std::size_t end = part.bodyEnd;
        if (!boundary.empty() && boundary.size() <= 200) {
            const std::string dash = "--" + boundary;
            std::size_t partStart = std::string::npos;  // content start of the open part
            std::size_t line = bodyStart;
            while (line < end) {
                const std::size_t next = lineEnd(m_d, line, end);
                bool close = false;
                if (isDelimiter(line, next, dash, close)) {
                    if (partStart != std::string::npos) {
                        // The CRLF (or LF) before the delimiter belongs to the delimiter.
                        std::size_t contentEnd = line;
                        if (contentEnd > partStart && m_d[contentEnd - 1] == '\n') --contentEnd;
                        if (contentEnd > partStart && m_d[contentEnd - 1] == '\r') --contentEnd;
                        addChild(part, partStart, contentEnd, depth, digest);
                    }
                    if (close || m_parts >= kMaxMimeParts) {
                        partStart = std::string::npos;
                        break;
                    }
                    partStart = next;
                }
                line = next;
            }
            if (partStart != std::string::npos) addChild(part, partStart, end, depth, digest);  // no close delimiter
        }
        if (part.children.empty()) {
            // body-type-mpart needs at least one part: an empty text/plain one, as Dovecot shows.
            BodyPart empty;
            empty.headerStart = empty.headerEnd = empty.bodyEnd = end;
            part.children.push_back(std::move(empty));
        }
    }

    void addChild(BodyPart& part, std::size_t start, std::size_t end, int depth, bool digest) {
        if (end < start) end = start;
        part.children.emplace_back();
        parse(part.children.back(), start, end, depth + 1, digest);
    }

    bool isDelimiter(std::size_t line, std::size_t next, const std::string& dash, bool& close) const {
        if (next - line < dash.size() || m_d.compare(line, dash.size(), dash) != 0) return false;
        std::size_t p = line + dash.size();
        close = false;
        if (p + 1 < next && m_d[p] == '-' && m_d[p + 1] == '-') {
            close = true;
            p += 2;
        }
        for (; p < next; ++p)
            if (!isWsp(m_d[p]) && m_d[p] != '\r' && m_d[p] != '\n') return false;
        return true;
    }

    std::string_view m_d;
    int m_parts = 0;
};

}  // namespace

bool BodyPart::isMultipart() const { return iequals(type, "multipart") && !children.empty(); }

bool BodyPart::isMessageType() const {
    return iequals(type, "message") && (iequals(subtype, "rfc822") || iequals(subtype, "global"));
}

bool BodyPart::isMessage() const { return isMessageType() && children.size() == 1; }

bool BodyPart::isText() const { return iequals(type, "text"); }

const HeaderField* BodyPart::field(std::string_view name) const {
    for (const HeaderField& f : fields)
        if (iequals(f.name, name)) return &f;
    return nullptr;
}

bool parseContentType(std::string_view value, std::string& type, std::string* subtype, std::vector<MimeParam>& params) {
    FieldLexer lx(value);
    auto t = lx.token();
    if (!t) return false;
    type = *t;
    if (subtype) {
        if (!lx.accept('/')) return false;
        auto s = lx.token();
        if (!s) return false;
        *subtype = *s;
    }
    while (!lx.atEnd()) {
        if (!lx.accept(';')) {
            lx.skipTo(';');  // junk after the type: skip to the next parameter
            if (!lx.accept(';')) break;
        }
        auto name = lx.token();
        if (!name) continue;
        if (!lx.accept('=')) continue;
        auto v = lx.value();
        if (!v) continue;
        if (params.size() < 100) params.push_back(MimeParam{*name, *v});
    }
    return true;
}

BodyPart parseMessageStructure(std::string_view message) {
    BodyPart root;
    StructureParser p(message);
    p.parse(root, 0, message.size(), 0, false);
    return root;
}

const BodyPart* findPart(const BodyPart& root, const std::vector<std::uint32_t>& path) {
    const BodyPart* cur = &root;
    bool atMessage = true;  // `cur` is a message whose parts the next number counts
    for (std::uint32_t n : path) {
        if (n == 0) return nullptr;
        if (!atMessage && cur->isMessage()) {
            cur = &cur->children.front();
            atMessage = true;
        }
        if (cur->isMultipart()) {
            if (n > cur->children.size()) return nullptr;
            cur = &cur->children[n - 1];
        } else if (!atMessage || n != 1) {
            return nullptr;  // a single-part message has only part 1: its body
        }
        atMessage = false;
    }
    return cur;
}

}  // namespace postino::imap
