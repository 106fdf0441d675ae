// libFuzzer target for the POP3 engines. First byte: bit 0 picks the side (0 = server fed
// client bytes, 1 = client fed server bytes); bits 1-2 pick the configuration (server: bit 1 no
// plaintext login outside TLS, bit 2 STLS offered; after an accepted STLS the rest of the input
// is TLS, the glue's: the engine drops what came with it).
// Invariants: server output is status lines ("+OK", "-ERR", "+ " continuations, at most 512
// octets, printable) each optionally followed by a dot-stuffed body after +OK; at most one status
// line per input line plus greeting; the same bytes at once or one byte at a time give the same
// output, events and mailbox; "\r\n*\r\nQUIT\r\n" ends a server session, UPDATE removes exactly
// the messages marked, the maildrop lock is released when the session goes; the client sends
// only its own commands and ends once the connection closes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "pop3/client_session.h"
#include "pop3/memory_maildrop.h"
#include "pop3/server_session.h"

using namespace postino;
using namespace postino::fuzz;

namespace {

bool isStatus(std::string_view line) {
    return line == "+OK" || startsWith(line, "+OK ") || line == "-ERR" || startsWith(line, "-ERR ") ||
           startsWith(line, "+ ") || line == "+";
}

// Returns the number of status lines. No message line may start like a status line, so each
// +OK is followed by a body exactly when the next line is not a status line.
std::size_t checkServerOutput(std::string_view out) {
    const std::vector<std::string_view> lines = crlfLines(out, "POP3 server");
    std::size_t statuses = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        require(isStatus(line), "POP3 server: a line that is neither a status line nor in a body", line);
        require(line.size() + 2 <= 512 && isPrintableAscii(line), "POP3 server: bad status line", line);
        ++statuses;
        if (!startsWith(line, "+OK") || i + 1 == lines.size() || isStatus(lines[i + 1])) continue;
        ++i;  // a multi-line body: byte-stuffed, ended by "."
        while (true) {
            require(i < lines.size(), "POP3 server: output ends inside a multi-line body", out);
            if (lines[i] == ".") break;
            require(lines[i].empty() || lines[i][0] != '.' || startsWith(lines[i], ".."),
                    "POP3 server: a body line starting with '.' is not stuffed", lines[i]);
            ++i;
        }
    }
    return statuses;
}

const char* const kMessages[] = {
    "Subject: one\r\nFrom: bob@example.org\r\n\r\nfirst\r\n",
    "Subject: two\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nlast\r\n",
    "Subject: three\r\nContent-Type: text/plain\r\n\r\nline 1\nline 2 with a bare LF\r\nline 3",
};

struct ServerRun {
    pop3::MemoryMailStore store;
    std::unique_ptr<pop3::ServerSession> session;
    std::string out;
    std::string events;

    // STLS was accepted: what follows on the wire is TLS, the glue's business, until the test
    // says the handshake is done (the engine dropped the rest of its input at once).
    bool tlsPending = false;

    ServerRun(bool plaintext, bool tlsOffered) {
        store.addUser("alice", "secret");
        store.addUser("bob", "hunter2");
        for (const char* m : kMessages) store.deliver("alice", m);
        store.deliver("bob", kMessages[0]);
        pop3::ServerConfig config{"pop.example.org", plaintext};
        config.tlsOffered = tlsOffered;
        session = std::make_unique<pop3::ServerSession>(config, store);
        session->start();
        take();
    }
    void feed(std::string_view bytes) {
        if (tlsPending) return;
        session->feed(bytes);
        take();
        if (session->takeStartTls()) tlsPending = true;
        // As the glue does after a failed login's delay: feed again (the engine kept the rest).
        // An STLS in what the engine kept is taken there too: after it, the wire is TLS.
        while (!tlsPending && session->takeReplyDelay()) {
            session->feed("");
            take();
            if (session->takeStartTls()) tlsPending = true;
        }
    }
    void take() {
        out += session->takeOutput();
        for (const pop3::ServerEvent& e : session->takeEvents())
            events += std::to_string(static_cast<int>(e.kind)) + " " + std::to_string(e.number) + " " + e.text + "\n";
    }
    std::string mailboxes() const {
        std::string s;
        for (const char* user : {"alice", "bob"}) {
            s += std::string(user) + ":";
            for (const auto& m : store.inbox(user)) s += " " + m.uid;
            s += "\n";
        }
        return s;
    }
};

void fuzzServer(std::uint8_t mode, std::string_view data) {
    const bool plaintext = !(mode & 2), tlsOffered = mode & 4;
    ServerRun whole(plaintext, tlsOffered), bytes(plaintext, tlsOffered);
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(p); });
    require(whole.out == bytes.out, "POP3 server: output differs when fed one byte at a time",
            whole.out + "\n--\n" + bytes.out);
    require(whole.events == bytes.events, "POP3 server: events differ by split", whole.events + "\n--\n" + bytes.events);
    require(whole.mailboxes() == bytes.mailboxes(), "POP3 server: mailboxes differ by split");
    require(whole.session->state() == bytes.session->state(), "POP3 server: state differs by split");

    const std::size_t statuses = checkServerOutput(whole.out);
    require(statuses <= countLf(data) + 2, "POP3 server: more replies than input lines + greeting", whole.out);

    // Never stuck: end the line, cancel a SASL exchange, QUIT. UPDATE removes exactly the marked
    // messages (counted once the last line of the input is complete: it may be a DELE).
    whole.tlsPending = false;  // the handshake is done: the session goes on inside TLS
    require(whole.session->tlsActive() == bytes.session->tlsActive(), "POP3 server: TLS differs by split");
    const bool closedBefore = whole.session->wantsClose();
    const std::size_t outBefore = whole.out.size();
    whole.feed("\r\n");
    const std::string user = whole.session->user();
    const std::size_t marked = whole.session->markedCount();
    const std::size_t inboxBefore = user.empty() ? 0 : whole.store.inbox(user).size();
    if (whole.session->state() == pop3::ServerState::Transaction)
        require(whole.store.isLocked(user), "POP3 server: the maildrop is not locked during TRANSACTION");
    whole.tlsPending = false;  // the "\r\n" may have ended an STLS line: that handshake is done too
    whole.feed("*\r\nQUIT\r\n");
    require(whole.session->wantsClose(), "POP3 server: still open after QUIT", whole.out);
    if (closedBefore) require(whole.out.size() == outBefore, "POP3 server: replied after closing");
    checkServerOutput(whole.out);
    if (!user.empty()) {
        const std::size_t inboxAfter = whole.store.inbox(user).size();
        require(inboxAfter == inboxBefore || inboxAfter + marked == inboxBefore,
                "POP3 server: UPDATE removed other messages than the marked ones");
    }
    whole.session.reset();
    require(!whole.store.isLocked("alice") && !whole.store.isLocked("bob"),
            "POP3 server: the maildrop stays locked after the session ended");
}

struct ClientRun {
    pop3::ClientSession session;
    std::string out;
    explicit ClientRun(pop3::ClientJob job) : session(std::move(job)) {}
    void feed(std::string_view bytes) {
        session.feed(bytes);
        out += session.takeOutput();
    }
    std::string result() const {
        const pop3::ClientResult& r = session.result();
        std::string s = std::to_string(r.success) + std::to_string(r.retryable) + " " + std::to_string(r.deleted) +
                        " " + std::to_string(r.skipped) + " " + r.failureReason + " " + r.finalReply.describe() + "\n";
        for (const auto& d : r.downloaded) s += std::to_string(d.number) + " " + d.uid + " " + d.content + "\n";
        for (const auto& u : r.serverUids) s += u + ",";
        return s;
    }
};

void fuzzClient(std::uint8_t mode, std::string_view data) {
    pop3::ClientJob job;
    job.user = "alice";
    job.password = "secret";
    job.mode = (mode & 2) ? pop3::ClientJob::Mode::KeepOnServer : pop3::ClientJob::Mode::DownloadAndDelete;
    if (mode & 4) job.knownUids = {"uid-2", "00000002"};
    job.maxMessageSize = 2000;

    ClientRun whole(job), bytes(job);
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(p); });
    require(whole.out == bytes.out, "POP3 client: output differs when fed one byte at a time",
            whole.out + "\n--\n" + bytes.out);
    require(whole.result() == bytes.result(), "POP3 client: result differs by split",
            whole.result() + "\n--\n" + bytes.result());

    bool quit = false;
    const std::vector<std::string_view> sent = crlfLines(whole.out, "POP3 client");
    // Lock-step: one command per server line at most.
    require(sent.size() <= countLf(data), "POP3 client: more commands than server lines", whole.out);
    for (std::string_view line : sent) {
        require(!quit, "POP3 client: sent something after QUIT", whole.out);
        require(line == "CAPA" || line == "USER alice" || line == "PASS secret" || startsWith(line, "AUTH PLAIN ") ||
                    line == "*" || line == "STAT" || line == "UIDL" || line == "LIST" || line == "QUIT" ||
                    startsWith(line, "RETR ") || startsWith(line, "DELE "),
                "POP3 client: sent an unexpected line", line);
        quit = line == "QUIT";
    }
    const pop3::ClientResult& r = whole.session.result();
    for (const auto& d : r.downloaded)
        require(d.content.size() <= job.maxMessageSize + 2, "POP3 client: kept a message over its size limit");
    if (r.success) require(r.finalReply.ok(), "POP3 client: success without +OK to QUIT");
    whole.session.connectionClosed();
    require(whole.session.finished(), "POP3 client: not finished after the connection closed");
    require(whole.session.result().success || !whole.session.result().failureReason.empty(),
            "POP3 client: failed without a reason");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const Input in = splitMode(bytes, size);
    if (in.mode & 1)
        fuzzClient(in.mode, in.data);
    else
        fuzzServer(in.mode, in.data);
    return 0;
}
