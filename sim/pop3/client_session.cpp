// The client's lock-step dialogue and its plan of RETR/DELE steps (RFC 1939 3-7, RFC 2449 5,
// RFC 5034 AUTH PLAIN with initial response, RFC 4616).
#include "pop3/client_session.h"

#include <charconv>

#include "core/base64.h"

namespace postino::pop3 {

namespace {

constexpr std::size_t kMaxMessages = 1000000;  // a STAT beyond this is not believed

bool hasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// Leading decimal number of `s`; consumes it. False when there is none or it overflows.
bool takeNumber(std::string_view& s, std::size_t& value) {
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr == s.data()) return false;
    s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
    return true;
}

bool isRetryableCode(std::string_view code) {
    return code == "IN-USE" || code == "LOGIN-DELAY" || code == "SYS/TEMP";
}

}  // namespace

ClientSession::ClientSession(ClientJob job) : m_job(std::move(job)) {
    m_tls = m_result.tls = m_job.tls == ClientTls::Implicit;  // the glue shakes hands before the greeting
    if (m_job.user.empty() || hasLineBreak(m_job.user) || m_job.user.find('\0') != std::string::npos)
        m_invalid = "invalid user name";
    else if (hasLineBreak(m_job.password))
        m_invalid = "invalid password";
}

void ClientSession::feed(std::string_view bytes) {
    if (m_stage == Stage::Done) return;
    const std::string normalized = m_normalizer.apply(bytes);
    std::string_view input = normalized;
    while (!input.empty() && m_stage != Stage::Done) {
        const ResponseParser::Status st = m_parser.next(input);
        if (st == ResponseParser::Status::NeedMore) break;
        if (st == ResponseParser::Status::Error) {
            // The stream can no longer be trusted: no QUIT, just hang up.
            fail("protocol error: " + m_parser.error(), Response{}, false);
            m_result.retryable = true;
            break;
        }
        onResponse(m_parser.response());
    }
}

void ClientSession::connectionClosed() {
    if (m_stage == Stage::Done) return;
    if (m_result.failureReason.empty()) {
        // Without QUIT's +OK nothing is known to be deleted (RFC 1939 6).
        fail(m_stage == Stage::Quit ? "connection closed before the reply to QUIT" : "connection closed by the server",
             Response{}, false);
        m_result.retryable = true;
    }
    m_result.deleted = 0;
    m_stage = Stage::Done;
}

std::string ClientSession::takeOutput() {
    std::string out;
    out.swap(m_output);
    return out;
}

void ClientSession::send(std::string line, ResponseParser::Expect expect, std::size_t maxData) {
    m_output += line;
    m_output += "\r\n";
    m_parser.expect(expect, maxData);
}

void ClientSession::fail(std::string reason, const Response& r, bool sendQuit) {
    if (m_result.failureReason.empty()) {
        m_result.failureReason = std::move(reason);
        m_result.finalReply = r;
        m_result.retryable = isRetryableCode(r.code);
    }
    m_result.success = false;
    if (sendQuit)
        quit();
    else
        m_stage = Stage::Done;
}

void ClientSession::quit() {
    send("QUIT");
    m_stage = Stage::Quit;
}

void ClientSession::onResponse(const Response& r) {
    switch (m_stage) {
    case Stage::Greeting:
        if (!r.ok()) {
            fail("server refused the connection: " + r.describe(), r, false);
            m_result.retryable = true;
        } else if (!m_invalid.empty()) {
            fail(m_invalid, r, true);
        } else {
            send("CAPA", ResponseParser::Expect::Multiline);
            m_stage = Stage::Capa;
        }
        break;

    case Stage::Capa:
        if (r.ok()) parseCapabilities(r);  // -ERR: an RFC 1939-only server; carry on
        afterCapa();
        break;

    case Stage::StartTls:
        if (r.ok()) {
            m_startTls = true;  // the glue turns the connection to TLS, then tlsEstablished()
            m_stage = Stage::TlsHandshake;
        } else if (m_job.tls == ClientTls::Required) {
            fail("STLS refused: " + r.describe(), r, true);
        } else {
            m_job.tls = ClientTls::None;  // opportunistic: on in clear, as with SMTP
            authenticate();
        }
        break;

    case Stage::TlsHandshake:  // nothing may come in clear now: the stream is not to be trusted
        fail("the server spoke in clear after +OK to STLS", r, false);
        break;

    case Stage::User:
        if (r.ok()) {
            send("PASS " + m_job.password);
            m_stage = Stage::Pass;
        } else {
            fail("USER rejected: " + r.describe(), r, true);
        }
        break;

    case Stage::Pass:
    case Stage::Auth:
        if (r.kind == Response::Kind::Continuation) {
            // PLAIN was all in the initial response: cancel (RFC 5034 4); a second "+ " is
            // then a protocol error, because PASS expects a plain status line.
            send("*");
            m_stage = Stage::Pass;
        } else if (r.ok()) {
            send("STAT");
            m_stage = Stage::Stat;
        } else {
            fail("login failed: " + r.describe(), r, true);
        }
        break;

    case Stage::Stat: onStat(r); break;
    case Stage::Uidl: onUidl(r); break;

    case Stage::Retr: {
        const Step& step = m_steps[m_nextStep - 1];
        if (!r.ok()) {
            ++m_result.skipped;  // never delete what was not received
            nextStep();
            break;
        }
        m_result.downloaded.push_back(DownloadedMessage{step.number, step.uid, r.data});
        if (step.remove) {
            send("DELE " + std::to_string(step.number));
            m_stage = Stage::Dele;
        } else {
            nextStep();
        }
        break;
    }

    case Stage::Dele:
        if (r.ok()) ++m_deleAcked;
        nextStep();
        break;

    case Stage::Quit:
        if (m_result.failureReason.empty()) {
            m_result.finalReply = r;
            if (r.ok()) {
                m_result.success = true;
                m_result.deleted = m_deleAcked;
            } else {
                // RFC 1939 6: -ERR here means the UPDATE failed; assume nothing was removed.
                m_result.failureReason = "QUIT failed: " + r.describe();
                m_result.retryable = isRetryableCode(r.code);
            }
        }
        m_stage = Stage::Done;
        break;

    case Stage::Done: break;
    }
}

void ClientSession::parseCapabilities(const Response& r) {
    m_capabilities.clear();
    for (const std::string& line : r.lines()) {
        const std::size_t sp = line.find(' ');
        std::string keyword = toUpperAscii(std::string_view(line).substr(0, sp));
        if (keyword.empty()) continue;
        m_capabilities[keyword] = sp == std::string::npos ? std::string() : line.substr(sp + 1);
    }
}

void ClientSession::tlsEstablished() {
    if (m_stage == Stage::Done) return;
    m_tls = true;
    m_result.tls = true;
    if (m_stage == Stage::TlsHandshake) {  // RFC 2595 4: what CAPA said in clear is forgotten
        m_capabilities.clear();
        send("CAPA", ResponseParser::Expect::Multiline);
        m_stage = Stage::Capa;
    }
}

void ClientSession::tlsFailed(const std::string& reason) {
    if (m_stage == Stage::Done) return;
    fail("TLS handshake failed: " + reason, Response{}, false);
}

// STLS first, when it is to be used (RFC 2595 4); a server that does not offer it is refused
// when TLS is required, before any user name or password leaves.
void ClientSession::afterCapa() {
    switch (tls::startTlsStep(m_job.tls, m_tls, m_capabilities.count("STLS") != 0)) {
        case tls::StartTlsStep::Ask:
            send("STLS");
            m_stage = Stage::StartTls;
            return;
        case tls::StartTlsStep::Refuse:
            fail("TLS is required, but the server does not offer STLS", Response{}, true);
            return;
        case tls::StartTlsStep::GoOn: break;
    }
    authenticate();
}

void ClientSession::authenticate() {
    bool plain = false;
    auto sasl = m_capabilities.find("SASL");
    if (sasl != m_capabilities.end()) {
        std::string_view mechs = sasl->second;
        while (!mechs.empty()) {
            const std::size_t sp = mechs.find(' ');
            if (equalsIgnoreCase(mechs.substr(0, sp), "PLAIN")) plain = true;
            if (sp == std::string_view::npos) break;
            mechs.remove_prefix(sp + 1);
        }
    }
    // USER/PASS whenever it may work (RFC 1939 servers list no capabilities at all);
    // AUTH PLAIN only for a server that lists SASL PLAIN but not USER.
    const bool userOffered = m_capabilities.empty() || m_capabilities.count("USER") > 0;
    if (!userOffered && plain && m_job.password.find('\0') == std::string::npos) {
        std::string message;
        message += '\0';
        message += m_job.user;
        message += '\0';
        message += m_job.password;
        send("AUTH PLAIN " + base64Encode(message), ResponseParser::Expect::Continuation);
        m_stage = Stage::Auth;
        return;
    }
    send("USER " + m_job.user);
    m_stage = Stage::User;
}

void ClientSession::onStat(const Response& r) {
    if (!r.ok()) {
        fail("STAT rejected: " + r.describe(), r, true);
        return;
    }
    std::string_view text = r.text;
    std::size_t count = 0;
    if (!takeNumber(text, count)) {
        fail("malformed STAT reply: " + r.describe(), r, true);
        return;
    }
    if (count > kMaxMessages) {
        fail("too many messages in the maildrop", r, true);
        return;
    }
    m_messageCount = count;
    if (count == 0) {
        quit();
        return;
    }
    send("UIDL", ResponseParser::Expect::Multiline);
    m_stage = Stage::Uidl;
}

void ClientSession::onUidl(const Response& r) {
    if (!r.ok()) {
        // RFC 1939 UIDL is optional. Without it "leave on server" cannot tell old from new.
        if (m_job.mode == ClientJob::Mode::KeepOnServer) {
            fail("the server has no UIDL, so mail cannot be kept on the server", r, true);
            return;
        }
        planWithoutUidl();
        return;
    }
    std::vector<bool> seen(m_messageCount + 1, false);
    for (const std::string& line : r.lines()) {
        std::string_view rest = line;
        std::size_t number = 0;
        if (!takeNumber(rest, number) || rest.size() < 2 || rest.front() != ' ' || number == 0 ||
            number > m_messageCount) {
            fail("malformed UIDL line: " + printable(line, 80), r, true);
            return;
        }
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        const std::string uid(rest);
        if (uid.empty() || seen[number]) continue;
        seen[number] = true;
        m_result.serverUids.push_back(uid);
        const bool known = m_job.knownUids.count(uid) > 0;
        if (m_job.mode == ClientJob::Mode::KeepOnServer) {
            if (!known) m_steps.push_back(Step{number, uid, true, false});
        } else {
            m_steps.push_back(Step{number, uid, !known, true});
        }
    }
    nextStep();
}

void ClientSession::planWithoutUidl() {
    for (std::size_t n = 1; n <= m_messageCount; ++n) m_steps.push_back(Step{n, std::string(), true, true});
    nextStep();
}

void ClientSession::nextStep() {
    if (m_nextStep >= m_steps.size()) {
        quit();
        return;
    }
    const Step& step = m_steps[m_nextStep++];
    if (step.retrieve) {
        send("RETR " + std::to_string(step.number), ResponseParser::Expect::Multiline, m_job.maxMessageSize);
        m_stage = Stage::Retr;
    } else {
        send("DELE " + std::to_string(step.number));
        m_stage = Stage::Dele;
    }
}

}  // namespace postino::pop3
