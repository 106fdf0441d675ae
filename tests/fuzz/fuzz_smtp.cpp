// libFuzzer target for the SMTP engines. First byte: bit 0 picks the side (0 = server fed
// client bytes, 1 = client fed server bytes); bits 1-4 pick the configuration (server:
// submission, a 300-octet SIZE limit, reject_sender_login_mismatch, Bob's mailbox nearly full;
// client: AUTH, the null sender, DSN parameters in the job).
// Invariants: replies are "ddd[ -]text\r\n" (printable, <= 512 octets) and parse as whole
// replies; at most a few replies per input line; the same bytes at once or one byte at a time
// give the same output, events and messages; after the input, "\r\n*\r\n.\r\nQUIT\r\n" ends a
// server session, a closed connection ends a client session; the client only ever sends its
// commands and the dot-stuffed message.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/ascii.h"
#include "fuzz_support.h"
#include "smtp/client_session.h"
#include "smtp/memory_policy.h"
#include "smtp/reply.h"
#include "smtp/server_session.h"

using namespace postino;
using namespace postino::fuzz;

namespace {

// Every line "ddd" + ' ' or '-' + printable text, at most 512 octets with CRLF; together they
// parse as whole replies. Returns the number of replies.
std::size_t checkReplies(std::string_view out) {
    for (std::string_view line : crlfLines(out, "SMTP reply")) {
        require(line.size() + 2 <= 512, "SMTP reply line over 512 octets", line);
        require(line.size() >= 3 && line[0] >= '2' && line[0] <= '5' && line[1] >= '0' && line[1] <= '9' &&
                    line[2] >= '0' && line[2] <= '9',
                "SMTP reply line without a code", line);
        require(line.size() == 3 || line[3] == ' ' || line[3] == '-', "SMTP reply code not followed by SP or -", line);
        require(isPrintableAscii(line), "unprintable byte in an SMTP reply", line);
    }
    smtp::ReplyParser parser;
    std::string_view rest = out;
    std::size_t replies = 0;
    while (!rest.empty()) {
        const auto st = parser.next(rest);
        require(st != smtp::ReplyParser::Status::Error, "SMTP replies do not parse: " + parser.error(), out);
        require(st == smtp::ReplyParser::Status::Done, "SMTP output ends inside a multiline reply", out);
        ++replies;
    }
    return replies;
}

constexpr std::uint64_t kBobRoom = 200;  // octets left in Bob's mailbox (mode bit 4)

struct ServerRun {
    smtp::MemoryPolicy policy;
    std::unique_ptr<smtp::ServerSession> session;
    std::string out;
    std::string events;

    ServerRun(bool submission, std::size_t maxSize, bool ownSenderOnly, bool bobAlmostFull) {
        policy.addUser("alice@example.org", "secret");
        policy.addUser("bob@example.org", "hunter2");
        policy.allowSender("team@example.org", "alice@example.org");
        if (bobAlmostFull)
            policy.setRoom("bob@example.org", kBobRoom,
                           "552 5.2.2 <bob@example.org>: Recipient address rejected: Quota exceeded");
        smtp::ServerConfig config{"mx.example.org", submission, maxSize};
        config.rejectSenderLoginMismatch = ownSenderOnly;
        session = std::make_unique<smtp::ServerSession>(config, policy, "203.0.113.5");
        session->start();
        take();
    }
    void feed(std::string_view bytes) {
        session->feed(bytes);
        take();
    }
    void take() {
        out += session->takeOutput();
        for (const smtp::ServerEvent& e : session->takeEvents())
            events += std::to_string(static_cast<int>(e.kind)) + " " + std::to_string(e.code) + " " + e.text + "\n";
    }
    std::string messages() const {
        std::string s;
        for (const smtp::AcceptedMessage& m : policy.accepted()) {
            s += "<" + m.mailFrom + "> " + m.heloName + " " + m.authUser + " " + std::to_string(m.esmtp) +
                 std::to_string(m.smtputf8) + std::to_string(m.body8bit) + ":";
            for (const std::string& r : m.rcptTo) s += " <" + r + ">";
            s += " RET=" + m.ret + " ENVID=" + m.envid;
            for (const smtp::RecipientDsn& d : m.rcptDsn) s += " " + smtp::formatNotify(d.notify) + "/" + d.orcpt;
            s += "\n" + m.data + "\n.\n";
        }
        return s;
    }
};

void fuzzServer(std::uint8_t mode, std::string_view data) {
    const bool submission = mode & 2;
    const std::size_t maxSize = (mode & 4) ? 300 : 10240000;
    const bool ownSenderOnly = mode & 8, bobAlmostFull = mode & 16;
    ServerRun whole(submission, maxSize, ownSenderOnly, bobAlmostFull),
        bytes(submission, maxSize, ownSenderOnly, bobAlmostFull);
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(p); });

    require(whole.out == bytes.out, "SMTP server: output differs when fed one byte at a time",
            "at once:\n" + whole.out + "\nbyte by byte:\n" + bytes.out);
    require(whole.events == bytes.events, "SMTP server: events differ when fed one byte at a time",
            whole.events + "\n--\n" + bytes.events);
    require(whole.messages() == bytes.messages(), "SMTP server: accepted messages differ by split");
    require(whole.session->state() == bytes.session->state(), "SMTP server: state differs by split");

    const std::size_t replies = checkReplies(whole.out);
    require(replies <= countLf(data) + 2, "SMTP server: more replies than input lines + greeting + close",
            whole.out);
    for (const smtp::AcceptedMessage& m : whole.policy.accepted()) {
        require(!m.rcptTo.empty() && m.rcptTo.size() <= smtp::kMaxRecipients, "SMTP server: message without recipients");
        require(m.data.size() <= maxSize, "SMTP server: accepted a message over the size limit");
        require(data.find(m.mailFrom) != std::string_view::npos, "SMTP server: MAIL FROM not from the input");
        // DSN values: one set per recipient, nothing a DSN's header fields could not carry.
        require(m.rcptDsn.size() == m.rcptTo.size(), "SMTP server: DSN parameters not one per recipient");
        require(m.ret.empty() || m.ret == "FULL" || m.ret == "HDRS", "SMTP server: bad RET kept", m.ret);
        require(isPrintableAscii(m.envid), "SMTP server: unprintable ENVID kept", m.envid);
        for (const smtp::RecipientDsn& d : m.rcptDsn) {
            for (char c : d.orcpt)
                require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, "SMTP server: control byte in ORCPT",
                        d.orcpt);
            require(!(d.notify.never && (d.notify.success || d.notify.failure || d.notify.delay)),
                    "SMTP server: NOTIFY=NEVER kept with another");
        }
        if (ownSenderOnly && !m.authUser.empty() && !m.mailFrom.empty())
            require(whole.policy.ownsSender(m.authUser, m.mailFrom), "SMTP server: accepted a sender the user does not own",
                    m.authUser + " as " + m.mailFrom);
        if (bobAlmostFull && m.data.size() > kBobRoom) {
            bool someoneElse = false;
            for (const std::string& r : m.rcptTo) someoneElse |= !equalsIgnoreCaseAscii(r, "bob@example.org");
            require(someoneElse, "SMTP server: accepted a message for a full mailbox only", m.data);
        }
    }

    // Never stuck: end any line, SASL exchange and DATA, then QUIT.
    const bool closedBefore = whole.session->wantsClose();
    const std::size_t before = whole.out.size();
    whole.feed("\r\n*\r\n.\r\nQUIT\r\n");
    require(whole.session->wantsClose(), "SMTP server: still open after QUIT", whole.out);
    if (closedBefore) require(whole.out.size() == before, "SMTP server: replied after closing");
    checkReplies(whole.out);
    const std::size_t after = whole.out.size();
    whole.feed("NOOP\r\n");
    require(whole.out.size() == after, "SMTP server: replied after closing");
}

struct ClientRun {
    smtp::ClientSession session;
    std::string out;
    explicit ClientRun(smtp::ClientJob job) : session(std::move(job)) {}
    void feed(std::string_view bytes) {
        session.feed(bytes);
        out += session.takeOutput();
    }
    std::string result() const {
        const smtp::ClientResult& r = session.result();
        std::string s = std::to_string(r.success) + std::to_string(r.retryable) + " " + r.failureReason + " " +
                        smtp::describeReply(r.finalReply) + "\n";
        for (const smtp::RecipientResult& rr : r.recipients)
            s += rr.address + " " + std::to_string(rr.code) + " " + rr.enhanced + " " + rr.text + " " +
                 std::to_string(rr.accepted) + "\n";
        return s;
    }
};

void fuzzClient(std::uint8_t mode, std::string_view data) {
    smtp::ClientJob job;
    job.heloName = "client.example.org";
    if (mode & 2) job.auth = std::make_pair(std::string("alice@example.org"), std::string("secret"));
    job.mailFrom = (mode & 4) ? "" : "alice@example.org";
    job.rcptTo = {"bob@example.net", "carol@example.net"};
    job.message = "Subject: hi\r\n\r\n.leading dot\r\nbody\r\n";
    if (mode & 8) {
        job.ret = "HDRS";
        job.envid = "Q+1 =x";
        job.rcptDsn = {smtp::RecipientDsn{smtp::DsnNotify{false, true, true, false}, "rfc822;Bob+1=x@example.net"}};
    }
    const std::string body = smtp::encodeDataBody(job.message);

    ClientRun whole(job), bytes(job);
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(p); });
    require(whole.out == bytes.out, "SMTP client: output differs when fed one byte at a time",
            whole.out + "\n--\n" + bytes.out);
    require(whole.result() == bytes.result(), "SMTP client: result differs by split",
            whole.result() + "\n--\n" + bytes.result());
    require(whole.session.stage() == bytes.session.stage(), "SMTP client: stage differs by split");

    // Only its own commands, the body right after DATA, nothing after QUIT.
    std::string_view rest = whole.out;
    std::size_t commands = 0;
    bool sentBody = false, quit = false;
    std::string_view previous;
    while (!rest.empty()) {
        if (previous == "DATA" && startsWith(rest, body)) {
            require(!sentBody, "SMTP client: sent the body twice");
            sentBody = true;
            rest.remove_prefix(body.size());
            previous = {};
            continue;
        }
        const std::size_t end = rest.find("\r\n");
        require(end != std::string_view::npos, "SMTP client: output ends inside a line", whole.out);
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end + 2);
        require(!quit, "SMTP client: sent something after QUIT", whole.out);
        require(startsWith(line, "EHLO ") || startsWith(line, "HELO ") || startsWith(line, "AUTH PLAIN ") ||
                    startsWith(line, "MAIL FROM:<") || startsWith(line, "RCPT TO:<") || line == "DATA" ||
                    line == "QUIT" || line == "*",
                "SMTP client: sent an unexpected line", line);
        require(isPrintableAscii(line) && line.size() <= 510, "SMTP client: bad command line", line);
        quit = line == "QUIT";
        previous = line;
        ++commands;
    }
    require(commands <= 8 + job.rcptTo.size(), "SMTP client: too many commands", whole.out);
    // Lock-step: one command per server reply line at most, plus nothing before the greeting.
    require(commands <= countLf(data), "SMTP client: more commands than server lines", whole.out);

    const smtp::ClientResult& r = whole.session.result();
    if (r.success) {
        require(sentBody && r.finalReply.code >= 200 && r.finalReply.code < 300, "SMTP client: success without 2xx");
        bool anyAccepted = false;
        for (const auto& rr : r.recipients) anyAccepted |= rr.accepted;
        require(anyAccepted, "SMTP client: success without an accepted recipient");
    }
    whole.session.connectionClosed();
    require(whole.session.finished(), "SMTP client: not finished after the connection closed");
    require(whole.session.result().success || !whole.session.result().failureReason.empty(),
            "SMTP client: failed without a reason");
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
