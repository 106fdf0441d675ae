// RFC 1035 wire codec: encode with name compression, defensive decode.
#include "dns/dns_message.h"

#include "dns/dns_name.h"

#include <utility>

namespace postino::dns {

// ---------------------------------------------------------------- encoding

namespace {

class Writer {
public:
    std::vector<std::uint8_t> out;
    std::string error;

    void u8(std::uint8_t v) { out.push_back(v); }
    void u16(std::uint16_t v) {
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v & 0xff));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v & 0xffff));
    }

    // Writes a name, reusing any suffix already written (RFC 1035 4.1.4).
    bool writeName(const std::string& text, const char* where) {
        std::vector<std::string> labels;
        std::string why = name::parse(text, labels);
        if (!why.empty()) return fail(std::string(where) + ": " + why);
        for (std::size_t i = 0; i < labels.size(); ++i) {
            std::string key = suffixKey(labels, i);
            for (const auto& [k, offset] : m_suffixes) {
                if (k == key) {
                    u16(static_cast<std::uint16_t>(0xC000 | offset));
                    return true;
                }
            }
            if (out.size() < 0x4000) m_suffixes.emplace_back(std::move(key), static_cast<std::uint16_t>(out.size()));
            u8(static_cast<std::uint8_t>(labels[i].size()));
            out.insert(out.end(), labels[i].begin(), labels[i].end());
        }
        u8(0);
        return true;
    }

    bool fail(std::string why) {
        if (error.empty()) error = std::move(why);
        return false;
    }

private:
    static std::string suffixKey(const std::vector<std::string>& labels, std::size_t from) {
        std::string key;
        for (std::size_t i = from; i < labels.size(); ++i) {
            key.push_back(static_cast<char>(labels[i].size()));
            key += labels[i];
        }
        return key;
    }

    std::vector<std::pair<std::string, std::uint16_t>> m_suffixes;
};

bool writeRecord(Writer& w, const ResourceRecord& rr, const std::string& where) {
    if (!w.writeName(rr.name, where.c_str())) return false;
    w.u16(static_cast<std::uint16_t>(rr.type));
    w.u16(rr.rclass);
    w.u32(rr.ttl);
    std::size_t lengthAt = w.out.size();
    w.u16(0);
    std::size_t start = w.out.size();
    switch (rr.type) {
    case RrType::A: w.u32(rr.address); break;
    case RrType::NS:
    case RrType::CNAME:
        if (!w.writeName(rr.target, (where + " target").c_str())) return false;
        break;
    case RrType::MX:
        w.u16(rr.preference);
        if (!w.writeName(rr.target, (where + " exchange").c_str())) return false;
        break;
    case RrType::SOA:
        if (!w.writeName(rr.mname, (where + " mname").c_str())) return false;
        if (!w.writeName(rr.rname, (where + " rname").c_str())) return false;
        w.u32(rr.serial);
        w.u32(rr.refresh);
        w.u32(rr.retry);
        w.u32(rr.expire);
        w.u32(rr.minimum);
        break;
    case RrType::TXT:
        if (rr.texts.empty()) return w.fail(where + ": TXT record has no character-string (it needs at least one)");
        for (std::size_t i = 0; i < rr.texts.size(); ++i) {
            const std::string& t = rr.texts[i];
            if (t.size() > kMaxCharacterString) {
                return w.fail(where + ": TXT string " + std::to_string(i + 1) + " is " + std::to_string(t.size()) +
                              " octets, a character-string holds at most 255");
            }
            w.out.push_back(static_cast<std::uint8_t>(t.size()));
            w.out.insert(w.out.end(), t.begin(), t.end());
        }
        break;
    default: w.out.insert(w.out.end(), rr.rawData.begin(), rr.rawData.end()); break;
    }
    std::size_t rdlength = w.out.size() - start;
    if (rdlength > 0xffff) return w.fail(where + ": rdata of " + std::to_string(rdlength) + " octets exceeds 65535");
    w.out[lengthAt] = static_cast<std::uint8_t>(rdlength >> 8);
    w.out[lengthAt + 1] = static_cast<std::uint8_t>(rdlength & 0xff);
    return true;
}

bool writeSection(Writer& w, const std::vector<ResourceRecord>& rrs, const char* section) {
    for (std::size_t i = 0; i < rrs.size(); ++i) {
        if (!writeRecord(w, rrs[i], std::string(section) + " " + std::to_string(i + 1))) return false;
    }
    return true;
}

}  // namespace

std::vector<std::uint8_t> encodeChecked(const Message& m, std::string& error) {
    error.clear();
    Writer w;
    const std::size_t counts[4] = {m.questions.size(), m.answers.size(), m.authority.size(), m.additional.size()};
    for (std::size_t c : counts) {
        if (c > 0xffff) {
            error = "a section holds " + std::to_string(c) + " entries, more than 65535";
            return {};
        }
    }
    w.u16(m.id);
    std::uint8_t flags1 = static_cast<std::uint8_t>((m.qr ? 0x80 : 0) | ((m.opcode & 0x0f) << 3) | (m.aa ? 0x04 : 0) |
                                                    (m.tc ? 0x02 : 0) | (m.rd ? 0x01 : 0));
    std::uint8_t flags2 = static_cast<std::uint8_t>((m.ra ? 0x80 : 0) | (static_cast<std::uint8_t>(m.rcode) & 0x0f));
    w.u8(flags1);
    w.u8(flags2);
    for (std::size_t c : counts) w.u16(static_cast<std::uint16_t>(c));
    for (std::size_t i = 0; i < m.questions.size(); ++i) {
        const Question& q = m.questions[i];
        if (!w.writeName(q.name, ("question " + std::to_string(i + 1)).c_str())) break;
        w.u16(static_cast<std::uint16_t>(q.type));
        w.u16(q.qclass);
    }
    if (w.error.empty()) writeSection(w, m.answers, "answer");
    if (w.error.empty()) writeSection(w, m.authority, "authority");
    if (w.error.empty()) writeSection(w, m.additional, "additional");
    if (w.error.empty() && w.out.size() > 0xffff) {
        w.error = "message of " + std::to_string(w.out.size()) + " octets exceeds 65535";
    }
    if (!w.error.empty()) {
        error = w.error;
        return {};
    }
    return std::move(w.out);
}

std::vector<std::uint8_t> encode(const Message& m) {
    std::string ignored;
    return encodeChecked(m, ignored);
}

// ---------------------------------------------------------------- decoding

namespace {

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t len) : m_data(data), m_len(len) {}

    std::size_t size() const { return m_len; }
    bool failed() const { return !m_error.empty(); }
    const std::string& error() const { return m_error; }
    std::size_t errorOffset() const { return m_errorOffset; }
    void setContext(std::string ctx) { m_context = std::move(ctx); }

    bool fail(const std::string& what, std::size_t offset) {
        if (m_error.empty()) {
            m_error = (m_context.empty() ? "" : m_context + ": ") + what;
            m_errorOffset = offset;
        }
        return false;
    }

    bool need(std::size_t pos, std::size_t n, std::size_t end, const char* what) {
        if (pos > end || end - pos < n) {
            return fail(std::string(what) + " at offset " + std::to_string(pos) + " needs " + std::to_string(n) +
                            " octets, only " + std::to_string(pos > end ? 0 : end - pos) + " left",
                        pos);
        }
        return true;
    }
    std::uint16_t u16(std::size_t pos) const {
        return static_cast<std::uint16_t>((m_data[pos] << 8) | m_data[pos + 1]);
    }
    std::uint32_t u32(std::size_t pos) const {
        return (static_cast<std::uint32_t>(u16(pos)) << 16) | u16(pos + 2);
    }
    const std::uint8_t* at(std::size_t pos) const { return m_data + pos; }

    // Reads a possibly compressed name starting at `pos`; the in-place part must
    // end by `end`. On success `pos` is just past the in-place part.
    bool readName(std::size_t& pos, std::size_t end, std::string& out) {
        out.clear();
        std::size_t p = pos;
        std::size_t bound = end;
        std::size_t limit = pos;  // a pointer must go strictly below where this part began
        std::size_t wire = 0;
        bool jumped = false;
        for (int hops = 0;; ) {
            if (p >= bound) {
                return fail("name at offset " + std::to_string(p) + " runs past the end of " +
                                (bound == m_len ? "the message" : "its rdata") + " (no terminating zero octet)",
                            p);
            }
            std::uint8_t b = m_data[p];
            if ((b & 0xC0) == 0xC0) {
                if (p + 1 >= bound) return fail("compression pointer at offset " + std::to_string(p) + " is cut short", p);
                std::size_t target = static_cast<std::size_t>(((b & 0x3F) << 8) | m_data[p + 1]);
                if (!jumped) pos = p + 2;
                if (target >= m_len) {
                    return fail("compression pointer at offset " + std::to_string(p) + " points to " +
                                    std::to_string(target) + ", outside the " + std::to_string(m_len) +
                                    "-octet message",
                                p);
                }
                if (target >= p) {
                    return fail("compression pointer at offset " + std::to_string(p) +
                                    (target == p ? std::string(" points to itself")
                                                 : " points forward to " + std::to_string(target)) +
                                    " (only backward pointers are allowed)",
                                p);
                }
                if (target >= limit) {
                    return fail("compression pointer at offset " + std::to_string(p) + " points back to " +
                                    std::to_string(target) + ", inside the same name: a pointer loop",
                                p);
                }
                if (++hops > 127) return fail("too many compression pointers in name", p);
                limit = target;
                p = target;
                bound = m_len;
                jumped = true;
                continue;
            }
            if (b & 0xC0) {
                return fail("label length " + std::to_string(b) + " at offset " + std::to_string(p) +
                                " exceeds 63 (label types 0x40 and 0x80 are not supported)",
                            p);
            }
            if (b == 0) {
                if (!jumped) pos = p + 1;
                return true;
            }
            if (p + 1 + b > bound) {
                return fail("label of " + std::to_string(b) + " octets at offset " + std::to_string(p) +
                                " runs past the end of " + (bound == m_len ? "the message" : "its rdata"),
                            p);
            }
            wire += 1u + b;
            if (wire + 1 > kMaxNameWire) {
                return fail("name longer than 255 octets (at offset " + std::to_string(p) + ")", p);
            }
            if (!out.empty()) out.push_back('.');
            name::appendLabelText(out, m_data + p + 1, b);
            p += 1u + b;
        }
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_len;
    std::string m_error;
    std::size_t m_errorOffset = 0;
    std::string m_context;
};

bool readRecord(Reader& r, std::size_t& pos, ResourceRecord& rr) {
    if (!r.readName(pos, r.size(), rr.name)) return false;
    if (!r.need(pos, 10, r.size(), "record header (type, class, TTL, rdlength)")) return false;
    rr.type = static_cast<RrType>(r.u16(pos));
    rr.rclass = r.u16(pos + 2);
    rr.ttl = r.u32(pos + 4);
    std::size_t rdlength = r.u16(pos + 8);
    pos += 10;
    if (!r.need(pos, rdlength, r.size(), "rdata")) return false;
    const std::size_t start = pos;
    const std::size_t end = pos + rdlength;
    auto mustEndAt = [&](std::size_t p) {
        if (p == end) return true;
        return r.fail(typeName(rr.type) + " rdata at offset " + std::to_string(start) + " is " +
                          std::to_string(rdlength) + " octets but its fields use " + std::to_string(p - start),
                      start);
    };
    std::size_t p = start;
    switch (rr.type) {
    case RrType::A:
        if (rdlength != 4) {
            return r.fail("A rdata at offset " + std::to_string(start) + " is " + std::to_string(rdlength) +
                              " octets, must be 4",
                          start);
        }
        rr.address = r.u32(p);
        p += 4;
        break;
    case RrType::NS:
    case RrType::CNAME:
        if (!r.readName(p, end, rr.target)) return false;
        break;
    case RrType::MX:
        if (!r.need(p, 2, end, "MX preference")) return false;
        rr.preference = r.u16(p);
        p += 2;
        if (!r.readName(p, end, rr.target)) return false;
        break;
    case RrType::SOA:
        if (!r.readName(p, end, rr.mname)) return false;
        if (!r.readName(p, end, rr.rname)) return false;
        if (!r.need(p, 20, end, "SOA counters")) return false;
        rr.serial = r.u32(p);
        rr.refresh = r.u32(p + 4);
        rr.retry = r.u32(p + 8);
        rr.expire = r.u32(p + 12);
        rr.minimum = r.u32(p + 16);
        p += 20;
        break;
    case RrType::TXT:
        if (rdlength == 0) {
            return r.fail("TXT rdata at offset " + std::to_string(start) +
                              " is empty; it needs at least one character-string (RFC 1035 3.3.14)",
                          start);
        }
        while (p < end) {
            std::size_t n = *r.at(p);
            if (n > end - p - 1) {
                return r.fail("TXT character-string " + std::to_string(rr.texts.size() + 1) + " at offset " +
                                  std::to_string(p) + " says " + std::to_string(n) + " octets, only " +
                                  std::to_string(end - p - 1) + " left in its rdata",
                              p);
            }
            rr.texts.emplace_back(reinterpret_cast<const char*>(r.at(p + 1)), n);
            p += 1 + n;
        }
        break;
    default:
        rr.rawData.assign(r.at(start), r.at(end));
        p = end;
        break;
    }
    if (!mustEndAt(p)) return false;
    pos = end;
    return true;
}

}  // namespace

DecodeResult decode(const std::uint8_t* data, std::size_t len) {
    DecodeResult result;
    if (data == nullptr) len = 0;
    Reader r(data, len);
    if (len < kHeaderSize) {
        result.error = "message of " + std::to_string(len) + " octets is shorter than the 12-octet header";
        result.errorOffset = 0;
        return result;
    }
    Message m;
    m.id = r.u16(0);
    std::uint8_t f1 = data[2];
    std::uint8_t f2 = data[3];
    m.qr = (f1 & 0x80) != 0;
    m.opcode = static_cast<std::uint8_t>((f1 >> 3) & 0x0f);
    m.aa = (f1 & 0x04) != 0;
    m.tc = (f1 & 0x02) != 0;
    m.rd = (f1 & 0x01) != 0;
    m.ra = (f2 & 0x80) != 0;
    m.rcode = static_cast<Rcode>(f2 & 0x0f);
    result.header = m;

    const std::size_t qd = r.u16(4), an = r.u16(6), ns = r.u16(8), ar = r.u16(10);
    // Smallest possible entries: a question is 5 octets (root name, type, class),
    // a record 11. Refuse early when the counts cannot fit: no huge loops.
    const std::size_t minimum = qd * 5 + (an + ns + ar) * 11;
    if (minimum > len - kHeaderSize) {
        result.error = "header counts (qd " + std::to_string(qd) + ", an " + std::to_string(an) + ", ns " +
                       std::to_string(ns) + ", ar " + std::to_string(ar) + ") need at least " +
                       std::to_string(minimum) + " octets after the header at offset 4, only " +
                       std::to_string(len - kHeaderSize) + " follow";
        result.errorOffset = 4;
        return result;
    }

    std::size_t pos = kHeaderSize;
    for (std::size_t i = 0; i < qd; ++i) {
        r.setContext("question " + std::to_string(i + 1));
        Question q;
        if (!r.readName(pos, len, q.name)) break;
        if (!r.need(pos, 4, len, "question type and class")) break;
        q.type = static_cast<RrType>(r.u16(pos));
        q.qclass = r.u16(pos + 2);
        pos += 4;
        m.questions.push_back(std::move(q));
    }
    struct Section {
        std::size_t count;
        std::vector<ResourceRecord>* out;
        const char* name;
    } sections[] = {{an, &m.answers, "answer"}, {ns, &m.authority, "authority"}, {ar, &m.additional, "additional"}};
    for (const Section& s : sections) {
        for (std::size_t i = 0; i < s.count && !r.failed(); ++i) {
            r.setContext(std::string(s.name) + " " + std::to_string(i + 1));
            ResourceRecord rr;
            if (!readRecord(r, pos, rr)) break;
            s.out->push_back(std::move(rr));
        }
    }
    if (r.failed()) {
        result.error = r.error();
        result.errorOffset = r.errorOffset();
        return result;
    }
    result.message = std::move(m);
    return result;
}

ResourceRecord makeA(const std::string& name, std::uint32_t ttl, std::uint32_t address) {
    ResourceRecord rr;
    rr.name = normalizeName(name);
    rr.type = RrType::A;
    rr.ttl = ttl;
    rr.address = address;
    return rr;
}

ResourceRecord makeMx(const std::string& name, std::uint32_t ttl, std::uint16_t preference, const std::string& exchange) {
    ResourceRecord rr;
    rr.name = normalizeName(name);
    rr.type = RrType::MX;
    rr.ttl = ttl;
    rr.preference = preference;
    rr.target = normalizeName(exchange);
    return rr;
}

ResourceRecord makeTxt(const std::string& name, std::uint32_t ttl, const std::string& text) {
    ResourceRecord rr;
    rr.name = normalizeName(name);
    rr.type = RrType::TXT;
    rr.ttl = ttl;
    for (std::size_t at = 0; at < text.size(); at += kMaxCharacterString) {
        rr.texts.push_back(text.substr(at, kMaxCharacterString));
    }
    if (rr.texts.empty()) rr.texts.emplace_back();
    return rr;
}

std::string txtText(const ResourceRecord& rr) {
    std::string s;
    for (const std::string& t : rr.texts) s += t;
    return s;
}

std::string normalizeName(const std::string& text) {
    std::string s = name::lower(text);
    if (!s.empty() && s.back() == '.') {
        // keep an escaped final dot ("a\.") intact
        std::size_t backslashes = 0;
        for (std::size_t i = s.size() - 1; i > 0 && s[i - 1] == '\\'; --i) ++backslashes;
        if (backslashes % 2 == 0) s.pop_back();
    }
    return s;
}

std::string validateName(const std::string& text) {
    std::vector<std::string> labels;
    return name::parse(text, labels);
}

}  // namespace postino::dns
