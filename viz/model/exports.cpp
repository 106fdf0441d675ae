#include "model/exports.h"

#include "core/utf8.h"
#include "export/pcap_export.h"
#include "model/delivered_copy.h"
#include "model/mail_whereabouts.h"
#include "trace/trace_text.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace postino::viz {

namespace {

constexpr std::size_t kSlugBytes = 60;

// Whether a code point may stay in a file name: ASCII letters and digits, and the letters, marks
// and digits of other scripts; not punctuation, symbols, spaces, private-use or special characters.
bool keeps(std::uint32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;  // Latin-1's signs, spaces, ¿ ¡ « », × ÷
    if (c == 0x37E || c == 0x387) return false;               // Greek question mark, ano teleia
    if (c == 0x55D || c == 0x589 || c == 0x5BE || c == 0x5C0 || c == 0x5C3 || c == 0x5C6) return false;
    if (c == 0x60C || c == 0x61B || c == 0x61F || (c >= 0x66A && c <= 0x66D) || c == 0x6D4) return false;
    if (c >= 0x2000 && c <= 0x2BFF) return false;  // general punctuation … arrows, maths, shapes, dingbats
    if (c >= 0x2E00 && c <= 0x2E7F) return false;  // supplemental punctuation
    if (c >= 0x3000 && c <= 0x303F) return false;  // CJK symbols and punctuation
    if (c >= 0xD800 && c <= 0xF8FF) return false;  // surrogates, private use
    if (c >= 0xFE10 && c <= 0xFE1F) return false;  // vertical forms
    if (c >= 0xFE30 && c <= 0xFE6F) return false;  // CJK compatibility and small forms
    if (c == 0xFEFF) return false;                 // byte order mark
    if ((c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
        (c >= 0xFF5B && c <= 0xFF65))
        return false;                               // fullwidth punctuation
    if (c >= 0xFFF0) return c >= 0x10000 && !(c >= 0x1F000 && c <= 0x1FAFF) && !(c >= 0xE0000);  // specials, emoji, tags
    return true;
}

// The code point starting at `at` of well-formed UTF-8, and its length in bytes.
std::uint32_t decodeAt(std::string_view s, std::size_t at, std::size_t& length) {
    const auto b = static_cast<unsigned char>(s[at]);
    length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    std::uint32_t c = length == 1 ? b : length == 2 ? (b & 0x1F) : length == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < length && at + k < s.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(s[at + k]) & 0x3F);
    return c;
}

std::string runText(const scenario::Scenario& scenario, const trace::Trace& trace) {
    std::ostringstream out;
    trace::TextOptions options;
    options.transcript = true;  // as `postino run LESSON --transcript`
    trace::writeRunText(out, scenario.title.get("en"), trace, options);
    return std::move(out).str();
}

}  // namespace

std::string fileSlug(std::string_view text, std::string_view fallback) {
    const std::string valid = toValidUtf8(text);  // broken bytes become U+FFFD, which is not kept
    std::string slug;
    bool gap = false;
    for (std::size_t at = 0, length = 1; at < valid.size(); at += length) {
        const std::uint32_t c = decodeAt(valid, at, length);
        if (!keeps(c)) {
            gap = !slug.empty();
            continue;
        }
        const std::size_t need = length + (gap ? 1 : 0);
        if (slug.size() + need > kSlugBytes) break;
        if (gap) slug += '-', gap = false;
        slug.append(valid, at, length);
    }
    return slug.empty() ? std::string(fallback) : slug;
}

std::string lessonStem(std::string_view lessonPath) {
    if (lessonPath.empty()) return "new-lesson";
    std::string_view name = lessonPath.substr(lessonPath.find_last_of("/\\") == std::string_view::npos
                                                  ? 0
                                                  : lessonPath.find_last_of("/\\") + 1);
    if (const std::size_t dot = name.rfind('.'); dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
    return fileSlug(name, "lesson");
}

ExportFile transcriptFile(const scenario::Scenario& scenario, const trace::Trace& trace, std::string_view lessonPath) {
    return {lessonStem(lessonPath) + "-transcript.txt", runText(scenario, trace), "text/plain;charset=utf-8"};
}

ExportFile pcapFile(const trace::Trace& trace, std::string_view lessonPath) {
    return {lessonStem(lessonPath) + ".pcap", exporter::pcapBytes(trace), "application/vnd.tcpdump.pcap"};
}

std::optional<MessageExport> messageFile(const trace::Trace& trace, int carried, int copy) {
    if (carried < 0 || static_cast<std::size_t>(carried) >= trace.carriedMail.size()) return std::nullopt;
    const trace::CarriedMailRecord& record = trace.carriedMail[static_cast<std::size_t>(carried)];
    MessageExport out;
    // Only a copy made from this mail counts; the inspector's choice first, else the first one.
    const std::vector<std::uint32_t> copies = deliveredCopiesOf(trace, record);
    const trace::DeliveredCopyRecord* chosen = copies.empty() ? nullptr : &trace.deliveredCopies[copies.front()];
    for (const std::uint32_t c : copies)
        if (copy >= 0 && c == static_cast<std::uint32_t>(copy)) chosen = &trace.deliveredCopies[c];
    if (chosen) {
        out.file.bytes = deliveredText(trace, record, *chosen);
        out.deliveredTo = chosen->account;
    } else {
        bool complete = false;
        out.file.bytes = carriedText(trace, record, std::numeric_limits<std::size_t>::max(), &complete);
        if (!complete) return std::nullopt;
    }
    if (record.mail != 0 && record.mail <= trace.mails.size()) out.subject = trace.mails[record.mail - 1].subject;
    out.file.fileName = fileSlug(out.subject) + ".eml";
    out.file.mimeType = "message/rfc822";
    return out;
}

WriteProblem writeExportFile(const std::string& path, std::string_view bytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path file(path);
    if (fs::is_directory(file, ec)) return {WriteProblem::Kind::IsFolder, {}};
    const fs::path folder = file.parent_path();
    if (!folder.empty() && !fs::is_directory(folder, ec)) return {WriteProblem::Kind::NoFolder, folder.string()};
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) return {WriteProblem::Kind::Other, std::strerror(errno)};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        const std::string why = std::strerror(errno);
        fs::remove(file, ec);
        return {WriteProblem::Kind::Other, why};
    }
    return {};
}

}  // namespace postino::viz
