// Plain types around the POP3 server engine: its configuration, the maildrop and policy the
// node implements over its mail store, and the events the session reports for the trace.
// RFC 1939 3 (states), 8 (UIDL unique-id), RFC 2449 8.1 (IN-USE). No behaviour beyond defaults.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace postino::pop3 {

struct ServerConfig {
    std::string hostname;           // "pop.example.org": shown in the greeting
    // USER/PASS and AUTH PLAIN outside TLS (Dovecot's disable_plaintext_auth = no). False: refused
    // until STLS, "[AUTH] Plaintext authentication disallowed ..."; inside TLS they always work.
    // (SMTP calls the same switch tlsAuthOnly, the other way round.)
    bool allowPlaintextAuth = true;
    bool tlsOffered = false;   // a certificate: STLS offered (RFC 2595 4)
    bool implicitTls = false;  // port 995: TLS from the first byte (RFC 8314 3.3)
};

// One user's INBOX, opened for one POP3 session. The node implements it over its mail
// store; the engine never sees the store. Destroying it ends the session's hold on the
// mailbox (the node's lock, if any, is released there).
class Maildrop {
public:
    virtual ~Maildrop() = default;
    struct Entry {
        std::string uid;   // UIDL: stable, unique, printable 0x21-0x7E, at most 70 chars (RFC 1939 7)
        std::size_t size;  // octets of the message with CRLF line ends (before dot-stuffing)
    };
    // Snapshot taken once at login, in order: message numbers 1..n.
    virtual std::vector<Entry> entries() = 0;
    // The full RFC 5322 text with CRLF, `index` 0-based into the snapshot.
    virtual std::string content(std::size_t index) = 0;
    // UPDATE state (RFC 1939 6): remove these messages (0-based, ascending, no duplicates).
    virtual void commitDeletes(const std::vector<std::size_t>& indexes) = 0;
};

// What the node decides. Called synchronously from feed(); must not call back into the session.
class Pop3Policy {
public:
    virtual ~Pop3Policy() = default;
    virtual bool checkPassword(std::string_view user, std::string_view password) = 0;
    // nullptr: the mailbox is locked by another POP3 session; the client gets
    // "-ERR [IN-USE] Mailbox is locked by another POP3 session." and the session closes.
    virtual std::unique_ptr<Maildrop> openMaildrop(std::string_view user) = 0;
};

struct ServerEvent {
    enum class Kind {
        LoggedIn,    // text = user
        AuthFailed,  // text = user tried ("" when the exchange was malformed or aborted)
        Retrieved,   // number = message number, text = its UIDL
        Deleted,     // number = message number marked by DELE, text = its UIDL
        Updated,     // number = messages removed in the UPDATE state (after QUIT)
        Rejected,    // text = the "-ERR ..." line without CRLF
    };
    Kind kind;
    std::size_t number = 0;
    std::string text;
};

}  // namespace postino::pop3
