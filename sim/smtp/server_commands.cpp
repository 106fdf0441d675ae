// The server's command table (verb -> handler + allowed states, like Postfix smtpd_cmd_table)
// and the handlers of the non-AUTH commands. Reply texts follow Postfix 3.x smtpd.
// RFC 5321 4.1.1, 4.1.4 (order of commands), RFC 1870, RFC 6152, RFC 6531, RFC 4954 6 (530),
// RFC 3461 4 (DSN parameters).
#include <array>
#include <charconv>
#include <optional>

#include "smtp/address.h"
#include "smtp/dsn.h"
#include "smtp/reply.h"
#include "smtp/server_session.h"

namespace postino::smtp {

namespace {

constexpr unsigned bit(ServerState s) { return static_cast<unsigned>(s); }
constexpr unsigned kNoHelo = bit(ServerState::NoHelo);
constexpr unsigned kReady = bit(ServerState::Ready);
constexpr unsigned kMail = bit(ServerState::Mail);
constexpr unsigned kRcpt = bit(ServerState::Rcpt);
constexpr unsigned kAnyState = kNoHelo | kReady | kMail | kRcpt;

// The reply for a command sent in a state it is not allowed in.
struct Denial {
    unsigned states = 0;
    int code = 0;
    std::string_view enhanced;
    std::string_view text;
};

struct CommandSpec {
    std::string_view verb;
    ServerSession::Handler handler;
    unsigned allowed;               // states in which the handler runs
    bool needsAuth;                 // submission: 530 5.7.0 until authenticated (RFC 4954 6)
    std::array<Denial, 2> denials;  // first match wins
    // Runs before STARTTLS where TLS is required (Postfix's SMTPD_CMD_FLAG_PRE_TLS); every
    // other command gets "530 5.7.0 Must issue a STARTTLS command first".
    bool preTls = false;
};

constexpr Denial kSendHeloFirst{kNoHelo, 503, "5.5.1", "Error: send HELO/EHLO first"};

bool isSpaceChar(char c) { return c == ' ' || c == '\t'; }

std::string_view trimSpaces(std::string_view s) {
    while (!s.empty() && isSpaceChar(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpaceChar(s.back())) s.remove_suffix(1);
    return s;
}

// "RET=FULL" with keyword "RET=" -> "FULL"; empty when `param` is another parameter.
std::optional<std::string_view> valueOf(std::string_view param, std::string_view keyword) {
    if (param.size() < keyword.size() || !equalsIgnoreCase(param.substr(0, keyword.size()), keyword))
        return std::nullopt;
    return param.substr(keyword.size());
}

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

struct CommandTable {
    static const CommandSpec* find(std::string_view verb) {
        for (const auto& row : rows())
            if (equalsIgnoreCase(row.verb, verb)) return &row;
        return nullptr;
    }

    static const std::array<CommandSpec, 12>& rows() {
        using S = ServerSession;
        static const std::array<CommandSpec, 12> table{{
            {"EHLO", &S::cmdEhlo, kAnyState, false, {}, true},
            {"HELO", &S::cmdHelo, kAnyState, false, {}, true},
            {"MAIL", &S::cmdMail, kReady, true,
             {kSendHeloFirst, Denial{kMail | kRcpt, 503, "5.5.1", "Error: nested MAIL command"}}},
            {"RCPT", &S::cmdRcpt, kMail | kRcpt, true,
             {Denial{kNoHelo | kReady, 503, "5.5.1", "Error: need MAIL command"}, Denial{}}},
            {"DATA", &S::cmdData, kRcpt, true,
             {Denial{kNoHelo | kReady, 503, "5.5.1", "Error: need RCPT command"},
              Denial{kMail, 554, "5.5.1", "Error: no valid recipients"}}},
            {"RSET", &S::cmdRset, kAnyState, false, {}, true},
            {"NOOP", &S::cmdNoop, kAnyState, false, {}, true},
            {"QUIT", &S::cmdQuit, kAnyState, false, {}, true},
            {"VRFY", &S::cmdVrfy, kAnyState, true, {}},
            {"HELP", &S::cmdHelp, kAnyState, false, {}},
            {"STARTTLS", &S::cmdStarttls, kAnyState, false, {}, true},
            // AUTH checks its state itself, in Postfix's order (server_auth.cpp).
            {"AUTH", &S::cmdAuth, kAnyState, false, {}},
        }};
        return table;
    }
};

void ServerSession::onCommand(std::string_view line) {
    // A NUL byte has no place in a command (RFC 5321 4.1.1: ASCII text). Postfix 3.7 cuts the
    // line at the NUL (C strings: "HELO bad\0host" greets as "bad"); we refuse the whole line
    // with the reply Postfix gives a line it cannot parse, so nothing after a NUL is ever
    // taken for a host name or an address.
    if (line.find('\0') != std::string_view::npos) {
        event(ServerEvent::Kind::CommandReceived, 0, "");
        reply(500, "5.5.2", "Error: bad syntax");
        return;
    }
    std::size_t end = 0;
    while (end < line.size() && !isSpaceChar(line[end])) ++end;
    const std::string_view verb = line.substr(0, end);
    const std::string_view args = trimSpaces(line.substr(end));

    if (verb.empty()) {
        event(ServerEvent::Kind::CommandReceived, 0, "");
        reply(500, "5.5.2", "Error: bad syntax");
        return;
    }
    event(ServerEvent::Kind::CommandReceived, 0, toUpperAscii(printable(verb, 16)));

    const CommandSpec* spec = CommandTable::find(verb);
    if (spec == nullptr) {
        // Postfix answers 500 (RFC 5321 4.2.4: "command unrecognized"), not 502.
        reply(500, "5.5.2", "Error: command not recognized");
        return;
    }
    // Postfix smtpd with smtpd_tls_security_level = encrypt: before TLS only the pre-TLS
    // commands run; the check comes before any other.
    if (m_config.tlsRequired && !m_tls && !spec->preTls) {
        reply(530, "5.7.0", "Must issue a STARTTLS command first");
        return;
    }
    const unsigned now = bit(m_state);
    if ((spec->allowed & now) == 0) {
        for (const Denial& d : spec->denials) {
            if (d.states & now) {
                reply(d.code, d.enhanced, d.text);
                return;
            }
        }
        reply(503, "5.5.1", "Error: bad sequence of commands");
        return;
    }
    if (spec->needsAuth && m_config.submission && m_authUser.empty()) {
        reply(530, "5.7.0", "Authentication required");
        return;
    }
    (this->*(spec->handler))(args);
}

// ---- HELO / EHLO (RFC 5321 4.1.1.1) ----

void ServerSession::cmdEhlo(std::string_view args) {
    if (args.empty()) {
        reply(501, "", "Syntax: EHLO hostname");  // Postfix sends no enhanced code here
        return;
    }
    resetTransaction();
    m_state = ServerState::Ready;
    m_heloName = printable(args, 255);
    m_esmtp = true;
    std::vector<std::string> lines;
    lines.push_back(m_config.hostname);
    lines.push_back("PIPELINING");
    lines.push_back(m_config.maxMessageSize == 0 ? std::string("SIZE")
                                                 : "SIZE " + std::to_string(m_config.maxMessageSize));
    // Postfix's order: STARTTLS where VRFY and ETRN would be, then AUTH (only inside TLS when
    // TLS is required or AUTH is for TLS only).
    if (m_config.tlsOffered && !m_tls) lines.push_back("STARTTLS");
    if (m_config.submission && (m_tls || (!m_config.tlsRequired && !m_config.tlsAuthOnly)))
        lines.push_back("AUTH PLAIN LOGIN");
    lines.push_back("ENHANCEDSTATUSCODES");
    lines.push_back("8BITMIME");
    lines.push_back("DSN");  // where Postfix 3.7 lists it
    lines.push_back("SMTPUTF8");
    replyLines(250, lines);
}

void ServerSession::cmdHelo(std::string_view args) {
    if (args.empty()) {
        reply(501, "", "Syntax: HELO hostname");
        return;
    }
    resetTransaction();
    m_state = ServerState::Ready;
    m_heloName = printable(args, 255);
    m_esmtp = false;
    reply(250, "", m_config.hostname);
}

// ---- STARTTLS (RFC 3207 4, 4.2) ----

void ServerSession::cmdStarttls(std::string_view args) {
    if (!args.empty()) {
        reply(501, "5.5.4", "Syntax: STARTTLS");
        return;
    }
    if (m_tls) {
        reply(554, "5.5.1", "Error: TLS already active");
        return;
    }
    if (!m_config.tlsOffered) {
        reply(502, "5.5.1", "Error: command not implemented");
        return;
    }
    reply(220, "2.0.0", "Ready to start TLS");
    // RFC 3207 4.2: forget everything learnt in clear; the client greets again inside TLS.
    resetTransaction();
    m_state = ServerState::NoHelo;
    m_heloName.clear();
    m_esmtp = false;
    m_authUser.clear();
    m_tls = true;
    m_startTls = true;
}

// ---- MAIL (RFC 5321 4.1.1.2, RFC 1870, RFC 6152, RFC 6531, RFC 3461 4.3 and 4.4) ----

void ServerSession::cmdMail(std::string_view args) {
    PathArgument path = parsePathArgument(args, "FROM");
    if (path.status == PathArgument::Status::BadSyntax) {
        reply(501, "5.5.4", "Syntax: MAIL FROM:<address>");
        return;
    }
    bool smtputf8 = false;
    for (const auto& p : path.params)
        if (equalsIgnoreCase(p, "SMTPUTF8")) smtputf8 = true;
    if (path.status != PathArgument::Status::Ok ||
        (!path.address.empty() && !isValidMailbox(path.address, true, smtputf8))) {
        reply(501, "5.1.7", "Bad sender address syntax");
        return;
    }

    bool body8bit = false;
    std::uint64_t sizeHint = 0;
    std::optional<std::string> ret;
    std::optional<std::string> envid;
    for (const auto& p : path.params) {
        if (const auto retValue = valueOf(p, "RET=")) {
            // A second RET, even an equal one, is refused like a bad one (Postfix 3.7).
            if (ret || !(ret = parseRet(*retValue))) {
                reply(501, "5.5.4", "Bad RET parameter syntax");
                return;
            }
        } else if (const auto envidValue = valueOf(p, "ENVID=")) {
            if (envid || !(envid = parseEnvid(*envidValue))) {
                reply(501, "5.5.4", "Bad ENVID parameter syntax");
                return;
            }
        } else if (equalsIgnoreCase(p, "BODY=8BITMIME")) {
            body8bit = true;
        } else if (equalsIgnoreCase(p, "BODY=7BIT") || equalsIgnoreCase(p, "SMTPUTF8")) {
            // nothing to remember beyond the flags
        } else if (p.size() >= 5 && equalsIgnoreCase(std::string_view(p).substr(0, 5), "SIZE=")) {
            const std::string_view digits = std::string_view(p).substr(5);
            if (!allDigits(digits)) {
                reply(501, "5.5.4", "Bad message size syntax");
                return;
            }
            unsigned long long size = 0;
            auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
            if (ec != std::errc()) {
                reply(552, "5.3.4", "Message size exceeds file system imposed limit");
                return;
            }
            if (m_config.maxMessageSize != 0 && size > m_config.maxMessageSize) {
                reply(552, "5.3.4", "Message size exceeds fixed limit");
                return;
            }
            sizeHint = size;
        } else {
            reply(555, "5.5.4", "Unsupported option: " + p);
            return;
        }
    }
    if (const std::string refusal = m_policy.outage(ServerPolicy::Stage::Mail); !refusal.empty()) {
        replyRefusal(refusal);
        return;
    }
    m_mailFrom = path.address;
    m_smtputf8 = smtputf8;
    m_body8bit = body8bit;
    m_sizeHint = sizeHint;
    m_ret = ret.value_or("");
    m_envid = envid.value_or("");
    m_rcptTo.clear();
    m_rcptDsn.clear();
    m_state = ServerState::Mail;
    reply(250, "2.1.0", "Ok");
}

// ---- RCPT (RFC 5321 4.1.1.3, 4.5.1 postmaster, 3.6.2 relaying, RFC 3461 4.1 and 4.2) ----

void ServerSession::cmdRcpt(std::string_view args) {
    PathArgument path = parsePathArgument(args, "TO");
    if (path.status == PathArgument::Status::BadSyntax) {
        reply(501, "5.5.4", "Syntax: RCPT TO:<address>");
        return;
    }
    if (path.status != PathArgument::Status::Ok || path.address.empty() ||
        !isValidMailbox(path.address, false, m_smtputf8)) {
        reply(501, "5.1.3", "Bad recipient address syntax");
        return;
    }
    // Parameters before any check of the recipient, as Postfix does: "NOTIFY=FOO" gets its 501
    // for an unknown user too.
    std::optional<DsnNotify> notify;
    std::optional<std::string> orcpt;
    for (const auto& p : path.params) {
        if (const auto notifyValue = valueOf(p, "NOTIFY=")) {
            if (notify || !(notify = parseNotify(*notifyValue))) {
                reply(501, "5.5.4", "Error: Bad NOTIFY parameter syntax");
                return;
            }
        } else if (const auto orcptValue = valueOf(p, "ORCPT=")) {
            if (orcpt || !(orcpt = parseOrcpt(*orcptValue))) {
                reply(501, "5.5.4", "Error: Bad ORCPT parameter syntax");
                return;
            }
        } else {
            reply(555, "5.5.4", "Unsupported option: " + p);
            return;
        }
    }
    if (m_rcptTo.size() >= kMaxRecipients) {
        reply(452, "4.5.3", "Error: too many recipients");
        return;
    }

    // Postfix evaluates smtpd_sender_restrictions here, at RCPT, before the recipient's own
    // checks (smtpd_delay_reject = yes); the null sender is not checked.
    if (m_config.rejectSenderLoginMismatch && !m_authUser.empty() && !m_mailFrom.empty() &&
        !m_policy.ownsSender(m_authUser, m_mailFrom)) {
        reply(553, "5.7.1", "<" + m_mailFrom + ">: Sender address rejected: not owned by user " + m_authUser);
        return;
    }

    const std::string& addr = path.address;
    const std::string_view domain = domainOf(addr);
    const bool postmaster = equalsIgnoreCase(localPartOf(addr), "postmaster");
    // An address without a domain is local, as Postfix does for "RCPT TO:<postmaster>".
    const bool local = domain.empty() || m_policy.isLocalDomain(toLowerAscii(domain));
    if (local) {
        if (!postmaster && !m_policy.isLocalUser(addr)) {
            reply(550, "5.1.1", "<" + addr + ">: Recipient address rejected: User unknown in local recipient table");
            return;
        }
        // The node's own check of a recipient it knows (a full mailbox), with the size the
        // client announced: Postfix's check_policy_service, Dovecot's quota-status.
        if (const std::string refusal = m_policy.refuseRecipient(addr, m_sizeHint); !refusal.empty()) {
            replyRefusal(refusal);
            return;
        }
    } else if (m_authUser.empty() && !m_policy.mayRelayFor(m_peerIp) &&
               !m_policy.isRelayDomain(toLowerAscii(domain))) {
        reply(554, "5.7.1", "<" + addr + ">: Relay access denied");
        return;
    }
    if (const std::string refusal = m_policy.outage(ServerPolicy::Stage::Rcpt); !refusal.empty()) {
        replyRefusal(refusal);
        return;
    }
    bool duplicate = false;
    for (const auto& r : m_rcptTo)
        if (r == addr) duplicate = true;
    if (!duplicate) {
        m_rcptTo.push_back(addr);
        m_rcptDsn.push_back(RecipientDsn{notify.value_or(DsnNotify{}), orcpt.value_or("")});
    }
    m_state = ServerState::Rcpt;
    reply(250, "2.1.5", "Ok");
}

// ---- DATA (RFC 5321 4.1.1.4) ----

void ServerSession::cmdData(std::string_view args) {
    if (!args.empty()) {
        reply(501, "5.5.4", "Syntax: DATA");
        return;
    }
    m_data.clear();
    m_dataTooBig = false;
    m_dataMidLine = false;
    m_state = ServerState::Data;
    enterMode(Mode::Data);
    reply(354, "", "End data with <CR><LF>.<CR><LF>");
}

// ---- the rest (RFC 5321 4.1.1.5 - 4.1.1.10) ----

void ServerSession::cmdRset(std::string_view args) {
    if (!args.empty()) {
        reply(501, "5.5.4", "Syntax: RSET");
        return;
    }
    resetTransaction();
    reply(250, "2.0.0", "Ok");
}

void ServerSession::cmdNoop(std::string_view) { reply(250, "2.0.0", "Ok"); }

void ServerSession::cmdQuit(std::string_view) {
    reply(221, "2.0.0", "Bye");
    close();
}

// Postfix 3.7 (texts seen on a real one): an address RCPT would refuse as an unknown local
// user gets RCPT's 550 5.1.1; any other address gets 252 with the argument as written, never
// 250 (RFC 5321 3.5.3: "cannot VRFY user, but will accept message and attempt delivery").
void ServerSession::cmdVrfy(std::string_view args) {
    if (args.empty()) {
        reply(501, "5.5.4", "Syntax: VRFY address [SMTPUTF8]");
        return;
    }
    // Same address rules as RCPT TO; "VRFY <a@b> SMTPUTF8" carries RFC 6531's parameter.
    const PathArgument path = parsePathArgument(std::string("TO:") + std::string(args), "TO");
    bool smtputf8 = false;
    bool badParam = false;
    for (const auto& p : path.params) {
        if (equalsIgnoreCase(p, "SMTPUTF8")) smtputf8 = true;
        else badParam = true;
    }
    if (path.status != PathArgument::Status::Ok || path.address.empty() || badParam ||
        !isValidMailbox(path.address, false, smtputf8)) {
        reply(501, "5.1.3", "Bad recipient address syntax");
        return;
    }
    const std::string& addr = path.address;
    const std::string_view domain = domainOf(addr);
    const bool local = domain.empty() || m_policy.isLocalDomain(toLowerAscii(domain));
    if (local && !equalsIgnoreCase(localPartOf(addr), "postmaster") && !m_policy.isLocalUser(addr)) {
        reply(550, "5.1.1", "<" + addr + ">: Recipient address rejected: User unknown in local recipient table");
        return;
    }
    std::string_view shown = args;  // as written, without the SMTPUTF8 parameter
    if (smtputf8) shown = trimSpaces(shown.substr(0, shown.find_last_of(" \t")));
    reply(252, "2.0.0", shown);
}

void ServerSession::cmdHelp(std::string_view) {
    std::string text = "Commands:";
    for (const auto& row : CommandTable::rows()) {
        if (row.verb == "AUTH" && !m_config.submission) continue;
        if (row.verb == "STARTTLS" && !m_config.tlsOffered) continue;
        text += ' ';
        text += row.verb;
    }
    reply(214, "2.0.0", text);
}

}  // namespace postino::smtp
