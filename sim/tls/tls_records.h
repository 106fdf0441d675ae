// Reads TLS record headers (RFC 8446 §5.1, RFC 5246 §6.2) from the raw bytes of one direction of
// a connection, incrementally: type, version, length per record, the handshake messages of a
// record still in clear, a clear alert. For the packet inspector; decrypts nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postino::tls {

struct TlsRecordInfo {
    bool sent = false;              // written by this endpoint (else received)
    std::uint64_t offset = 0;       // where the record's header starts in its direction's stream
    std::uint8_t contentType = 0;   // 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
    std::uint16_t version = 0;      // legacy_record_version, 0x0303 for TLS 1.2 and 1.3
    std::uint16_t length = 0;       // of the fragment after the 5-byte header
    bool encrypted = false;         // the fragment is protected (after change_cipher_spec, or type 23)
    std::vector<std::uint8_t> handshakeTypes;  // clear handshake messages starting in this record
    int alertLevel = -1;            // a clear alert: 1 warning, 2 fatal
    int alertDescription = -1;
};

// A message as an endpoint saw it inside the records, decrypted (OpenSSL's message callback):
// what an encrypted record carried, for the inspector ("Certificate", "Finished", an alert).
struct TlsMessageInfo {
    bool sent = false;
    std::uint8_t contentType = 0;    // 20, 21 or 22 (application data is not listed)
    std::uint8_t handshakeType = 0;  // for 22
    std::uint32_t length = 0;        // of the whole message, header included
    int alertLevel = -1;             // for 21
    int alertDescription = -1;
};

class TlsRecordReader {
public:
    explicit TlsRecordReader(bool sent) : m_sent(sent) {}

    // Reads bytes, appending each record completed by them to out. Stops for good at the first
    // header that is not TLS; notTls() then says what came instead, its quote growing with the
    // bytes fed after it (the same words however the stream was split).
    void feed(std::string_view bytes, std::vector<TlsRecordInfo>& out);

    bool broken() const { return !m_notTls.empty(); }
    // "not TLS: got 'EHLO' where a TLS record was expected" (empty while the stream is TLS).
    const std::string& notTls() const { return m_notTls; }
    // Bytes of a record begun but not finished (a cut connection shows them).
    std::uint64_t partialBytes() const { return m_header.size() + m_body.size(); }
    std::uint64_t partialRecordLength() const { return m_header.size() == 5 ? 5u + m_expected : 0; }
    std::uint64_t bytesRead() const { return m_offset; }

private:
    void finishRecord(std::vector<TlsRecordInfo>& out);
    void noteNotTls(std::string_view more);

    bool m_sent;
    std::string m_notTls;
    std::string m_badStart;  // the first bytes of the stream from the header that is not TLS
    std::string m_header;
    std::string m_body;
    std::uint16_t m_expected = 0;
    std::uint64_t m_offset = 0;       // bytes consumed in this direction
    std::uint64_t m_recordStart = 0;
    bool m_afterChangeCipherSpec = false;
    std::size_t m_handshakeCarry = 0;  // bytes of a handshake message continuing in the next record
};

std::string contentTypeName(std::uint8_t type);      // "handshake", "alert", … or "type 99"
std::string recordVersionName(std::uint16_t version);  // "TLS 1.2", … or "0x0305"
std::string handshakeTypeName(std::uint8_t type);    // "ClientHello", … or "handshake type 99"
std::string alertDescriptionName(int description);   // "bad_certificate", …
// "handshake TLS 1.0 len 512: ClientHello", "application_data TLS 1.2 len 53 (encrypted)"
std::string describeRecord(const TlsRecordInfo& r);

// "Certificate (529 bytes)", "alert fatal bad_certificate", "change_cipher_spec"
std::string describeMessage(const TlsMessageInfo& m);

// The server name a ClientHello asks for (SNI, RFC 6066 §3; RFC 8446 §4.1.2 for the message):
// `message` is a handshake message as it crossed in clear, from its type byte on. Empty when it
// is no ClientHello, names no server, or is cut short.
std::string clientHelloServerName(std::string_view message);

// The first bytes of a stream that is not TLS, for a reason: its first word, control bytes as \xNN.
std::string quoteStart(std::string_view bytes);

}  // namespace postino::tls
