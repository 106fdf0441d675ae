// Records the mail a POP3 or IMAP connection carries (RFC 1939 RETR, RFC 9051 FETCH BODY[] and
// APPEND): when a server engine reports a message sent (Retrieved, Fetched) or a client writes an
// APPEND literal, where that text lies among the trace's lines (no copy), and the mail's place on
// the wire until the other side speaks again. Writes records only; decides nothing.
#pragma once

#include "imap/server_session.h"
#include "imap_client/client_session.h"
#include "nodes/node.h"
#include "pop3/server_session.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace postino::world {

class DownloadCarried {
public:
    explicit DownloadCarried(Node& owner) : m_owner(owner) {}
    // ServerSessions observers: after the server wrote lines from `firstNewLine` on (or, with no
    // new line, after the client spoke: then the text sent before has arrived).
    void observePop3(pop3::ServerSession& engine, std::uint32_t connection, std::size_t firstNewLine);
    void observeImap(imap::ServerSession& engine, std::uint32_t connection, std::size_t firstNewLine);
    // ClientSessions observer of an IMAP client: an APPEND literal it wrote.
    void observeImapClient(const imap_client::ClientSession& engine, std::uint32_t connection,
                           std::size_t firstNewLine);

private:
    // Ends the open record of `connection` (the other side answered: the text arrived).
    void close(std::uint32_t connection);
    // A record of the text in lines [first, end) (`bytes` octets; POP3 dot-stuffed).
    void open(std::uint32_t connection, bool fromClient, std::size_t first, std::size_t end, std::uint64_t bytes,
              bool dotStuffed, std::string_view fetchLine);
    // The IMAP literals of lines [first, lines.size()) whose line before matches: BODY[] or RFC822
    // (server), or APPEND (client). A literal announced at the end of an output whose octets come
    // in a later one (a client waiting for "+") is remembered in m_pendingAppend.
    void imapLiterals(std::uint32_t connection, bool fromClient, std::size_t first);

    Node& m_owner;
    // connection -> its open records in Trace::carriedMail (one answer may carry several mails)
    std::map<std::uint32_t, std::vector<std::size_t>> m_open;
    std::map<std::uint32_t, std::pair<std::uint64_t, std::size_t>> m_pendingAppend;  // connection -> (octets, line)
};

}  // namespace postino::world
