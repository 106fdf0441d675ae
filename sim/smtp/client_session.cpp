#include "smtp/client_session.h"

#include "smtp/address.h"
#include "smtp/sasl.h"

namespace postino::smtp {

namespace {

bool hasLineBreakOrNul(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos; }

// The longest command line a server that offers DSN must take, without its CRLF (RFC 3461 4).
constexpr std::size_t kMaxDsnCommandOctets = 1010;

bool printableAscii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
    return true;
}

// An ORCPT= a server will take: "type;address", the type an atom (RFC 3461 4.2).
bool validOrcpt(std::string_view orcpt) {
    const auto semicolon = orcpt.find(';');
    if (semicolon == std::string_view::npos || semicolon == 0) return false;
    for (char c : orcpt.substr(0, semicolon))
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '=' || c == '+')
            return false;
    return true;
}

}  // namespace

std::string encodeDataBody(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 64 + 8);
    std::size_t column = 0;  // octets of the current line, before dot-stuffing
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < message.size() && message[i + 1] == '\n') ++i;
            out += "\r\n";
            column = 0;
            continue;
        }
        if (column == kMaxSentLineOctets) {
            // Postfix smtp_line_length_limit: break the line with CRLF SPACE, so a
            // header line stays one (folded) field and no line starts with a dot.
            out += "\r\n ";
            column = 1;
        }
        if (column == 0 && c == '.') out += '.';
        out += c;
        ++column;
    }
    if (column != 0) out += "\r\n";
    out += ".\r\n";
    return out;
}

ClientSession::ClientSession(ClientJob job) : m_job(std::move(job)) {
    m_tls = m_result.tls = m_job.tls == ClientTls::Implicit;  // the glue shakes hands before the greeting
    m_body = encodeDataBody(m_job.message);
    // The size the server will count: the message with CRLF ends, before dot-stuffing.
    const std::size_t contentEnd = m_body.size() - 3;  // without the final ".CRLF"
    std::size_t stuffed = 0;
    bool lineStart = true;
    for (std::size_t i = 0; i < contentEnd; ++i) {
        if (lineStart && m_body[i] == '.') ++stuffed;
        lineStart = m_body[i] == '\n';
    }
    m_messageSize = contentEnd - stuffed;
    for (const auto& r : m_job.rcptTo) m_result.recipients.push_back(RecipientResult{r, 0, {}, {}, false});

    if (m_job.heloName.empty() || hasLineBreakOrNul(m_job.heloName) || m_job.heloName.find(' ') != std::string::npos)
        m_invalid = "invalid HELO name";
    else if (hasLineBreakOrNul(m_job.mailFrom) || m_job.mailFrom.size() > kMaxPathOctets - 2)
        m_invalid = "invalid sender address";
    else if (m_job.rcptTo.empty())
        m_invalid = "no recipients";
    for (const auto& r : m_job.rcptTo)
        if (m_invalid.empty() && (r.empty() || hasLineBreakOrNul(r) || r.size() > kMaxPathOctets - 2))
            m_invalid = "invalid recipient address";
    if (m_invalid.empty() && !m_job.ret.empty() && !parseRet(m_job.ret))
        m_invalid = "invalid DSN RET value (FULL or HDRS)";
    if (m_invalid.empty() && (m_job.envid.size() > 100 || !printableAscii(m_job.envid)))
        m_invalid = "invalid DSN envelope id (printable US-ASCII, at most 100 octets)";
    if (m_invalid.empty() && m_job.rcptDsn.size() > m_job.rcptTo.size())
        m_invalid = "more DSN parameters than recipients";
    for (std::size_t i = 0; m_invalid.empty() && i < m_job.rcptDsn.size(); ++i) {
        const RecipientDsn& d = m_job.rcptDsn[i];
        if (d.notify.never && (d.notify.success || d.notify.failure || d.notify.delay))
            m_invalid = "invalid DSN NOTIFY for <" + m_job.rcptTo[i] + ">: NEVER with another";
        else if (!d.orcpt.empty() && !validOrcpt(d.orcpt))
            m_invalid = "invalid DSN ORCPT for <" + m_job.rcptTo[i] + ">: not type;address";
        else if (rcptCommand(i).size() > kMaxDsnCommandOctets)
            m_invalid = "DSN ORCPT for <" + m_job.rcptTo[i] + "> too long for one command line";
    }
    if (m_job.auth && m_invalid.empty() &&
        (m_job.auth->first.empty() || m_job.auth->first.find('\0') != std::string::npos ||
         m_job.auth->second.find('\0') != std::string::npos))
        m_invalid = "invalid credentials";
}

namespace {
// The command a reply at `stage` answers, as Postfix names it ("in reply to RCPT TO command").
const char* stageName(ClientSession::Stage stage) {
    switch (stage) {
        case ClientSession::Stage::Greeting: return "initial greeting";
        case ClientSession::Stage::Ehlo: return "EHLO";
        case ClientSession::Stage::Helo: return "HELO";
        case ClientSession::Stage::StartTls:
        case ClientSession::Stage::TlsHandshake: return "STARTTLS";
        case ClientSession::Stage::Auth: return "AUTH";
        case ClientSession::Stage::Mail: return "MAIL FROM";
        case ClientSession::Stage::Rcpt: return "RCPT TO";
        case ClientSession::Stage::Data: return "DATA";
        case ClientSession::Stage::Body: return "end of DATA";
        case ClientSession::Stage::Quit:
        case ClientSession::Stage::Done: return "";
    }
    return "";
}
}  // namespace

void ClientSession::feed(std::string_view bytes) {
    while (!bytes.empty() && m_stage != Stage::Done) {
        const auto st = m_parser.next(bytes);
        if (st == ReplyParser::Status::NeedMore) break;
        if (st == ReplyParser::Status::Error) {
            // The stream can no longer be trusted: no QUIT, just hang up.
            fail("protocol error: " + m_parser.error(), Reply{}, false);
            m_result.retryable = true;
            break;
        }
        onReply(m_parser.reply());
    }
}

void ClientSession::connectionClosed() {
    if (m_stage == Stage::Done) return;
    if (m_stage != Stage::Quit) {
        fail("connection closed by the server", Reply{}, false);
        m_result.retryable = true;
    }
    m_stage = Stage::Done;
}

std::string describeRecipient(const RecipientResult& r) {
    return std::to_string(r.code) + (r.enhanced.empty() ? "" : " " + r.enhanced) + " " + r.text;
}

std::string ClientSession::takeOutput() {
    std::string out;
    out.swap(m_output);
    return out;
}

void ClientSession::send(std::string line) {
    m_output += line;
    m_output += "\r\n";
}

void ClientSession::fail(std::string reason, const Reply& reply, bool sendQuit) {
    if (m_result.failureReason.empty()) {
        m_result.failedAt = stageName(m_stage);
        m_result.failureReason = std::move(reason);
        m_result.finalReply = reply;
        m_result.retryable = reply.transientFailure();
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

void ClientSession::onReply(const Reply& reply) {
    // RFC 5321 3.8: a 421 means the server is closing; do not send QUIT.
    if (reply.code == 421 && m_stage != Stage::Quit) {
        fail("server closing connection: " + reply.text(), reply, false);
        return;
    }
    switch (m_stage) {
    case Stage::Greeting:
        if (reply.code != 220) {
            fail("server refused the connection: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        } else if (!m_invalid.empty()) {
            fail(m_invalid, reply, true);
        } else {
            send("EHLO " + m_job.heloName);
            m_stage = Stage::Ehlo;
        }
        break;

    case Stage::Ehlo:
        if (reply.code == 250) {
            parseExtensions(reply);
            afterHello();
        } else if (reply.permanentFailure()) {
            // RFC 5321 3.2: an old server; fall back to HELO.
            send("HELO " + m_job.heloName);
            m_stage = Stage::Helo;
        } else {
            fail("EHLO rejected: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        }
        break;

    case Stage::Helo:
        if (reply.code == 250)
            afterHello();
        else
            fail("HELO rejected: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        break;

    case Stage::StartTls:
        if (reply.code == 220) {
            m_startTls = true;  // the glue turns the connection to TLS, then tlsEstablished()
            m_stage = Stage::TlsHandshake;
        } else if (m_job.tls == ClientTls::Required) {
            fail("STARTTLS refused: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        } else {
            m_job.tls = ClientTls::None;  // opportunistic: on in clear, as Postfix does
            afterHello();
        }
        break;

    case Stage::TlsHandshake:  // nothing may come in clear now: the stream is not to be trusted
        fail("the server spoke in clear after 220 to STARTTLS", reply, false);
        break;

    case Stage::Auth:
        if (reply.code == 235) {
            sendMail();
        } else if (reply.code == 334) {
            send("*");  // we already sent everything PLAIN has; cancel (RFC 4954 4)
        } else {
            fail("authentication failed: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        }
        break;

    case Stage::Mail:
        m_result.mailFromReply = reply;
        if (reply.code == 250)
            sendNextRcpt();
        else
            fail("sender rejected: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        break;

    case Stage::Rcpt: {
        RecipientResult& r = m_result.recipients[m_nextRcpt - 1];
        r.code = reply.code;
        r.enhanced = reply.enhanced;
        r.text = reply.text();
        r.accepted = reply.code == 250 || reply.code == 251;
        sendNextRcpt();
        break;
    }

    case Stage::Data:
        m_result.dataReply = reply;
        if (reply.code == 354) {
            m_output += m_body;
            m_stage = Stage::Body;
        } else {
            fail("DATA rejected: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        }
        break;

    case Stage::Body:
        m_result.finalReply = reply;
        if (reply.code == 250) {
            m_result.success = true;
            quit();
        } else {
            fail("message rejected: " + std::to_string(reply.code) + " " + reply.text(), reply, true);
        }
        break;

    case Stage::Quit:
        m_stage = Stage::Done;
        break;

    case Stage::Done:
        break;
    }
}

void ClientSession::parseExtensions(const Reply& reply) {
    m_extensions.clear();
    for (std::size_t i = 1; i < reply.lines.size(); ++i) {
        std::string_view l = reply.lines[i];
        const auto sp = l.find(' ');
        std::string keyword = toUpperAscii(l.substr(0, sp));
        std::string params = sp == std::string_view::npos ? std::string() : std::string(l.substr(sp + 1));
        // Old servers write "AUTH=PLAIN LOGIN".
        if (keyword.rfind("AUTH=", 0) == 0) {
            params = keyword.substr(5) + (params.empty() ? "" : " " + params);
            keyword = "AUTH";
        }
        if (!keyword.empty()) m_extensions[keyword] = params;
    }
}

void ClientSession::tlsEstablished() {
    if (m_stage == Stage::Done) return;
    m_tls = true;
    m_result.tls = true;
    if (m_stage == Stage::TlsHandshake) {  // RFC 3207 4.2: greet again, learn the extensions again
        send("EHLO " + m_job.heloName);
        m_stage = Stage::Ehlo;
    }
}

void ClientSession::tlsFailed(const std::string& reason) {
    if (m_stage == Stage::Done) return;
    fail("TLS handshake failed: " + reason, Reply{}, false);
    m_result.retryable = true;
}

void ClientSession::afterHello() {
    // STARTTLS first, when it is to be used (RFC 3207); a server that does not offer it is
    // refused when TLS is required (Postfix: "TLS is required, but was not offered by host").
    switch (tls::startTlsStep(m_job.tls, m_tls, m_extensions.count("STARTTLS") != 0)) {
        case tls::StartTlsStep::Ask:
            send("STARTTLS");
            m_stage = Stage::StartTls;
            return;
        case tls::StartTlsStep::Refuse:
            fail("TLS is required, but was not offered by the server", Reply{}, true);
            m_result.retryable = true;
            return;
        case tls::StartTlsStep::GoOn: break;
    }
    if (!m_job.auth) {
        sendMail();
        return;
    }
    auto it = m_extensions.find("AUTH");
    bool plain = false;
    if (it != m_extensions.end()) {
        std::string_view mechs = it->second;
        while (!mechs.empty()) {
            const auto sp = mechs.find(' ');
            if (equalsIgnoreCase(mechs.substr(0, sp), "PLAIN")) plain = true;
            if (sp == std::string_view::npos) break;
            mechs.remove_prefix(sp + 1);
        }
    }
    if (!plain) {
        fail("server does not offer AUTH PLAIN", Reply{}, true);
        return;
    }
    send("AUTH PLAIN " + encodePlain(m_job.auth->first, m_job.auth->second));
    m_stage = Stage::Auth;
}

void ClientSession::sendMail() {
    std::string cmd = "MAIL FROM:<" + m_job.mailFrom + ">";
    if (m_extensions.count("SIZE")) cmd += " SIZE=" + std::to_string(m_messageSize);
    if (m_extensions.count("8BITMIME") && hasNonAscii(m_job.message)) cmd += " BODY=8BITMIME";
    bool utf8 = hasNonAscii(m_job.mailFrom);
    for (const auto& r : m_job.rcptTo) utf8 = utf8 || hasNonAscii(r);
    if (utf8 && m_extensions.count("SMTPUTF8")) cmd += " SMTPUTF8";
    // RFC 3461 4.3, 4.4; ENVID before RET, as Postfix's smtp client writes them.
    if (m_extensions.count("DSN")) {
        if (!m_job.envid.empty()) cmd += " ENVID=" + xtextEncode(m_job.envid);
        if (!m_job.ret.empty()) cmd += " RET=" + parseRet(m_job.ret).value_or("");
    }
    send(std::move(cmd));
    m_stage = Stage::Mail;
}

void ClientSession::sendNextRcpt() {
    if (m_nextRcpt < m_job.rcptTo.size()) {
        send(m_extensions.count("DSN") ? rcptCommand(m_nextRcpt) : "RCPT TO:<" + m_job.rcptTo[m_nextRcpt] + ">");
        ++m_nextRcpt;
        m_stage = Stage::Rcpt;
        return;
    }
    bool any = false;
    bool allTemporary = true;
    for (const auto& r : m_result.recipients) {
        any = any || r.accepted;
        allTemporary = allTemporary && r.code >= 400 && r.code < 500;
    }
    if (any) {
        send("DATA");
        m_stage = Stage::Data;
        return;
    }
    // No recipient accepted: no DATA (RFC 5321 3.3), just say goodbye, with every refusal.
    std::string refusals;
    for (const auto& r : m_result.recipients) {
        if (!refusals.empty()) refusals += "; ";
        refusals += describeRecipient(r);
    }
    Reply last;
    if (!m_result.recipients.empty()) {
        const RecipientResult& r = m_result.recipients.back();
        last.code = r.code;
        last.enhanced = r.enhanced;
        last.lines.push_back(r.enhanced.empty() ? r.text : r.enhanced + " " + r.text);
    }
    fail(refusals.empty() ? std::string("no recipient was accepted") : "no recipient was accepted: " + refusals,
         last, true);
    m_result.retryable = allTemporary;
}

// "RCPT TO:<x> ORCPT=rfc822;x NOTIFY=SUCCESS": ORCPT before NOTIFY, as Postfix's smtp client
// writes them (RFC 3461 4.1, 4.2); the address part of ORCPT as xtext.
std::string ClientSession::rcptCommand(std::size_t index) const {
    std::string cmd = "RCPT TO:<" + m_job.rcptTo[index] + ">";
    if (index >= m_job.rcptDsn.size()) return cmd;
    const RecipientDsn& d = m_job.rcptDsn[index];
    if (!d.orcpt.empty()) {
        const auto semicolon = d.orcpt.find(';');
        cmd += " ORCPT=" + d.orcpt.substr(0, semicolon + 1) + xtextEncode(std::string_view(d.orcpt).substr(semicolon + 1));
    }
    if (!d.notify.empty()) cmd += " NOTIFY=" + formatNotify(d.notify);
    return cmd;
}

}  // namespace postino::smtp
