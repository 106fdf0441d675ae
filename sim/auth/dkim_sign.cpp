// Building and signing the DKIM-Signature field.
#include "auth/dkim_sign.h"

#include "core/base64.h"

namespace postino::auth {

namespace {

std::string canonName(DkimCanon c) { return c == DkimCanon::Relaxed ? "relaxed" : "simple"; }

// Appends "tag=value;" pieces, folding before a piece that would pass 76 columns, and cutting
// base64 values into folded chunks.
class Folder {
public:
    explicit Folder(std::string start) : m_text(std::move(start)), m_column(m_text.size()) {}
    void add(const std::string& piece) {
        if (m_column + 1 + piece.size() > 76) {
            m_text += "\r\n\t";
            m_column = 1;
        } else {
            m_text += ' ';
            ++m_column;
        }
        m_text += piece;
        m_column += piece.size();
    }
    void addBase64(const std::string& tag, const std::string& value, bool last) {
        add(tag + "=");
        appendValue(value);
        if (!last) {
            m_text += ';';
            ++m_column;
        }
    }
    void appendValue(const std::string& value) {
        for (std::size_t i = 0; i < value.size();) {
            std::size_t room = m_column < 76 ? 76 - m_column : 0;
            if (room < 8) {
                m_text += "\r\n\t";
                m_column = 1;
                room = 75;
            }
            std::string chunk = value.substr(i, room);
            m_text += chunk;
            m_column += chunk.size();
            i += chunk.size();
        }
    }
    const std::string& text() const { return m_text; }

private:
    std::string m_text;
    std::size_t m_column;
};

}  // namespace

HeaderField withEmptyB(const HeaderField& signature) {
    HeaderField f = signature;
    std::string& raw = f.raw;
    std::size_t colon = raw.find(':');
    std::size_t pos = colon + 1;
    while (pos < raw.size()) {
        std::size_t tagStart = raw.find_first_not_of(" \t\r\n", pos);
        if (tagStart == std::string::npos) break;
        std::size_t eq = raw.find('=', tagStart);
        std::size_t semi = raw.find(';', tagStart);
        if (eq == std::string::npos || (semi != std::string::npos && semi < eq)) {
            if (semi == std::string::npos) break;
            pos = semi + 1;
            continue;
        }
        std::string name = raw.substr(tagStart, eq - tagStart);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\r' || name.back() == '\n')) {
            name.pop_back();
        }
        std::size_t valueEnd = semi == std::string::npos ? raw.size() - 2 : semi;  // keep the final CRLF
        if (name == "b") {
            raw.erase(eq + 1, valueEnd - (eq + 1));
            break;
        }
        if (semi == std::string::npos) break;
        pos = semi + 1;
    }
    return f;
}

std::string headerHashInput(const std::vector<const HeaderField*>& signedFields, const HeaderField& signature,
                            DkimCanon c) {
    std::string data;
    for (const HeaderField* h : signedFields) data += canonHeader(*h, c);
    std::string own = canonHeader(withEmptyB(signature), c);
    if (own.size() >= 2) own.resize(own.size() - 2);  // without its final CRLF
    return data + own;
}

DkimSignResult dkimSign(std::string_view message, const DkimKey& key, const DkimSignOptions& o) {
    DkimSignResult out;
    SplitMessage m = splitMessage(message);
    if (!m.error.empty()) {
        out.error = "the message cannot be signed: " + m.error;
        return out;
    }
    if (o.domain.empty() || o.selector.empty()) {
        out.error = "DKIM signing needs a domain (d=) and a selector (s=)";
        return out;
    }
    std::vector<std::string> names;
    for (const std::string& want : o.headers) {
        for (const HeaderField& h : m.headers) {
            if (lowerAscii(h.name) == lowerAscii(want)) names.push_back(lowerAscii(want));
        }
    }
    bool hasFrom = false;
    for (const std::string& n : names) hasFrom = hasFrom || n == "from";
    if (!hasFrom) {
        out.error = "the message has no From: header field, and DKIM must sign it";
        return out;
    }
    std::vector<const HeaderField*> fields = selectHeaders(m.headers, names);
    std::string bh = base64Encode(sha256(canonBody(m.body, o.bodyCanon)));

    Folder f("DKIM-Signature:");
    f.add("v=1;");
    f.add("a=" + algorithmName(key.algorithm()) + ";");
    f.add("c=" + canonName(o.headerCanon) + "/" + canonName(o.bodyCanon) + ";");
    f.add("d=" + o.domain + ";");
    f.add("s=" + o.selector + ";");
    if (o.timestamp) f.add("t=" + std::to_string(*o.timestamp) + ";");
    std::string h;
    for (const std::string& n : names) h += (h.empty() ? "" : ":") + n;
    f.add("h=" + h + ";");
    f.addBase64("bh", bh, false);
    f.add("b=");
    std::string unsignedText = f.text() + "\r\n";
    HeaderField unsignedField{"DKIM-Signature", unsignedText};
    std::string signature = key.sign(headerHashInput(fields, unsignedField, o.headerCanon));
    if (signature.empty()) {
        out.error = "OpenSSL could not sign with the " + algorithmName(key.algorithm()) + " key";
        return out;
    }
    f.appendValue(base64Encode(signature));
    out.field = f.text() + "\r\n";
    return out;
}

}  // namespace postino::auth
