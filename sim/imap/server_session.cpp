// The IMAP session's input loop (commands, literals, IDLE and SASL lines), its response
// writers and closing. RFC 3501 2.2.1-2.2.2, 4.3, 7.1; RFC 7888; RFC 2177 3.
#include "imap/server_session.h"

#include <fmt/format.h>

#include "imap/mutf7.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

// Control characters in a reply text would break the line; 8-bit is fine but kept short.
std::string printableText(std::string_view s, std::size_t maxLen = 200) {
    std::string out;
    for (char c : s) {
        if (out.size() >= maxLen) break;
        const unsigned char u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return out;
}

}  // namespace

ServerSession::ServerSession(const ServerConfig& config, ImapPolicy& policy, mail::MailStore& store)
    : m_config(config), m_policy(policy), m_store(store), m_reader(kMaxLineLength), m_tls(config.implicitTls) {}

ServerSession::~ServerSession() = default;

void ServerSession::start() {
    if (m_started) return;
    m_started = true;
    untagged("OK [CAPABILITY " + capabilities() + "] " + printableText(m_config.hostname, 100) +
             (m_config.hostname.empty() ? "" : " ") + "Postino IMAP ready.");
}

void ServerSession::feed(std::string_view bytes) {
    if (!m_started) start();
    m_holdInput = false;  // the glue has waited (or does not know about waiting)
    if (m_heldInput.empty()) {
        process(bytes);
        return;
    }
    std::string input = std::move(m_heldInput);
    m_heldInput.clear();
    input.append(bytes);
    process(input);
}

void ServerSession::process(std::string_view bytes) {
    while (!bytes.empty() && m_state != SessionState::Logout) {
        if (m_holdInput) {
            m_heldInput.assign(bytes);
            return;
        }
        switch (m_reader.next(bytes)) {
        case CommandReader::Status::NeedMore: return;
        case CommandReader::Status::Literal: onLiteral(); break;
        case CommandReader::Status::Command:
            if (m_literalDropped) refuseDroppedAppend(m_reader.command());
            else onCommandText(m_reader.command());
            if (m_startTls) return;  // what came after STARTTLS in the same breath is dropped unread
            break;
        case CommandReader::Status::LineTooLong:
            m_literalDropped = false;
            onLineTooLong(m_reader.command());
            break;
        }
    }
}

void ServerSession::notify() {
    if (m_state == SessionState::Logout) return;
    if (m_mode == Mode::Idle && m_sel) syncView(true);
}

void ServerSession::onTimeout() {
    if (m_state == SessionState::Logout) return;
    if (!m_started) start();
    untagged("BYE Disconnected for inactivity.");
    close();
}

void ServerSession::authFailed() {
    m_replyDelayDue = true;
    m_holdInput = true;
}

std::optional<Duration> ServerSession::takeReplyDelay() {
    if (!m_replyDelayDue) return std::nullopt;
    m_replyDelayDue = false;
    return kAuthFailureDelay;
}

std::string ServerSession::takeOutput() {
    std::string out;
    out.swap(m_output);
    return out;
}

std::vector<ImapEvent> ServerSession::takeEvents() {
    std::vector<ImapEvent> out;
    out.swap(m_events);
    return out;
}

// A literal header ended the line: decide before the client sends the data (RFC 3501 7.5,
// RFC 7888 4). The limit depends on the command: APPEND carries messages.
void ServerSession::onLiteral() {
    const std::string& soFar = m_reader.command();
    const CommandHead head = parseHead(soFar);
    const bool sync = m_reader.literalSync();
    const std::uint64_t size = m_reader.literalSize();
    Command cmd;
    cmd.tag = head.tag.empty() ? "*" : head.tag;
    cmd.name = head.name;
    if (m_mode != Mode::Command) {  // cannot happen: line mode has no literals
        m_reader.discard();
        return;
    }
    const bool append = head.name == "APPEND";
    const std::uint64_t limit = append ? m_config.maxAppendSize : kMaxOtherLiteral;
    const bool tooBig = size > limit || soFar.size() > 4 * kMaxLineLength;
    if (tooBig && !sync) {
        // The bytes are on their way and cannot be told apart from commands: give up.
        if (append)
            no(cmd, "[TOOBIG] Mail size is larger than the maximum size allowed by server configuration.");
        else
            bad(cmd, "Too long argument");
        if (m_state != SessionState::Logout) {
            untagged("BYE [TOOBIG] Literal size is larger than the allowed limit.");
            close();
        }
        return;
    }
    if (tooBig) {
        if (append)
            no(cmd, "[TOOBIG] Mail size is larger than the maximum size allowed by server configuration.");
        else
            bad(cmd, "Too long argument");
        m_reader.discard();
        return;
    }
    if (sync) {
        // Refuse at once what would fail anyway, so the client does not send the data.
        if (head.tag.empty() || head.name.empty()) {
            m_reader.discard();
            if (head.tag.empty())
                badPlain("*", "Error in IMAP tag: Invalid tag.");
            else
                badPlain(head.tag, "Error in IMAP command: Invalid command name.");
            return;
        }
        if (append && overQuota(soFar.substr(head.argsAt), size)) {
            m_reader.discard();
            no(cmd, kOverQuota);
            return;
        }
        continuation("OK");
    } else if (append && !head.tag.empty() && overQuota(soFar.substr(head.argsAt), size)) {
        // A LITERAL+ message that cannot fit: its bytes are on their way; read them without
        // keeping them, and answer NO [OVERQUOTA] when the command ends (Dovecot reads it too).
        m_literalDropped = true;
        m_reader.dropLiteral();
        return;
    }
    m_reader.acceptLiteral();
}

void ServerSession::refuseDroppedAppend(const std::string& text) {
    m_literalDropped = false;
    const CommandHead head = parseHead(text);
    Command cmd;
    cmd.tag = head.tag;
    cmd.name = head.name;
    no(cmd, kOverQuota);
}

// "APPEND box ... {n}" whose n octets would not fit the target mailbox: refused before the
// client sends them, as Dovecot does. Anything unclear is left to the APPEND itself.
bool ServerSession::overQuota(std::string_view args, std::uint64_t size) {
    if (m_state == SessionState::NotAuthenticated) return false;
    const std::size_t brace = args.rfind('{');
    if (brace == std::string_view::npos) return false;
    std::vector<Arg> parsed;
    if (!parseArgs(args.substr(0, brace), parsed).empty() || parsed.empty() || !parsed[0].isAstring()) return false;
    const std::optional<std::string> name = decodeMutf7(parsed[0].value);
    if (!name) return false;
    const FolderRef ref = resolve(*name);
    return folderOf(ref) && !ref.box->fits(size);
}

void ServerSession::onLineTooLong(const std::string& start) {
    if (m_mode != Mode::Command) {
        // An overlong DONE or SASL line: end that exchange.
        const std::string tag = m_pendingTag;
        m_pendingTag.clear();
        const Mode was = m_mode;
        enterMode(Mode::Command);
        if (was == Mode::Idle)
            badPlain(tag, "Expected DONE.", false);
        else
            badPlain(tag, "Authentication failed: Too long response.");
        return;
    }
    const CommandHead head = parseHead(start);
    if (head.tag.empty()) {
        badPlain("*", "Error in IMAP tag: Invalid tag.");
        return;
    }
    if (head.tag.size() == start.size()) {  // the tag itself never ended: not echoed (Dovecot 2.3)
        badPlain("*", "Error in IMAP tag: Too long argument.");
        return;
    }
    Command cmd;
    cmd.tag = head.tag;
    cmd.name = head.name;
    bad(cmd, "Too long argument");
}

void ServerSession::onCommandText(const std::string& text) {
    switch (m_mode) {
    case Mode::Idle: onIdleLine(text); return;
    case Mode::AuthPlain:
    case Mode::AuthLoginUser:
    case Mode::AuthLoginPassword: onAuthLine(text); return;
    case Mode::Command: dispatch(text); return;
    }
}

void ServerSession::onIdleLine(std::string_view line) {
    const std::string tag = m_pendingTag;
    m_pendingTag.clear();
    enterMode(Mode::Command);
    event(ImapEvent::Kind::IdleDone);
    Command cmd;
    cmd.tag = tag;
    cmd.name = "IDLE";
    if (iequals(line, "DONE"))
        finish(cmd, "OK", "Idle completed.");
    else
        badPlain(tag, "Expected DONE.", false);
}

void ServerSession::untagged(std::string_view text) {
    m_output += "* ";
    m_output += text;
    m_output += "\r\n";
}

void ServerSession::continuation(std::string_view text) {
    m_output += "+ ";
    m_output += text;
    m_output += "\r\n";
}

void ServerSession::ok(const Command& cmd, std::string_view text) { finish(cmd, "OK", text); }

void ServerSession::no(const Command& cmd, std::string_view text) { finish(cmd, "NO", text); }

void ServerSession::bad(const Command& cmd, std::string_view text) {
    std::string line = "Error in IMAP command";
    if (!cmd.name.empty()) line += " " + cmd.name;
    line += ": ";
    line += text;
    if (line.back() != '.') line += '.';
    badPlain(cmd.tag, line);
}

void ServerSession::badPlain(std::string_view tag, std::string_view text, bool counts) {
    if (counts) countBad();
    if (m_state == SessionState::Logout) return;
    const std::string line = fmt::format("{} BAD {}", tag, printableText(text, 300));
    event(ImapEvent::Kind::Rejected, {}, 0, line);
    m_output += line + "\r\n";
}

void ServerSession::countBad() {
    ++m_badCount;
    const int limit = m_state == SessionState::NotAuthenticated ? kMaxBadBeforeLogin : kMaxBadCommands;
    if (m_badCount >= limit && m_state != SessionState::Logout) {
        untagged("BYE Too many invalid IMAP commands.");
        event(ImapEvent::Kind::Rejected, {}, 0, "* BYE Too many invalid IMAP commands.");
        close();
    }
}

void ServerSession::finish(const Command& cmd, std::string_view status, std::string_view text) {
    if (m_state == SessionState::Logout) return;
    if (status == "BAD") {
        badPlain(cmd.tag, text);
        return;
    }
    if (m_state != SessionState::NotAuthenticated) m_badCount = 0;
    if (m_state == SessionState::Selected && m_sel) {
        syncView(expungeAllowed(cmd));
        if (m_state == SessionState::Logout) return;  // the folder vanished: BYE was sent
    }
    std::string line = fmt::format("{} {} {}", cmd.tag, status, printableText(text, 400));
    // Dovecot ends its texts with a period (after its timing note); "Logged in" has none.
    if (line.back() != '.' && text.rfind("[CAPABILITY ", 0) != 0) line += '.';
    if (status == "NO") event(ImapEvent::Kind::Rejected, {}, 0, line);
    m_output += line + "\r\n";
}

void ServerSession::event(ImapEvent::Kind kind, std::string folder, std::uint32_t uid, std::string text) {
    m_events.push_back(ImapEvent{kind, std::move(folder), uid, std::move(text)});
}

void ServerSession::close() {
    m_heldInput.clear();
    m_state = SessionState::Logout;
    m_sel.reset();
    m_mode = Mode::Command;
    m_reader.discard();
}

void ServerSession::enterMode(Mode mode) {
    m_mode = mode;
    m_reader.setLineMode(mode != Mode::Command);
}

std::string ServerSession::selectedFolder() const { return m_sel ? m_sel->name : std::string(); }

}  // namespace postino::imap
