// Sans-I/O POP3 client session (a mail client's "check mail"), lock-step: greeting, CAPA,
// [STLS, CAPA again,] USER/PASS (or AUTH PLAIN), STAT, UIDL, RETR [+ DELE] per message, QUIT.
// RFC 1939 (3-7), RFC 2449 (CAPA, response codes), RFC 5034, RFC 2595 4 (STLS), RFC 8314 (995).
// No sockets, clocks or retries; the TLS itself is the glue's (takeStartTls, tlsEstablished).
#pragma once

#include "tls/client_tls.h"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pop3/response_parser.h"
#include "pop3/wire.h"

namespace postino::pop3 {

// How the client uses TLS: tls::ClientTls (STLS; TLS from the first byte is port 995).
using tls::ClientTls;

struct ClientJob {
    enum class Mode {
        DownloadAndDelete,  // RETR then DELE every message (the classic POP3 client)
        KeepOnServer,       // RETR only what knownUids lacks; delete nothing ("leave on server")
    };
    std::string user;
    std::string password;
    Mode mode = Mode::DownloadAndDelete;
    // UIDLs the device already has. KeepOnServer: not downloaded again. DownloadAndDelete:
    // deleted without downloading (left over from a session whose QUIT never completed).
    std::set<std::string> knownUids;
    std::size_t maxMessageSize = 64u << 20;  // one RETR body; a bigger one breaks the session
    ClientTls tls = ClientTls::None;
};

struct DownloadedMessage {
    std::size_t number = 0;  // message number in that session
    std::string uid;         // "" when the server has no UIDL
    std::string content;     // byte-unstuffed, CRLF line ends, without the final ".CRLF"
};

struct ClientResult {
    bool success = false;                     // the whole session went as planned, QUIT got +OK
    std::vector<DownloadedMessage> downloaded;
    std::size_t deleted = 0;                  // removed by the server (DELE +OK, then QUIT +OK)
    std::size_t skipped = 0;                  // RETR refused with -ERR (left on the server)
    std::vector<std::string> serverUids;      // every UIDL the server listed, in order
    std::string failureReason;
    Response finalReply;                      // QUIT's reply, or the one that made the session fail
    bool retryable = false;                   // [IN-USE], [LOGIN-DELAY], [SYS/TEMP] or a broken connection
    bool tls = false;                         // the session (and the password) went inside TLS
};

class ClientSession {
public:
    enum class Stage { Greeting, Capa, StartTls, TlsHandshake, User, Pass, Auth, Stat, Uidl, Retr, Dele, Quit, Done };

    explicit ClientSession(ClientJob job);

    // Server bytes in any split (CRLF or bare LF line ends). Each response may queue a command.
    void feed(std::string_view bytes);
    // The transport saw the server close the connection (or it broke).
    void connectionClosed();
    // The server said +OK to STLS: the glue must start the TLS handshake now (and then call
    // tlsEstablished or tlsFailed). Reported once.
    bool takeStartTls() { return std::exchange(m_startTls, false); }
    // The handshake is done (after STLS, or at once on port 995): after STLS the client forgets
    // what CAPA said in clear and asks again (RFC 2595 4).
    void tlsEstablished();
    // The handshake failed (the certificate, or the stream): the session ends, `reason` says why;
    // no password has been sent.
    void tlsFailed(const std::string& reason);

    std::string takeOutput();
    bool finished() const { return m_stage == Stage::Done; }
    bool wantsClose() const { return m_stage == Stage::Done; }
    Stage stage() const { return m_stage; }
    const ClientResult& result() const { return m_result; }

    // CAPA keywords the server offered (upper-case keyword -> arguments); empty when
    // CAPA was refused (an RFC 1939-only server).
    const std::map<std::string, std::string>& capabilities() const { return m_capabilities; }

private:
    struct Step {
        std::size_t number;
        std::string uid;
        bool retrieve;
        bool remove;
    };

    void onResponse(const Response& r);
    void send(std::string line, ResponseParser::Expect expect = ResponseParser::Expect::Single,
              std::size_t maxData = 16u << 20);
    void fail(std::string reason, const Response& r, bool sendQuit);
    void quit();
    void afterCapa();
    void authenticate();
    void onStat(const Response& r);
    void onUidl(const Response& r);
    void planWithoutUidl();
    void nextStep();
    void parseCapabilities(const Response& r);

    ClientJob m_job;
    std::string m_invalid;  // why the job cannot run, found in the constructor
    LineEndNormalizer m_normalizer;
    ResponseParser m_parser;
    Stage m_stage = Stage::Greeting;
    std::string m_output;
    std::map<std::string, std::string> m_capabilities;
    std::size_t m_messageCount = 0;
    std::vector<Step> m_steps;
    std::size_t m_nextStep = 0;
    std::size_t m_deleAcked = 0;
    ClientResult m_result;
    bool m_tls = false;       // inside TLS
    bool m_startTls = false;  // STLS answered +OK, not yet taken by the glue
};

}  // namespace postino::pop3
