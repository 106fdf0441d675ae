// The English words of ours that event sentences take as arguments (trace::term): the kinds of
// connection (ConnectionRecord::service) and the special folders' IMAP names. Listed here with
// N_() so that xgettext puts them in the catalogs; po/GLOSSARY.md says how each is translated.
// A term argument not listed (a folder the lesson names, "Trips") is shown as it is.
#pragma once

#include "trace/phrase.h"

#include <array>
#include <string_view>

namespace postino::trace {

inline constexpr std::array<const char*, 12> kTerms = {
    N_("SMTP"),             // a server's port 25 listener: mail from other servers
    N_("SMTP submission"),  // port 587: a client hands its own new mail to its server
    N_("SMTP relay"),       // a server passing mail on to the next server (port 25)
    N_("POP3"),
    N_("IMAP"),
    N_("HTTP"),
    N_("DNS over TCP"),     // a resolver asking again for an answer too big for UDP (RFC 7766)
    N_("INBOX"),
    N_("Sent"),
    N_("Drafts"),
    N_("Trash"),
    N_("Junk"),
};

inline bool isTerm(std::string_view word) {
    for (const char* t : kTerms)
        if (word == t) return true;
    return false;
}

}  // namespace postino::trace
