// The AUTHORIZATION state: USER/PASS and AUTH PLAIN, then opening the maildrop.
// RFC 1939 4, 7 (USER, PASS), RFC 5034 (AUTH, "+ " continuation, "*" cancel, "=" empty initial
// response), RFC 4616 (PLAIN), RFC 3206 / 2449 8.1 ([AUTH], [IN-USE]). Texts from Dovecot 2.3.
#include <optional>

#include "core/base64.h"
#include "pop3/server_session.h"

namespace postino::pop3 {

namespace {

constexpr std::string_view kPlaintextDisallowed =
    "[AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";

// RFC 5034 4: "=" is an empty response. Anything else must be canonical base64.
std::optional<std::string> decodeResponse(std::string_view text) {
    if (text.empty() || text == "=") return std::string();
    return base64Decode(text);
}

// UIDL arguments must be 1-70 characters in 0x21-0x7E (RFC 1939 7); a bad one from the
// store is made safe rather than sent as is.
std::string safeUid(std::string_view uid) {
    std::string out;
    for (std::size_t i = 0; i < uid.size() && out.size() < kMaxUidLength; ++i) {
        const auto c = static_cast<unsigned char>(uid[i]);
        out += (c >= 0x21 && c <= 0x7E) ? static_cast<char>(c) : '?';
    }
    if (out.empty()) out.push_back('?');  // not out = "?": GCC 12 -Wrestrict false positive
    return out;
}

}  // namespace

bool ServerSession::plaintextRefused(std::string_view text) {
    if (plaintextAllowed()) return false;
    err(text);
    return true;
}

void ServerSession::cmdUser(std::string_view args) {
    if (plaintextRefused(kPlaintextDisallowed)) return;
    // Dovecot takes the rest of the line verbatim, even an empty name (PASS then fails).
    m_pendingUser = std::string(args);
    m_haveUser = true;
    ok("");
}

void ServerSession::cmdPass(std::string_view args) {
    if (!m_haveUser) {
        if (plaintextRefused(kPlaintextDisallowed)) return;
        err("No username given.");
        return;
    }
    // The name is used once, whatever the outcome: a retry needs USER again.
    const std::string user = std::move(m_pendingUser);
    m_pendingUser.clear();
    m_haveUser = false;
    if (plaintextRefused(kPlaintextDisallowed)) return;
    login(user, args);
}

void ServerSession::cmdAuth(std::string_view args) {
    while (!args.empty() && args.front() == ' ') args.remove_prefix(1);
    if (args.empty()) {
        // Not in RFC 5034, but Dovecot (and many clients, e.g. fetchmail's probe) list them so.
        multiline("", plaintextAllowed() ? "PLAIN\r\n" : "");
        return;
    }
    const std::size_t sp = args.find(' ');
    const std::string_view mechanism = args.substr(0, sp);
    if (!equalsIgnoreCase(mechanism, "PLAIN")) {
        err("[AUTH] Unsupported authentication mechanism.");
        return;
    }
    if (plaintextRefused("[AUTH] Plaintext authentication disabled.")) return;
    if (sp == std::string_view::npos) {
        m_mode = Mode::AuthPlain;
        m_output += "+ \r\n";
        return;
    }
    std::optional<std::string> decoded = decodeResponse(args.substr(sp + 1));
    if (!decoded) {
        err("[AUTH] Invalid base64 in response");
        event(ServerEvent::Kind::AuthFailed, 0, "");
        return;
    }
    finishPlain(*decoded);
}

void ServerSession::onAuthLine(std::string_view line) {
    m_mode = Mode::Command;
    if (line == "*") {
        err("Authentication aborted by client.");
        event(ServerEvent::Kind::AuthFailed, 0, "");
        return;
    }
    std::optional<std::string> decoded = decodeResponse(line);
    if (!decoded) {
        err("[AUTH] Invalid base64 in response");
        event(ServerEvent::Kind::AuthFailed, 0, "");
        return;
    }
    finishPlain(*decoded);
}

void ServerSession::finishPlain(std::string_view message) {
    // RFC 4616 2: authzid NUL authcid NUL passwd.
    const std::size_t first = message.find('\0');
    const std::size_t second = first == std::string_view::npos ? first : message.find('\0', first + 1);
    if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos) {
        authFailed("");
        return;
    }
    const std::string_view authzid = message.substr(0, first);
    const std::string user(message.substr(first + 1, second - first - 1));
    const std::string_view password = message.substr(second + 1);
    if (!authzid.empty() && authzid != user) {
        // Acting for another user is not supported.
        authFailed(printable(user, 255));
        return;
    }
    login(user, password);
}

void ServerSession::login(const std::string& user, std::string_view password) {
    if (user.empty() || !m_policy.checkPassword(user, password)) {
        authFailed(printable(user, 255));
        return;
    }
    std::unique_ptr<Maildrop> maildrop = m_policy.openMaildrop(user);
    if (!maildrop) {
        err("[IN-USE] Mailbox is locked by another POP3 session.");
        close();
        return;
    }
    m_maildrop = std::move(maildrop);
    m_entries = m_maildrop->entries();
    m_totalSize = 0;
    for (auto& e : m_entries) {
        e.uid = safeUid(e.uid);
        m_totalSize += e.size;
    }
    m_deleted.assign(m_entries.size(), false);
    m_deletedCount = 0;
    m_deletedSize = 0;
    m_user = user;
    m_state = ServerState::Transaction;
    m_reader.setLimit(kCommandLineLimit);
    ok("Logged in.");
    event(ServerEvent::Kind::LoggedIn, 0, printable(user, 255));
}

}  // namespace postino::pop3
