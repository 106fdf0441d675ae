#include "tls/tls_records.h"

#include <fmt/format.h>

#include <algorithm>

namespace postino::tls {

namespace {

// RFC 8446 §5.2: a protected record's fragment is at most 2^14 + 256 bytes; RFC 5246 allows
// 2^14 + 2048. More than that is not a record.
constexpr std::uint16_t kMaxFragment = 16384 + 2048;

// Framing is the type and the length. The version is not checked: OpenSSL itself answers a
// ClientHello of a strange version with an alert record carrying that version.
bool plausibleHeader(std::string_view h) {
    const auto type = static_cast<std::uint8_t>(h[0]);
    if (type < 20 || type > 24) return false;
    if (h.size() >= 5) {
        const unsigned len = static_cast<std::uint8_t>(h[3]) << 8 | static_cast<std::uint8_t>(h[4]);
        if (len > kMaxFragment) return false;
    }
    return true;
}

}  // namespace

std::string quoteStart(std::string_view bytes) {
    std::string out;
    std::size_t shown = 0;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u == ' ' || u == '\r' || u == '\n' || shown == 16) break;
        out += (u < 0x21 || u > 0x7e) ? fmt::format("\\x{:02X}", u) : std::string(1, c);
        ++shown;
    }
    return out;
}

void TlsRecordReader::feed(std::string_view bytes, std::vector<TlsRecordInfo>& out) {
    if (!m_notTls.empty()) {  // keep quoting what came instead, however it is split
        noteNotTls(bytes);
        return;
    }
    while (!bytes.empty()) {
        if (m_header.size() < 5) {
            if (m_header.empty()) m_recordStart = m_offset;
            const std::size_t take = std::min<std::size_t>(5 - m_header.size(), bytes.size());
            m_header.append(bytes.substr(0, take));
            if (!plausibleHeader(m_header)) {
                // Quote from the start of the bad header, including what follows.
                m_badStart = m_header;
                noteNotTls(bytes.substr(take));
                return;
            }
            bytes.remove_prefix(take);
            m_offset += take;
            if (m_header.size() < 5) return;
            m_expected = static_cast<std::uint16_t>(static_cast<std::uint8_t>(m_header[3]) << 8 |
                                                    static_cast<std::uint8_t>(m_header[4]));
            if (m_expected == 0) finishRecord(out);
            continue;
        }
        const std::size_t take = std::min<std::size_t>(m_expected - m_body.size(), bytes.size());
        m_body.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        m_offset += take;
        if (m_body.size() == m_expected) finishRecord(out);
    }
}

void TlsRecordReader::noteNotTls(std::string_view more) {
    constexpr std::size_t kQuoted = 64;  // more than quoteStart shows
    if (m_badStart.size() < kQuoted) m_badStart.append(more.substr(0, kQuoted - m_badStart.size()));
    m_notTls = "not TLS: got '" + quoteStart(m_badStart) + "' where a TLS record was expected";
}

void TlsRecordReader::finishRecord(std::vector<TlsRecordInfo>& out) {
    TlsRecordInfo r;
    r.sent = m_sent;
    r.offset = m_recordStart;
    r.contentType = static_cast<std::uint8_t>(m_header[0]);
    r.version = static_cast<std::uint16_t>(static_cast<std::uint8_t>(m_header[1]) << 8 |
                                           static_cast<std::uint8_t>(m_header[2]));
    r.length = m_expected;
    r.encrypted = r.contentType == 23 || (m_afterChangeCipherSpec && r.contentType != 20);
    if (!r.encrypted && r.contentType == 22) {
        // A message may run on from the previous record: skip its rest first.
        std::size_t at = std::min<std::size_t>(m_handshakeCarry, m_body.size());
        m_handshakeCarry -= at;
        while (at + 4 <= m_body.size()) {  // type(1) length(3), RFC 8446 §4
            r.handshakeTypes.push_back(static_cast<std::uint8_t>(m_body[at]));
            const std::size_t len = static_cast<std::uint8_t>(m_body[at + 1]) << 16 |
                                    static_cast<std::uint8_t>(m_body[at + 2]) << 8 |
                                    static_cast<std::uint8_t>(m_body[at + 3]);
            at += 4 + len;
        }
        if (at > m_body.size()) m_handshakeCarry = at - m_body.size();
    }
    if (!r.encrypted && r.contentType == 21 && m_body.size() == 2) {
        r.alertLevel = static_cast<std::uint8_t>(m_body[0]);
        r.alertDescription = static_cast<std::uint8_t>(m_body[1]);
    }
    if (r.contentType == 20) m_afterChangeCipherSpec = true;
    out.push_back(std::move(r));
    m_header.clear();
    m_body.clear();
    m_expected = 0;
}

std::string contentTypeName(std::uint8_t type) {
    switch (type) {
    case 20: return "change_cipher_spec";
    case 21: return "alert";
    case 22: return "handshake";
    case 23: return "application_data";
    case 24: return "heartbeat";
    default: return fmt::format("type {}", type);
    }
}

std::string recordVersionName(std::uint16_t version) {
    switch (version) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return fmt::format("0x{:04X}", version);
    }
}

std::string handshakeTypeName(std::uint8_t type) {
    switch (type) {
    case 0: return "HelloRequest";
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 4: return "NewSessionTicket";
    case 5: return "EndOfEarlyData";
    case 8: return "EncryptedExtensions";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    case 24: return "KeyUpdate";
    default: return fmt::format("handshake type {}", type);
    }
}

std::string alertDescriptionName(int d) {
    switch (d) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 22: return "record_overflow";
    case 40: return "handshake_failure";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 116: return "certificate_required";
    case 120: return "no_application_protocol";
    default: return fmt::format("alert {}", d);
    }
}

std::string describeRecord(const TlsRecordInfo& r) {
    std::string out = fmt::format("{} {} len {}", contentTypeName(r.contentType), recordVersionName(r.version), r.length);
    if (r.encrypted) return out + " (encrypted)";
    for (std::size_t i = 0; i < r.handshakeTypes.size(); ++i)
        out += (i == 0 ? ": " : ", ") + handshakeTypeName(r.handshakeTypes[i]);
    if (r.alertLevel >= 0)
        out += fmt::format(": {} {}", r.alertLevel == 2 ? "fatal" : "warning", alertDescriptionName(r.alertDescription));
    return out;
}

std::string describeMessage(const TlsMessageInfo& m) {
    if (m.contentType == 22) return fmt::format("{} ({} bytes)", handshakeTypeName(m.handshakeType), m.length);
    if (m.contentType == 21)
        return fmt::format("alert {} {}", m.alertLevel == 2 ? "fatal" : "warning", alertDescriptionName(m.alertDescription));
    return contentTypeName(m.contentType);
}

std::string clientHelloServerName(std::string_view m) {
    std::size_t at = 0;
    bool ok = true;
    const auto take = [&](std::size_t n) -> std::string_view {
        if (!ok || n > m.size() - at) {
            ok = false;
            return {};
        }
        const std::string_view out = m.substr(at, n);
        at += n;
        return out;
    };
    const auto number = [&](std::size_t n) {
        std::size_t v = 0;
        for (const char c : take(n)) v = v << 8 | static_cast<std::uint8_t>(c);
        return v;
    };
    if (number(1) != 1) return {};  // ClientHello
    const std::size_t bodyLength = number(3);
    m = m.substr(0, std::min(m.size(), at + bodyLength));
    take(2 + 32);            // legacy_version, random
    take(number(1));         // legacy_session_id
    take(number(2));         // cipher_suites
    take(number(1));         // legacy_compression_methods
    const std::size_t extensionsLength = number(2);
    const std::size_t extensionsEnd = std::min(m.size(), at + extensionsLength);
    while (ok && at + 4 <= extensionsEnd) {
        const std::size_t type = number(2), length = number(2);
        if (type != 0) {  // server_name
            take(length);
            continue;
        }
        const std::size_t listLength = number(2);
        const std::size_t listEnd = std::min(m.size(), at + listLength);
        while (ok && at + 3 <= listEnd) {
            const std::size_t nameType = number(1);
            const std::string_view name = take(number(2));
            if (ok && nameType == 0) return std::string(name);  // host_name
        }
        return {};
    }
    return {};
}

}  // namespace postino::tls
