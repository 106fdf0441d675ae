// Scenario: the plain, validated description of a mail world (nodes, links,
// DNS zones, accounts, timed actions) as read from scenario JSON.
// Plain structs only: no behaviour, no I/O. The loader fills them; World builds from them.
#pragma once

#include "core/time.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::scenario {

// Text in several languages; key "en" is always present for loaded scenarios.
struct LocalizedText {
    std::map<std::string, std::string> byLanguage;  // "en", "it", "es", "el", ...
    const std::string& get(const std::string& lang) const;  // falls back to "en"
    bool operator==(const LocalizedText&) const = default;
};

// A browser is a device's web browser: it reads and sends mail through a webmail node,
// which speaks IMAP and SMTP to its mail server on the user's behalf.
enum class NodeType { Client, MailServer, DnsServer, Router, Webmail, Browser };

// "client", "mail_server", ... as written in scenario files.
const char* nodeTypeName(NodeType t);

enum class IncomingProtocol { None, Pop3, Imap };

// An account a mail client uses: the address, its password, the node id of
// the mail server it submits to (port 587, AUTH PLAIN) and reads mail from.
// How a mail program's account uses TLS (its "Connection security"): by default STARTTLS
// when its server has TLS, else none; or STARTTLS; or TLS from the first byte (465, 993, 995);
// or never (the password crosses in clear, where the server allows it).
enum class AccountTls { Auto, StartTls, Implicit, None };

struct ClientAccount {
    std::string address;
    std::string password;
    std::string server;  // node id of a mail_server (client accounts)
    std::string webmail;  // node id of a webmail (browser accounts)
    IncomingProtocol incoming = IncomingProtocol::None;  // how check_mail reads mail
    bool keepOnServer = false;                           // POP3: leave a copy (UIDL) instead of deleting
    AccountTls tls = AccountTls::Auto;                   // "tls": "starttls", "tls", "none"
    bool operator==(const ClientAccount&) const = default;
};

// A mailbox user on a mail server: full address and password.
struct MailUser {
    std::string address;
    std::string password;
    bool operator==(const MailUser&) const = default;
};

// A mailbox several users manage together (info@, support@): mail to the address lands
// in it, and each member opens it over IMAP with their own login as "Shared/<address>/".
struct SharedMailbox {
    std::string address;
    std::vector<std::string> members;  // addresses of users of the same server
    bool operator==(const SharedMailbox&) const = default;
};

enum class RecordType { A, MX, TXT };
const char* recordTypeName(RecordType t);  // "A", "MX", "TXT"

struct DnsRecord {
    std::string name;      // absolute, lower-case, no trailing dot ("mail.recipient.example")
    RecordType type = RecordType::A;
    std::uint32_t ttl = 3600;
    std::uint32_t address = 0;   // A: IPv4 in host byte order
    std::uint16_t preference = 0;  // MX
    std::string exchange;        // MX: absolute host name
    // TXT (SPF, DKIM keys, DMARC policies): the text as written, one entry for "text": "..."
    // (any length, cut into 255-octet character-strings when served), or one per character-string
    // for "text": ["...", "..."] (each at most 255 octets). Printable ASCII only.
    std::vector<std::string> texts;
    bool operator==(const DnsRecord&) const = default;
};

struct DnsZone {
    std::string origin;  // absolute, lower-case ("recipient.example")
    std::vector<DnsRecord> records;
    bool operator==(const DnsZone&) const = default;
};

// A mail server's TLS ("tls": true, or an object): a certificate from the lesson's CA for its
// host name; STARTTLS offered on 25 and 587 (required on 587), STLS on 110, STARTTLS on 143, TLS
// from the first byte on 465, 993 and 995; no password in clear unless plaintextAuth; a
// certificate can be made wrong on purpose.
enum class CertificateFault { None, WrongName, Expired };
struct ServerTls {
    bool enabled = false;
    bool plaintextAuth = false;                       // "plaintext_auth": passwords taken in clear (587, 110, 143)
    CertificateFault certificate = CertificateFault::None;  // "certificate": "wrong_name", "expired"
    bool operator==(const ServerTls&) const = default;
};

// What a mail server checks of mail that arrives on port 25 from a client that did not log in
// ("check_senders": true, or an object naming the checks): SPF of the client's address for
// the MAIL FROM domain, every DKIM signature, and the From: domain's DMARC policy (which reads
// the other two). Its DNS questions go through its resolver. Off by default.
struct SenderChecks {
    bool spf = false;
    bool dkim = false;
    bool dmarc = false;
    bool any() const { return spf || dkim || dmarc; }
    bool operator==(const SenderChecks&) const = default;
};

// A DKIM key a mail server signs with ("dkim"): the domain (d=), the selector (s=), the
// algorithm. The key itself comes from the scenario's seed, the domain and the selector, so
// every run has the same key; the World publishes its public half at
// selector._domainkey.domain in every zone holding that name that has no record there itself.
enum class DkimAlgorithm { RsaSha256, Ed25519Sha256 };
struct DkimSigning {
    std::string domain;    // lower-case
    std::string selector;  // lower-case, a sub-domain ("s2026", "mail.2026")
    DkimAlgorithm algorithm = DkimAlgorithm::RsaSha256;
    bool operator==(const DkimSigning&) const = default;
};

// How a mail server's queue manager retries and gives up (Postfix's parameters of the
// same names; defaults are Postfix's). A lesson shortens them so a retry fits in minutes.
struct QueueSettings {
    Duration minimalBackoff = Duration::seconds(300);          // minimal_backoff_time
    Duration maximalBackoff = Duration::seconds(4000);         // maximal_backoff_time
    Duration maximalLifetime = Duration::seconds(5 * 86400);   // maximal_queue_lifetime
    Duration bounceLifetime = Duration::seconds(5 * 86400);    // bounce_queue_lifetime
    Duration delayWarning = Duration::seconds(0);              // delay_warning_time; 0: none
    int hopCountLimit = 50;                                    // hopcount_limit (Received: lines)
    bool operator==(const QueueSettings&) const = default;
};

struct Node {
    std::string id;        // unique, [a-z0-9-]
    NodeType type = NodeType::Client;
    std::string hostname;  // e.g. "mail.sender.example"; defaults to id
    std::uint32_t ip = 0;  // IPv4, host byte order
    std::optional<std::pair<double, double>> position;  // optional map position for the GUI
    LocalizedText label;   // optional caption ("Alice's laptop"); may be empty

    // client, browser
    std::vector<ClientAccount> accounts;
    // client, webmail, browser, mail_server: node id of the dns_server it asks (its resolv.conf
    // nameserver); empty = none: it then finds its configured peers as if from /etc/hosts.
    std::string resolver;
    // mail_server
    std::vector<std::string> domains;  // lower-case
    std::vector<MailUser> users;
    std::vector<SharedMailbox> sharedMailboxes;
    std::string relayHost;             // node id of a mail_server that takes all outbound mail (smarthost)
    std::vector<std::string> relayClients;  // node ids that may relay through it without AUTH (mynetworks)
    std::vector<std::string> relayDomains;  // domains it takes mail for from anyone and passes on (a backup MX)
    std::optional<std::uint64_t> quotaBytes;  // quota_bytes: every mailbox's quota; unset: the store's default
    QueueSettings queue;                       // "queue": retries, lifetime, delay warnings, hop limit
    ServerTls tls;                             // "tls"
    SenderChecks checkSenders;                 // "check_senders"
    // "any_sender": its users may send from any address on 587 (Postfix without
    // reject_sender_login_mismatch, its default): a careless server, or a forger's own.
    bool anySender = false;
    std::string language = "en";              // the words of its bounces: "en", "it", "es", "el" (English too)
    std::vector<DkimSigning> dkim;             // "dkim": the keys it signs its own users' mail with
    // "forward": Postfix's virtual_alias_maps, one of its addresses → where its mail goes instead
    // (the envelope recipient is rewritten, MAIL FROM kept: no SRS). Keys lower-case.
    std::map<std::string, std::string> forward;
    // dns_server
    std::vector<DnsZone> zones;
    // webmail: the mail server it reads (IMAP) and sends (submission) through
    std::string mailServer;
    bool operator==(const Node&) const = default;
};

struct Link {
    std::string id;        // "a--b" unless given
    std::string a, b;      // node ids
    Duration latency = Duration::millis(1);
    std::int64_t bandwidthBitsPerSecond = 100'000'000;
    int mtu = 1500;
    bool operator==(const Link&) const = default;
};

// Read, Flag, Move and Delete act on one message of an IMAP account, found by subject.
// The rest break the world and mend it: a node (any host, a DNS server included) or a link
// goes down and comes back, a mail server answers every SMTP client with an error for a
// while, a mailbox is full for a while.
enum class ActionType {
    Send, SaveDraft, CheckMail, Read, Flag, Move, Delete,
    NodeDown, NodeUp, LinkDown, LinkUp, SmtpError, MailboxFull
};

// "send", "node_down", ... as written in scenario files.
const char* actionTypeName(ActionType t);

struct AttachmentSpec {
    std::string name;         // file name, UTF-8
    std::string contentType;  // empty: guessed from the name
    std::uint64_t size = 0;   // bytes; the content is generated deterministically
    bool operator==(const AttachmentSpec&) const = default;
};

struct Action {
    ActionType type = ActionType::Send;
    Time at;
    // send
    std::string node;  // client node id that sends
    std::string from;  // send: account address on that node; check_mail: the account to read
    std::vector<std::string> to, cc, bcc;
    std::string subject;  // send: the subject; read/flag/move/delete: text the message's subject contains
    std::string body;
    std::string html;                         // send: optional HTML version (multipart/alternative)
    // send: "from_header": the From: header the message shows ("Your Bank <security@bank.example>"),
    // when it is not the account (MAIL FROM stays the account's address); empty: the account.
    std::string fromHeader;
    // send: "mail_from": the envelope sender the program gives (MAIL FROM, like swaks --from or
    // sendmail -f) when it is not the account; empty: the account's address.
    std::string mailFrom;
    std::vector<AttachmentSpec> attachments;  // send
    std::string folder = "INBOX";  // read/flag/move/delete: where the message is
    std::string toFolder;          // move: where it goes
    std::string sharedMailbox;     // check_mail/read/flag/move/delete: act in this shared mailbox
    // node_down, link_down, smtp_error, mailbox_full: back to normal after this long; unset:
    // until node_up / link_up (smtp_error and mailbox_full always have one).
    std::optional<Duration> duration;
    std::string link;        // link_down / link_up: the link's id
    int replyCode = 0;       // smtp_error: 421, 451, 452 or 554
    std::string replyText;   // smtp_error: the reply's text after the code; empty: Postfix's usual words
    std::string mailbox;     // mailbox_full: the address whose mailbox is full
    bool operator==(const Action&) const = default;
};

// What a guided lesson's step waits for in the simulated trace (docs/scenario-format.md, "Steps").
// Each kind is matched against typed trace records, never against sentences.
enum class StepEvent {
    ConnectionOpened,  // a TCP connection opened (ConnectionRecord), optionally to `port`
    DnsQuery,          // a DNS question sent (its packet leaves the asker), optionally of `record` type / `name`
    DnsAnswer,         // a DNS answer reached the asker (decoded from the packet)
    DnsCacheHit,       // a resolver answered from its cache
    SmtpReply,         // an SMTP server wrote a reply, optionally with `code`
    MailSubmitted, MailAccepted, Relayed, Delivered, Deferred, Retrying, Bounced, CheckingMail, Downloaded,
    PacketLost,        // the network dropped a packet (DropRecord)
    TlsStarted,        // a TLS handshake finished: from here the connection is encrypted
    TlsFailed,         // a TLS handshake failed (a certificate refused, a handshake cut)
    DkimSigned,        // a sending server signed a mail with DKIM
    Forwarded,         // a server rewrote a recipient with its forward table
    SenderChecked,     // a receiving server's SPF, DKIM or DMARC check passed
    SenderCheckFailed, // such a check failed (or could not be done)
    Quarantined,       // the checks filed a mail in the recipient's Junk folder
};
// "dns_answer", ... as written in scenario files; and the reverse (nullopt when unknown).
const char* stepEventName(StepEvent e);
std::optional<StepEvent> stepEventFromName(std::string_view name);

struct StepWhen {
    StepEvent event = StepEvent::ConnectionOpened;
    std::string node;       // where it happens (see docs); empty: anywhere
    int port = 0;           // connection_opened: the server's port; 0: any
    std::string record;     // dns_query / dns_answer: the question's type, "A" or "MX"; empty: any
    std::string name;       // dns_query / dns_answer: the question's name, lower-case; empty: any
    int code = 0;           // smtp_reply: the reply code; 0: any
    std::string mailbox;    // delivered / downloaded / checking_mail: the address; empty: any
    int occurrence = 1;     // the n-th time it happens
    bool operator==(const StepWhen&) const = default;
};

// One step of a guided lesson: narration, or a predict-then-reveal question that pauses the
// player. It fires at a time or when something happens in the trace (resolved after the run).
struct Step {
    std::optional<Time> at;
    std::optional<StepWhen> when;
    LocalizedText say;                  // narration (empty for a question)
    LocalizedText question;             // a question (empty for narration)
    std::vector<LocalizedText> choices;  // 2 to 5
    int answer = 0;                      // index into choices
    LocalizedText explain;
    bool isQuestion() const { return !choices.empty(); }
    bool operator==(const Step&) const = default;
};

struct Scenario {
    std::string sourcePath;  // file it was loaded from (for messages)
    LocalizedText title;
    LocalizedText description;
    std::uint64_t seed = 1;
    std::vector<Node> nodes;
    std::vector<Link> links;
    std::vector<Action> actions;  // sorted by time, stable
    std::vector<Step> steps;      // file order (indices equal the JSON's)
    bool operator==(const Scenario&) const = default;
};

}  // namespace postino::scenario
