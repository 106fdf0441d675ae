// LOGIN and AUTHENTICATE (PLAIN, LOGIN; with the SASL-IR initial response).
// RFC 3501 6.2.2-6.2.3, RFC 4959 (SASL-IR), RFC 4616 (PLAIN), RFC 5530 (AUTHENTICATIONFAILED,
// PRIVACYREQUIRED: no password in clear where TLS is required).
// Reply texts follow Dovecot's imap-login; a wrong password's answer waits (takeReplyDelay).
#include "core/base64.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

constexpr std::string_view kLoginUserChallenge = "VXNlcm5hbWU6";      // "Username:"
constexpr std::string_view kLoginPasswordChallenge = "UGFzc3dvcmQ6";  // "Password:"

std::optional<std::string> decodeResponse(std::string_view text) {
    if (text.empty() || text == "=") return std::string();
    return base64Decode(text);
}

struct Plain {
    std::string authzid, authcid, password;
};

std::optional<Plain> splitPlain(std::string_view m) {
    const std::size_t a = m.find('\0');
    if (a == std::string_view::npos) return std::nullopt;
    const std::size_t b = m.find('\0', a + 1);
    if (b == std::string_view::npos || m.find('\0', b + 1) != std::string_view::npos) return std::nullopt;
    Plain p{std::string(m.substr(0, a)), std::string(m.substr(a + 1, b - a - 1)), std::string(m.substr(b + 1))};
    if (p.authcid.empty()) return std::nullopt;
    return p;
}

}  // namespace

void ServerSession::cmdLogin(Command& cmd) {
    if (cmd.args.size() != 2 || !cmd.args[0].isAstring() || !cmd.args[1].isAstring()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    if (!plaintextAllowed()) {
        // Dovecot's imap-login: the password has crossed already; say so, and refuse it.
        event(ImapEvent::Kind::AuthFailed, {}, 0, cmd.args[0].value.substr(0, 255));
        untagged("BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your client did it "
                 "anyway. If anyone was listening, the password was exposed.");
        no(cmd, "[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
        return;
    }
    finishLogin(cmd.tag, cmd.args[0].value, cmd.args[1].value);
}

void ServerSession::finishLogin(const std::string& tag, const std::string& user, std::string_view password) {
    Command cmd;
    cmd.tag = tag;
    cmd.name = "LOGIN";
    if (user.empty() || user.size() > 255 || !m_policy.checkPassword(user, password)) {
        event(ImapEvent::Kind::AuthFailed, {}, 0, user.size() > 255 ? user.substr(0, 255) : user);
        no(cmd, "[AUTHENTICATIONFAILED] Authentication failed.");
        authFailed();  // Dovecot's auth_failure_delay: the answer waits 2 s
        return;
    }
    const std::string owner = m_policy.mailboxOf(user);
    if (owner.empty() || !m_store.find(owner)) {
        event(ImapEvent::Kind::AuthFailed, {}, 0, user);
        no(cmd, "[UNAVAILABLE] Mailbox is not available.");
        return;
    }
    m_user = user;
    m_owner = owner;
    m_state = SessionState::Authenticated;
    m_badCount = 0;
    event(ImapEvent::Kind::LoggedIn, {}, 0, user);
    ok(cmd, "[CAPABILITY " + capabilities() + "] Logged in");
}

void ServerSession::cmdAuthenticate(Command& cmd) {
    if (cmd.args.empty() || cmd.args.size() > 2 || cmd.args[0].type != Arg::Type::Atom ||
        (cmd.args.size() == 2 && cmd.args[1].type != Arg::Type::Atom)) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const bool plain = cmd.args[0].isAtom("PLAIN");
    const bool login = cmd.args[0].isAtom("LOGIN");
    if (!plain && !login) {
        no(cmd, "[ALERT] Unsupported authentication mechanism.");
        return;
    }
    if (!plaintextAllowed()) {  // both mechanisms send the password as it is
        no(cmd, "[PRIVACYREQUIRED] Plaintext authentication disabled.");
        return;
    }
    if (cmd.args.size() == 1) {
        m_pendingTag = cmd.tag;
        enterMode(plain ? Mode::AuthPlain : Mode::AuthLoginUser);
        continuation(plain ? std::string_view() : kLoginUserChallenge);
        return;
    }
    const std::optional<std::string> initial = decodeResponse(cmd.args[1].value);
    if (!initial) {
        badPlain(cmd.tag, "Invalid base64 data in initial response");
        return;
    }
    if (login) {
        m_pendingTag = cmd.tag;
        m_authUser = *initial;
        enterMode(Mode::AuthLoginPassword);
        continuation(kLoginPasswordChallenge);
        return;
    }
    const std::optional<Plain> p = splitPlain(*initial);
    if (!p || (!p->authzid.empty() && p->authzid != p->authcid)) {
        finishLogin(cmd.tag, "", "");  // malformed: fails without asking the policy
        return;
    }
    finishLogin(cmd.tag, p->authcid, p->password);
}

void ServerSession::onAuthLine(std::string_view line) {
    const std::string tag = m_pendingTag;
    const Mode mode = m_mode;
    if (line == "*") {
        m_pendingTag.clear();
        m_authUser.clear();
        enterMode(Mode::Command);
        event(ImapEvent::Kind::AuthFailed);
        badPlain(tag, "Authentication aborted by client.");
        return;
    }
    const std::optional<std::string> decoded = decodeResponse(line);
    if (!decoded) {
        m_pendingTag.clear();
        m_authUser.clear();
        enterMode(Mode::Command);
        event(ImapEvent::Kind::AuthFailed);
        badPlain(tag, "Invalid base64 data in continued response");
        return;
    }
    if (mode == Mode::AuthLoginUser) {
        m_authUser = *decoded;
        enterMode(Mode::AuthLoginPassword);
        continuation(kLoginPasswordChallenge);
        return;
    }
    m_pendingTag.clear();
    enterMode(Mode::Command);
    if (mode == Mode::AuthLoginPassword) {
        const std::string user = m_authUser;
        m_authUser.clear();
        finishLogin(tag, user, *decoded);
        return;
    }
    const std::optional<Plain> p = splitPlain(*decoded);
    if (!p || (!p->authzid.empty() && p->authzid != p->authcid)) {
        finishLogin(tag, "", "");  // malformed: fails without asking the policy
        return;
    }
    finishLogin(tag, p->authcid, p->password);
}

}  // namespace postino::imap
