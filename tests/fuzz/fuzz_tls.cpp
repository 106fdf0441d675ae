// libFuzzer target for sim/tls's TlsEndpoint. First byte: bit 0 picks the side (0 = a server fed
// a client's bytes, 1 = a client, after its ClientHello, fed a server's bytes).
// Invariants: no handshake completes and no plain text comes out of bytes no peer made; a failed
// endpoint always says why; everything it writes reads as TLS records; the same bytes at once or
// one byte at a time give the same failure, reason and records (their types and clear handshake
// messages; the randoms differ between the two runs); a transport close before the handshake
// ends it as failed.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "tls/crypto_context.h"
#include "tls/lesson_ca.h"
#include "tls/tls_config.h"
#include "tls/tls_endpoint.h"
#include "tls/tls_records.h"

using namespace postino;
using namespace postino::fuzz;

namespace {

constexpr std::int64_t kNow = 1772442000;

struct Setup {
    std::unique_ptr<tls::CryptoContext> crypto = tls::CryptoContext::seeded(1);
    tls::LessonCa ca{*crypto, {"Postino Lesson CA", "Postino lesson", {kNow - 86400, kNow + 86400 * 365}}};
    std::shared_ptr<const tls::TlsConfig> server =
        tls::TlsConfig::server(*crypto, ca.issue({{"mail.bank.example"}, {kNow - 86400, kNow + 86400 * 90}}));
    std::shared_ptr<const tls::TlsConfig> client = tls::TlsConfig::client(*crypto, ca.certificatePem());
};

Setup& setup() {
    static Setup s;
    return s;
}

struct Run {
    bool failed = false;
    std::string reason;
    std::vector<std::string> sent;  // type, version and length of each record written
};

Run run(bool asClient, std::string_view data, Split split) {
    Setup& s = setup();
    tls::TlsEndpoint e = asClient ? tls::TlsEndpoint::client(s.client, "mail.bank.example", kNow)
                                  : tls::TlsEndpoint::server(s.server);
    std::string out = e.takeToWire();
    feedSplit(data, split, [&](std::string_view piece) {
        e.feedFromWire(piece);
        out += e.takeToWire();
    });
    require(!e.handshakeDone(), "TLS: a handshake finished with bytes no peer made", data);
    require(e.takePlain().empty(), "TLS: plain text out of bytes no peer made", data);
    require(!e.failed() || !e.failureReason().empty(), "TLS: failed without a reason", data);
    e.transportClosed();
    require(e.failed() && !e.failureReason().empty(), "TLS: a close before the handshake did not fail it", data);

    tls::TlsRecordReader reader(true);
    std::vector<tls::TlsRecordInfo> records;
    reader.feed(out, records);
    require(!reader.broken() && reader.partialBytes() == 0, "TLS: output that is not whole TLS records", out);
    Run r;
    r.failed = e.failed();
    r.reason = e.failureReason();
    // Lengths are left out: a record with an ECDSA signature (TLS 1.3 CertificateVerify, TLS 1.2
    // ServerKeyExchange) is 0 to 2 bytes shorter with the random nonce, and the two runs draw
    // different randoms. What the records are, and the clear handshake messages in them, must match.
    for (const tls::TlsRecordInfo& rec : records) {
        std::string what = std::to_string(rec.contentType) + "/" + std::to_string(rec.version);
        for (const std::uint8_t h : rec.handshakeTypes) what += "/" + std::to_string(h);
        r.sent.push_back(what);
    }
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const Input in = splitMode(bytes, size);
    if (in.data.size() > 20000) return 0;  // a few records are enough; keeps each run short
    const bool asClient = (in.mode & 1) != 0;
    const Run whole = run(asClient, in.data, Split::Whole);
    const Run single = run(asClient, in.data, Split::Bytes);
    require(whole.reason == single.reason, "TLS: the reason depends on how the bytes were split",
            whole.reason + " | " + single.reason);
    if (whole.sent != single.sent) {
        std::string both;
        for (const std::string& r : whole.sent) both += r + " ";
        both += "| ";
        for (const std::string& r : single.sent) both += r + " ";
        fail("TLS: the records written depend on how the bytes were split", both + "\n" + escape(in.data));
    }
    return 0;
}
