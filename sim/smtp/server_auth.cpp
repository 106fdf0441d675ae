// The server's AUTH command: PLAIN (RFC 4616) and LOGIN, with and without initial response.
// RFC 4954 4 (exchange, "=" and "*"), 6 (status codes). Reply texts follow Postfix smtpd_sasl_glue.
#include "smtp/address.h"
#include "smtp/reply.h"
#include "smtp/sasl.h"
#include "smtp/server_session.h"

namespace postino::smtp {

namespace {

// base64 of "Username:" and "Password:", the de-facto LOGIN challenges.
constexpr std::string_view kLoginUserChallenge = "VXNlcm5hbWU6";
constexpr std::string_view kLoginPasswordChallenge = "UGFzc3dvcmQ6";

std::optional<std::string> decodeResponse(std::string_view text) {
    if (text.empty() || text == "=") return std::string();
    return base64Decode(text);
}

}  // namespace

void ServerSession::cmdAuth(std::string_view args) {
    if (!m_config.submission || (m_config.tlsAuthOnly && !m_tls)) {  // smtpd_tls_auth_only: not in clear
        reply(503, "5.5.1", "Error: authentication not enabled");
        return;
    }
    if (m_state == ServerState::NoHelo) {
        reply(503, "5.5.1", "Error: send HELO/EHLO first");
        return;
    }
    if (!m_authUser.empty()) {
        reply(503, "5.5.1", "Error: already authenticated");
        return;
    }
    if (m_state != ServerState::Ready) {
        reply(503, "5.5.1", "Error: MAIL transaction in progress");
        return;
    }
    std::size_t sp = args.find_first_of(" \t");
    const std::string_view mechanism = args.substr(0, sp);
    std::string_view initial;
    bool hasInitial = false;
    if (sp != std::string_view::npos) {
        initial = args.substr(sp + 1);
        while (!initial.empty() && (initial.front() == ' ' || initial.front() == '\t')) initial.remove_prefix(1);
        hasInitial = true;
    }
    if (mechanism.empty() || initial.find_first_of(" \t") != std::string_view::npos) {
        reply(501, "5.5.4", "Syntax: AUTH mechanism");
        return;
    }

    const bool plain = equalsIgnoreCase(mechanism, "PLAIN");
    const bool login = equalsIgnoreCase(mechanism, "LOGIN");
    if (!plain && !login) {
        reply(504, "5.5.4", "Unrecognized authentication type");
        return;
    }

    if (!hasInitial) {
        if (plain) {
            enterMode(Mode::AuthPlain);
            reply(334, "", "");
        } else {
            enterMode(Mode::AuthLoginUser);
            reply(334, "", kLoginUserChallenge);
        }
        return;
    }

    // Initial response (RFC 4954 4): "=" stands for an empty one.
    std::optional<std::string> decoded = decodeResponse(initial);
    if (!decoded) {
        abortAuth(501, "5.5.2", "Cannot Base64-decode Client responses");
        return;
    }
    if (plain) {
        std::optional<PlainCredentials> c = decodePlain(*decoded);
        if (!c)
            finishAuth("", "", "");
        else
            finishAuth(c->authzid, c->authcid, c->password);
    } else {
        m_authPendingUser = *decoded;
        enterMode(Mode::AuthLoginPassword);
        reply(334, "", kLoginPasswordChallenge);
    }
}

void ServerSession::onAuthLine(std::string_view line) {
    if (line == "*") {
        abortAuth(501, "5.7.0", "Authentication aborted");
        return;
    }
    std::optional<std::string> decoded = decodeResponse(line);
    if (!decoded) {
        abortAuth(501, "5.5.2", "Cannot Base64-decode Client responses");
        return;
    }
    switch (m_mode) {
    case Mode::AuthPlain: {
        std::optional<PlainCredentials> c = decodePlain(*decoded);
        if (!c)
            finishAuth("", "", "");
        else
            finishAuth(c->authzid, c->authcid, c->password);
        break;
    }
    case Mode::AuthLoginUser:
        m_authPendingUser = std::move(*decoded);
        enterMode(Mode::AuthLoginPassword);
        reply(334, "", kLoginPasswordChallenge);
        break;
    case Mode::AuthLoginPassword: {
        const std::string user = std::move(m_authPendingUser);
        m_authPendingUser.clear();
        finishAuth("", user, *decoded);
        break;
    }
    default:
        enterMode(Mode::Command);
        break;
    }
}

void ServerSession::finishAuth(std::string_view authzid, std::string_view user, std::string_view password) {
    enterMode(Mode::Command);
    m_authPendingUser.clear();
    // An authorization identity other than the user itself is not supported (RFC 4616 2).
    const bool ok = !user.empty() && (authzid.empty() || authzid == user) && m_policy.checkPassword(user, password);
    if (!ok) {
        // Postfix 3.7 with Dovecot SASL, word for word; Dovecot gives no reason, whether the
        // user exists or not, and answers only after its auth_failure_delay.
        reply(535, "5.7.8", "Error: authentication failed: (reason unavailable)");
        m_replyDelay += kAuthFailureDelay;
        event(ServerEvent::Kind::AuthFailed, 535, printable(user, 255));
        return;
    }
    m_authUser = std::string(user);
    reply(235, "2.7.0", "Authentication successful");
    event(ServerEvent::Kind::AuthSucceeded, 235, printable(user, 255));
}

void ServerSession::abortAuth(int code, std::string_view enhanced, std::string_view text) {
    enterMode(Mode::Command);
    m_authPendingUser.clear();
    reply(code, enhanced, text);
    event(ServerEvent::Kind::AuthFailed, code, "");
}

}  // namespace postino::smtp
