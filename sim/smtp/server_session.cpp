// The server session's input loop, reply queue and DATA phase (RFC 5321 4.1.1.4, 4.5.2).
#include "smtp/server_session.h"

#include "smtp/address.h"
#include "smtp/reply.h"

namespace postino::smtp {

ServerSession::ServerSession(const ServerConfig& config, ServerPolicy& policy, std::string peerIp)
    : m_config(config), m_policy(policy), m_peerIp(std::move(peerIp)), m_tls(config.implicitTls) {}

void ServerSession::start() {
    if (m_started) return;
    m_started = true;
    if (const std::string refusal = m_policy.outage(ServerPolicy::Stage::Greeting); !refusal.empty()) {
        // RFC 5321 3.1: 554 (no SMTP service here) or 421 (not now) instead of 220, then goodbye.
        m_output += printable(refusal, 510) + "\r\n";
        close();
        return;
    }
    // RFC 5321 4.2: the greeting carries the host name; no enhanced code (RFC 2034 3).
    m_output += "220 " + printable(m_config.hostname, 255) + " ESMTP Postino\r\n";
}

void ServerSession::feed(std::string_view bytes) {
    if (!m_started) start();
    resolvePending();
    if (m_pending) {  // the end of DATA still waits for its answer: hold what comes meanwhile
        m_heldInput.append(bytes);
        return;
    }
    while (!bytes.empty() && m_state != ServerState::Closed) {
        if (m_pending) {
            m_heldInput.append(bytes);
            break;
        }
        const LineStatus st = m_reader.next(bytes);
        if (st == LineStatus::NeedMore) break;
        if (st == LineStatus::Error)
            onLineError(m_reader.error());
        else if (m_mode == Mode::Data)
            onDataLine(m_reader.line(), m_reader.continues());
        else
            onLine(m_reader.line());
        if (m_startTls) {  // what came after STARTTLS in the same breath is dropped unread
            m_reader.reset();
            break;
        }
        // Postfix smtpd: after the hard error limit, say so and hang up (no more reading).
        if (m_errors >= kHardErrorLimit && m_state != ServerState::Closed && m_mode == Mode::Command) {
            reply(421, "4.7.0", printable(m_config.hostname, 255) + " Error: too many errors");
            close();
        }
    }
}

void ServerSession::onTimeout() {
    if (m_state == ServerState::Closed) return;
    if (!m_started) start();
    reply(421, "4.4.2", printable(m_config.hostname, 255) + " Error: timeout exceeded");
    close();
}

void ServerSession::notify() { resolvePending(); }

void ServerSession::resolvePending() {
    if (!m_pending || !m_pending->decided) return;
    const std::shared_ptr<PendingMessage::Decision> d = std::move(m_pending);
    m_pending.reset();
    answerData(d->queueId, d->refusal);
    std::string held;
    held.swap(m_heldInput);
    if (!held.empty()) feed(held);
}

std::string ServerSession::takeOutput() {
    resolvePending();
    std::string out;
    out.swap(m_output);
    return out;
}

std::optional<Duration> ServerSession::takeReplyDelay() {
    if (m_replyDelay == Duration()) return std::nullopt;
    const Duration d = m_replyDelay;
    m_replyDelay = Duration();
    return d;
}

std::vector<ServerEvent> ServerSession::takeEvents() {
    std::vector<ServerEvent> out;
    out.swap(m_events);
    return out;
}

void ServerSession::onLine(const std::string& line) {
    switch (m_mode) {
    case Mode::Command: onCommand(line); break;
    case Mode::Data: onDataLine(line, false); break;
    case Mode::AuthPlain:
    case Mode::AuthLoginUser:
    case Mode::AuthLoginPassword: onAuthLine(line); break;
    }
}

void ServerSession::onLineError(LineError error) {
    if (error == LineError::BareLf) {
        // Postfix 3.9 "smtpd_forbid_bare_newline = reject": refuse and disconnect, so a
        // bare LF can never be read as a line end (SMTP smuggling, CVE-2023-51764).
        // Only reachable in command and AUTH modes; in DATA a bare LF is content.
        event(ServerEvent::Kind::CommandReceived, 0, "");
        reply(550, "5.5.2", printable(m_config.hostname, 255) + " Error: bare <LF> received");
        close();
        return;
    }
    // LineError::TooLong, reported once at the CRLF that ends the overlong line.
    switch (m_mode) {
    case Mode::Command:
        event(ServerEvent::Kind::CommandReceived, 0, "");
        reply(500, "5.5.0", "Error: command line too long");
        break;
    case Mode::Data:
        break;  // not reached: DATA lines are never too long (Overlong::Split)
    case Mode::AuthPlain:
    case Mode::AuthLoginUser:
    case Mode::AuthLoginPassword:
        abortAuth(500, "5.5.6", "Authentication exchange line is too long");
        break;
    }
}

void ServerSession::reply(int code, std::string_view enhanced, std::string_view text) {
    std::string line = formatReply(code, enhanced, text);
    if (m_errors >= kSoftErrorLimit) m_replyDelay += kErrorSleep;  // Postfix sleeps before the reply
    if (code >= 400) {
        ++m_errors;
        event(ServerEvent::Kind::Rejected, code, line.substr(0, line.size() - 2));
    }
    m_output += line;
}

void ServerSession::replyLines(int code, const std::vector<std::string>& lines) {
    if (m_errors >= kSoftErrorLimit) m_replyDelay += kErrorSleep;
    m_output += formatMultiline(code, lines);
}

void ServerSession::replyRefusal(std::string_view line) {
    const bool wellFormed = line.size() >= 5 && (line[0] == '4' || line[0] == '5') && line[1] >= '0' &&
                            line[1] <= '9' && line[2] >= '0' && line[2] <= '9' && line[3] == ' ';
    if (!wellFormed) {
        reply(451, "4.3.5", "Server configuration problem");  // Postfix, for a policy answer it cannot use
        return;
    }
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    std::string_view text = line.substr(4);
    const std::string enhanced = extractEnhanced(code, text);
    if (!enhanced.empty()) {
        text.remove_prefix(enhanced.size());
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    }
    reply(code, enhanced, text);
}

bool ServerSession::isLocalAddress(std::string_view address) {
    const std::string_view domain = domainOf(address);
    return domain.empty() || m_policy.isLocalDomain(toLowerAscii(domain));
}

void ServerSession::event(ServerEvent::Kind kind, int code, std::string text) {
    m_events.push_back(ServerEvent{kind, code, std::move(text)});
}

void ServerSession::close() {
    m_pending.reset();  // an answer decided later goes nowhere
    m_heldInput.clear();
    m_state = ServerState::Closed;
    m_mode = Mode::Command;
    resetTransaction();
    m_authPendingUser.clear();
}

void ServerSession::resetTransaction() {
    m_mailFrom.clear();
    m_rcptTo.clear();
    m_rcptDsn.clear();
    m_ret.clear();
    m_envid.clear();
    m_smtputf8 = false;
    m_body8bit = false;
    m_sizeHint = 0;
    m_data.clear();
    m_data.shrink_to_fit();
    m_dataTooBig = false;
    m_dataMidLine = false;
    if (m_state == ServerState::Mail || m_state == ServerState::Rcpt || m_state == ServerState::Data)
        m_state = ServerState::Ready;
}

void ServerSession::enterMode(Mode mode) {
    m_mode = mode;
    switch (mode) {
    case Mode::Command:
        m_reader.setLimit(kServerCommandLineLimit);
        m_reader.setBareLf(BareLf::Reject);
        m_reader.setOverlong(Overlong::Discard);
        break;
    case Mode::Data:
        m_reader.setLimit(kTextLineLimit);
        m_reader.setBareLf(BareLf::Content);  // only CRLF ends a line, only CRLF.CRLF ends DATA
        // A line over RFC 5321's 1000 octets is kept whole, in pieces, as Postfix does
        // (its smtpd accepts the mail and stores the line in line_length_limit records).
        m_reader.setOverlong(Overlong::Split);
        break;
    case Mode::AuthPlain:
    case Mode::AuthLoginUser:
    case Mode::AuthLoginPassword:
        m_reader.setLimit(kAuthLineLimit);
        m_reader.setBareLf(BareLf::Reject);
        m_reader.setOverlong(Overlong::Discard);
        break;
    }
}

// ---- DATA (RFC 5321 4.1.1.4, 4.5.2) ----

// `line` is a whole line, or a piece of a long one when `continues` (more of it follows).
void ServerSession::onDataLine(std::string_view line, bool continues) {
    const bool lineStart = !m_dataMidLine;
    m_dataMidLine = continues;
    if (lineStart && !continues && line == ".") {
        finishData();
        return;
    }
    // Transparency: a leading '.' was doubled by the client; drop one (4.5.2).
    if (lineStart && !line.empty() && line.front() == '.') line.remove_prefix(1);
    appendData(line);
    if (!continues) appendData("\r\n");
}

void ServerSession::appendData(std::string_view bytes) {
    if (m_dataTooBig) return;
    if (m_config.maxMessageSize != 0 && m_data.size() + bytes.size() > m_config.maxMessageSize) {
        // Keep reading to the end of the data, but stop storing (RFC 1870 6.3).
        m_dataTooBig = true;
        m_data.clear();
        m_data.shrink_to_fit();
        return;
    }
    m_data += bytes;
}

// The first recipient's refusal when no recipient can take the message now that its size is
// known (all local, all refused by the node); "" when at least one can.
std::string ServerSession::refusalOfEveryRecipient() {
    std::string first;
    for (const std::string& rcpt : m_rcptTo) {
        if (!isLocalAddress(rcpt)) return {};
        std::string refusal = m_policy.refuseRecipient(rcpt, m_data.size());
        if (refusal.empty()) return {};
        if (first.empty()) first = std::move(refusal);
    }
    return first;
}

void ServerSession::finishData() {
    enterMode(Mode::Command);
    m_state = ServerState::Ready;  // the transaction ends with this reply, whatever it is
    if (m_dataTooBig) {
        reply(552, "5.3.4", "Message size exceeds fixed limit");
    } else if (const std::string refusal = refusalOfEveryRecipient(); !refusal.empty()) {
        replyRefusal(refusal);
    } else if (const std::string whole = m_policy.refuseMessage(m_data); !whole.empty()) {
        replyRefusal(whole);
    } else {
        AcceptedMessage msg;
        msg.mailFrom = m_mailFrom;
        msg.rcptTo = m_rcptTo;
        msg.data = std::move(m_data);
        msg.heloName = m_heloName;
        msg.authUser = m_authUser;
        msg.peerIp = m_peerIp;
        msg.esmtp = m_esmtp;
        msg.tls = m_tls;
        msg.smtputf8 = m_smtputf8;
        msg.body8bit = m_body8bit;
        msg.ret = m_ret;
        msg.envid = m_envid;
        msg.rcptDsn = m_rcptDsn;
        if (m_policy.answersLater(msg)) {
            auto decision = std::make_shared<PendingMessage::Decision>();
            m_pending = decision;
            resetTransaction();
            m_policy.checkMessage(std::move(msg), PendingMessage(decision));
            resolvePending();  // the node may have answered at once
            return;
        }
        answerData(m_policy.acceptMessage(std::move(msg)), {});
    }
    resetTransaction();
}

void ServerSession::answerData(const std::string& queueId, const std::string& refusal) {
    if (m_state == ServerState::Closed) return;
    if (!refusal.empty()) {
        replyRefusal(refusal);
    } else if (queueId.empty()) {
        reply(451, "4.3.0", "Error: queue file write error");
    } else {
        reply(250, "2.0.0", "Ok: queued as " + queueId);
        event(ServerEvent::Kind::MessageAccepted, 250, printable(queueId, 100));
        m_errors = 0;  // Postfix counts errors "without delivering mail"
    }
}

}  // namespace postino::smtp
