// The server's command table (verb -> handler + allowed states, like Dovecot's pop3-commands)
// and the TRANSACTION handlers. Reply texts and argument parsing follow Dovecot 2.3 pop3.
// RFC 1939 5 (STAT LIST RETR DELE NOOP RSET), 6 (QUIT/UPDATE), 7 (TOP UIDL), RFC 2449 5 (CAPA).
#include <array>
#include <string>

#include "pop3/server_session.h"

namespace postino::pop3 {

namespace {

constexpr unsigned bit(ServerState s) { return static_cast<unsigned>(s); }
constexpr unsigned kAuthorization = bit(ServerState::Authorization);
constexpr unsigned kTransaction = bit(ServerState::Transaction);

struct CommandSpec {
    std::string_view verb;
    ServerSession::Handler handler;
    unsigned allowed;  // states in which the handler runs; elsewhere "Unknown command"
};

std::string_view skipSpaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return s;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Dovecot's str_parse_uint / str_parse_uoff: leading digits, overflow is an error.
// Consumes the digits from `s`.
bool parseUnsigned(std::string_view& s, unsigned long long max, unsigned long long& value) {
    value = 0;
    std::size_t i = 0;
    while (i < s.size() && isDigit(s[i])) {
        const unsigned d = static_cast<unsigned>(s[i] - '0');
        if (value > (max - d) / 10) return false;
        value = value * 10 + d;
        ++i;
    }
    s.remove_prefix(i);
    return true;
}

std::string echo(std::string_view args) { return printable(args, 100); }

}  // namespace

struct CommandTable {
    static const CommandSpec* find(std::string_view verb) {
        for (const auto& row : rows())
            if (equalsIgnoreCase(row.verb, verb)) return &row;
        return nullptr;
    }

    static const std::array<CommandSpec, 14>& rows() {
        using S = ServerSession;
        static const std::array<CommandSpec, 14> table{{
            // APOP, LAST and UTF8 are not offered: they get "Unknown command".
            {"CAPA", &S::cmdCapa, kAuthorization | kTransaction},
            {"STLS", &S::cmdStls, kAuthorization},
            {"USER", &S::cmdUser, kAuthorization},
            {"PASS", &S::cmdPass, kAuthorization},
            {"AUTH", &S::cmdAuth, kAuthorization},
            {"STAT", &S::cmdStat, kTransaction},
            {"LIST", &S::cmdList, kTransaction},
            {"UIDL", &S::cmdUidl, kTransaction},
            {"RETR", &S::cmdRetr, kTransaction},
            {"TOP", &S::cmdTop, kTransaction},
            {"DELE", &S::cmdDele, kTransaction},
            {"RSET", &S::cmdRset, kTransaction},
            {"NOOP", &S::cmdNoop, kTransaction},
            {"QUIT", &S::cmdQuit, kAuthorization | kTransaction},
        }};
        return table;
    }
};

void ServerSession::onCommand(std::string_view line) {
    const std::size_t sp = line.find(' ');
    const std::string_view verb = line.substr(0, sp);
    const std::string_view args = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
    const ServerState at = m_state;
    m_commandFailed = false;

    bool bad = false;
    const CommandSpec* spec = verb.empty() ? nullptr : CommandTable::find(verb);
    if (spec == nullptr || (spec->allowed & bit(at)) == 0) {
        // Dovecot answers a wrong-state command exactly like an unknown one.
        if (at == ServerState::Authorization || verb.empty())
            err("Unknown command.");
        else
            err("Unknown command: " + toUpperAscii(printable(verb, 64)));
        bad = true;
    } else {
        (this->*(spec->handler))(args);
        // Before login only unknown commands count; after it every -ERR does.
        bad = at == ServerState::Transaction && m_commandFailed;
    }
    if (m_state == ServerState::Closed) return;
    m_badCommands = bad ? m_badCommands + 1 : 0;
    if (at == ServerState::Authorization && m_badCommands >= kMaxLoginBadCommands) {
        err("Too many invalid bad commands.");
        close();
    } else if (at == ServerState::Transaction && m_badCommands > kMaxBadCommands) {
        err("Too many bad commands.");
        close();
    }
}

// ---- CAPA (RFC 2449 5, 6) ----

void ServerSession::cmdCapa(std::string_view) {
    std::string body = "CAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n";
    if (m_state == ServerState::Authorization) {
        // Dovecot: STLS until TLS is on; without plaintext auth no USER and no mechanism after SASL.
        if (m_config.tlsOffered && !m_tls) body += "STLS\r\n";
        body += plaintextAllowed() ? "USER\r\nSASL PLAIN\r\n" : "SASL\r\n";
    }
    body += "IMPLEMENTATION Postino\r\n";
    multiline("", body);
}

// ---- STLS (RFC 2595 4) ----

void ServerSession::cmdStls(std::string_view) {
    // Dovecot's pop3-login ignores any argument.
    if (m_tls) {
        err("TLS is already active.");
        return;
    }
    if (!m_config.tlsOffered) {
        err("TLS support isn't enabled.");
        return;
    }
    ok("Begin TLS negotiation now.");
    // A name given in clear may not be the client's own (RFC 2595 4: start afresh).
    m_pendingUser.clear();
    m_haveUser = false;
    m_tls = true;
    m_startTls = true;
}

// ---- message numbers (Dovecot get_msgnum) ----

bool ServerSession::parseMessageNumber(std::string_view& args, bool thenSpace, std::size_t& index) {
    args = skipSpaces(args);
    if (args.empty() || !isDigit(args.front())) {
        err("Invalid message number: " + echo(args));
        return false;
    }
    std::string_view rest = args;
    unsigned long long num = 0;
    if (!parseUnsigned(rest, 0xFFFFFFFFull, num)) {
        err("Message number too large: " + echo(args));
        return false;
    }
    if (thenSpace ? (rest.empty() || rest.front() != ' ') : !rest.empty()) {
        err("Noise after message number: " + echo(rest));
        return false;
    }
    if (num == 0 || num > m_entries.size()) {
        err("There's no message " + std::to_string(num) + ".");
        return false;
    }
    index = static_cast<std::size_t>(num - 1);
    if (m_deleted[index]) {
        err("Message is deleted.");
        return false;
    }
    args = skipSpaces(rest);
    return true;
}

// ---- TRANSACTION (RFC 1939 5, 7) ----

void ServerSession::cmdStat(std::string_view) {
    ok(std::to_string(m_entries.size() - m_deletedCount) + " " + std::to_string(m_totalSize - m_deletedSize));
}

void ServerSession::cmdList(std::string_view args) {
    args = skipSpaces(args);
    if (args.empty()) {
        std::string body;
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            if (!m_deleted[i]) body += std::to_string(i + 1) + " " + std::to_string(m_entries[i].size) + "\r\n";
        multiline(std::to_string(m_entries.size() - m_deletedCount) + " messages:", body);
        return;
    }
    std::size_t index = 0;
    if (!parseMessageNumber(args, false, index)) return;
    ok(std::to_string(index + 1) + " " + std::to_string(m_entries[index].size));
}

void ServerSession::cmdUidl(std::string_view args) {
    args = skipSpaces(args);
    if (args.empty()) {
        std::string body;
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            if (!m_deleted[i]) body += std::to_string(i + 1) + " " + m_entries[i].uid + "\r\n";
        multiline("", body);
        return;
    }
    std::size_t index = 0;
    if (!parseMessageNumber(args, false, index)) return;
    ok(std::to_string(index + 1) + " " + m_entries[index].uid);
}

void ServerSession::cmdRetr(std::string_view args) {
    std::size_t index = 0;
    if (!parseMessageNumber(args, false, index)) return;
    const std::string content = m_maildrop->content(index);
    m_output += okLine(std::to_string(m_entries[index].size) + " octets");
    appendMultiline(m_output, content);
    event(ServerEvent::Kind::Retrieved, index + 1, m_entries[index].uid);
}

void ServerSession::cmdTop(std::string_view args) {
    std::size_t index = 0;
    if (!parseMessageNumber(args, true, index)) return;
    if (args.empty() || !isDigit(args.front())) {
        err("Invalid size: " + echo(args));
        return;
    }
    std::string_view rest = args;
    unsigned long long lines = 0;
    if (!parseUnsigned(rest, ~0ull, lines)) {
        err("Size too large: " + echo(args));
        return;
    }
    if (!rest.empty()) {
        err("Noise after size: " + echo(rest));
        return;
    }
    constexpr unsigned long long kMaxLines = 1ull << 62;
    const std::string content = m_maildrop->content(index);
    m_output += okLine("");
    appendMultiline(m_output, content, static_cast<long long>(lines < kMaxLines ? lines : kMaxLines));
}

void ServerSession::cmdDele(std::string_view args) {
    std::size_t index = 0;
    if (!parseMessageNumber(args, false, index)) return;
    m_deleted[index] = true;
    ++m_deletedCount;
    m_deletedSize += m_entries[index].size;
    ok("Marked to be deleted.");
    event(ServerEvent::Kind::Deleted, index + 1, m_entries[index].uid);
}

void ServerSession::cmdRset(std::string_view) {
    m_deleted.assign(m_entries.size(), false);
    m_deletedCount = 0;
    m_deletedSize = 0;
    ok("");
}

void ServerSession::cmdNoop(std::string_view) { ok(""); }

// ---- QUIT and the UPDATE state (RFC 1939 4, 6) ----

void ServerSession::cmdQuit(std::string_view) {
    if (m_state == ServerState::Authorization) {
        ok("Logging out");  // sic: Dovecot's pre-login text has no full stop
        close();
        return;
    }
    std::vector<std::size_t> indexes;
    for (std::size_t i = 0; i < m_deleted.size(); ++i)
        if (m_deleted[i]) indexes.push_back(i);
    if (!indexes.empty()) m_maildrop->commitDeletes(indexes);
    event(ServerEvent::Kind::Updated, indexes.size(), "");
    ok(indexes.empty() ? "Logging out." : "Logging out, messages deleted.");
    close();
}

}  // namespace postino::pop3
