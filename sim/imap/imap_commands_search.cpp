// SEARCH and UID SEARCH: the search-key grammar (AND by juxtaposition, OR, NOT, lists),
// flag, size, date, header and text keys, and sequence/UID sets. Strings match ASCII
// case-insensitively, after RFC 2047 words in header fields are decoded.
// RFC 3501 6.4.4, 7.2.5; RFC 2047 (encoded words). CHARSET: UTF-8 and US-ASCII only.
#include <algorithm>
#include "core/ascii.h"
#include <memory>

#include "core/base64.h"
#include "imap/imap_format.h"
#include "imap/message_structure.h"
#include "imap/sequence_set.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

constexpr int kMaxSearchDepth = 100;

struct SearchKey {
    enum class Op {
        And, Or, Not, FlagSet, FlagClear, Keyword, NoKeyword, New, Old, Recent, Header, Body, Text,
        Before, On, Since, SentBefore, SentOn, SentSince, Larger, Smaller, SeqSet, UidSet, All,
    };
    Op op = Op::All;
    std::uint8_t flag = 0;
    std::string field, value;  // Header: field name and substring; Body/Text: substring
    std::int64_t day = 0;
    std::uint32_t number = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    std::vector<SearchKey> kids;
};


bool containsNoCase(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > hay.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        std::size_t j = 0;
        while (j < needle.size() && toLowerAscii(hay[i + j]) == toLowerAscii(needle[j])) ++j;
        if (j == needle.size()) return true;
    }
    return false;
}

void latin1ToUtf8(std::string_view in, std::string& out) {
    for (char ch : in) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
}

// "=?UTF-8?B?Q2lhbw==?= x" -> "Ciao x". Unknown charsets keep their bytes; bad words stay as written.
std::string decodeEncodedWords(std::string_view s) {
    std::string out;
    std::size_t p = 0;
    bool lastWasWord = false;
    while (p < s.size()) {
        const std::size_t start = s.find("=?", p);
        if (start == std::string_view::npos) {
            out += s.substr(p);
            break;
        }
        const std::size_t q1 = s.find('?', start + 2);
        const std::size_t q2 = q1 == std::string_view::npos ? q1 : s.find('?', q1 + 1);
        const std::size_t end = q2 == std::string_view::npos ? q2 : s.find("?=", q2 + 1);
        if (end == std::string_view::npos || q2 != q1 + 2) {
            out += s.substr(p);
            break;
        }
        std::string_view between = s.substr(p, start - p);
        bool onlySpace = true;
        for (char c : between) onlySpace = onlySpace && (c == ' ' || c == '\t');
        if (!(lastWasWord && onlySpace)) out += between;  // RFC 2047 6.2: space between words vanishes
        const std::string_view charset = s.substr(start + 2, q1 - start - 2);
        const char enc = toLowerAscii(s[q1 + 1]);
        const std::string_view text = s.substr(q2 + 1, end - q2 - 1);
        std::string bytes;
        bool okWord = true;
        if (enc == 'b') {
            std::string padded(text);
            while (padded.size() % 4) padded += '=';
            auto d = base64Decode(padded);
            okWord = d.has_value();
            if (d) bytes = *d;
        } else if (enc == 'q') {
            for (std::size_t i = 0; i < text.size(); ++i) {
                if (text[i] == '_') bytes += ' ';
                else if (text[i] == '=' && i + 2 < text.size() && hexDigitValue(text[i + 1]) >= 0 && hexDigitValue(text[i + 2]) >= 0) {
                    bytes += static_cast<char>(hexDigitValue(text[i + 1]) * 16 + hexDigitValue(text[i + 2]));
                    i += 2;
                } else bytes += text[i];
            }
        } else {
            okWord = false;
        }
        if (!okWord) {
            out += s.substr(start, end + 2 - start);
        } else if (containsNoCase(charset, "8859-1") || containsNoCase(charset, "latin1")) {
            latin1ToUtf8(bytes, out);
        } else {
            out += bytes;
        }
        lastWasWord = okWord;
        p = end + 2;
    }
    return out;
}

// The text of a body part as a reader sees it: quoted-printable and base64 undone,
// ISO-8859-1 turned into UTF-8 (RFC 2045 6.7, 6.8). Anything else stays as it is.
std::string decodedText(std::string_view data, const BodyPart& p) {
    std::string_view body = data.substr(std::min(p.bodyStart(), data.size()), p.bodySize());
    std::string bytes;
    if (iequals(p.encoding, "quoted-printable")) {
        for (std::size_t i = 0; i < body.size(); ++i) {
            if (body[i] != '=') {
                bytes += body[i];
            } else if (i + 2 < body.size() && hexDigitValue(body[i + 1]) >= 0 && hexDigitValue(body[i + 2]) >= 0) {
                bytes += static_cast<char>(hexDigitValue(body[i + 1]) * 16 + hexDigitValue(body[i + 2]));
                i += 2;
            } else {  // soft line break "=\r\n"
                while (i + 1 < body.size() && (body[i + 1] == '\r' || body[i + 1] == '\n')) ++i;
            }
        }
    } else if (iequals(p.encoding, "base64")) {
        std::string clean;
        for (char c : body)
            if (c != '\r' && c != '\n' && c != ' ' && c != '\t') clean += c;
        while (clean.size() % 4) clean += '=';
        bytes = base64Decode(clean).value_or(std::string(body));
    } else {
        bytes.assign(body);
    }
    for (const MimeParam& param : p.params)
        if (iequals(param.name, "charset") && (iequals(param.value, "iso-8859-1") || iequals(param.value, "latin1"))) {
            std::string utf8;
            latin1ToUtf8(bytes, utf8);
            return utf8;
        }
    return bytes;
}

// BODY: the raw body, or any text part once decoded.
bool bodyContains(std::string_view data, const BodyPart& p, std::string_view needle, int depth = 0) {
    if (depth == 0 && containsNoCase(data.substr(std::min(p.headerEnd, data.size())), needle)) return true;
    if (depth > kMaxMimeDepth) return false;
    if (!p.children.empty()) {
        for (const BodyPart& c : p.children)
            if (bodyContains(data, c, needle, depth + 1)) return true;
        return false;
    }
    return p.isText() && containsNoCase(decodedText(data, p), needle);
}

class KeyParser {
public:
    KeyParser(const std::vector<Arg>& args, std::size_t pos, std::uint32_t exists, std::uint32_t maxUid)
        : m_args(args), m_pos(pos), m_exists(exists), m_maxUid(maxUid) {}

    // All remaining keys, ANDed.
    std::string parseAll(SearchKey& out) {
        out.op = SearchKey::Op::And;
        if (m_pos >= m_args.size()) return "Missing search parameters";
        while (m_pos < m_args.size()) {
            SearchKey k;
            std::string err = parseKey(k, 0);
            if (!err.empty()) return err;
            out.kids.push_back(std::move(k));
        }
        return "";
    }

private:
    std::string parseKey(SearchKey& k, int depth) {
        if (depth > kMaxSearchDepth) return "Too deep search nesting";
        if (m_pos >= m_args.size()) return "Missing search parameters";
        const Arg& a = m_args[m_pos++];
        using Op = SearchKey::Op;
        if (a.isList()) {
            k.op = Op::And;
            if (a.list.empty()) return "Empty search list";
            KeyParser sub(a.list, 0, m_exists, m_maxUid);
            for (sub.m_pos = 0; sub.m_pos < a.list.size();) {
                SearchKey kid;
                std::string err = sub.parseKey(kid, depth + 1);
                if (!err.empty()) return err;
                k.kids.push_back(std::move(kid));
            }
            return "";
        }
        if (a.type != Arg::Type::Atom) return "Unknown argument " + a.value.substr(0, 40);
        const std::string w = toUpperAscii(a.value);
        struct FlagKey {
            const char* name;
            Op op;
            std::uint8_t flag;
        };
        static const FlagKey flagKeys[] = {
            {"ANSWERED", Op::FlagSet, mail::flag::Answered},   {"DELETED", Op::FlagSet, mail::flag::Deleted},
            {"DRAFT", Op::FlagSet, mail::flag::Draft},         {"FLAGGED", Op::FlagSet, mail::flag::Flagged},
            {"SEEN", Op::FlagSet, mail::flag::Seen},           {"UNANSWERED", Op::FlagClear, mail::flag::Answered},
            {"UNDELETED", Op::FlagClear, mail::flag::Deleted}, {"UNDRAFT", Op::FlagClear, mail::flag::Draft},
            {"UNFLAGGED", Op::FlagClear, mail::flag::Flagged}, {"UNSEEN", Op::FlagClear, mail::flag::Seen},
            {"ALL", Op::All, 0}, {"NEW", Op::New, 0}, {"OLD", Op::Old, 0}, {"RECENT", Op::Recent, 0},
        };
        for (const FlagKey& f : flagKeys) {
            if (w == f.name) {
                k.op = f.op;
                k.flag = f.flag;
                return "";
            }
        }
        static const std::pair<const char*, const char*> headerKeys[] = {
            {"FROM", "From"}, {"TO", "To"}, {"CC", "Cc"}, {"BCC", "Bcc"}, {"SUBJECT", "Subject"}};
        for (const auto& [key, field] : headerKeys) {
            if (w == key) {
                k.op = Op::Header;
                k.field = field;
                return string(k.value);
            }
        }
        if (w == "HEADER") {
            k.op = Op::Header;
            std::string err = string(k.field);
            return err.empty() ? string(k.value) : err;
        }
        if (w == "BODY" || w == "TEXT") {
            k.op = w == "BODY" ? Op::Body : Op::Text;
            return string(k.value);
        }
        if (w == "KEYWORD" || w == "UNKEYWORD") {
            k.op = w == "KEYWORD" ? Op::Keyword : Op::NoKeyword;
            return string(k.value);
        }
        static const std::pair<const char*, Op> dateKeys[] = {
            {"BEFORE", Op::Before}, {"ON", Op::On}, {"SINCE", Op::Since},
            {"SENTBEFORE", Op::SentBefore}, {"SENTON", Op::SentOn}, {"SENTSINCE", Op::SentSince}};
        for (const auto& [key, op] : dateKeys) {
            if (w == key) {
                k.op = op;
                std::string text;
                if (!string(text).empty()) return "Missing search parameters";
                auto day = parseSearchDate(text);
                if (!day) return "Invalid search date";
                k.day = *day;
                return "";
            }
        }
        if (w == "LARGER" || w == "SMALLER") {
            k.op = w == "LARGER" ? Op::Larger : Op::Smaller;
            if (m_pos >= m_args.size() || m_args[m_pos].type != Arg::Type::Atom) return "Missing search parameters";
            const std::string& v = m_args[m_pos++].value;
            std::uint64_t n = 0;
            for (char c : v) {
                if (c < '0' || c > '9' || n > 0xFFFFFFFFull) return "Invalid size";
                n = n * 10 + static_cast<std::uint64_t>(c - '0');
            }
            if (v.empty() || n > 0xFFFFFFFFull) return "Invalid size";
            k.number = static_cast<std::uint32_t>(n);
            return "";
        }
        if (w == "NOT") {
            k.op = Op::Not;
            k.kids.emplace_back();
            return parseKey(k.kids.back(), depth + 1);
        }
        if (w == "OR") {
            k.op = Op::Or;
            k.kids.resize(2);
            std::string err = parseKey(k.kids[0], depth + 1);
            return err.empty() ? parseKey(k.kids[1], depth + 1) : err;
        }
        if (w == "UID") {
            k.op = Op::UidSet;
            if (m_pos >= m_args.size() || m_args[m_pos].type != Arg::Type::Atom) return "Missing search parameters";
            const auto set = SequenceSet::parse(m_args[m_pos++].value);
            if (!set) return "Invalid uidset";
            k.ranges = set->resolved(m_maxUid);
            return "";
        }
        if (const auto set = SequenceSet::parse(a.value)) {
            k.op = Op::SeqSet;
            k.ranges = set->resolved(m_exists);
            return "";
        }
        return "Unknown argument " + w.substr(0, 40);
    }

    // The next argument as a string (atom, quoted or literal).
    std::string string(std::string& out) {
        if (m_pos >= m_args.size() || !m_args[m_pos].isAstring()) return "Missing search parameters";
        out = m_args[m_pos++].value;
        return "";
    }

    const std::vector<Arg>& m_args;
    std::size_t m_pos;
    std::uint32_t m_exists, m_maxUid;
};

struct Candidate {
    std::uint32_t seq;
    const ServerSession::ViewEntry& entry;
    const mail::StoredMessage& message;
    std::unique_ptr<BodyPart> structure;  // parsed on first use

    const BodyPart& parts() {
        if (!structure) structure = std::make_unique<BodyPart>(parseMessageStructure(message.data));
        return *structure;
    }
};

bool matches(const SearchKey& k, Candidate& c) {
    using Op = SearchKey::Op;
    const mail::StoredMessage& m = c.message;
    switch (k.op) {
    case Op::All: return true;
    case Op::And:
        for (const SearchKey& kid : k.kids)
            if (!matches(kid, c)) return false;
        return true;
    case Op::Or: return matches(k.kids[0], c) || matches(k.kids[1], c);
    case Op::Not: return !matches(k.kids[0], c);
    case Op::FlagSet: return (m.flags & k.flag) != 0;
    case Op::FlagClear: return (m.flags & k.flag) == 0;
    case Op::Keyword: return m.hasKeyword(k.value);
    case Op::NoKeyword: return !m.hasKeyword(k.value);
    case Op::New: return c.entry.recent && !(m.flags & mail::flag::Seen);
    case Op::Old: return !c.entry.recent;
    case Op::Recent: return c.entry.recent;
    case Op::Header: {
        for (const HeaderField& f : c.parts().fields)
            if (iequals(f.name, k.field) && (k.value.empty() || containsNoCase(decodeEncodedWords(f.value), k.value)))
                return true;
        return false;
    }
    case Op::Body: return bodyContains(m.data, c.parts(), k.value);
    case Op::Text: {
        if (bodyContains(m.data, c.parts(), k.value)) return true;
        for (const HeaderField& f : c.parts().fields)
            if (containsNoCase(decodeEncodedWords(f.value), k.value)) return true;
        return false;
    }
    case Op::Before: return dayOf(m.internalDate) < k.day;
    case Op::On: return dayOf(m.internalDate) == k.day;
    case Op::Since: return dayOf(m.internalDate) >= k.day;
    case Op::SentBefore:
    case Op::SentOn:
    case Op::SentSince: {
        const HeaderField* date = c.parts().field("Date");
        const auto day = date ? parseHeaderDay(date->value) : std::nullopt;
        if (!day) return false;
        if (k.op == Op::SentBefore) return *day < k.day;
        if (k.op == Op::SentOn) return *day == k.day;
        return *day >= k.day;
    }
    case Op::Larger: return m.data.size() > k.number;
    case Op::Smaller: return m.data.size() < k.number;
    case Op::SeqSet: return inRanges(k.ranges, c.seq);
    case Op::UidSet: return inRanges(k.ranges, m.uid);
    }
    return false;
}

}  // namespace

void ServerSession::cmdSearch(Command& cmd) {
    std::size_t pos = 0;
    if (!cmd.args.empty() && cmd.args[0].isAtom("CHARSET")) {
        if (cmd.args.size() < 2 || !cmd.args[1].isAstring()) {
            bad(cmd, "Missing search parameters");
            return;
        }
        if (!iequals(cmd.args[1].value, "UTF-8") && !iequals(cmd.args[1].value, "US-ASCII")) {
            no(cmd, "[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
            return;
        }
        pos = 2;
    }
    mail::Folder* f = selected();
    if (!f) {
        syncView(false);
        return;
    }
    const std::vector<ViewEntry>& view = m_sel->view;
    SearchKey root;
    KeyParser parser(cmd.args, pos, static_cast<std::uint32_t>(view.size()), view.empty() ? 0 : view.back().uid);
    const std::string err = parser.parseAll(root);
    if (!err.empty()) {
        bad(cmd, err);
        return;
    }
    std::string line = "SEARCH";
    for (std::size_t i = 0; i < view.size(); ++i) {
        const mail::StoredMessage* m = f->findUid(view[i].uid);
        if (!m) continue;  // expunged elsewhere, not yet reported
        Candidate c{static_cast<std::uint32_t>(i + 1), view[i], *m, nullptr};
        if (matches(root, c)) line += " " + std::to_string(cmd.uid ? m->uid : i + 1);
    }
    untagged(line);
    ok(cmd, "Search completed.");
}

}  // namespace postino::imap
