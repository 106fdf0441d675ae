// What File > Export hands out, as a file name and its bytes: the text `postino run --transcript`
// prints, the packets as a pcap file, one message as it lies in a mailbox (.eml), and writing
// such a file where the user says. Reuses the CLI's formatter and the pcap writer; no ImGui.
#pragma once

#include "scenario/scenario.h"
#include "trace/trace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postino::viz {

struct ExportFile {
    std::string fileName;  // a name without a folder, safe on any system: "02-cross-domain-transcript.txt"
    std::string bytes;
    const char* mimeType = "application/octet-stream";
};

// `text` made the stem of a file name: letters and digits of any script kept as they are, every
// run of anything else (spaces, punctuation, '/', '\', '.', control bytes, broken UTF-8) one '-',
// none at either end; at most 60 bytes, cut between characters; `fallback` when nothing is left.
// "Re: ¿Qué?/..\x" -> "Re-Qué-x".
std::string fileSlug(std::string_view text, std::string_view fallback = "message");
// The lesson's name for its exports: "scenarios/02-cross-domain.json" -> "02-cross-domain";
// "new-lesson" for a lesson never saved (an empty path).
std::string lessonStem(std::string_view lessonPath);

// Exactly what `postino run LESSON --transcript` prints: the English title, the timeline, every
// connection's lines, the summary. "<lesson-stem>-transcript.txt".
ExportFile transcriptFile(const scenario::Scenario& scenario, const trace::Trace& trace, std::string_view lessonPath);
// The pcap file `postino run --pcap` writes (exporter::pcapBytes). "<lesson-stem>.pcap".
ExportFile pcapFile(const trace::Trace& trace, std::string_view lessonPath);

// One mail the Message inspector shows (Selection::message): the carried mail, and the delivered
// copy the inspector shows (-1: the text as carried).
struct MessageExport {
    ExportFile file;      // "<subject-slug>.eml", RFC 5322 bytes with CRLF line ends
    std::string subject;  // decoded, for the menu's tooltip ("" when the mail has none)
    // The mailbox the file's copy was delivered into; "" when it is the text as the connection
    // carried it (a download, which is the stored message; or mail the server passed on).
    std::string deliveredTo;
};
// The mail as it lies in a mailbox: the copy `copy` (an index into Trace::deliveredCopies), else
// the first copy the connection's server delivered from it (whatever the playhead), else the whole
// text as carried. Nothing when `carried` is no carried mail, or its text never came whole and no
// copy was delivered (a connection cut in the middle of it).
std::optional<MessageExport> messageFile(const trace::Trace& trace, int carried, int copy);

// Writes `bytes` to `path`; a file already there is replaced. On failure the half-written file is
// removed and the problem says why, in words the window translates.
struct WriteProblem {
    enum class Kind : std::uint8_t { None, NoFolder, IsFolder, Other };
    Kind kind = Kind::None;
    std::string detail;  // NoFolder: the folder; Other: the system's words ("Permission denied")
    bool ok() const { return kind == Kind::None; }
};
WriteProblem writeExportFile(const std::string& path, std::string_view bytes);

}  // namespace postino::viz
