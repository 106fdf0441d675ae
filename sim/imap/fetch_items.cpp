// FETCH attribute parsing and section extraction (RFC 3501 6.4.5, 9).
#include "imap/fetch_items.h"

namespace postino::imap {

namespace {

constexpr std::string_view kBadSection = "Invalid BODY[..] section";

bool parseUint32(std::string_view s, std::uint32_t& out) {
    if (s.empty() || s.size() > 10) return false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > 0xFFFFFFFFull) return false;
    out = static_cast<std::uint32_t>(v);
    return true;
}

bool validFieldName(std::string_view s) {
    if (s.empty() || s.size() > 200) return false;
    for (char c : s) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == ':') return false;
    }
    return true;
}

// The text between the brackets: "1.2.HEADER.FIELDS (From To)".
std::string parseSection(std::string_view text, Section& s) {
    std::string_view spec = text;
    std::string_view list;
    const std::size_t sp = text.find(' ');
    if (sp != std::string_view::npos) {
        spec = text.substr(0, sp);
        list = text.substr(sp + 1);
    }
    // Leading part numbers.
    while (!spec.empty() && spec[0] >= '0' && spec[0] <= '9') {
        const std::size_t dot = spec.find('.');
        std::uint32_t n = 0;
        if (!parseUint32(spec.substr(0, dot), n) || n == 0 || s.part.size() >= 100) return std::string(kBadSection);
        s.part.push_back(n);
        if (dot == std::string_view::npos) {
            spec = {};
            break;
        }
        spec.remove_prefix(dot + 1);
        if (spec.empty()) return std::string(kBadSection);  // "1."
    }
    const std::string word = toUpperAscii(spec);
    if (word.empty()) s.text = Section::Text::None;
    else if (word == "HEADER") s.text = Section::Text::Header;
    else if (word == "HEADER.FIELDS") s.text = Section::Text::HeaderFields;
    else if (word == "HEADER.FIELDS.NOT") s.text = Section::Text::HeaderFieldsNot;
    else if (word == "TEXT") s.text = Section::Text::Text;
    else if (word == "MIME" && !s.part.empty()) s.text = Section::Text::Mime;
    else return std::string(kBadSection);

    const bool wantsList = s.text == Section::Text::HeaderFields || s.text == Section::Text::HeaderFieldsNot;
    if (wantsList != (sp != std::string_view::npos)) return std::string(kBadSection);
    if (wantsList) {
        std::vector<Arg> args;
        if (!parseArgs(list, args).empty() || args.size() != 1 || !args[0].isList() || args[0].list.empty())
            return std::string(kBadSection);
        for (const Arg& a : args[0].list) {
            if (!a.isAstring() || !validFieldName(a.value)) return std::string(kBadSection);
            s.fields.push_back(toUpperAscii(a.value));
        }
    }
    return "";
}

std::string sectionName(const Section& s) {
    std::string out;
    for (std::uint32_t n : s.part) {
        if (!out.empty()) out += '.';
        out += std::to_string(n);
    }
    static const char* names[] = {"", "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT", "MIME"};
    const char* name = names[static_cast<int>(s.text)];
    if (*name) {
        if (!out.empty()) out += '.';
        out += name;
    }
    if (!s.fields.empty()) {
        out += " (";
        for (std::size_t i = 0; i < s.fields.size(); ++i) out += (i ? " " : "") + s.fields[i];
        out += ')';
    }
    return out;
}

std::string parseItem(const std::string& atom, std::vector<FetchItem>& out) {
    const std::string upper = toUpperAscii(atom);
    FetchItem item;
    using K = FetchItem::Kind;
    struct Simple {
        const char* name;
        K kind;
    };
    static const Simple simple[] = {
        {"FLAGS", K::Flags},           {"UID", K::Uid},         {"INTERNALDATE", K::InternalDate},
        {"RFC822.SIZE", K::Rfc822Size}, {"ENVELOPE", K::Envelope}, {"BODYSTRUCTURE", K::BodyStructure},
        {"BODY", K::Body},             {"RFC822", K::Rfc822},   {"RFC822.HEADER", K::Rfc822Header},
        {"RFC822.TEXT", K::Rfc822Text},
    };
    for (const Simple& s : simple) {
        if (upper == s.name) {
            item.kind = s.kind;
            item.responseName = s.name;
            out.push_back(std::move(item));
            return "";
        }
    }
    std::string_view rest = atom;
    if (upper.rfind("BODY.PEEK[", 0) == 0) {
        item.peek = true;
        rest.remove_prefix(10);
    } else if (upper.rfind("BODY[", 0) == 0) {
        rest.remove_prefix(5);
    } else {
        return "Unknown parameter " + upper.substr(0, 60);
    }
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::string(kBadSection);
    item.kind = K::Section;
    std::string err = parseSection(rest.substr(0, close), item.section);
    if (!err.empty()) return err;
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
        if (after.size() < 3 || after.front() != '<' || after.back() != '>') return std::string(kBadSection);
        after = after.substr(1, after.size() - 2);
        const std::size_t dot = after.find('.');
        if (!parseUint32(after.substr(0, dot), item.offset)) return std::string(kBadSection);
        if (dot != std::string_view::npos && !parseUint32(after.substr(dot + 1), item.length))
            return std::string(kBadSection);
        item.partial = true;
    }
    item.responseName = "BODY[" + sectionName(item.section) + "]";
    if (item.partial) item.responseName += "<" + std::to_string(item.offset) + ">";
    out.push_back(std::move(item));
    return "";
}

}  // namespace

bool FetchItem::setsSeen() const {
    return (kind == Kind::Section && !peek) || kind == Kind::Rfc822 || kind == Kind::Rfc822Text;
}

bool FetchItem::needsStructure() const {
    if (kind == Kind::Section) return !(section.part.empty() && section.text == Section::Text::None);
    return kind == Kind::Envelope || kind == Kind::BodyStructure || kind == Kind::Body || kind == Kind::Rfc822Header ||
           kind == Kind::Rfc822Text;
}

std::string parseFetchItems(const std::vector<Arg>& args, std::vector<FetchItem>& out) {
    if (args.size() != 1) return "Invalid arguments";
    const Arg& a = args[0];
    if (a.type == Arg::Type::Atom) {
        const std::string upper = toUpperAscii(a.value);
        const char* macro = nullptr;
        if (upper == "ALL") macro = "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE";
        else if (upper == "FAST") macro = "FLAGS INTERNALDATE RFC822.SIZE";
        else if (upper == "FULL") macro = "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY";
        if (!macro) return parseItem(a.value, out);
        std::string_view m = macro;
        while (!m.empty()) {
            const std::size_t sp = m.find(' ');
            parseItem(std::string(m.substr(0, sp)), out);
            if (sp == std::string_view::npos) break;
            m.remove_prefix(sp + 1);
        }
        return "";
    }
    if (!a.isList() || a.list.empty()) return "Invalid arguments";
    for (const Arg& item : a.list) {
        if (item.type != Arg::Type::Atom) return "Invalid arguments";
        std::string err = parseItem(item.value, out);
        if (!err.empty()) return err;
    }
    return "";
}

std::string sectionContent(std::string_view data, const BodyPart& root, const Section& s) {
    const BodyPart* p = s.part.empty() ? &root : findPart(root, s.part);
    if (!p) return "";
    auto slice = [&data](std::size_t from, std::size_t to) {
        if (from > data.size()) from = data.size();
        if (to > data.size()) to = data.size();
        return to > from ? std::string(data.substr(from, to - from)) : std::string();
    };
    switch (s.text) {
    case Section::Text::None:
        if (s.part.empty()) return std::string(data);
        return slice(p->bodyStart(), p->bodyEnd);
    case Section::Text::Mime: return slice(p->headerStart, p->headerEnd);
    default: break;
    }
    // HEADER, HEADER.FIELDS[.NOT], TEXT: of the message itself or of an encapsulated one.
    const BodyPart* msg = s.part.empty() ? &root : (p->isMessage() ? &p->children.front() : nullptr);
    if (!msg) return "";
    if (s.text == Section::Text::Header) return slice(msg->headerStart, msg->headerEnd);
    if (s.text == Section::Text::Text) return slice(msg->bodyStart(), msg->bodyEnd);
    const bool negate = s.text == Section::Text::HeaderFieldsNot;
    std::string out;
    for (const HeaderField& f : msg->fields) {
        bool listed = false;
        for (const std::string& name : s.fields) listed = listed || iequals(f.name, name);
        if (listed == negate) continue;
        out += slice(f.start, f.end);
        if (out.empty() || out.back() != '\n') out += "\r\n";
    }
    out += "\r\n";
    return out;
}

}  // namespace postino::imap
