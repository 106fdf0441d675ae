// The message view: walks the MIME tree from imap/message_structure.h (offsets only), decodes
// the parts the user reads, and lists the attachments.
#include "mail/message_view.h"
#include "core/ascii.h"

#include "core/base64.h"
#include "core/utf8.h"
#include "imap/imap_parser.h"
#include "imap/message_structure.h"
#include "mail/encoded_words.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace postino::mail {

namespace {

using imap::BodyPart;
using imap::iequals;
using imap::MimeParam;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool isTagNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

const MimeParam* findParam(const std::vector<MimeParam>& params, std::string_view name) {
    for (const MimeParam& p : params)
        if (iequals(p.name, name)) return &p;
    return nullptr;
}

// Base64 as mail clients read it: line breaks and stray characters skipped, the text ends at
// the first '=', a truncated last group gives the bytes it has.
std::string lenientBase64(std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    for (char c : text) {
        if (c == '=') break;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')
            clean += c;
    }
    if (clean.size() % 4 == 1) clean.pop_back();  // six bits make no byte
    while (clean.size() % 4 != 0) clean += '=';
    return base64Decode(clean).value_or("");
}

std::string_view bodyOf(const BodyPart& p, std::string_view raw) { return raw.substr(p.bodyStart(), p.bodySize()); }

// The part's octets after its Content-Transfer-Encoding (7bit, 8bit, binary and unknown: as is).
std::string transferDecoded(const BodyPart& p, std::string_view raw) {
    const std::string_view body = bodyOf(p, raw);
    if (iequals(p.encoding, "base64")) return lenientBase64(body);
    if (iequals(p.encoding, "quoted-printable")) return quotedPrintableBytes(body);
    return std::string(body);
}

// A text part as UTF-8 with LF line ends.
std::string partText(const BodyPart& p, std::string_view raw) {
    const std::string bytes = transferDecoded(p, raw);
    std::optional<std::string> text;
    if (const MimeParam* charset = findParam(p.params, "charset")) text = charsetToUtf8(bytes, charset->value);
    if (!text) text = toValidUtf8(bytes);
    std::string out;
    out.reserve(text->size());
    for (std::size_t i = 0; i < text->size(); ++i) {
        const char c = (*text)[i];
        if (c == '\r' && i + 1 < text->size() && (*text)[i + 1] == '\n') continue;
        out += c == '\r' ? '\n' : c;
    }
    return out;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexDigitValue(s[i + 1]) >= 0 && hexDigitValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexDigitValue(s[i + 1]) * 16 + hexDigitValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// A parameter's text: RFC 2231 "name*=charset'lang'%XX" or continuations "name*0*=", "name*1=",
// ...; else "name=" with RFC 2047 words decoded (not standard, but what many mailers send).
std::optional<std::string> paramText(const std::vector<MimeParam>& params, const std::string& name) {
    std::vector<std::pair<std::string_view, bool>> pieces;  // value, percent-encoded
    if (const MimeParam* whole = findParam(params, name + "*")) {
        pieces.emplace_back(whole->value, true);
    } else {
        for (std::size_t n = 0; n < params.size(); ++n) {
            const std::string numbered = name + "*" + std::to_string(n);
            if (const MimeParam* enc = findParam(params, numbered + "*")) pieces.emplace_back(enc->value, true);
            else if (const MimeParam* raw = findParam(params, numbered)) pieces.emplace_back(raw->value, false);
            else break;
        }
    }
    if (pieces.empty()) {
        if (const MimeParam* p = findParam(params, name)) return decodeEncodedWords(p->value);
        return std::nullopt;
    }
    std::string charset, bytes;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        auto [value, encoded] = pieces[i];
        if (i == 0 && encoded) {
            const std::size_t q1 = value.find('\'');
            const std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('\'', q1 + 1);
            if (q2 != std::string_view::npos) {
                charset = value.substr(0, q1);
                value.remove_prefix(q2 + 1);
            }
        }
        bytes += encoded ? percentDecode(value) : std::string(value);
    }
    if (auto text = charsetToUtf8(bytes, charset)) return text;
    return toValidUtf8(bytes);
}

std::optional<std::string> fileName(const BodyPart& p) {
    if (auto name = paramText(p.dispositionParams, "filename")) return name;
    return paramText(p.params, "name");
}

bool isAttachment(const BodyPart& p) {
    return (p.disposition && iequals(*p.disposition, "attachment")) || fileName(p).has_value();
}

// A multipart body whose boundary is missing or never used is shown as plain text.
bool hasBoundary(const BodyPart& p, std::string_view raw) {
    const MimeParam* boundary = findParam(p.params, "boundary");
    return boundary && !boundary->value.empty() &&
           bodyOf(p, raw).find("--" + boundary->value) != std::string_view::npos;
}

struct Found {
    const BodyPart* plain = nullptr;
    const BodyPart* html = nullptr;
};

void walk(const BodyPart& p, std::string_view raw, MessageView& view, Found& found) {
    if (iequals(p.type, "multipart") && hasBoundary(p, raw)) {
        for (const BodyPart& child : p.children) walk(child, raw, view, found);
        return;
    }
    if (isAttachment(p)) {
        view.attachments.push_back(
            {fileName(p).value_or(""), toLowerAscii(p.type + "/" + p.subtype), transferDecoded(p, raw).size()});
        return;
    }
    // A multipart part here has no usable boundary: its body is the best text there is.
    if (iequals(p.type, "multipart") || (p.isText() && iequals(p.subtype, "plain"))) {
        if (!found.plain) found.plain = &p;
    } else if (p.isText() && iequals(p.subtype, "html")) {
        view.hasHtml = true;
        if (!found.html) found.html = &p;
    }
}

std::string headerText(const BodyPart& root, std::string_view name, bool decodeWords) {
    const imap::HeaderField* f = root.field(name);
    if (!f) return "";
    return decodeWords ? decodeEncodedWords(f->value) : toValidUtf8(f->value);
}

// "&amp;" -> "&" etc. at `pos`; advances `pos` past the entity, or returns nullopt.
std::optional<std::string> entityAt(std::string_view html, std::size_t& pos) {
    const std::size_t semi = html.substr(pos, 11).find(';');  // names are short: no long search
    if (semi == std::string_view::npos) return std::nullopt;
    const std::string name = toLowerAscii(html.substr(pos + 1, semi - 1));
    std::string out;
    if (name == "amp") out = "&";
    else if (name == "lt") out = "<";
    else if (name == "gt") out = ">";
    else if (name == "quot") out = "\"";
    else if (name == "apos") out = "'";
    else if (name == "nbsp") out = "\xC2\xA0";
    else if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x';  // at most 8 digits (the name is short): no overflow
        if (hex && name.size() == 2) return std::nullopt;
        std::uint32_t cp = 0;
        for (std::size_t i = hex ? 2 : 1; i < name.size(); ++i) {
            const int d = hex ? hexDigitValue(name[i]) : (name[i] >= '0' && name[i] <= '9' ? name[i] - '0' : -1);
            if (d < 0) return std::nullopt;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        }
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') out = " ";  // whitespace, as written out
        else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            out = kReplacement;  // NUL and other control characters are never shown
        else appendUtf8(out, cp);
    } else {
        return std::nullopt;
    }
    pos += semi + 1;
    return out;
}

bool startsLine(const std::string& tag) {
    static const char* const blocks[] = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"};
    const std::string_view name = !tag.empty() && tag[0] == '/' ? std::string_view(tag).substr(1) : tag;
    for (const char* b : blocks)
        if (name == b) return true;
    return false;
}

}  // namespace

std::string htmlToText(std::string_view html) {
    const std::string lowered = toLowerAscii(html);  // for case-insensitive searches
    std::string out;
    bool space = false;  // whitespace seen since the last character written
    auto endLine = [&](bool always) {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        if (always || (!out.empty() && out.back() != '\n')) out += '\n';
        space = false;
    };
    auto put = [&](std::string_view s) {
        if (space && !out.empty() && out.back() != '\n') out += ' ';
        space = false;
        out += s;
    };
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            if (lowered.compare(i, 4, "<!--") == 0) {
                const std::size_t end = lowered.find("-->", i + 4);
                i = end == std::string::npos ? html.size() : end + 3;
                continue;
            }
            std::size_t n = i + 1;
            if (n < html.size() && html[n] == '/') ++n;
            const bool named = n < html.size() && lowered[n] >= 'a' && lowered[n] <= 'z';
            if (!named && !(i + 1 < html.size() && html[i + 1] == '!')) {  // "a < b", "<3": not a tag
                put("<");
                ++i;
                continue;
            }
            while (n < html.size() && isTagNameChar(lowered[n])) ++n;
            const std::string tag = lowered.substr(i + 1, n - i - 1);  // "br", "/p", "" for "<!DOCTYPE"
            const std::size_t close = html.find('>', n);
            if (close == std::string_view::npos) break;  // an unfinished tag: the rest is not text
            i = close + 1;
            if (tag == "br") {
                endLine(true);
            } else if (startsLine(tag)) {
                endLine(false);
            } else if (tag == "script" || tag == "style" || tag == "title") {
                const std::size_t end = lowered.find("</" + tag, i);  // their content is not shown
                i = end == std::string::npos ? html.size() : end;
            }
            continue;
        }
        if (c == '&') {
            if (auto text = entityAt(html, i)) {
                if (*text == " ") space = true;  // &#13; &#10; &#9;: whitespace like any other
                else put(*text);
                continue;
            }
        }
        if (isSpace(c)) space = true;
        else put(std::string_view(&html[i], 1));
        ++i;
    }
    return toValidUtf8(out);  // in case `html` was not UTF-8
}

MessageView viewMessage(std::string_view raw) {
    const BodyPart root = imap::parseMessageStructure(raw);
    MessageView view;
    view.from = headerText(root, "From", true);
    view.to = headerText(root, "To", true);
    view.cc = headerText(root, "Cc", true);
    view.subject = headerText(root, "Subject", true);
    view.date = headerText(root, "Date", false);
    view.messageId = headerText(root, "Message-ID", false);
    Found found;
    walk(root, raw, view, found);
    if (found.plain) view.text = partText(*found.plain, raw);
    else if (found.html) view.text = htmlToText(partText(*found.html, raw));
    return view;
}

}  // namespace postino::mail
