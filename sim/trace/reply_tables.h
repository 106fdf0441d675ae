// The tables of the reply catalogue: each code with its reference and its sentence, every
// sentence a whole English sentence inside N_() so xgettext hands it to translators.
// Included by reply_catalogue.cpp only; data, no logic.
#pragma once

#include "trace/phrase.h"  // N_

#include <cstddef>

namespace postino::trace::reply_tables {

struct CodeEntry {
    int code;
    const char* reference;
    const char* sentence;
};

// SMTP basic reply codes, RFC 5321 §4.2.2 (AUTH: RFC 4954 §6; null MX: RFC 7504 §3).
constexpr CodeEntry kSmtpCodes[] = {
    {211, "RFC 5321 §4.2.2", N_("A status report about the server.")},
    {214, "RFC 5321 §4.2.2", N_("Help text, meant for a person reading the conversation.")},
    {220, "RFC 5321 §4.2.2", N_("The server is ready: the conversation can begin.")},
    {221, "RFC 5321 §4.2.2", N_("The server says goodbye and closes the connection.")},
    {235, "RFC 4954 §6", N_("Login accepted: the client may now send mail as this user.")},
    {250, "RFC 5321 §4.2.2", N_("Done: the server accepted the command.")},
    {251, "RFC 5321 §4.2.2", N_("The user is not here, but the server will forward the mail.")},
    {252, "RFC 5321 §4.2.2", N_("The server cannot check this address, but it takes the mail and will try.")},
    {334, "RFC 4954 §4", N_("The server waits for the next step of the login (the text is Base64).")},
    {354, "RFC 5321 §4.2.2", N_("Go ahead: send the message, then a line with only a dot.")},
    {421, "RFC 5321 §4.2.2", N_("The server is closing the connection: the sender keeps the mail and tries again later.")},
    {450, "RFC 5321 §4.2.2", N_("The mailbox cannot be used just now: the sender keeps the mail and tries again later.")},
    {451, "RFC 5321 §4.2.2", N_("A problem on the server stopped this step: the sender tries again later.")},
    {452, "RFC 5321 §4.2.2", N_("The server is short of room for now: the sender tries again later.")},
    {454, "RFC 4954 §6", N_("Login is not possible just now (a temporary problem): try again later.")},
    {455, "RFC 5321 §4.2.2", N_("The server cannot handle these options just now.")},
    {500, "RFC 5321 §4.2.2", N_("The server did not understand the command.")},
    {501, "RFC 5321 §4.2.2", N_("The command is known, but its arguments are wrong.")},
    {502, "RFC 5321 §4.2.2", N_("The server does not offer this command.")},
    {503, "RFC 5321 §4.2.2", N_("Wrong order: this command is not allowed at this point of the conversation.")},
    {504, "RFC 5321 §4.2.2", N_("The server does not offer this option of the command.")},
    {521, "RFC 7504 §3", N_("This host never accepts mail.")},
    {530, "RFC 4954 §6", N_("Log in first: this server wants a user name and password before it takes mail.")},
    {534, "RFC 4954 §6", N_("This way of logging in is too weak for this server.")},
    {535, "RFC 4954 §6", N_("Login refused: the server does not accept these credentials.")},
    {550, "RFC 5321 §4.2.2", N_("Refused for good: this mailbox cannot be used (no such user, or not allowed).")},
    {551, "RFC 5321 §4.2.2", N_("The user is not here: the server names another address to try.")},
    {552, "RFC 5321 §4.2.2", N_("Refused: the mail is too big, or the mailbox is full.")},
    {553, "RFC 5321 §4.2.2", N_("Refused: this address is not allowed (badly written, or not yours to use).")},
    {554, "RFC 5321 §4.2.2", N_("The transaction failed for good.")},
    {555, "RFC 5321 §4.2.2", N_("The server does not know an option given with MAIL FROM or RCPT TO.")},
    {556, "RFC 7504 §3", N_("The receiving domain does not accept mail.")},
};

// The first digit of an SMTP reply, for codes not in the table (RFC 5321 §4.2.1).
constexpr CodeEntry kSmtpClasses[] = {
    {2, "RFC 5321 §4.2.1", N_("Success: the command was carried out.")},
    {3, "RFC 5321 §4.2.1", N_("So far so good: the server waits for more.")},
    {4, "RFC 5321 §4.2.1", N_("A temporary failure: the sender keeps the mail and tries again later.")},
    {5, "RFC 5321 §4.2.1", N_("A permanent failure: trying again the same way will not help.")},
};

// Enhanced status codes: subject.detail (RFC 3463 §3 and the IANA registry). A success code
// (class 2) uses `ok`, a failure (class 4 or 5) `fail`; without one, the subject's sentence.
struct EnhancedEntry {
    int subject, detail;
    const char* rfc;
    const char* ok;
    const char* fail;
};
constexpr EnhancedEntry kEnhanced[] = {
    {0, 0, "RFC 3463", nullptr, N_("The server gives no further detail.")},
    {1, 0, "RFC 3463", N_("The address is accepted."), N_("Something is wrong with an address.")},
    {1, 1, "RFC 3463", nullptr, N_("The receiving server does not know this mailbox: the address is wrong.")},
    {1, 2, "RFC 3463", nullptr, N_("The domain in the address does not exist or takes no mail.")},
    {1, 3, "RFC 3463", nullptr, N_("The recipient's address is badly written (wrong syntax).")},
    {1, 4, "RFC 3463", nullptr, N_("The address is ambiguous: it matches several mailboxes.")},
    {1, 5, "RFC 3463", N_("The recipient's address is valid."), nullptr},
    {1, 6, "RFC 3463", nullptr, N_("The mailbox has moved and there is no forwarding address.")},
    {1, 7, "RFC 3463", nullptr, N_("The sender's address is badly written (wrong syntax).")},
    {1, 8, "RFC 3463", nullptr, N_("The sender's domain is not valid: replies could not reach it.")},
    {1, 10, "RFC 7505", nullptr, N_("The recipient's domain says it accepts no mail at all (null MX).")},
    {2, 0, "RFC 3463", nullptr, N_("Something is wrong with the recipient's mailbox.")},
    {2, 1, "RFC 3463", nullptr, N_("The mailbox is disabled: it accepts no mail.")},
    {2, 2, "RFC 3463", nullptr, N_("The recipient's mailbox is full.")},
    {2, 3, "RFC 3463", nullptr, N_("The message is longer than this mailbox allows.")},
    {2, 4, "RFC 3463", nullptr, N_("A mailing list could not be expanded.")},
    {3, 0, "RFC 3463", nullptr, N_("Something is wrong with the receiving mail system.")},
    {3, 1, "RFC 3463", nullptr, N_("The receiving mail system is full (out of disk space).")},
    {3, 2, "RFC 3463", nullptr, N_("The system takes no mail right now (for example, it is shutting down).")},
    {3, 3, "RFC 3463", nullptr, N_("The system cannot handle a feature this message needs.")},
    {3, 4, "RFC 3463", nullptr, N_("The message is bigger than this system accepts.")},
    {3, 5, "RFC 3463", nullptr, N_("The server is not configured correctly.")},
    {4, 0, "RFC 3463", nullptr, N_("Something went wrong on the network or on the way to the server.")},
    {4, 1, "RFC 3463", nullptr, N_("The receiving server did not answer the connection.")},
    {4, 2, "RFC 3463", nullptr, N_("The connection broke, or was closed, during the conversation.")},
    {4, 3, "RFC 3463", nullptr, N_("A directory server (usually DNS) failed, so the way could not be found.")},
    {4, 4, "RFC 3463", nullptr, N_("No route to the destination: no mail server was found for the domain.")},
    {4, 5, "RFC 3463", nullptr, N_("The mail system is overloaded just now.")},
    {4, 6, "RFC 3463", nullptr, N_("The mail went round in a loop between servers (too many hops).")},
    {4, 7, "RFC 3463", nullptr, N_("The mail waited in the queue too long and expired.")},
    {5, 0, "RFC 3463", nullptr, N_("Something went wrong in the conversation between the two programs.")},
    {5, 1, "RFC 3463", nullptr, N_("The command is not valid here.")},
    {5, 2, "RFC 3463", nullptr, N_("The command's syntax is wrong.")},
    {5, 3, "RFC 3463", nullptr, N_("Too many recipients for one message.")},
    {5, 4, "RFC 3463", nullptr, N_("The command's arguments are not valid.")},
    {5, 5, "RFC 3463", nullptr, N_("The two programs speak different versions of the protocol.")},
    {5, 6, "RFC 4954", nullptr, N_("A line of the login exchange is too long.")},
    {6, 0, "RFC 3463", nullptr, N_("Something is wrong with the message's content.")},
    {7, 0, "RFC 3463", N_("The security check passed (for example, the login)."),
     N_("A security or policy rule refuses this (often: log in first).")},
    {7, 1, "RFC 3463", nullptr, N_("Not allowed: the server's policy refuses this mail or this sender.")},
    {7, 8, "RFC 4954", nullptr, N_("The user name or the password is wrong.")},
    {7, 9, "RFC 4954", nullptr, N_("This way of logging in is too weak for this server.")},
    {7, 11, "RFC 4954", nullptr, N_("This needs an encrypted connection first.")},
};

// The subject alone (X.n), RFC 3463 §3.1–§3.8, for details not in the table.
constexpr CodeEntry kEnhancedSubjects[] = {
    {0, "RFC 3463 §3.1", N_("The server gives no further detail.")},
    {1, "RFC 3463 §3.2", N_("Something is wrong with an address.")},
    {2, "RFC 3463 §3.3", N_("Something is wrong with the recipient's mailbox.")},
    {3, "RFC 3463 §3.4", N_("Something is wrong with the receiving mail system.")},
    {4, "RFC 3463 §3.5", N_("Something went wrong on the network or on the way to the server.")},
    {5, "RFC 3463 §3.6", N_("Something went wrong in the conversation between the two programs.")},
    {6, "RFC 3463 §3.7", N_("Something is wrong with the message's content.")},
    {7, "RFC 3463 §3.8", N_("A security or policy rule refuses this (often: log in first).")},
};

struct WordEntry {
    const char* word;
    const char* reference;
    const char* sentence;
};

// What an EHLO answer line announces (RFC 5321 §4.1.1.1 and each extension's RFC).
constexpr WordEntry kEhloKeywords[] = {
    {"PIPELINING", "RFC 2920", N_("The server takes several commands at once, without waiting for each answer.")},
    {"SIZE", "RFC 1870", N_("The largest message the server accepts, in bytes.")},
    {"AUTH", "RFC 4954", N_("The ways the client can log in with a user name and password.")},
    {"ENHANCEDSTATUSCODES", "RFC 2034", N_("The server adds detailed status codes, such as 5.1.1, to its replies.")},
    {"8BITMIME", "RFC 6152", N_("The server accepts messages with 8-bit characters.")},
    {"DSN", "RFC 3461", N_("The sender may ask for delivery status notifications (reports of success or failure).")},
    {"SMTPUTF8", "RFC 6531", N_("The server accepts addresses and headers in UTF-8, in any alphabet.")},
    {"STARTTLS", "RFC 3207", N_("The connection can be switched to encryption (TLS).")},
    {"CHUNKING", "RFC 3030", N_("The message can be sent in pieces with BDAT instead of DATA.")},
};
constexpr const char* kEhloGreeting = N_("The server greets the client by name; the next lines list what it can do.");
constexpr const char* kMoreLines = N_("More lines of this reply follow.");

// POP3 status indicators and response codes (RFC 1939 §3, RFC 2449 §8, RFC 3206).
constexpr const char* kPop3Ok = N_("Yes: the server did what was asked.");
constexpr const char* kPop3Err = N_("No: the server refused the command, or it failed.");
constexpr const char* kPop3Continue = N_("The server waits for the next step of the login.");
constexpr WordEntry kPop3Codes[] = {
    {"IN-USE", "RFC 2449 §8.1.1", N_("Someone else is reading this mailbox right now, so it is locked: try again later.")},
    {"LOGIN-DELAY", "RFC 2449 §8.1.2", N_("Mail is being checked too often: wait a while before logging in again.")},
    {"SYS/TEMP", "RFC 3206 §4", N_("A temporary problem on the server, not the user's fault: try again later.")},
    {"SYS/PERM", "RFC 3206 §4", N_("A lasting problem on the server: trying again will not help; tell the administrator.")},
    {"AUTH", "RFC 3206 §5", N_("The user name or the password is wrong.")},
};
// Dovecot's [AUTH] for a password refused outside TLS ("Plaintext authentication disallowed ...").
constexpr const char* kPop3PlaintextRefused =
    N_("This server takes no password over an unencrypted connection: the client must start TLS (STLS) first.");

// IMAP status responses (RFC 3501 §7.1) and the rest.
constexpr const char* kImapTaggedOk = N_("The command with this tag succeeded.");
constexpr const char* kImapTaggedNo = N_("The command with this tag failed: the server understood it but could not do it.");
constexpr const char* kImapTaggedBad = N_("The server did not understand the command with this tag (wrong syntax, or not allowed now).");
constexpr const char* kImapContinue = N_("Go ahead: the server waits for the rest of the command.");
constexpr WordEntry kImapUntaggedStatus[] = {
    {"OK", "RFC 3501 §7.1.1", N_("Information from the server.")},
    {"NO", "RFC 3501 §7.1.2", N_("A warning from the server.")},
    {"BAD", "RFC 3501 §7.1.3", N_("The server reports an error that belongs to no single command.")},
    {"PREAUTH", "RFC 3501 §7.1.4", N_("The connection is already logged in: no login is needed.")},
    {"BYE", "RFC 3501 §7.1.5", N_("The server is closing the connection.")},
};
// "* <data>" and "* n <data>" responses.
constexpr WordEntry kImapData[] = {
    {"CAPABILITY", "RFC 3501 §7.2.1", N_("What this server can do (its capabilities).")},
    {"LIST", "RFC 3501 §7.2.2", N_("One folder on the server, with its attributes.")},
    {"LSUB", "RFC 3501 §7.2.3", N_("One folder the user subscribes to.")},
    {"STATUS", "RFC 3501 §7.2.4", N_("Counts for a folder (messages, unread) without opening it.")},
    {"SEARCH", "RFC 3501 §7.2.5", N_("The numbers of the messages that match the search.")},
    {"FLAGS", "RFC 3501 §7.2.6", N_("The flags (marks such as \\Seen) that messages in this folder can carry.")},
    {"EXISTS", "RFC 3501 §7.3.1", N_("The number is how many messages the folder holds now.")},
    {"RECENT", "RFC 3501 §7.3.2", N_("The number is how many messages arrived since the last session.")},
    {"EXPUNGE", "RFC 3501 §7.4.1", N_("The message with this number was removed for good; the ones after it move up by one.")},
    {"FETCH", "RFC 3501 §7.4.2", N_("Data about the message with this number: its flags, size or content.")},
    {"ENABLED", "RFC 5161 §3.2", N_("The extensions the server switched on for this connection.")},
    {"ID", "RFC 2971 §3.2", N_("The server's name and version.")},
    {"NAMESPACE", "RFC 2342 §5", N_("How folders are named and shared on this server.")},
    {"QUOTA", "RFC 9208 §5.1", N_("How much storage the user may use, and how much is used.")},
    {"QUOTAROOT", "RFC 9208 §5.2", N_("Which storage limit applies to this folder.")},
    {"VANISHED", "RFC 7162 §3.2.10", N_("These messages (by UID) were removed.")},
};
// Response codes in brackets: RFC 3501 §7.1, RFC 4315 §3, RFC 5530 §3, and others.
constexpr WordEntry kImapCodes[] = {
    {"ALERT", "RFC 3501 §7.1", N_("A message the server wants the user to read.")},
    {"BADCHARSET", "RFC 3501 §7.1", N_("The server does not support this character set for searching.")},
    {"CAPABILITY", "RFC 3501 §7.1", N_("The list of what the server can do comes with this reply.")},
    {"PARSE", "RFC 3501 §7.1", N_("The server could not read the headers of a message.")},
    {"PERMANENTFLAGS", "RFC 3501 §7.1", N_("The flags the client may change, and that stay saved.")},
    {"READ-ONLY", "RFC 3501 §7.1", N_("The folder is open for reading only: nothing can be changed.")},
    {"READ-WRITE", "RFC 3501 §7.1", N_("The folder is open for reading and changing (flags, deletions).")},
    {"TRYCREATE", "RFC 3501 §7.1", N_("The folder does not exist: create it first, then try again.")},
    {"UIDNEXT", "RFC 3501 §7.1", N_("The UID the next new message will get.")},
    {"UIDVALIDITY", "RFC 3501 §7.1", N_("The number that says whether known UIDs are still valid: if it changes, the client forgets its copy.")},
    {"UNSEEN", "RFC 3501 §7.1", N_("The number of the first unread message.")},
    {"APPENDUID", "RFC 4315 §3", N_("The message was stored: here are the folder's UIDVALIDITY and the new message's UID.")},
    {"COPYUID", "RFC 4315 §3", N_("The messages were copied: here are their old UIDs and their new UIDs in the target folder.")},
    {"UIDNOTSTICKY", "RFC 4315 §3", N_("This folder does not keep UIDs between sessions.")},
    {"UNAVAILABLE", "RFC 5530 §3", N_("A service the server needs is unavailable for now: try again later.")},
    {"AUTHENTICATIONFAILED", "RFC 5530 §3", N_("The user name or the password is wrong.")},
    {"AUTHORIZATIONFAILED", "RFC 5530 §3", N_("The login is right, but this user may not act as that identity.")},
    {"EXPIRED", "RFC 5530 §3", N_("The password or the account has expired.")},
    {"PRIVACYREQUIRED", "RFC 5530 §3", N_("This needs an encrypted connection first.")},
    {"CONTACTADMIN", "RFC 5530 §3", N_("The user must contact the administrator.")},
    {"NOPERM", "RFC 5530 §3", N_("No permission for this folder or this action.")},
    {"INUSE", "RFC 5530 §3", N_("Someone else is using this right now: try again later.")},
    {"EXPUNGEISSUED", "RFC 5530 §3", N_("Some of these messages were removed meanwhile.")},
    {"CORRUPTION", "RFC 5530 §3", N_("The server found damaged data.")},
    {"SERVERBUG", "RFC 5530 §3", N_("A bug in the server made the command fail.")},
    {"CLIENTBUG", "RFC 5530 §3", N_("The client did something wrong; the server let it pass.")},
    {"CANNOT", "RFC 5530 §3", N_("This can never be done on this server (for example, a forbidden folder name).")},
    {"LIMIT", "RFC 5530 §3", N_("A limit was reached (too many of something).")},
    {"OVERQUOTA", "RFC 5530 §3", N_("The user's storage is full (over quota).")},
    {"ALREADYEXISTS", "RFC 5530 §3", N_("Something with this name already exists.")},
    {"NONEXISTENT", "RFC 5530 §3", N_("It does not exist (for example, no such folder).")},
    {"CLOSED", "RFC 7162 §3.2.11", N_("The folder that was open before is now closed.")},
    {"TOOBIG", "RFC 4469 §5", N_("The message is too big.")},
};

// DNS rcodes (RFC 1035 §4.1.1, the registry of RFC 6895 §2.3) and NODATA (RFC 2308 §2.2).
struct DnsEntry {
    const char* mnemonic;  // shown in bold
    const char* name;      // as dns::rcodeName words it in trace lines ("" for NODATA)
    const char* reference;
    const char* sentence;
};
constexpr DnsEntry kDnsCodes[] = {
    {"NOERROR", "No error", "RFC 1035 §4.1.1", N_("The name exists and the DNS server gave its records.")},
    {"FORMERR", "Format error", "RFC 1035 §4.1.1", N_("The DNS server could not understand the question (format error).")},
    {"SERVFAIL", "Server failure", "RFC 1035 §4.1.1", N_("The DNS server had a problem and could not answer: try again later.")},
    {"NXDOMAIN", "No such name", "RFC 1035 §4.1.1, RFC 2308 §2.1", N_("This name does not exist in DNS.")},
    {"NOTIMP", "Not implemented", "RFC 1035 §4.1.1", N_("The DNS server does not support this kind of question.")},
    {"REFUSED", "Refused", "RFC 1035 §4.1.1", N_("The DNS server refuses to answer this question (its policy).")},
    {"NODATA", "", "RFC 2308 §2.2", N_("The name exists but has no record of this type (NODATA).")},
};
constexpr std::size_t kDnsNoError = 0, kDnsNoData = 6;

// HTTP status codes, RFC 9110 §15 (429: RFC 6585 §4).
constexpr CodeEntry kHttpCodes[] = {
    {200, "RFC 9110 §15.3.1", N_("OK: the page or data follows.")},
    {201, "RFC 9110 §15.3.2", N_("Created: the server made the new thing that was asked for.")},
    {204, "RFC 9110 §15.3.5", N_("Done, with nothing to send back.")},
    {301, "RFC 9110 §15.4.2", N_("Moved for good: the browser goes to the new address in Location.")},
    {302, "RFC 9110 §15.4.3", N_("Found elsewhere for now: the browser goes to the address in Location.")},
    {303, "RFC 9110 §15.4.4", N_("See other: the browser now loads the page named in Location (usual after a form is sent).")},
    {304, "RFC 9110 §15.4.5", N_("Not modified: the browser's saved copy is still good.")},
    {400, "RFC 9110 §15.5.1", N_("Bad request: the server could not understand what the browser sent.")},
    {401, "RFC 9110 §15.5.2", N_("Log in first: this page needs a user name and password.")},
    {403, "RFC 9110 §15.5.4", N_("Forbidden: the server understood, but will not allow this.")},
    {404, "RFC 9110 §15.5.5", N_("Not found: there is nothing at this address.")},
    {405, "RFC 9110 §15.5.6", N_("This method (for example POST) is not allowed at this address.")},
    {413, "RFC 9110 §15.5.14", N_("Too large: the request's content is bigger than the server accepts.")},
    {415, "RFC 9110 §15.5.16", N_("The server does not accept this kind of content.")},
    {429, "RFC 6585 §4", N_("Too many requests: slow down and try again later.")},
    {500, "RFC 9110 §15.6.1", N_("The server hit an internal error.")},
    {502, "RFC 9110 §15.6.3", N_("Bad gateway: a server in the middle got a bad answer from the next one.")},
    {503, "RFC 9110 §15.6.4", N_("Service unavailable: the server is overloaded or down; try again later.")},
    {505, "RFC 9110 §15.6.6", N_("The server does not speak this version of HTTP.")},
};
constexpr CodeEntry kHttpClasses[] = {
    {1, "RFC 9110 §15.2", N_("Information: the request goes on.")},
    {2, "RFC 9110 §15.3", N_("Success: the request was carried out.")},
    {3, "RFC 9110 §15.4", N_("Redirection: the answer is somewhere else.")},
    {4, "RFC 9110 §15.5", N_("The request has a problem (a client error).")},
    {5, "RFC 9110 §15.6", N_("The server failed to carry out the request (a server error).")},
};

}  // namespace postino::trace::reply_tables
