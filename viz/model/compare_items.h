// What the Compare tab's short forms show of each message: in the Words form its mark and the
// first word of its subject, in the Marks form one mark (● unread, ○ read, → moved, ⇩ taken off
// the server by POP3; a deleted one keeps its dot, struck through); and a place's short name.
// Text and kinds out; viz/app/compare_panel.cpp measures and draws them. No ImGui, no tr().
#pragma once

#include "model/mailbox_compare.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

// How an item is drawn: its colour (and the legend's words for it).
enum class CompareTone : std::uint8_t {
    Text,        // present, not new
    Fresh,       // present, arrived shortly before t
    Moved,       // moved to another folder
    Deleted,     // deleted (struck through)
    Downloaded,  // taken off the server by a POP3 download
    Folder,      // a folder's name before its messages
};

struct CompareItem {
    std::string text;  // Words: "● Meeting…", "→ Work: Meeting…", "Drafts:"; Marks: "●", "○", "→", "⇩", "Drafts:"
    CompareTone tone = CompareTone::Text;
    bool bold = false;    // unread (the Mailboxes inspector's look)
    bool strike = false;  // deleted; a POP3 download too in the Words form
    const CompareMessage* message = nullptr;  // null for a folder's name; points into the holder
};

// The start of a subject as the Words form shows it: its first word, at most 12 characters, with
// "…" when anything was left off.
std::string compareWord(std::string_view subject);

// The items of one holder, a folder's name before the messages of every folder after INBOX; a
// message a move or a delete brought into a folder is left out (its old place shows where it
// went). Words: in the holder's order; `noSubject` stands for an empty subject (translated by
// the caller). Marks: each folder's messages by UID, gone ones too, so a mail's mark stands at
// the same place on the server and on each device.
std::vector<CompareItem> compareWords(const CompareHolder& holder, std::string_view noSubject);
std::vector<CompareItem> compareMarks(const CompareHolder& holder);

// The Marks form of a whole column, a row per holder: INBOX's marks in slots shared by the
// column, one per mail (its subject, and which of that subject), in the server's order then any
// a device holds alone, so a POP3 phone that took only the third mail shows its mark under the
// server's third; a slot a holder lacks is a blank item (no text, no message), none after its
// last mark. The other folders follow as compareMarks gives them.
std::vector<std::vector<CompareItem>> compareMarkRows(const CompareColumn& column);

// What a place shows when it shows no message: a browser holds nothing (its mail stays on the
// server); a device that has not looked yet; else (a server too, before any mail) empty.
enum class CompareNote : std::uint8_t { None, Empty, NotChecked, HoldsNothing };
CompareNote compareNote(const CompareHolder& holder);

// A device's name in its account's column, short: its id without the account's user name
// ("bob-laptop" in bob@…'s column is "laptop"), else the whole id.
std::string shortPlaceName(std::string_view nodeId, std::string_view account);

}  // namespace postino::viz
