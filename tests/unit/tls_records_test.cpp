// sim/tls record reader: headers split anywhere, handshake messages and alerts in clear, what a
// stream that is not TLS began with.
#include "tls/tls_records.h"

#include <catch2/catch.hpp>

using namespace postino::tls;

namespace {

std::string record(std::uint8_t type, std::uint16_t version, const std::string& body) {
    std::string r;
    r += static_cast<char>(type);
    r += static_cast<char>(version >> 8);
    r += static_cast<char>(version & 0xff);
    r += static_cast<char>(body.size() >> 8);
    r += static_cast<char>(body.size() & 0xff);
    return r + body;
}

std::string handshakeMessage(std::uint8_t type, std::size_t length) {
    std::string m;
    m += static_cast<char>(type);
    m += static_cast<char>(length >> 16);
    m += static_cast<char>((length >> 8) & 0xff);
    m += static_cast<char>(length & 0xff);
    return m + std::string(length, 'x');
}

}  // namespace

TEST_CASE("TLS records: headers and bodies split at every byte give the same records", "[tls]") {
    const std::string stream = record(22, 0x0301, handshakeMessage(1, 40)) + record(20, 0x0303, "\x01") +
                               record(23, 0x0303, std::string(300, 'e'));
    for (std::size_t step = 1; step <= stream.size(); step += (step < 8 ? 1 : 37)) {
        TlsRecordReader reader(false);
        std::vector<TlsRecordInfo> out;
        for (std::size_t at = 0; at < stream.size(); at += step) reader.feed(std::string_view(stream).substr(at, step), out);
        REQUIRE(out.size() == 3);
        CHECK(describeRecord(out[0]) == "handshake TLS 1.0 len 44: ClientHello");
        CHECK(describeRecord(out[1]) == "change_cipher_spec TLS 1.2 len 1");
        CHECK(describeRecord(out[2]) == "application_data TLS 1.2 len 300 (encrypted)");
        CHECK(out[1].offset == 49);
        CHECK(out[2].offset == 55);
        CHECK(reader.partialBytes() == 0);
        CHECK(reader.bytesRead() == stream.size());
    }
}

TEST_CASE("TLS records: several handshake messages in one record, and one message over two", "[tls]") {
    const std::string msgs = handshakeMessage(2, 10) + handshakeMessage(11, 20) + handshakeMessage(14, 0);
    const std::string longMsg = handshakeMessage(11, 30);
    TlsRecordReader reader(true);
    std::vector<TlsRecordInfo> out;
    reader.feed(record(22, 0x0303, msgs) + record(22, 0x0303, longMsg.substr(0, 12)) +
                    record(22, 0x0303, longMsg.substr(12) + handshakeMessage(14, 0)),
                out);
    REQUIRE(out.size() == 3);
    CHECK(describeRecord(out[0]) == "handshake TLS 1.2 len 42: ServerHello, Certificate, ServerHelloDone");
    CHECK(describeRecord(out[1]) == "handshake TLS 1.2 len 12: Certificate");
    CHECK(describeRecord(out[2]) == "handshake TLS 1.2 len 26: ServerHelloDone");
    CHECK(out[0].sent);
}

TEST_CASE("TLS records: a clear alert is named, and handshake records after change_cipher_spec are encrypted",
          "[tls]") {
    TlsRecordReader reader(false);
    std::vector<TlsRecordInfo> out;
    reader.feed(record(21, 0x0303, std::string("\x02\x30", 2)) + record(20, 0x0303, "\x01") +
                    record(22, 0x0303, std::string(40, '\x14')),
                out);
    REQUIRE(out.size() == 3);
    CHECK(describeRecord(out[0]) == "alert TLS 1.2 len 2: fatal unknown_ca");
    CHECK(describeRecord(out[2]) == "handshake TLS 1.2 len 40 (encrypted)");
    CHECK(out[2].handshakeTypes.empty());
}

TEST_CASE("TLS records: a stream that is not TLS is quoted by its first word", "[tls]") {
    struct Case {
        std::string bytes;
        std::string reason;
    };
    const Case cases[] = {
        {"EHLO x\r\n", "not TLS: got 'EHLO' where a TLS record was expected"},
        {"a001 STARTTLS\r\n", "not TLS: got 'a001' where a TLS record was expected"},
        {"+OK ready\r\n", "not TLS: got '+OK' where a TLS record was expected"},
        {std::string("\x16\x03\x01\xff\xff", 5), "not TLS: got '\\x16\\x03\\x01\\xFF\\xFF' where a TLS record was expected"},
        {std::string("\x19\x03\x03", 3), "not TLS: got '\\x19\\x03\\x03' where a TLS record was expected"},
    };
    for (const Case& c : cases) {
        TlsRecordReader reader(false);
        std::vector<TlsRecordInfo> out;
        reader.feed(c.bytes, out);
        CHECK(reader.broken());
        CHECK(reader.notTls() == c.reason);
        CHECK(out.empty());
    }
    // Split: the first byte alone is already enough to tell, and the quote grows as more come.
    TlsRecordReader reader(false);
    std::vector<TlsRecordInfo> out;
    reader.feed("E", out);
    CHECK(reader.notTls() == "not TLS: got 'E' where a TLS record was expected");
    reader.feed("H", out);
    reader.feed("LO x\r\n", out);
    CHECK(reader.notTls() == "not TLS: got 'EHLO' where a TLS record was expected");
    CHECK(out.empty());
}

TEST_CASE("TLS records: any version is framed by type and length, as OpenSSL's own alerts may carry an odd one",
          "[tls]") {
    // What OpenSSL 3.0 answers a ClientHello whose legacy_version is 0x02FD (found by fuzz_tls).
    TlsRecordReader reader(true);
    std::vector<TlsRecordInfo> out;
    reader.feed(std::string("\x15\x02\xfd\x00\x02\x02\x46", 7), out);
    REQUIRE(out.size() == 1);
    CHECK(describeRecord(out[0]) == "alert 0x02FD len 2: fatal protocol_version");
    CHECK_FALSE(reader.broken());
}

TEST_CASE("TLS records: names of unknown values say the number", "[tls]") {
    CHECK(contentTypeName(99) == "type 99");
    CHECK(recordVersionName(0x0305) == "0x0305");
    CHECK(handshakeTypeName(99) == "handshake type 99");
    CHECK(alertDescriptionName(200) == "alert 200");
    CHECK(quoteStart(std::string("\x01" "abc def", 8)) == "\\x01abc");
}

namespace {

std::string be(std::size_t value, int bytes) {
    std::string out;
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
    return out;
}

// A ClientHello body with the given extensions (each already type, length, data).
std::string clientHello(const std::string& extensions) {
    std::string body = be(0x0303, 2) + std::string(32, 'r') + be(0, 1) + be(2, 2) + be(0x1301, 2) + be(1, 1) +
                       be(0, 1) + be(extensions.size(), 2) + extensions;
    return be(1, 1) + be(body.size(), 3) + body;
}

std::string serverNameExtension(const std::string& host) {
    const std::string entry = be(0, 1) + be(host.size(), 2) + host;
    const std::string list = be(entry.size(), 2) + entry;
    return be(0, 2) + be(list.size(), 2) + list;
}

}  // namespace

TEST_CASE("TLS records: the server name a ClientHello asks for, after other extensions", "[tls]") {
    const std::string other = be(10, 2) + be(4, 2) + be(2, 2) + be(0x1d, 2);  // supported_groups: x25519
    CHECK(clientHelloServerName(clientHello(other + serverNameExtension("mail.example"))) == "mail.example");
    CHECK(clientHelloServerName(clientHello(other)).empty());
    // Not a ClientHello, or cut anywhere: no name and no reading past the end.
    std::string serverHello = clientHello(serverNameExtension("mail.example"));
    serverHello[0] = 2;
    CHECK(clientHelloServerName(serverHello).empty());
    const std::string whole = clientHello(serverNameExtension("mail.example"));
    for (std::size_t cut = 0; cut < whole.size(); ++cut) CHECK(clientHelloServerName(whole.substr(0, cut)).empty());
}
