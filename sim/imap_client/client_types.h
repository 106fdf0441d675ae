// Plain types around the IMAP client engine: the job (credentials and the operations a user
// did on the device), each operation's outcome, the session result and the events it reports.
// RFC 3501 6 (commands the operations map to). No behaviour beyond defaults and descriptions.
#pragma once

#include "tls/client_tls.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "imap_client/device_cache.h"

namespace postino::imap_client {

// SELECT, refresh flags of every message (dropping the ones the server no longer has),
// then download the messages the device lacks with BODY.PEEK[] (no \Seen side effect).
struct Sync {
    std::string folder = "INBOX";
};
// Opens a message: download it with BODY[] (sets \Seen) or, when cached, STORE \Seen.
struct Read {
    std::string folder = "INBOX";
    std::uint32_t uid = 0;
};
struct SetFlags {
    std::string folder = "INBOX";
    std::uint32_t uid = 0;
    FlagSet flags;     // e.g. {"\\Flagged"}
    bool add = true;   // +FLAGS.SILENT, else -FLAGS.SILENT
};
// UID MOVE (RFC 6851) when offered, else UID COPY + STORE \Deleted + (UID) EXPUNGE.
// A NO [TRYCREATE] creates the target and retries once.
struct Move {
    std::string folder = "INBOX";
    std::uint32_t uid = 0;
    std::string toFolder;
};
// To the Trash folder (LIST, "\Trash" attribute or named "Trash") when there is one and
// the message is not already in it; else STORE \Deleted + (UID) EXPUNGE.
struct Delete {
    std::string folder = "INBOX";
    std::uint32_t uid = 0;
};
struct Append {
    std::string folder = "Sent";  // "Sent", "Drafts", ...
    FlagSet flags;                // e.g. {"\\Seen"} for Sent, {"\\Draft"} for Drafts
    std::string content;          // RFC 5322 text; line ends are sent as CRLF
    std::string dateTime;         // optional IMAP date-time "14-Jul-2024 10:00:00 +0200"
};
struct ListFolders {};

using Operation = std::variant<Sync, Read, SetFlags, Move, Delete, Append, ListFolders>;

// "Sync INBOX", "Move INBOX:12 -> Archive", ... for traces and failure texts.
std::string describeOperation(const Operation& op);

// How the client uses TLS: tls::ClientTls (TLS from the first byte is port 993).
using tls::ClientTls;

struct ClientJob {
    std::string user;
    std::string password;
    std::vector<Operation> ops;
    bool useAuthenticatePlain = false;  // AUTHENTICATE PLAIN (RFC 4959 SASL-IR if offered) instead of LOGIN
    std::size_t fetchBatch = 50;        // UIDs per download command during Sync
    ClientTls tls = ClientTls::None;
};

struct OperationOutcome {
    enum class Status {
        NotRun,  // the session ended before it
        Ok,      // tagged OK (or nothing to do)
        No,      // the server answered NO (or OK without the data, e.g. no such UID)
        Bad,     // the server answered BAD
        Error,   // not sent: invalid arguments, or the session failed during it
    };
    Status status = Status::NotRun;
    std::string text;  // the server's text ("[TRYCREATE] Mailbox doesn't exist") or the local reason

    bool ok() const { return status == Status::Ok; }
};

struct ClientCounts {
    std::size_t downloaded = 0;    // message bodies stored in the cache
    std::size_t flagsUpdated = 0;  // cached messages whose flags changed (our STOREs or server FETCH FLAGS)
    std::size_t moved = 0;         // Move operations done (and Deletes that went to Trash)
    std::size_t appended = 0;      // APPENDs the server took
    std::size_t expunged = 0;      // cached messages dropped because the server no longer has them
    std::size_t deleted = 0;       // Delete operations done
};

struct ClientResult {
    bool success = false;  // logged in, ran every operation (each may still be NO), LOGOUT done
    std::string failureReason;
    std::vector<OperationOutcome> operations;  // one per job operation, same order
    ClientCounts counts;
    std::string lastResponse;  // the response that ended the session or made it fail, one line
    bool tls = false;          // the session (and the password) went inside TLS
};

struct ClientEvent {
    enum class Kind {
        Downloaded,      // folder, uid; text = Subject (may be empty)
        FlagsChanged,    // folder, uid; text = new flag list "(\Seen)"
        Moved,           // folder, uid -> toFolder, newUid (0 when the server gave no COPYUID)
        Appended,        // folder, uid (0 without APPENDUID)
        Expunged,        // folder, uid: dropped from the cache
        CacheDiscarded,  // folder; text = "UIDVALIDITY 1 -> 2"
        FolderCreated,   // folder
        FoldersListed,   // text = number of folders
        Alert,           // text = the server's [ALERT] text
    };
    Kind kind = Kind::Alert;
    std::string folder;
    std::uint32_t uid = 0;
    std::string toFolder;
    std::uint32_t newUid = 0;
    std::string text;
};

const char* eventKindName(ClientEvent::Kind kind);

}  // namespace postino::imap_client
