// Records the mail an SMTP client session carries, as the session knows it: the envelope with
// its replies, where its DATA text lies among the trace's lines (no copy), when it went out and
// when the final reply came, and the mail's place "on the wire" meanwhile. RFC 5321 3.3, 4.5.2.
// It only writes records; what a failure means stays with the caller.
#pragma once

#include "nodes/node.h"
#include "smtp/client_session.h"

#include <cstddef>
#include <cstdint>
#include <map>

namespace postino::world {

class SmtpCarried {
public:
    explicit SmtpCarried(Node& owner) : m_owner(owner) {}
    // The ClientSessions observer (firstNewLine == SIZE_MAX: the session is over).
    void observe(const smtp::ClientSession& engine, std::uint32_t connection, std::size_t firstNewLine);

private:
    Node& m_owner;
    std::map<std::uint32_t, std::size_t> m_open;  // connection -> its record in Trace::carriedMail
};

}  // namespace postino::world
