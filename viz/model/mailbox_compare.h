// POP3 and IMAP side by side: for every account a device reads, the server's mailbox and each
// device's copy at time t, every message marked with what happened to it (new, read or not,
// moved, deleted, downloaded and removed from the server by POP3). Reads the scenario (who
// reads which account, and how) and the trace's mailbox records; no drawing, no simulation.
#pragma once

#include "core/time.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace postino::viz {

// How a device reads an account: POP3 (download and delete), POP3 leaving a copy on the
// server, IMAP (the mail stays on the server, every device in step), or a browser (webmail).
enum class Reader : std::uint8_t { Pop3, Pop3Keep, Imap, Web };

struct CompareMessage {
    enum class Gone : std::uint8_t {
        No,          // still there
        Deleted,     // removed (an IMAP delete into Trash counts as deleted, movedTo = "Trash")
        Moved,       // to another folder of the same mailbox (movedTo)
        Downloaded,  // taken off the server by a POP3 download
    };
    std::string subject;
    std::string folder;      // where it is, or where it was when it went
    std::string movedTo;     // Moved, and Deleted into a Trash folder
    std::string cameFrom;    // present: the folder a move or a delete brought it from (its old place shows it went)
    std::uint8_t flags = 0;  // mail::flag bits (the last known)
    std::uint32_t uid = 0;
    bool fresh = false;      // arrived in this copy shortly before t
    Gone gone = Gone::No;
    bool operator==(const CompareMessage&) const = default;
};

struct CompareHolder {
    trace::NodeIndex node = 0;
    bool server = false;
    Reader reader = Reader::Imap;  // devices: how this one reads the account
    bool seen = false;             // has held or looked at this mailbox by t
    // INBOX first, then the other folders by name; in each, present messages by UID, then the
    // ones that went, in the order they went.
    std::vector<CompareMessage> messages;
    bool operator==(const CompareHolder&) const = default;
};

struct CompareColumn {
    std::string account;
    std::vector<Reader> readers;        // the ways its devices read it, each once, in this enum's order
    std::vector<CompareHolder> holders;  // the server first, then the devices in scenario order
    bool operator==(const CompareColumn&) const = default;
};

// One column per account that a client reads (POP3 or IMAP) or a browser reads through
// webmail, in the order the scenario first names them, then one per shared mailbox (info@)
// with its members' devices. `freshFor`: how long a message counts
// as new after it arrived in a copy.
std::vector<CompareColumn> compareAt(const scenario::Scenario& scenario, const trace::Trace& trace, Time t,
                                     Duration freshFor = Duration::seconds(3));

const char* readerTag(Reader r);  // "POP3", "POP3", "IMAP", "Web" (protocol names: not translated)

// The map's tags for one device: each protocol it reads mail with, once (Pop3Keep counts as
// Pop3), in this enum's order; Web for a browser with an account; nothing for a device that
// only sends, or for any other node.
std::vector<Reader> deviceReaders(const scenario::Node& node);

}  // namespace postino::viz
