// sim/tls against real clients, as live mode will use it: a TlsEndpoint server from a system
// CryptoContext behind a loopback socket; `openssl s_client` and Python's ssl module trust the
// lesson CA's PEM, check the name, and exchange a line.
#include "tls_fixture.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace postino;
using namespace postino::testing;

namespace {

// Accepts one connection on 127.0.0.1 and runs a TlsEndpoint server on it: answers "PING" with
// "PONG", then closes. Gives up after 10 s without a byte.
class LoopbackTlsServer {
public:
    explicit LoopbackTlsServer(std::shared_ptr<const tls::TlsConfig> config) : m_config(std::move(config)) {
        m_listen = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(listen(m_listen, 1) == 0);
        socklen_t len = sizeof a;
        getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~LoopbackTlsServer() {
        if (m_thread.joinable()) m_thread.join();
        close(m_listen);
    }
    int port() const { return m_port; }
    void join() { m_thread.join(); }
    std::string received;
    std::string failure;
    std::string summary;

private:
    void serve() {
        pollfd p{m_listen, POLLIN, 0};
        if (poll(&p, 1, 20'000) != 1) return;  // no client came
        const int fd = accept(m_listen, nullptr, nullptr);
        if (fd < 0) return;
        timeval tv{10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        auto server = tls::TlsEndpoint::server(m_config);
        char buf[4096];
        bool answered = false;
        for (;;) {
            const ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0) {
                server.transportClosed();
                break;
            }
            server.feedFromWire(std::string_view(buf, static_cast<std::size_t>(n)));
            received += server.takePlain();
            if (!answered && received.find("PING") != std::string::npos) {
                answered = true;
                summary = server.summary();
                server.writePlain("PONG\r\n");
                server.close();
            }
            const std::string out = server.takeToWire();
            if (!out.empty()) send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            if (server.failed() || answered) break;
        }
        failure = server.failureReason();
        shutdown(fd, SHUT_RDWR);
        close(fd);
    }

    std::shared_ptr<const tls::TlsConfig> m_config;
    int m_listen = -1;
    int m_port = 0;
    std::thread m_thread;
};

// A lesson CA and a server certificate valid around the machine's real clock, from the OS
// random source: what live mode makes for real clients.
TlsWorld liveWorld() {
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    TlsWorld w;
    w.crypto = tls::CryptoContext::system();
    w.ca = std::make_unique<tls::LessonCa>(*w.crypto, tls::CaSettings{"Postino Lesson CA", "Postino lesson",
                                                                      {now - kDay, now + 30 * kDay}});
    w.serverCredentials = w.ca->issue({{"mail.bank.example"}, {now - kDay, now + 30 * kDay}});
    w.serverConfig = tls::TlsConfig::server(*w.crypto, w.serverCredentials);
    return w;
}

std::string writeCa(const TlsWorld& w) {
    const auto dir = std::filesystem::temp_directory_path() / "postino-tls-test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / ("live-ca-" + std::to_string(getpid()) + ".pem")).string();
    std::ofstream(path) << w.ca->certificatePem();
    return path;
}

}  // namespace

TEST_CASE("TLS with real clients: openssl s_client trusts the lesson CA and talks to a TlsEndpoint server", "[tls]") {
    if (!haveProgram("openssl")) {
        WARN("the openssl command is not installed (Debian package openssl): skipping");
        return;
    }
    TlsWorld w = liveWorld();
    const std::string caFile = writeCa(w);
    LoopbackTlsServer server(w.serverConfig);
    const CommandResult r = runCommand("(printf 'PING\\r\\n'; sleep 1) | timeout 20 openssl s_client -brief -connect 127.0.0.1:" +
                                           std::to_string(server.port()) + " -servername mail.bank.example -CAfile " +
                                           caFile + " -verify_hostname mail.bank.example -verify_return_error",
                                       true);
    server.join();
    INFO(r.output);
    CHECK(server.failure == "");
    CHECK(server.received == "PING\r\n");
    CHECK_THAT(server.summary, Catch::StartsWith("TLS 1.3, TLS_AES_"));  // the suite is s_client's first choice
    CHECK_THAT(server.summary, Catch::EndsWith(", x25519"));
    CHECK_THAT(r.output, Catch::Contains("Verification: OK"));
    CHECK_THAT(r.output, Catch::Contains("Protocol version: TLSv1.3"));
    CHECK_THAT(r.output, Catch::Contains("PONG"));
}

TEST_CASE("TLS with real clients: openssl s_client refuses a name the certificate does not carry", "[tls]") {
    if (!haveProgram("openssl")) {
        WARN("the openssl command is not installed (Debian package openssl): skipping");
        return;
    }
    TlsWorld w = liveWorld();
    const std::string caFile = writeCa(w);
    LoopbackTlsServer server(w.serverConfig);
    const CommandResult r = runCommand("timeout 20 openssl s_client -brief -connect 127.0.0.1:" +
                                           std::to_string(server.port()) + " -CAfile " + caFile +
                                           " -verify_hostname mail.other.example -verify_return_error </dev/null",
                                       true);
    server.join();
    INFO(r.output);
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("hostname mismatch"));
    CHECK(server.failure == "the client ended the handshake with the alert bad_certificate");
}

TEST_CASE("TLS with real clients: Python's ssl module verifies the server with the lesson CA", "[tls]") {
    if (!haveProgram("python3")) {
        WARN("python3 is not installed: skipping");
        return;
    }
    TlsWorld w = liveWorld();
    const std::string caFile = writeCa(w);
    LoopbackTlsServer server(w.serverConfig);
    const std::string script =
        "import socket, ssl, sys\n"
        "ctx = ssl.create_default_context(cafile=sys.argv[1])\n"
        "with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=10) as raw:\n"
        "    with ctx.wrap_socket(raw, server_hostname='mail.bank.example') as s:\n"
        "        s.sendall(b'PING\\r\\n')\n"
        "        print(s.version(), s.recv(100))\n";
    const auto dir = std::filesystem::temp_directory_path() / "postino-tls-test";
    const std::string scriptFile = (dir / "tls_client.py").string();
    std::ofstream(scriptFile) << script;
    const CommandResult r =
        runCommand("timeout 20 python3 " + scriptFile + " " + caFile + " " + std::to_string(server.port()), true);
    server.join();
    INFO(r.output);
    CHECK(r.output == "TLSv1.3 b'PONG\\r\\n'\n");
    CHECK(server.received == "PING\r\n");
}
