#include "export/mail_export.h"

#include "mail/mail_store.h"
#include "mail/message_builder.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace postino::exporter {

namespace {

namespace fs = std::filesystem;

// Folder names may hold '/' (hierarchy) and any UTF-8; keep them readable but safe.
std::string safeName(const std::string& name) {
    std::string out;
    for (char c : name) out += (c == '/' || c == '\\' || c == '\0') ? '_' : c;
    if (out.empty() || out == "." || out == "..") out = "_" + out;
    return out;
}

// "From sender Mon Mar  2 09:00:01 2026": the mbox separator line (asctime-style date).
std::string separator(const std::string& message, Time when) {
    static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::string sender = "MAILER-DAEMON";
    const std::size_t rp = message.rfind("Return-Path: <", 0) == 0 ? 14 : std::string::npos;
    if (rp != std::string::npos) {
        const std::size_t end = message.find('>', rp);
        if (end != std::string::npos && end > rp) sender = message.substr(rp, end - rp);
    }
    const mail::CivilTime c = mail::civilTime(when);
    return fmt::format("From {} {} {} {:2} {:02}:{:02}:{:02} {}\n", sender, days[c.weekday], months[c.month - 1], c.day,
                       c.hour, c.minute, c.second, c.year);
}

// mboxrd: LF line ends, and any line matching ^>*From  gets one more '>'.
std::string mboxBody(const std::string& message) {
    std::string out;
    std::size_t pos = 0;
    while (pos < message.size()) {
        std::size_t end = message.find('\n', pos);
        if (end == std::string::npos) end = message.size();
        std::string_view line(message.data() + pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::size_t gt = line.find_first_not_of('>');
        if (gt != std::string_view::npos && line.substr(gt, 5) == "From ") out += '>';
        out.append(line);
        out += '\n';
        pos = end + 1;
    }
    return out + "\n";
}

}  // namespace

MailExportResult exportMail(const world::World& world, const std::string& directory) {
    MailExportResult result;
    std::error_code ec;
    for (std::size_t i = 0; i < world.scenario().nodes.size(); ++i) {
        const mail::MailStore* store = world.storeOf(static_cast<net::NodeIndex>(i));
        if (!store) continue;
        for (const auto& [address, box] : store->mailboxes()) {
            const fs::path boxDir = fs::path(directory) / world.scenario().nodes[i].id / safeName(address);
            for (const auto& [name, folder] : box.folders()) {
                const fs::path folderDir = boxDir / safeName(name);
                fs::create_directories(folderDir, ec);
                if (ec) {
                    result.error = fmt::format("cannot create {}: {}", folderDir.string(), ec.message());
                    return result;
                }
                std::ofstream mbox(boxDir / (safeName(name) + ".mbox"), std::ios::binary);
                for (const auto& m : folder.messages) {
                    std::ofstream eml(folderDir / fmt::format("{}.eml", m.uid), std::ios::binary);
                    eml << m.data;
                    mbox << separator(m.data, m.internalDate) << mboxBody(m.data);
                    if (!eml) {
                        result.error = fmt::format("cannot write {}", (folderDir / fmt::format("{}.eml", m.uid)).string());
                        return result;
                    }
                    ++result.messages;
                }
                if (!mbox) {
                    result.error = fmt::format("cannot write {}", (boxDir / (safeName(name) + ".mbox")).string());
                    return result;
                }
                ++result.mboxes;
            }
        }
    }
    return result;
}

}  // namespace postino::exporter
