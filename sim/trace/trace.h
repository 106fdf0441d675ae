// The Trace: append-only, typed, time-stamped records of everything a run did
// (packets and their hops, connections, protocol lines, DNS, mail stages).
// Deterministic for a scenario + seed. Exporters and the GUI read it; it never simulates.
#pragma once

#include "core/time.h"
#include "net/packet.h"
#include "trace/caption.h"
#include "trace/phrase.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace postino::trace {

using NodeIndex = std::uint32_t;

struct NodeInfo {
    std::string id;
    std::string hostname;
    std::string type;  // "client", "mail_server", "dns_server", "router"
    std::uint32_t ip = 0;
};

struct LinkInfo {
    std::string id;
    NodeIndex a = 0, b = 0;
};

// One packet as it left its origin (captured once, for pcap and inspection).
struct PacketRecord {
    Time sent;
    NodeIndex origin = 0;
    net::Packet packet;
};

// One link crossing of one packet.
struct HopRecord {
    std::uint64_t packetId = 0;  // index into Trace::packets
    std::uint32_t link = 0;
    NodeIndex from = 0, to = 0;
    Time start, arrival;
    std::uint32_t bytes = 0;  // frame bytes
};

// Why the network lost a packet.
enum class DropReason : std::uint8_t {
    NodeDown,       // it reached a node that is down, or was still queued on one that went down
    LinkDown,       // the link it was crossing (or about to cross) went down
    NoRoute,        // a router (or host) had no route to its destination: dropped, no ICMP sent
    NoSuchAddress,  // no node has its destination address
};
inline std::string_view dropReasonText(DropReason r) {
    switch (r) {
        case DropReason::NodeDown: return "node down";
        case DropReason::LinkDown: return "link down";
        case DropReason::NoRoute: return "no route";
        case DropReason::NoSuchAddress: return "no such address";
    }
    return "lost";
}

// A packet the network lost: when, where and why (Trace::drops, in time order).
// With `link` set, the packet died on that link: a HopRecord with the same packetId and
// link ends at `time` instead of arriving (LinkDown: cut on the wire, or about to be sent
// over a link that is down, then without a HopRecord; NodeDown: queued on a node that went
// down, or it arrived over that link at a node that is down). Without a link it died inside
// `node` (no route, no such address, or sent by a node that is down).
struct DropRecord {
    static constexpr std::uint32_t kNoLink = UINT32_MAX;
    Time time;
    std::uint64_t packetId = 0;  // index into Trace::packets
    DropReason reason = DropReason::NoRoute;
    NodeIndex node = 0;  // where: the node that dropped it, or the node it was leaving on a cut link
    std::uint32_t link = kNoLink;
};

struct ConnectionRecord {
    std::uint32_t id = 0;  // 1-based; Trace::connections[id - 1]
    net::AppProtocol app = net::AppProtocol::Other;
    std::string service;  // "SMTP (submission)", "SMTP (relay)", ...
    NodeIndex client = 0, server = 0;
    std::uint32_t clientIp = 0, serverIp = 0;
    std::uint16_t clientPort = 0, serverPort = 0;
    Time opened, closed = Time::max();
};

// One protocol line exactly as written on a connection (without CRLF).
struct LineRecord {
    Time time;
    std::uint32_t connection = 0;
    bool fromClient = true;
    std::string text;
    bool tls = false;  // it crossed inside TLS: on the wire only encrypted records were seen
};

enum class EventKind {
    ConnectionOpened,
    ConnectionClosed,
    DnsQuery,
    DnsAnswer,
    DnsCacheHit,
    MailSubmitted,  // a client hands a new message to its server
    MailAccepted,   // smtpd accepted it (queue id)
    Cleanup,        // headers added
    Queued,
    MxLookup,
    Relaying,
    Relayed,
    Delivered,      // stored in a local mailbox
    CheckingMail,   // a device starts reading a mailbox (POP3/IMAP)
    Downloaded,     // a device's local copy changed after reading mail
    Deferred,       // stays in the queue (temporary failure)
    Rejected,       // refused by a server
    MailboxChanged,
    Note,
    Retrying,       // the queue manager tries a deferred mail again
    Bounced,        // a recipient failed for good: a delivery status notification goes back
    Outage,         // the world breaks or mends: a node or link down / up, a server's errors
    TlsStarted,     // a TLS handshake ended well: from here the connection is encrypted
    TlsFailed,      // a TLS handshake failed (a certificate refused, a stream cut): why
    DkimSigned,     // a server signed a message with DKIM (d=, s=, algorithm), or could not
    Forwarded,      // a server rewrote a recipient with its forward (virtual alias) table
    SenderChecked,      // a receiving server's SPF, DKIM or DMARC check passed (or had nothing to say)
    SenderCheckFailed,  // such a check failed, or could not be done (permerror, temperror): why
    Quarantined,        // the checks send the mail to the recipient's Junk folder
};
std::string_view eventKindName(EventKind k);

// A teaching event for the timeline: what happened, where, in words.
struct Event {
    Time time;
    EventKind kind = EventKind::Note;
    NodeIndex node = 0;
    std::uint32_t connection = 0;  // 0: none
    std::string messageId;         // Message-ID or queue id when it concerns a mail
    std::string mailbox;           // address, for deliveries and mailbox changes
    int mailboxCount = -1;         // messages in that mailbox after the change
    std::string text;              // the English sentence, as printed and exported
    // For translations: the English fmt format string of `text` (plain {} placeholders;
    // empty when the text came from elsewhere and is not translatable) and its arguments,
    // already formatted: formatPhrase(format, args) == text. A counted sentence also has its
    // plural format and the count that chose between them (text uses `plural` unless count == 1).
    // Bit i of termArgs: args[i] is an English term of ours, translated with the sentence.
    std::string format;
    std::vector<std::string> args;
    std::string pluralFormat;
    long count = 0;
    std::uint32_t termArgs = 0;
    // Bit i of partArgs: args[i] is the text of the next of `parts`, a sentence translated on its own.
    std::uint32_t partArgs = 0;
    std::vector<Phrase> parts;

    void setPhrase(Phrase p) {
        format = std::move(p.format);
        args = std::move(p.args);
        text = std::move(p.text);
        pluralFormat = std::move(p.plural);
        count = p.count;
        termArgs = p.termArgs;
        partArgs = p.partArgs;
        parts = std::move(p.parts);
    }
};

// One change of a stored message, as a mailbox inspector replays it: on a server (its mail
// store) or on a device (its POP3 copy or IMAP cache). Recorded only when something changed.
struct MailboxRecord {
    enum class Op : std::uint8_t { Added, FlagsChanged, Removed };
    Time time;
    NodeIndex node = 0;
    std::string mailbox;  // the account address
    std::string folder;   // "INBOX", "Sent", "Shared/info@shop.example/INBOX" on devices
    std::uint32_t uid = 0;  // per folder; POP3 copies count 1, 2, ... in download order
    Op op = Op::Added;
    std::uint8_t flags = 0;  // mail::flag bits after the change
    // Added only: what a mailbox list shows.
    std::string subject, from;
    std::uint32_t size = 0;
};

// An answer a resolver put in its cache: the DNS inspector shows the cache at time t with
// the seconds each entry has left.
struct DnsCacheRecord {
    Time time;
    NodeIndex node = 0;       // the resolver's node
    std::string question;     // "MX recipient.example"
    std::string answer;       // "MX 10 mail.recipient.example" or "NXDOMAIN"
    std::uint32_t ttl = 0;    // seconds
};

// Where one mail in a mail server's queue stands: a snapshot written at every change (arrival,
// each attempt, deferral, per-recipient outcome, bounce, removal) by the queue manager. The
// Queue inspector and the map's queue badges replay them; the summary counts final states.
enum class QueueName : std::uint8_t { Incoming, Active, Deferred, Hold, Removed };
enum class RecipientStatus : std::uint8_t { Pending, Delivered, Relayed, Deferred, Bounced };
std::string_view queueNameText(QueueName q);             // "incoming", "active", ...
std::string_view recipientStatusText(RecipientStatus s);  // "pending", "delivered", ...

struct QueueRecipient {
    std::string address;
    RecipientStatus status = RecipientStatus::Pending;
    std::string lastReply;  // the last answer or failure, in Postfix's words ("host x said: 550 5.1.1 ...")
    std::string dsnStatus;  // "5.1.1", "4.4.1", "2.0.0"; empty while pending
};

struct QueueRecord {
    Time time;
    NodeIndex node = 0;
    std::string queueId;
    std::string messageId;
    std::string sender;    // the envelope sender; empty for a bounce (MAIL FROM:<>)
    bool isBounce = false;
    QueueName queue = QueueName::Incoming;
    Time arrival;
    int attempts = 0;                 // delivery attempts so far
    Time nextAttempt = Time::max();   // deferred: when it is tried again
    std::uint64_t size = 0;           // message octets
    std::vector<QueueRecipient> recipients;
};

// A link cut or mended (link_down / link_up): the map draws a cut link from these.
struct LinkStateRecord {
    Time time;
    std::uint32_t link = 0;  // index into Trace::links
    bool up = true;
};

// One mail the run saw, by its Message-ID (bounces are mails too). Its place in Trace::mails
// plus one is its mail id: small, stable for a scenario + seed, so the viewer can colour it.
struct MailInfo {
    std::string messageId;  // with its <>
    std::string subject, from, to;  // header fields, encoded words decoded
    bool isBounce = false;
};

// Where a mail can be: a client's outbox (submitted, not yet taken by its server), a mail
// server's queue, a server mailbox folder, a device's copy (POP3 download or IMAP cache, any
// folder), or on the wire in one connection (from the start of DATA to the final reply).
enum class MailPlace : std::uint8_t { Outbox, Queue, Mailbox, Device, Wire };
std::string_view mailPlaceName(MailPlace p);  // "outbox", "queue", "mailbox", "device", "wire"

// A mail arrived at a place or left it (removed, expunged, deleted by POP3, bounced, moved:
// a move leaves one folder and arrives in another). A mail may be in several places at once.
// Written where the simulation knows it, in time order (Trace::mailPlaces).
struct MailPlaceRecord {
    Time time;
    std::uint32_t mail = 0;  // 1-based: Trace::mails[mail - 1]
    NodeIndex node = 0;
    MailPlace place = MailPlace::Outbox;
    bool present = true;     // arrived (or changed: a queue record with another queue name); false: left
    // Outbox, Mailbox, Device: the account address; Queue: the queue id.
    std::string account;
    // Mailbox, Device: the folder ("INBOX", "Trips"); Queue: the queue name ("incoming",
    // "active", "deferred"...), so the queue record with this id and time ties to it.
    std::string folder;
    std::uint32_t uid = 0;         // Mailbox, Device: the message's UID in that folder
    std::uint32_t connection = 0;  // Wire: the connection that carries it
};

// The mail one connection carried, as the simulation sent it: SMTP (envelope, replies, the DATA
// text), a POP3 RETR answer, an IMAP FETCH BODY[] or APPEND literal. The text is not copied: it is Trace::lines[firstLine, endLine), dot-stuffed on the
// wire when `dotStuffed`, `textBytes` octets once unstuffed with CRLF line ends.
struct CarriedMailRecord {
    std::uint32_t connection = 0;
    std::uint32_t mail = 0;  // 1-based mail id
    bool fromClient = true;  // who wrote the text
    // The text's first line .. the final reply (SMTP) or the other side's next words (POP3, IMAP);
    // max: never answered.
    Time start, end = Time::max();
    std::uint32_t firstLine = 0, endLine = 0;
    std::uint64_t textBytes = 0;
    bool dotStuffed = true;
    // SMTP: the envelope and its replies ("" when unanswered).
    struct Recipient {
        std::string address, reply;
    };
    std::string mailFrom, mailFromReply;
    std::vector<Recipient> recipients;
    std::string dataReply, finalReply;
    // POP3 / IMAP: what brought the text ("RETR 1  →  +OK 744 octets", "* 1 FETCH (BODY[] {744}").
    std::string fetchLine;
};

// The copy a mail server delivered into a local mailbox, told against the text the server
// received: the copy is `top` (Return-Path:, Delivered-To:, the server's Received:) followed by
// that text, with `headerEnd` (fields cleanup supplied: Message-Id:, Date:; usually "") inserted at
// the end of its header. The text itself is the CarriedMailRecord's that brought it (not copied).
struct DeliveredCopyRecord {
    Time time;
    std::uint32_t mail = 0;  // 1-based mail id
    NodeIndex node = 0;      // the server
    std::string account, folder;
    std::uint32_t uid = 0;
    std::string top, headerEnd;
};

// A DNS record the World generated for a DNS server (not written in its zones): a DKIM key's
// TXT record at selector._domainkey.domain, so the DNS inspector lists what the server answers.
struct PublishedRecord {
    NodeIndex node = 0;  // the DNS server
    std::string zone;    // the origin of the zone it is in
    std::string name;
    std::uint32_t ttl = 0;
    std::string type;    // "TXT"
    std::string data;    // the text (its strings joined)
};

struct Trace {
    std::vector<NodeInfo> nodes;
    std::vector<LinkInfo> links;
    std::vector<PacketRecord> packets;
    std::vector<HopRecord> hops;
    std::vector<DropRecord> drops;  // in time order
    std::vector<ConnectionRecord> connections;
    std::vector<LineRecord> lines;
    std::vector<Event> events;
    std::vector<MailboxRecord> mailboxRecords;  // in time order
    std::vector<DnsCacheRecord> dnsCache;        // in time order
    std::vector<QueueRecord> queue;              // in time order
    std::vector<LinkStateRecord> linkStates;     // in time order
    // What each application write or DNS message says: Packet::caption is an id into it
    // (1-based, shared by a write's segments and their retransmissions, and by recent writes
    // that say the same).
    std::vector<Caption> captions;
    std::vector<MailInfo> mails;                  // by mail id - 1
    std::vector<MailPlaceRecord> mailPlaces;     // in time order
    std::vector<CarriedMailRecord> carriedMail;  // in the order their text started
    std::vector<DeliveredCopyRecord> deliveredCopies;  // in time order
    std::vector<PublishedRecord> publishedRecords;     // written as the world starts
    // The writers' index: Message-ID -> mail id (see trace/mail_places.h). Not exported.
    std::unordered_map<std::string, std::uint32_t> mailIds;

    std::uint32_t addConnection(ConnectionRecord c) {
        c.id = static_cast<std::uint32_t>(connections.size() + 1);
        connections.push_back(std::move(c));
        return connections.back().id;
    }
    std::uint32_t addCaption(Caption c) {
        if (c.text.empty()) return 0;
        // The same words written again lately ("250 2.1.5 Ok", "QUIT") share one entry.
        for (std::size_t back = 1; back <= 16 && back <= captions.size(); ++back)
            if (captions[captions.size() - back] == c) return static_cast<std::uint32_t>(captions.size() - back + 1);
        captions.push_back(std::move(c));
        return static_cast<std::uint32_t>(captions.size());
    }
    // nullptr for id 0 (no caption) or an unknown id.
    const Caption* caption(std::uint32_t id) const {
        return id == 0 || id > captions.size() ? nullptr : &captions[id - 1];
    }
    ConnectionRecord& connection(std::uint32_t id) { return connections.at(id - 1); }
    const ConnectionRecord& connection(std::uint32_t id) const { return connections.at(id - 1); }
};

}  // namespace postino::trace
