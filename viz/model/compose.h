// What the compose window sends: a mail written in the window (from one of the lesson's
// accounts, to any addresses, a subject, a text, one of a few bundled attachments) or a thing
// done on a device (check mail, read, flag, move, delete), checked and turned into a scenario
// action at the playhead, then done on the document as an undoable command. Bad input is a
// problem code the window translates; it never changes the document. No ImGui.
#pragma once

#include "model/lesson_document.h"

#include <span>
#include <string>
#include <vector>

namespace postino::viz {

// An account a mail can be sent from or a device action done with: a client's (mail program)
// or a browser's (webmail).
struct LessonAccount {
    std::string node;     // the client or browser node id
    std::string address;  // the account's address
    bool browser = false;
    scenario::IncomingProtocol incoming = scenario::IncomingProtocol::None;
};
// Every account of every client and browser, in the lesson's node order.
std::vector<LessonAccount> lessonAccounts(const scenario::Scenario& s);

// Every mailbox address of the lesson's mail servers (users, then shared mailboxes), in node
// order: the addresses the window offers for "To".
std::vector<std::string> lessonMailboxes(const scenario::Scenario& s);

// A file the window offers to attach; its content is made up, as for every scenario attachment.
struct BundledAttachment {
    const char* name;         // "holiday-photo.jpg"
    const char* contentType;  // "image/jpeg"
    std::uint64_t size;       // bytes
};
std::span<const BundledAttachment> bundledAttachments();

// An account is named by its address and the device that has it (one address may be on a
// laptop and a phone); an empty `node` means the first device with that address.
struct MailDraft {
    std::string node;
    std::string from;           // an address of lessonAccounts()
    std::string to;             // one address or several, separated by commas, semicolons or spaces
    std::string subject;
    std::string body;
    int attachment = -1;        // an index of bundledAttachments(), -1 none
    // What a forger changes (empty: the account's own): the From: the reader sees, and the
    // envelope sender (MAIL FROM) the servers and SPF see.
    std::string fromHeader;
    std::string mailFrom;
};

enum class DeviceDo { CheckMail, Read, Flag, Move, Delete };
struct DeviceRequest {
    DeviceDo what = DeviceDo::CheckMail;
    std::string node;
    std::string account;   // an address of lessonAccounts()
    std::string subject;   // read/flag/move/delete: text the message's subject contains
    std::string folder = "INBOX";  // check mail: the folder to synchronise; the others: where the message is
    std::string toFolder;  // move
};

enum class ComposeProblem {
    None,
    NoSender,          // no account chosen
    UnknownSender,     // `detail`: the address, which no client or browser of the lesson has (or not that one)
    NoRecipient,       // "to" is empty
    BadAddress,        // `detail`: what was typed that is not a mail address
    TooManyRecipients, // more than kMaxRecipients
    SubjectTooLong,    // over 900 bytes
    BrowserAttachment, // the webmail's form has no attachments
    NeedsImap,         // read/flag/move/delete need an IMAP account (`detail`: the address)
    BrowserCannot,     // flag/move on a browser (the webmail's pages have no such button)
    NoIncoming,        // check mail on an account with no way to read mail
    NoSubject,         // read/flag/move/delete: which message?
    NoFolder,          // move: where to?
    BeforeStart,       // a time before 0
    PastEnd,           // `detail`: the lesson's end, in seconds
    Refused,           // the loader refused the edited lesson: `errors`
};

struct ComposeResult {
    ComposeProblem problem = ComposeProblem::None;
    std::string detail;
    std::vector<scenario::LoadError> errors;  // Refused: the loader's own words
    Time at;                                   // when the action happens (None)
    bool ok() const { return problem == ComposeProblem::None; }
};

constexpr std::size_t kMaxRecipients = 50;

// The action the draft or request makes at `playhead` (rounded up to the next millisecond, so
// the file reads "at": 12.346 and nothing happens before the moment on screen), or the problem.
// `end`: the lesson's last moment; a time past it is refused.
ComposeResult makeSend(const scenario::Scenario& s, const MailDraft& draft, Time playhead, Time end,
                       scenario::Action& out);
ComposeResult makeDeviceAction(const scenario::Scenario& s, const DeviceRequest& request, Time playhead, Time end,
                               scenario::Action& out);

// What the window's buttons do: make the action and add it to the document as one undoable
// command. The edited lesson must still load: if the loader refuses it, the command is taken
// back (nothing stays on the undo stack) and the result carries the loader's errors.
ComposeResult sendMail(LessonDocument& doc, const MailDraft& draft, Time playhead, Time end);
ComposeResult doOnDevice(LessonDocument& doc, const DeviceRequest& request, Time playhead, Time end);

}  // namespace postino::viz
