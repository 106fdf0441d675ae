// Sans-I/O IMAP4rev1 client session keeping a device cache in sync, lock-step: greeting, CAPABILITY,
// [STARTTLS, CAPABILITY again,] LOGIN / AUTHENTICATE PLAIN, operations, LOGOUT. RFC 3501 6-7
// (6.2.1 STARTTLS), 6851 MOVE, 4315 UIDPLUS, 7888, 4959, 8314 (993). No sockets, clocks or
// retries (the TLS itself is the glue's); any server bytes end in a result, never in a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "imap_client/client_types.h"
#include "imap_client/command_builder.h"
#include "imap_client/device_cache.h"
#include "imap_client/response_reader.h"

namespace postino::imap_client {

inline constexpr std::size_t kMaxMailboxMessages = 5'000'000;  // a bigger EXISTS breaks the session

class ClientSession {
public:
    enum class Stage { Greeting, Capability, StartTls, TlsHandshake, Login, Operations, Logout, Done };

    // The cache must outlive the session; it is updated as responses arrive.
    ClientSession(ClientJob job, DeviceCache& cache);

    // Server bytes in any split. Each complete response may queue the next command.
    void feed(std::string_view bytes);
    // The transport saw the server close the connection (or it broke).
    void connectionClosed();
    // The server said OK to STARTTLS: the glue must start the TLS handshake now (and then call
    // tlsEstablished or tlsFailed). Reported once.
    bool takeStartTls() { return std::exchange(m_startTls, false); }
    // The handshake is done (after STARTTLS, or at once on port 993): after STARTTLS the client
    // forgets the capabilities it learnt in clear and asks again (RFC 3501 6.2.1).
    void tlsEstablished();
    // The handshake failed (the certificate, or the stream): the session ends, `reason` says why;
    // no password has been sent.
    void tlsFailed(const std::string& reason);

    std::string takeOutput();
    std::vector<ClientEvent> takeEvents();
    bool finished() const { return m_stage == Stage::Done; }
    bool wantsClose() const { return m_stage == Stage::Done; }
    Stage stage() const { return m_stage; }
    const ClientResult& result() const { return m_result; }

    // Upper-cased capability atoms ("IMAP4REV1", "AUTH=PLAIN", "MOVE", "LITERAL+").
    const std::set<std::string>& capabilities() const { return m_caps; }
    bool hasCapability(std::string_view cap) const;
    // The selected folder ("" when none) and its sequence number -> UID map (0 = unknown).
    const std::string& selectedFolder() const { return m_selected; }
    const std::vector<std::uint32_t>& sequenceMap() const { return m_seqToUid; }
    // Commands sent so far, one line each with literals shown as {n}.
    const std::vector<std::string>& commandLog() const { return m_commandLog; }

private:
    enum class Cmd {
        None, Capability, StartTls, Login, Authenticate, Select, FetchFlags, FetchNew, FetchBody, Store, Move, Copy,
        MarkDeleted, Expunge, Create, List, Append, Logout
    };
    enum class Phase { Begin, Select, FetchFlags, FetchNew, FetchBody, Store, Transfer, Create, MarkDeleted, Expunge,
                       List, Append, Done };

    struct CopyUid {
        std::uint32_t uidValidity = 0;
        std::vector<std::uint32_t> source, target;
    };

    // client_session.cpp: the connection, login and responses.
    void onResponse(Response& r);
    void onUntagged(Response& r);
    void onUntaggedStatus(const Response& r);
    void onTagged(Response& r);
    void onContinuation(const Response& r);
    void onRespCode(const Response& r);
    void onFetch(Response& r);
    void onExpunge(std::uint32_t seq);
    void onList(const Response& r);
    void parseCapabilities(const std::vector<Value>& atoms);
    void parseCapabilities(std::string_view text);
    void afterGreeting();
    void afterCapabilities();
    void startLogin();
    void afterLogin();
    void send(Command cmd, Cmd kind);
    std::string nextTag();
    LiteralMode literalMode() const;
    void protocolError(std::string reason);
    void fail(std::string reason, bool sendLogout);
    void logout();
    void emit(ClientEvent e);

    // client_operations.cpp: one operation at a time.
    void startOperation();
    void runOperation(const Response* done);
    void finishOperation(OperationOutcome::Status status, std::string text);
    void finishFromResponse(const Response& r);
    bool ensureSelected(const std::string& folder, Phase resume);
    void stepSync(const Sync& op, const Response* done);
    void stepRead(const Read& op, const Response* done);
    void stepSetFlags(const SetFlags& op, const Response* done);
    void stepTransfer(const std::string& folder, std::uint32_t uid, const std::string& to, const Response* done);
    void stepDelete(const Delete& op, const Response* done);
    void stepAppend(const Append& op, const Response* done);
    void stepList(const Response* done);
    void sendFetchBatch();
    void sendStore(std::uint32_t uid, bool add, const FlagSet& flags, Cmd kind);
    void sendFolderCommand(std::string_view verbAndArgs, const std::string& folder, Cmd kind);
    void sendExpunge(std::uint32_t uid);
    void sendAppend(const Append& op);
    void finishTransfer(const std::string& folder, std::uint32_t uid, const std::string& to);
    void applyLocalFlags(const std::string& folder, std::uint32_t uid, const FlagSet& flags, bool add);
    void dropCached(const std::string& folder, std::uint32_t uid);
    std::optional<std::string> trashFolder() const;

    ClientJob m_job;
    DeviceCache& m_cache;
    ResponseReader m_reader;
    Stage m_stage = Stage::Greeting;
    std::string m_output;
    std::vector<ClientEvent> m_events;
    std::vector<std::string> m_commandLog;
    ClientResult m_result;
    std::set<std::string> m_caps;
    bool m_capsSinceLogin = false;
    bool m_loggedIn = false;
    bool m_failed = false;
    unsigned m_tagCounter = 0;
    bool m_tls = false;       // inside TLS
    bool m_startTls = false;  // STARTTLS answered OK, not yet taken by the glue

    // The command in flight.
    Cmd m_cmd = Cmd::None;
    std::string m_tag;
    std::vector<std::string> m_pendingPieces;  // sent one per "+" continuation

    // The selected mailbox.
    std::string m_selected;
    std::vector<std::uint32_t> m_seqToUid;

    // The operation in progress.
    std::size_t m_opIndex = 0;
    Phase m_phase = Phase::Begin;
    Phase m_resume = Phase::Begin;
    bool m_created = false;             // TRYCREATE already handled once
    std::set<std::uint32_t> m_fetchSeen;  // UIDs reported during UID FETCH 1:* (FLAGS)
    std::vector<MailboxInfo> m_listed;    // LIST responses of the LIST in flight
    std::vector<std::uint32_t> m_toDownload;
    std::size_t m_downloadPos = 0;
    bool m_gotContent = false;
    std::optional<CopyUid> m_copyUid;
    bool m_transferExpunged = false;        // an EXPUNGE arrived during UID MOVE
    std::optional<CachedMessage> m_moving;  // the cached copy of a message being moved
    std::string m_transferTarget;           // Move target, or the Trash folder of a Delete
    bool m_deleteInPlace = false;
    std::uint32_t m_appendUid = 0;
    std::uint32_t m_appendUidValidity = 0;
};

}  // namespace postino::imap_client
