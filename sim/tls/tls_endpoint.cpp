#include "tls/tls_endpoint.h"

#include "tls/seeded_random.h"
#include "tls/tls_reasons.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <utility>

namespace postino::tls {

struct TlsEndpoint::State {
    std::shared_ptr<const TlsConfig> config;
    // This endpoint's own random stream (seeded_random.h): its handshake's bytes follow from it
    // alone, whatever other endpoints or the library's internals drew before.
    Rng random{0};
    SslPtr ssl;
    BIO* rbio = nullptr;  // owned by ssl
    BIO* wbio = nullptr;
    bool server = false;
    std::string serverName;
    bool handshakeDone = false;
    bool failed = false;
    bool failedNotTls = false;  // the reason quotes bytes that are not TLS
    bool peerClosed = false;
    bool closing = false;
    std::string reason;
    std::string verifyReason;  // the first certificate problem the client found
    int alertReceived = -1;    // a fatal alert the peer sent
    int alertSent = -1;        // a fatal alert this side sent
    std::string pendingPlain;
    std::string plainIn;
    std::string wireOut;
    TlsRecordReader inReader{false};
    TlsRecordReader outReader{true};
    std::vector<TlsRecordInfo> records;
    std::vector<TlsMessageInfo> messages;

    void drainOut() {
        std::string bytes = drainBio(wbio);
        if (bytes.empty()) return;
        outReader.feed(bytes, records);
        wireOut += bytes;
    }

    std::string peerName() const { return server ? "client" : "server"; }

    // OpenSSL took every TLS byte before the stream stopped being TLS without failing.
    void failNotTls() {
        failed = true;
        failedNotTls = true;
        reason = inReader.notTls();
        ERR_clear_error();
    }

    void fail(int sslError) {
        failed = true;
        if (!verifyReason.empty()) {
            reason = verifyReason;
        } else if (alertReceived >= 0) {
            reason = alertFromPeer(server, alertReceived);
        } else {
            std::string why = takeOpensslErrors();
            if (sslError == SSL_ERROR_SYSCALL || sslError == SSL_ERROR_ZERO_RETURN)
                reason = "the " + peerName() + " ended the session during the handshake";
            else
                reason = "TLS error: " + (why.empty() ? std::string("unknown") : why);
            if (alertSent >= 0) reason += " (sent the alert " + alertDescriptionName(alertSent) + ")";
        }
        ERR_clear_error();
    }

    void pump() {
        if (failed) return;
        OwnRandomStream own(config->libctx(), random);
        ERR_clear_error();
        if (!handshakeDone) {
            const int r = SSL_do_handshake(ssl.get());
            if (r == 1) {
                handshakeDone = true;
            } else {
                const int e = SSL_get_error(ssl.get(), r);
                if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) fail(e);
                drainOut();
                return;
            }
        }
        while (!pendingPlain.empty()) {
            std::size_t written = 0;
            if (SSL_write_ex(ssl.get(), pendingPlain.data(), pendingPlain.size(), &written) == 1) {
                pendingPlain.erase(0, written);
                continue;
            }
            const int e = SSL_get_error(ssl.get(), 0);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
                fail(e);
                drainOut();
                return;
            }
            break;
        }
        char buf[16384];
        std::size_t got = 0;
        while (!peerClosed) {
            if (SSL_read_ex(ssl.get(), buf, sizeof buf, &got) == 1) {
                plainIn.append(buf, got);
                continue;
            }
            const int e = SSL_get_error(ssl.get(), 0);
            if (e == SSL_ERROR_ZERO_RETURN) {
                peerClosed = true;
            } else if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
                fail(e);
            }
            break;
        }
        drainOut();
    }
};

namespace {

TlsEndpoint::State* stateOf(const SSL* ssl) { return static_cast<TlsEndpoint::State*>(SSL_get_app_data(ssl)); }

int onVerify(int ok, X509_STORE_CTX* store) {
    if (ok == 1) return 1;
    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    TlsEndpoint::State* s = ssl != nullptr ? stateOf(ssl) : nullptr;
    if (s != nullptr && s->verifyReason.empty())
        s->verifyReason = certificateRefusal(X509_STORE_CTX_get_error(store), X509_STORE_CTX_get_current_cert(store),
                                             X509_STORE_CTX_get_error_depth(store), s->serverName);
    return 0;
}

void onInfo(const SSL* ssl, int where, int value) {
    if ((where & SSL_CB_ALERT) == 0 || (value >> 8) != SSL3_AL_FATAL) return;
    TlsEndpoint::State* s = stateOf(ssl);
    if (s == nullptr) return;
    int& slot = (where & SSL_CB_READ) != 0 ? s->alertReceived : s->alertSent;
    if (slot < 0) slot = value & 0xff;
}

void onMessage(int write, int /*version*/, int contentType, const void* buf, std::size_t len, SSL* ssl, void*) {
    TlsEndpoint::State* s = stateOf(ssl);
    if (s == nullptr || contentType < 20 || contentType > 22 || len == 0) return;  // not a record header
    const auto* b = static_cast<const unsigned char*>(buf);
    TlsMessageInfo m;
    m.sent = write != 0;
    m.contentType = static_cast<std::uint8_t>(contentType);
    m.length = static_cast<std::uint32_t>(len);
    if (contentType == 22) m.handshakeType = b[0];
    if (contentType == 21 && len >= 2) {
        m.alertLevel = b[0];
        m.alertDescription = b[1];
    }
    s->messages.push_back(m);
}

std::unique_ptr<TlsEndpoint::State> newState(std::shared_ptr<const TlsConfig> config) {
    if (config == nullptr) throw TlsSetupError("a TLS endpoint needs a configuration");
    auto s = std::make_unique<TlsEndpoint::State>();
    s->server = config->isServer();
    s->random = forkRandomStream(config->libctx());
    OwnRandomStream own(config->libctx(), s->random);
    s->ssl.reset(SSL_new(config->ctx()));
    requireOk(s->ssl != nullptr, "cannot make a TLS session");
    s->config = std::move(config);
    s->rbio = BIO_new(BIO_s_mem());
    s->wbio = BIO_new(BIO_s_mem());
    if (s->rbio == nullptr || s->wbio == nullptr) {
        BIO_free(s->rbio);
        BIO_free(s->wbio);
        requireOk(false, "cannot make memory buffers for TLS");
    }
    BIO_set_mem_eof_return(s->rbio, -1);  // empty means "wait for more", not end of stream
    BIO_set_mem_eof_return(s->wbio, -1);
    SSL_set_bio(s->ssl.get(), s->rbio, s->wbio);
    SSL_set_app_data(s->ssl.get(), s.get());
    SSL_set_info_callback(s->ssl.get(), onInfo);
    SSL_set_msg_callback(s->ssl.get(), onMessage);
    return s;
}

}  // namespace

TlsEndpoint::TlsEndpoint(std::unique_ptr<State> s) : m(std::move(s)) {}
TlsEndpoint::TlsEndpoint(TlsEndpoint&&) noexcept = default;
TlsEndpoint& TlsEndpoint::operator=(TlsEndpoint&&) noexcept = default;
TlsEndpoint::~TlsEndpoint() = default;

TlsEndpoint TlsEndpoint::client(std::shared_ptr<const TlsConfig> config, std::string serverName,
                                std::int64_t verifyTime) {
    if (config != nullptr && config->isServer()) throw TlsSetupError("a TLS client needs a client configuration");
    if (serverName.empty()) throw TlsSetupError("a TLS client needs the server's host name to check");
    auto s = newState(std::move(config));
    s->serverName = std::move(serverName);
    SSL* ssl = s->ssl.get();
    // SSL_set_tlsext_host_name, without its macro's C cast.
    requireOk(SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, s->serverName.data()) == 1 &&
                  SSL_set1_host(ssl, s->serverName.c_str()) == 1,
              "cannot set the server name '" + s->serverName + "'");
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    // Certificates are checked at the simulated time, never the machine's clock.
    X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl), static_cast<time_t>(verifyTime));
    SSL_set_verify(ssl, SSL_VERIFY_PEER, onVerify);
    SSL_set_connect_state(ssl);
    s->pump();  // the ClientHello
    return TlsEndpoint(std::move(s));
}

TlsEndpoint TlsEndpoint::server(std::shared_ptr<const TlsConfig> config) {
    if (config != nullptr && !config->isServer()) throw TlsSetupError("a TLS server needs a server configuration");
    auto s = newState(std::move(config));
    SSL_set_accept_state(s->ssl.get());
    return TlsEndpoint(std::move(s));
}

void TlsEndpoint::feedFromWire(std::string_view bytes) {
    if (bytes.empty()) return;
    if (m->failed) {
        if (m->failedNotTls) {  // its quote of what came instead grows with more bytes
            m->inReader.feed(bytes, m->records);
            m->reason = m->inReader.notTls();
        }
        return;
    }
    const std::uint64_t before = m->inReader.bytesRead();
    m->inReader.feed(bytes, m->records);
    // OpenSSL gets only what reads as TLS records: it fails on an earlier record, or in the same
    // way however the bytes were split; from the first header that is not TLS the reason is what
    // came instead (no alert answers bytes that are not TLS at all).
    const std::size_t tlsBytes = static_cast<std::size_t>(m->inReader.bytesRead() - before);
    if (tlsBytes > 0) {
        BIO_write(m->rbio, bytes.data(), static_cast<int>(tlsBytes));
        m->pump();
    }
    if (!m->failed && m->inReader.broken()) m->failNotTls();
}

std::string TlsEndpoint::takeToWire() { return std::exchange(m->wireOut, {}); }

void TlsEndpoint::writePlain(std::string_view bytes) {
    if (m->failed || m->closing || bytes.empty()) return;
    m->pendingPlain.append(bytes);
    if (m->handshakeDone) m->pump();
}

std::string TlsEndpoint::takePlain() { return std::exchange(m->plainIn, {}); }

void TlsEndpoint::close() {
    if (m->failed || m->closing) return;
    if (m->handshakeDone) m->pump();
    m->closing = true;
    if (!m->handshakeDone || m->failed) return;
    ERR_clear_error();
    OwnRandomStream own(m->config->libctx(), m->random);
    SSL_shutdown(m->ssl.get());
    ERR_clear_error();
    m->drainOut();
}

void TlsEndpoint::transportClosed() {
    if (m->failed || m->handshakeDone) return;
    m->failed = true;
    const TlsRecordReader& in = m->inReader;
    m->reason = fmt::format("handshake cut: the {} closed the connection after {} bytes, before the handshake finished",
                            m->peerName(), in.bytesRead());
    if (in.partialBytes() > 0) {
        m->reason += in.partialRecordLength() > 0
                         ? fmt::format(" (in the middle of a record: {} of its {} bytes)", in.partialBytes(),
                                       in.partialRecordLength())
                         : fmt::format(" (in the middle of a record header: {} of 5 bytes)", in.partialBytes());
    }
}

bool TlsEndpoint::isServer() const { return m->server; }
bool TlsEndpoint::handshakeDone() const { return m->handshakeDone && !m->failed; }
bool TlsEndpoint::failed() const { return m->failed; }
const std::string& TlsEndpoint::failureReason() const { return m->reason; }
bool TlsEndpoint::peerClosed() const { return m->peerClosed; }
const std::vector<TlsRecordInfo>& TlsEndpoint::records() const { return m->records; }
const std::vector<TlsMessageInfo>& TlsEndpoint::messages() const { return m->messages; }

std::string TlsEndpoint::summary() const {
    if (!m->handshakeDone) return {};
    SSL* ssl = m->ssl.get();
    std::string version = SSL_get_version(ssl);  // "TLSv1.3"
    if (version.rfind("TLSv", 0) == 0) version = "TLS " + version.substr(4);
    std::string out = version + ", " + SSL_get_cipher_name(ssl);
    const int group = static_cast<int>(SSL_get_negotiated_group(ssl));
    if (group != 0) {
        const char* name = SSL_group_to_name(ssl, group);
        if (name != nullptr) out += std::string(", ") + name;
    }
    return out;
}

}  // namespace postino::tls
