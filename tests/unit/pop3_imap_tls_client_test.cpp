// The POP3 and IMAP client engines' TLS, each talking to the real server engine in memory (the
// handshake itself stands in as tlsEstablished / tlsFailed, as the glue calls them): STLS /
// STARTTLS when required or offered, a server without it refused before any password, TLS from
// the first byte, a failed handshake ending the session with its reason and no password sent.
#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "imap_client/client_session.h"
#include "mail/mail_store.h"
#include "pop3/client_session.h"
#include "pop3/memory_maildrop.h"
#include "pop3/server_session.h"

#include <catch2/catch.hpp>

#include <string>

using namespace postino;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Runs client and server against each other until the client is done; returns the dialogue,
// each line "C: " or "S: ", with "[TLS] " once the client is inside TLS. `handshakeFailure`
// non-empty: the handshake after STLS / STARTTLS fails with that reason.
template <typename Client, typename Server>
std::string converse(Client& client, Server& server, bool implicit, const std::string& handshakeFailure = {}) {
    std::string log;
    bool inTls = false;
    const auto record = [&](const char* who, const std::string& bytes) {
        std::size_t at = 0;
        while (at < bytes.size()) {
            std::size_t end = bytes.find("\r\n", at);
            if (end == std::string::npos) end = bytes.size();
            log += std::string(who) + (inTls ? "[TLS] " : "") + bytes.substr(at, end - at) + "\n";
            at = end + 2;
        }
    };
    server.start();
    if (implicit) {
        inTls = true;
        client.tlsEstablished();
    }
    for (int round = 0; round < 200 && !client.finished(); ++round) {
        const std::string fromServer = server.takeOutput();
        const bool serverStarts = server.takeStartTls();
        if (!fromServer.empty()) {
            record("S: ", fromServer);
            client.feed(fromServer);
        }
        if (client.takeStartTls()) {
            CHECK(serverStarts);
            if (!handshakeFailure.empty()) {
                client.tlsFailed(handshakeFailure);
            } else {
                inTls = true;
                client.tlsEstablished();
            }
        }
        const std::string fromClient = client.takeOutput();
        if (!fromClient.empty()) {
            record("C: ", fromClient);
            server.feed(fromClient);
        } else if (fromServer.empty()) {
            break;
        }
    }
    return log;
}

struct Pop3World {
    pop3::MemoryMailStore store;
    std::unique_ptr<pop3::ServerSession> server;
    Pop3World(bool tlsOffered, bool plaintext, bool implicit = false) {
        store.addUser("alice@example.org", "s3cret");
        store.deliver("alice@example.org", "Subject: hi\r\n\r\nHello\r\n");
        pop3::ServerConfig config{"pop.example.org", plaintext};
        config.tlsOffered = tlsOffered;
        config.implicitTls = implicit;
        server = std::make_unique<pop3::ServerSession>(config, store);
    }
};

pop3::ClientJob pop3Job(pop3::ClientTls tls) {
    pop3::ClientJob job;
    job.user = "alice@example.org";
    job.password = "s3cret";
    job.tls = tls;
    return job;
}

struct ImapWorld {
    mail::MailStore store;
    imap::MemoryPolicy policy;
    std::unique_ptr<imap::ServerSession> server;
    imap_client::DeviceCache cache;
    ImapWorld(bool tlsOffered, bool plaintext, bool implicit = false) {
        store.create("alice@example.org");
        policy.addUser("alice@example.org", "s3cret");
        imap::ServerConfig config;
        config.hostname = "imap.example.org";
        config.tlsOffered = tlsOffered;
        config.allowPlaintextAuth = plaintext;
        config.implicitTls = implicit;
        server = std::make_unique<imap::ServerSession>(config, policy, store);
    }
};

imap_client::ClientJob imapJob(imap_client::ClientTls tls) {
    imap_client::ClientJob job;
    job.user = "alice@example.org";
    job.password = "s3cret";
    job.ops = {imap_client::Sync{}};
    job.tls = tls;
    return job;
}

}  // namespace

TEST_CASE("POP3 client TLS: STLS before the login, CAPA asked again inside TLS", "[pop3][tls]") {
    for (const auto mode : {pop3::ClientTls::Required, pop3::ClientTls::Opportunistic}) {
        Pop3World w(true, false);
        pop3::ClientSession client(pop3Job(mode));
        const std::string log = converse(client, *w.server, false);
        INFO(log);
        CHECK(has(log, "C: STLS\nS: +OK Begin TLS negotiation now.\nC: [TLS] CAPA\n"));
        CHECK(has(log, "C: [TLS] USER alice@example.org\n"));
        CHECK(has(log, "C: [TLS] PASS s3cret\n"));
        CHECK_FALSE(has(log, "C: USER"));
        CHECK_FALSE(has(log, "C: PASS"));
        CHECK(client.result().success);
        CHECK(client.result().tls);
        CHECK(client.result().downloaded.size() == 1);
    }
}

TEST_CASE("POP3 client TLS: a server without STLS is refused before the user name when TLS is required", "[pop3][tls]") {
    Pop3World w(false, true);
    pop3::ClientSession client(pop3Job(pop3::ClientTls::Required));
    const std::string log = converse(client, *w.server, false);
    INFO(log);
    CHECK_FALSE(client.result().success);
    CHECK(client.result().failureReason == "TLS is required, but the server does not offer STLS");
    CHECK_FALSE(has(log, "C: USER"));
    CHECK_FALSE(has(log, "s3cret"));
    CHECK(has(log, "C: QUIT\n"));
    // Opportunistic: on in clear, as an SMTP relay does.
    Pop3World plain(false, true);
    pop3::ClientSession other(pop3Job(pop3::ClientTls::Opportunistic));
    const std::string clear = converse(other, *plain.server, false);
    CHECK(has(clear, "C: PASS s3cret\n"));
    CHECK(other.result().success);
    CHECK_FALSE(other.result().tls);
}

TEST_CASE("POP3 client TLS: port 995 is TLS from the first byte, no STLS", "[pop3][tls]") {
    Pop3World w(true, false, true);
    pop3::ClientSession client(pop3Job(pop3::ClientTls::Implicit));
    const std::string log = converse(client, *w.server, true);
    INFO(log);
    CHECK(log.rfind("S: [TLS] +OK pop.example.org POP3 Postino ready.\n", 0) == 0);
    CHECK_FALSE(has(log, "STLS"));
    CHECK(has(log, "C: [TLS] PASS s3cret\n"));
    CHECK(client.result().success);
    CHECK(client.result().tls);
}

TEST_CASE("POP3 client TLS: a failed handshake ends the session with the reason, no password sent", "[pop3][tls]") {
    Pop3World w(true, false);
    pop3::ClientSession client(pop3Job(pop3::ClientTls::Required));
    const std::string log = converse(client, *w.server, false, "the certificate expired on 2026-03-01");
    INFO(log);
    CHECK(client.finished());
    CHECK(client.result().failureReason == "TLS handshake failed: the certificate expired on 2026-03-01");
    CHECK_FALSE(has(log, "C: USER"));
    CHECK_FALSE(has(log, "s3cret"));
    CHECK_FALSE(client.result().tls);
}

TEST_CASE("POP3 client TLS: a server that speaks in clear after +OK to STLS is left", "[pop3][tls]") {
    pop3::ClientSession client(pop3Job(pop3::ClientTls::Required));
    client.feed("+OK ready.\r\n");
    client.takeOutput();
    client.feed("+OK\r\nSTLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n");
    CHECK(client.takeOutput() == "STLS\r\n");
    client.feed("+OK Begin TLS negotiation now.\r\n+OK injected\r\n");
    CHECK(client.takeStartTls());
    CHECK(client.finished());
    CHECK(client.result().failureReason == "the server spoke in clear after +OK to STLS");
    CHECK(client.takeOutput().empty());
}

TEST_CASE("IMAP client TLS: STARTTLS before the login, CAPABILITY asked again inside TLS", "[imap][tls]") {
    for (const auto mode : {imap_client::ClientTls::Required, imap_client::ClientTls::Opportunistic}) {
        ImapWorld w(true, false);
        imap_client::ClientSession client(imapJob(mode), w.cache);
        const std::string log = converse(client, *w.server, false);
        INFO(log);
        CHECK(has(log, "STARTTLS LOGINDISABLED] imap.example.org Postino IMAP ready.\n"));
        CHECK(has(log, "C: A001 STARTTLS\nS: A001 OK Begin TLS negotiation now.\nC: [TLS] A002 CAPABILITY\n"));
        CHECK(has(log, "S: [TLS] * CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID IDLE AUTH=PLAIN AUTH=LOGIN\n"));
        CHECK(has(log, "C: [TLS] A003 LOGIN \"alice@example.org\" \"s3cret\"\n"));
        CHECK_FALSE(has(log, "C: A003 LOGIN"));
        CHECK(client.result().success);
        CHECK(client.result().tls);
    }
}

TEST_CASE("IMAP client TLS: no password where the server has no STARTTLS or disables LOGIN", "[imap][tls]") {
    {
        ImapWorld w(false, true);
        imap_client::ClientSession client(imapJob(imap_client::ClientTls::Required), w.cache);
        const std::string log = converse(client, *w.server, false);
        INFO(log);
        CHECK(client.result().failureReason == "TLS is required, but the server does not offer STARTTLS");
        CHECK_FALSE(has(log, "s3cret"));
        CHECK_FALSE(has(log, "AUTHENTICATE"));
        CHECK(has(log, "LOGOUT"));
    }
    {  // an account set to no TLS against a server that takes no password in clear
        ImapWorld w(true, false);
        imap_client::ClientSession client(imapJob(imap_client::ClientTls::None), w.cache);
        const std::string log = converse(client, *w.server, false);
        INFO(log);
        CHECK(client.result().failureReason == "server disables LOGIN (LOGINDISABLED) and offers no AUTH=PLAIN");
        CHECK_FALSE(has(log, "s3cret"));
        CHECK_FALSE(has(log, "STARTTLS\r"));
    }
    {  // opportunistic against a server without TLS: in clear
        ImapWorld w(false, true);
        imap_client::ClientSession client(imapJob(imap_client::ClientTls::Opportunistic), w.cache);
        const std::string log = converse(client, *w.server, false);
        CHECK(has(log, "C: A001 LOGIN \"alice@example.org\" \"s3cret\"\n"));
        CHECK(client.result().success);
        CHECK_FALSE(client.result().tls);
    }
}

TEST_CASE("IMAP client TLS: port 993 is TLS from the first byte, no STARTTLS", "[imap][tls]") {
    ImapWorld w(true, false, true);
    imap_client::ClientSession client(imapJob(imap_client::ClientTls::Implicit), w.cache);
    const std::string log = converse(client, *w.server, true);
    INFO(log);
    CHECK(log.rfind("S: [TLS] * OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID IDLE AUTH=PLAIN AUTH=LOGIN]", 0) == 0);
    CHECK_FALSE(has(log, "STARTTLS"));
    CHECK(has(log, "C: [TLS] A001 LOGIN \"alice@example.org\" \"s3cret\"\n"));
    CHECK(client.result().success);
}

TEST_CASE("IMAP client TLS: a failed handshake ends the session with the reason, no password sent", "[imap][tls]") {
    ImapWorld w(true, false);
    imap_client::ClientSession client(imapJob(imap_client::ClientTls::Opportunistic), w.cache);
    const std::string log = converse(client, *w.server, false, "the certificate is for mail.other.example");
    INFO(log);
    CHECK(client.finished());
    CHECK(client.result().failureReason == "TLS handshake failed: the certificate is for mail.other.example");
    CHECK_FALSE(has(log, "s3cret"));
    CHECK_FALSE(has(log, " LOGIN "));
    CHECK(client.result().operations.at(0).status == imap_client::OperationOutcome::Status::NotRun);
}

TEST_CASE("IMAP client TLS: a server that speaks in clear after OK to STARTTLS is left", "[imap][tls]") {
    imap_client::DeviceCache cache;
    imap_client::ClientSession client(imapJob(imap_client::ClientTls::Required), cache);
    client.feed("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n");
    CHECK(client.takeOutput() == "A001 STARTTLS\r\n");
    client.feed("A001 OK Begin TLS negotiation now.\r\n* OK injected\r\n");
    CHECK(client.takeStartTls());
    CHECK(client.finished());
    CHECK(client.result().failureReason == "the server spoke in clear after OK to STARTTLS");
    CHECK(client.takeOutput().empty());
}
