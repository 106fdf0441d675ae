// libFuzzer target for the IMAP engines. First byte, bits 0-1: 0 or 3 = one server session fed
// client bytes, 1 = the client fed server bytes, 2 = two server sessions on one store (input
// lines starting with '~' go to the second, the others to the first; each is notified of the
// other's changes). Bit 2: log in and select INBOX first (server) / AUTHENTICATE PLAIN (client).
// Bit 3: Alice's mailbox has 600 octets of quota left (server) / fetch one UID at a time (client).
// Bit 4: STARTTLS offered, bit 5: no plaintext login outside TLS (server; after an accepted
// STARTTLS the rest of the input is TLS, the glue's: the engine drops what came with it).
// Invariants: server output parses as IMAP responses (the client's own reader), tagged ones
// OK/NO/BAD, no NUL; output stays bounded; the same bytes at once or one byte at a time give
// the same output, events and store; the store keeps UIDs ascending below UIDNEXT and every
// mailbox within its quota; after the input, "\r\nDONE\r\n*\r\nZ LOGOUT\r\n" (after filling
// any literal the input announced) ends the session; the client sends only tagged commands in
// order, and ends once the connection closes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "imap_client/client_session.h"
#include "imap_client/response_reader.h"
#include "mail/mail_store.h"

using namespace postino;
using namespace postino::fuzz;

namespace {

constexpr std::size_t kAppendLimit = 4096;
constexpr std::uint64_t kQuotaRoom = 600;  // octets Alice may still add (mode bit 3)
const std::string kTerminator = "\r\nDONE\r\n*\r\nZ LOGOUT\r\n";

// Parses the server's output with the client's response reader. Returns the number of responses.
std::size_t checkResponses(std::string_view out) {
    // RFC 3501 9: neither lines nor literals carry NUL (only BINARY's literal8, not offered).
    require(out.find('\0') == std::string_view::npos, "IMAP server: a NUL octet in the output", out);
    imap_client::ResponseReader reader;
    std::string_view rest = out;
    std::size_t n = 0;
    while (!rest.empty()) {
        const auto st = reader.next(rest);
        // Past the client's bounds (literals per response, nesting) the rest cannot be read;
        // Dovecot's output goes past them too (e.g. ENVELOPE of many 8-bit addresses).
        if (st == imap_client::ResponseReader::Status::Error && isImapClientLimit(reader.error())) return n;
        require(st != imap_client::ResponseReader::Status::Error,
                "IMAP server: output does not parse as responses: " + reader.error(), out);
        require(st == imap_client::ResponseReader::Status::Done, "IMAP server: output ends inside a response", out);
        const imap_client::Response& r = reader.response();
        if (r.kind == imap_client::Response::Kind::Tagged)
            require(r.keyword == "OK" || r.keyword == "NO" || r.keyword == "BAD", "IMAP server: tagged response "
                    "that is not OK, NO or BAD", r.describe());
        else if (r.kind == imap_client::Response::Kind::Untagged)
            require(!r.keyword.empty(), "IMAP server: untagged response without a keyword", r.describe());
        ++n;
    }
    return n;
}

std::size_t storeBytes(const mail::MailStore& store) {
    std::size_t n = 0;
    for (const auto& [owner, box] : store.mailboxes())
        for (const auto& [name, folder] : box.folders())
            for (const auto& m : folder.messages) n += m.data.size() + 64;
    return n;
}

// UIDs ascending and below UIDNEXT, mod-sequences within the folder's, flags known; no
// mailbox over its quota (the store starts within them all).
void checkStore(const mail::MailStore& store) {
    for (const auto& [owner, box] : store.mailboxes()) {
        require(box.usedBytes() <= box.quotaBytes(), "IMAP store: " + owner + " went over its quota");
        for (const auto& [name, folder] : box.folders()) {
            require(name == folder.name, "IMAP store: folder key differs from its name", name);
            std::uint32_t last = 0;
            for (const auto& m : folder.messages) {
                require(m.uid > last, "IMAP store: UIDs not ascending in " + name);
                require(m.uid < folder.uidNext, "IMAP store: a UID not below UIDNEXT in " + name);
                require(m.modSeq <= folder.highestModSeq, "IMAP store: a message modseq above the folder's");
                require((m.flags & ~mail::flag::All) == 0, "IMAP store: unknown flag bits");
                last = m.uid;
            }
        }
    }
}

std::string describeStore(const mail::MailStore& store) {
    std::string s;
    for (const auto& [owner, box] : store.mailboxes()) {
        for (const auto& [name, folder] : box.folders()) {
            s += owner + "/" + name + " " + std::to_string(folder.uidValidity) + " " + std::to_string(folder.uidNext) +
                 " " + std::to_string(folder.highestModSeq) + ":";
            for (const auto& m : folder.messages) {
                s += " " + std::to_string(m.uid) + "/" + std::to_string(m.flags) + "/" + std::to_string(m.data.size());
                for (const auto& k : m.keywords) s += "/" + k;
            }
            s += "\n";
        }
        for (const auto& sub : box.subscriptions()) s += "sub " + sub + "\n";
    }
    return s;
}

struct World {
    mail::MailStore store;
    imap::MemoryPolicy policy;
    imap::ServerConfig config{"imap.example.org"};
    std::vector<std::unique_ptr<imap::ServerSession>> sessions;
    std::vector<std::string> out;
    std::string events;

    // STARTTLS was accepted by session i: what follows on the wire is TLS, the glue's business,
    // until the test says the handshake is done (the engine dropped the rest of its input at once).
    std::vector<bool> tlsPending;

    World(int count, bool login, bool tightQuota = false, bool tls = false, bool plaintext = true) {
        config.maxAppendSize = kAppendLimit;
        config.tlsOffered = tls;
        config.allowPlaintextAuth = plaintext;
        policy.addUser("alice@example.org", "secret");
        policy.addUser("bob@example.org", "hunter2");
        mail::Mailbox& alice = store.create("alice@example.org");
        alice.append("INBOX", "Subject: one\r\nFrom: Bob <bob@example.org>\r\nTo: alice@example.org\r\n\r\nfirst\r\n",
                     Time::zero());
        alice.append("INBOX",
                     "Subject: =?UTF-8?Q?caf=C3=A9?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
                     "boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1\r\nContent-Type: "
                     "application/pdf; name=\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b1--\r\n",
                     Time::zero(), mail::flag::Seen);
        alice.append("INBOX", "Subject: three\r\n\r\nthird\r\n", Time::zero(), mail::flag::Flagged);
        alice.append("Archive", "Subject: old\r\n\r\nold\r\n", Time::zero());
        alice.subscribe("Archive");
        store.create("bob@example.org").append("INBOX", "Subject: bob\r\n\r\nhi\r\n", Time::zero());
        store.createShared("team@example.org", {"alice@example.org", "bob@example.org"})
            .append("INBOX", "Subject: team\r\n\r\nteam\r\n", Time::zero());
        if (tightQuota) alice.setQuotaBytes(alice.usedBytes() + kQuotaRoom);
        for (int i = 0; i < count; ++i) {
            sessions.push_back(std::make_unique<imap::ServerSession>(config, policy, store));
            out.emplace_back();
            tlsPending.push_back(false);
            sessions.back()->start();
            if (login) sessions.back()->feed("P LOGIN alice@example.org secret\r\nQ SELECT INBOX\r\n");
            take(static_cast<std::size_t>(i));
        }
    }
    void feed(std::size_t i, std::string_view bytes) {
        if (tlsPending[i]) return;
        sessions[i]->feed(bytes);
        take(i);
        if (sessions[i]->takeStartTls()) tlsPending[i] = true;
        // As the glue does after a failed login's delay: feed again (the engine kept the rest).
        // A STARTTLS in what the engine kept is taken there too: after it, the wire is TLS.
        while (!tlsPending[i] && sessions[i]->takeReplyDelay()) {
            sessions[i]->feed("");
            take(i);
            if (sessions[i]->takeStartTls()) tlsPending[i] = true;
        }
        for (std::size_t j = 0; j < sessions.size(); ++j)
            if (j != i) {
                sessions[j]->notify();
                take(j);
            }
    }
    void take(std::size_t i) {
        out[i] += sessions[i]->takeOutput();
        for (const imap::ImapEvent& e : sessions[i]->takeEvents())
            events += std::to_string(i) + " " + std::string(imap::eventKindName(e.kind)) + " " + e.folder + " " +
                      std::to_string(e.uid) + " " + e.text + "\n";
    }
};

// Ends the session i: any literal the input announced is filled (at most a line's worth), any
// line, IDLE or SASL exchange is ended, then LOGOUT.
void endSession(World& w, std::size_t i) {
    imap::ServerSession& s = *w.sessions[i];
    w.tlsPending[i] = false;  // the handshake is done: the session goes on inside TLS
    const bool closedBefore = s.wantsClose();
    const std::size_t before = w.out[i].size();
    w.feed(i, kTerminator);
    if (!s.wantsClose()) {
        w.tlsPending[i] = false;  // the terminator may have ended a STARTTLS line: that handshake is done too
        w.feed(i, std::string(imap::kMaxOtherLiteral + 16, 'x') + kTerminator);
    }
    require(s.wantsClose(), "IMAP server: still open after LOGOUT", w.out[i]);
    if (closedBefore) require(w.out[i].size() == before, "IMAP server: answered after BYE", w.out[i]);
    checkResponses(w.out[i]);
    const std::size_t after = w.out[i].size();
    w.feed(i, "a NOOP\r\n");
    require(w.out[i].size() == after, "IMAP server: answered after BYE");
}

void fuzzServer(std::uint8_t mode, std::string_view data) {
    const bool login = mode & 4, tightQuota = mode & 8, tls = mode & 16, plaintext = !(mode & 32);
    World whole(1, login, tightQuota, tls, plaintext), bytes(1, login, tightQuota, tls, plaintext);
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(0, p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(0, p); });
    require(whole.out[0] == bytes.out[0], "IMAP server: output differs when fed one byte at a time",
            whole.out[0] + "\n--\n" + bytes.out[0]);
    require(whole.events == bytes.events, "IMAP server: events differ by split", whole.events + "\n--\n" + bytes.events);
    require(describeStore(whole.store) == describeStore(bytes.store),
            "IMAP server: the store differs by split", describeStore(whole.store) + "\n--\n" + describeStore(bytes.store));
    require(whole.sessions[0]->state() == bytes.sessions[0]->state(), "IMAP server: state differs by split");
    require(whole.sessions[0]->tlsActive() == bytes.sessions[0]->tlsActive(), "IMAP server: TLS differs by split");

    checkResponses(whole.out[0]);
    require(whole.out[0].size() <= (data.size() + 64) * (storeBytes(whole.store) + 512),
            "IMAP server: output out of proportion to input and store");
    checkStore(whole.store);
    endSession(whole, 0);
    checkStore(whole.store);
}

void fuzzTwoSessions(std::uint8_t mode, std::string_view data) {
    World w(2, mode & 4, mode & 8, mode & 16, !(mode & 32));
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t end = data.find('\n', pos);
        end = end == std::string_view::npos ? data.size() : end + 1;
        std::string_view line = data.substr(pos, end - pos);
        pos = end;
        std::size_t who = 0;
        if (!line.empty() && line[0] == '~') {
            who = 1;
            line.remove_prefix(1);
        }
        if (!line.empty()) w.feed(who, line);
    }
    for (std::size_t i = 0; i < 2; ++i) checkResponses(w.out[i]);
    checkStore(w.store);
    endSession(w, 0);
    endSession(w, 1);
    checkStore(w.store);
}

struct ClientRun {
    imap_client::DeviceCache cache;
    imap_client::ClientSession session;
    std::string out;
    std::string events;
    explicit ClientRun(const imap_client::ClientJob& job) : session(job, cache) {}
    void feed(std::string_view bytes) {
        session.feed(bytes);
        out += session.takeOutput();
        for (const auto& e : session.takeEvents())
            events += std::string(imap_client::eventKindName(e.kind)) + " " + e.folder + " " + std::to_string(e.uid) +
                      " " + e.toFolder + " " + std::to_string(e.newUid) + " " + e.text + "\n";
    }
    std::string describe() const {
        const imap_client::ClientResult& r = session.result();
        std::string s = std::to_string(r.success) + " " + r.failureReason + " | " + r.lastResponse + "\n";
        for (const auto& o : r.operations) s += std::to_string(static_cast<int>(o.status)) + " " + o.text + "\n";
        for (const auto& [name, f] : cache.folders()) {
            s += name + " " + std::to_string(f.uidValidity) + " " + std::to_string(f.uidNext) + ":";
            for (const auto& [uid, m] : f.messages)
                s += " " + std::to_string(uid) + "/" + imap_client::formatFlagList(m.flags) + "/" +
                     std::to_string(m.content.size()) + "/" + std::to_string(m.downloaded);
            s += "\n";
        }
        for (const auto& m : cache.mailboxes) s += "list " + m.name + " " + m.delimiter + "\n";
        return s;
    }
};

const std::string kAppendContent = "Subject: draft\r\n\r\nplans\r\n";

void fuzzClient(std::uint8_t mode, std::string_view data) {
    imap_client::ClientJob job;
    job.user = "alice@example.org";
    job.password = "secret";
    job.useAuthenticatePlain = mode & 4;
    job.fetchBatch = (mode & 8) ? 1 : 50;
    job.ops = {imap_client::Sync{},
               imap_client::Read{"INBOX", 1},
               imap_client::SetFlags{"INBOX", 2, {"\\Flagged", "$Work"}, true},
               imap_client::Move{"INBOX", 3, "Archive"},
               imap_client::Delete{"INBOX", 4},
               imap_client::Append{"Drafts", {"\\Draft"}, kAppendContent, ""},
               imap_client::ListFolders{}};

    ClientRun whole(job), bytes(job);
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(p); });
    require(whole.out == bytes.out, "IMAP client: output differs when fed one byte at a time",
            whole.out + "\n--\n" + bytes.out);
    require(whole.events == bytes.events, "IMAP client: events differ by split", whole.events + "\n--\n" + bytes.events);
    require(whole.describe() == bytes.describe(), "IMAP client: result or cache differs by split",
            whole.describe() + "\n--\n" + bytes.describe());

    // Tagged commands A001, A002, ... in order, one per logged command; between them only the
    // literal of the APPEND, a SASL response or "*".
    std::string_view rest = whole.out;
    std::size_t tagged = 0;
    while (!rest.empty()) {
        if (startsWith(rest, kAppendContent)) {
            rest.remove_prefix(kAppendContent.size());
            continue;
        }
        const std::size_t end = rest.find("\r\n");
        require(end != std::string_view::npos, "IMAP client: output ends inside a line", whole.out);
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end + 2);
        std::string tag = std::to_string(tagged + 1);
        if (tag.size() < 3) tag.insert(0, 3 - tag.size(), '0');
        if (startsWith(line, "A" + tag + " ")) {
            ++tagged;
            continue;
        }
        require(line == "*" || (!line.empty() && line.find(' ') == std::string_view::npos), "IMAP client: "
                "a line that is neither the next tagged command nor a SASL response", line);
    }
    require(tagged == whole.session.commandLog().size(), "IMAP client: commands sent differ from its log", whole.out);
    require(tagged <= countLf(data), "IMAP client: more commands than server lines (it is lock-step)", whole.out);

    const imap_client::ClientResult& r = whole.session.result();
    require(r.operations.size() == job.ops.size(), "IMAP client: one outcome per operation");
    for (const auto& [name, f] : whole.cache.folders())
        for (const auto& [uid, m] : f.messages) require(uid == m.uid, "IMAP client: cache keyed by another UID");
    whole.session.connectionClosed();
    require(whole.session.finished(), "IMAP client: not finished after the connection closed");
    require(whole.session.result().success || !whole.session.result().failureReason.empty(),
            "IMAP client: failed without a reason");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const Input in = splitMode(bytes, size);
    switch (in.mode & 3) {
    case 1: fuzzClient(in.mode, in.data); break;
    case 2: fuzzTwoSessions(in.mode, in.data); break;
    default: fuzzServer(in.mode, in.data); break;
    }
    return 0;
}
