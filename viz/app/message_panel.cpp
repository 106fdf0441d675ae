// The mail a connection carries, up to the playhead, from the simulation's CarriedMailRecords: the
// SMTP envelope next to the header fields ("the envelope is not the header"), the Received: trail,
// the MIME tree, the text a reader sees and the raw source. POP3 and IMAP downloads too.
#include "core/ascii.h"
#include "fitted_header.h"
#include "fonts.h"
#include "i18n.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"

#include "imap/message_structure.h"
#include "mail/header_fields.h"
#include "mail/message_view.h"
#include "model/delivered_copy.h"
#include "model/mail_whereabouts.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postino::viz {

namespace {

bool carriesMail(net::AppProtocol app) {
    return app == net::AppProtocol::Smtp || app == net::AppProtocol::Pop3 || app == net::AppProtocol::Imap;
}

// One carried mail as far as the playhead: its record and the text written by then.
struct CarriedMessage {
    const trace::CarriedMailRecord* record = nullptr;
    std::string raw;  // CRLF line ends, transparency undone
    std::size_t textLines = 0;
    bool complete = false;  // all of the text is written
    bool answered = false;  // SMTP: the final reply came by the playhead

    bool hasEnvelope() const { return !record->recipients.empty() || !record->mailFromReply.empty(); }
    std::string finalReply() const { return answered ? record->finalReply : std::string(); }
};

// The mails of one connection up to the playhead, and the chosen one taken apart. The text is
// rebuilt only when the number of its lines shown changes.
struct MailCache {
    std::uint64_t lesson = 0;  // serial
    std::uint32_t connection = 0;
    std::span<const std::uint32_t> records;  // indices into Trace::carriedMail, text started by the playhead
    int chosen = -1;  // the user's choice among several, -1 = the newest
    // The copies the server delivered from the chosen mail (indices into Trace::deliveredCopies)
    // and which text shows: -1 the copy in the first mailbox once it is there (it has every
    // Received: line), -2 the text as carried on this connection, else a copy's place in `copies`.
    int copiesOf = -1;
    std::vector<std::uint32_t> copies;
    int textChoice = -1;
    // The shown message, parsed.
    int parsedIndex = -1;
    int parsedCopy = -1;  // index into Trace::deliveredCopies, -1: the carried text
    CarriedMessage message;
    mail::MessageView view;
    imap::BodyPart structure;
    std::vector<std::size_t> lineStarts;
};

MailCache& mailOf(MailCache& c, const TraceIndex& index, std::uint64_t lesson, std::uint32_t connection, std::size_t linesShown) {
    if (c.lesson != lesson || c.connection != connection) c = MailCache{lesson, connection};
    const auto records = index.whereabouts().carriedBy(connection, linesShown);
    if (records.size() != c.records.size()) c.parsedIndex = -1, c.copiesOf = -1;
    c.records = records;
    return c;
}

// The copies delivered from mail `index`, found once per mail.
const std::vector<std::uint32_t>& copiesOf(MailCache& c, const trace::Trace& t, int index) {
    if (c.copiesOf != index) {
        c.copiesOf = index;
        c.copies = deliveredCopiesOf(t, t.carriedMail[c.records[static_cast<std::size_t>(index)]]);
    }
    return c.copies;
}

// `copy`: an index into Trace::deliveredCopies to show that copy's text, -1 the carried text.
const CarriedMessage& parse(MailCache& c, const trace::Trace& t, int index, std::size_t linesShown, Time now,
                            int copy) {
    const trace::CarriedMailRecord& r = t.carriedMail[c.records[static_cast<std::size_t>(index)]];
    const std::size_t shown = std::min<std::size_t>(linesShown, r.endLine) - r.firstLine;
    c.message.answered = r.end <= now;
    if (c.parsedIndex == index && c.parsedCopy == copy && c.message.textLines == shown) return c.message;
    c.parsedIndex = index;
    c.parsedCopy = copy;
    c.message.record = &r;
    c.message.raw = carriedText(t, r, linesShown, &c.message.complete, &c.message.textLines);
    if (copy >= 0) c.message.raw = deliveredText(t, r, t.deliveredCopies[static_cast<std::size_t>(copy)]);
    const std::string& raw = c.message.raw;
    c.view = mail::viewMessage(raw);
    c.structure = imap::parseMessageStructure(raw);
    c.lineStarts.clear();
    for (std::size_t at = 0; at < raw.size();) {
        c.lineStarts.push_back(at);
        const std::size_t end = raw.find('\n', at);
        at = end == std::string::npos ? raw.size() : end + 1;
    }
    return c.message;
}

void colouredWrapped(ImU32 colour, const std::string& text) { textWrappedColored(colour, text); }

void reply(const std::string& text) {
    if (text.empty())
        mutedWrapped(tr("waiting for the server's answer…"));
    else
        colouredWrapped(text[0] == '2' || text[0] == '3' ? successColor() : errorColor(), text);
}

bool beginRows(const char* id) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return false;
    ImGui::PushFont(fonts().bold);
    float width = 0;
    for (const char* name : {"MAIL FROM", "Message-ID", "Return-Path", "Delivered-To"})
        width = std::max(width, ImGui::CalcTextSize(name).x);
    ImGui::PopFont();
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, width + ImGui::GetStyle().CellPadding.x);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

void rowName(const char* name) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(name);
    ImGui::PopFont();
    ImGui::TableSetColumnIndex(1);
}

void drawSmtpStatus(const CarriedMessage& m) {
    if (!m.record->dataReply.empty() && m.record->dataReply.rfind("354", 0) != 0)
        colouredWrapped(errorColor(), trf("The server refused DATA: {}", m.record->dataReply));
    else if (m.record->dataReply.empty() && m.textLines == 0)
        mutedWrapped(tr("No message text yet: it comes after DATA, once the envelope is agreed."));
    else if (!m.complete)
        colouredWrapped(highlightColor(),
                        trnf("The message is still on its way: {} line so far.",
                             "The message is still on its way: {} lines so far.",
                             static_cast<long>(m.textLines), m.textLines));
    else if (m.finalReply().empty())
        mutedWrapped(tr("The client has written the whole message; the server has not answered yet."));
    else if (m.finalReply()[0] == '2')
        colouredWrapped(successColor(), trf("Accepted: {}", m.finalReply()));
    else
        colouredWrapped(errorColor(), trf("Refused: {}", m.finalReply()));
}

void drawEnvelope(const CarriedMessage& m, const mail::MessageView& view, bool haveHeader) {
    if (!m.hasEnvelope()) {
        mutedWrapped(
            tr("POP3 and IMAP carry no envelope. The last server turned it into header fields: "
               "Return-Path: (MAIL FROM) and Delivered-To: (RCPT TO)."));
        if (beginRows("stamped")) {
            for (const char* name : {"Return-Path", "Delivered-To"}) {
                const std::string value = mail::headerValue(m.raw, name);
                if (value.empty()) continue;
                rowName(name);
                textWrapped(value);
            }
            ImGui::EndTable();
        }
        return;
    }
    if (beginRows("envelope")) {
        rowName("MAIL FROM");
        textWrapped("<" + m.record->mailFrom + ">");
        reply(m.record->mailFromReply);
        const std::string visible = toLowerAscii(view.to + " " + view.cc);
        for (const trace::CarriedMailRecord::Recipient& r : m.record->recipients) {
            rowName("RCPT TO");
            textWrapped("<" + r.address + ">");
            if (haveHeader && visible.find(toLowerAscii(r.address)) == std::string::npos)
                colouredWrapped(highlightColor(), tr("Not in To: or Cc: a hidden (Bcc) recipient."));
            reply(r.reply);
        }
        ImGui::EndTable();
    }
    mutedWrapped(
        tr("The envelope is not the header: servers deliver to the RCPT TO addresses and send bounces "
           "to MAIL FROM, whatever To: and From: say. A Bcc recipient appears only here."));
}

void drawHeader(const mail::MessageView& v) {
    if (!beginRows("header")) return;
    const std::pair<const char*, const std::string*> fields[] = {
        {"From", &v.from}, {"To", &v.to}, {"Cc", &v.cc}, {"Subject", &v.subject}, {"Date", &v.date}};
    for (const auto& [name, value] : fields) {
        if (value->empty() && std::string_view(name) == "Cc") continue;
        rowName(name);
        textWrapped(*value);
    }
    rowName("Message-ID");
    if (v.messageId.empty())
        mutedWrapped(tr("none yet: the first server adds one"));
    else
        textWrapped(v.messageId);
    ImGui::EndTable();
    mutedWrapped(tr("Written by the sender's program inside the message: what the reader sees."));
}

// "from a (...) by b (...) with ESMTP id X for <y>; date" -> "b took it from a", date.
std::string word(std::string_view value, std::string_view key) {
    const std::size_t at = value.find(key);
    if (at == std::string_view::npos) return "?";
    std::string_view rest = value.substr(at + key.size());
    return std::string(rest.substr(0, rest.find_first_of(" ;")));
}

int receivedCount(const imap::BodyPart& root) {
    int n = 0;
    for (const imap::HeaderField& f : root.fields) n += toLowerAscii(f.name) == "received";
    return n;
}

void drawReceived(const imap::BodyPart& root) {
    int n = 0;
    for (const imap::HeaderField& f : root.fields) {
        if (toLowerAscii(f.name) != "received") continue;
        std::string spaced = " " + f.value;  // unfolded lines keep their tab
        std::replace(spaced.begin(), spaced.end(), '\t', ' ');
        const std::string_view v = spaced;
        // The time of day follows on the same line ("· 09:00:01"): the whole date is in the tooltip,
        // and the trail stays short enough to be seen whole in a 1024x768 inspector.
        const std::size_t semi = v.rfind(';');
        std::string clock;
        if (semi != std::string_view::npos)
            for (std::size_t i = semi; i + 8 <= v.size(); ++i) {
                const std::string_view c = v.substr(i, 8);
                const auto digit = [&](std::size_t k) { return c[k] >= '0' && c[k] <= '9'; };
                if (digit(0) && digit(1) && c[2] == ':' && digit(3) && digit(4) && c[5] == ':' && digit(6) && digit(7)) {
                    clock = std::string(c);
                    break;
                }
            }
        textWrapped(fmt::format("{}. {}{}", ++n, trf("{} took it from {}", word(v, " by "), word(v, " from ")),
                                clock.empty() ? std::string() : "\u00A0· " + clock));
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
            textWrapped("Received: " + f.value);
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        if (semi != std::string_view::npos && clock.empty()) {  // a date of another shape: as it is
            ImGui::Indent();
            const std::string_view date = v.substr(semi + 1);
            mutedWrapped(std::string(date.substr(std::min(date.size(), date.find_first_not_of(' ')))));
            ImGui::Unindent();
        }
    }
    if (n == 0)
        mutedWrapped(tr("No Received: field yet: the first server adds one when it accepts the message."));
    else
        mutedWrapped(
            tr("Each server that takes the message adds one on top, so the newest comes first: read "
               "from the bottom up to follow the trip. Hover one to read it all."));
}

void drawPart(const imap::BodyPart& part, const std::string& number, bool& base64) {
    std::string name;
    for (const auto& p : part.dispositionParams)
        if (toLowerAscii(p.name) == "filename") name = p.value;
    for (const auto& p : part.params)
        if (name.empty() && toLowerAscii(p.name) == "name") name = p.value;
    const bool multi = part.isMultipart();
    if (toLowerAscii(part.encoding) == "base64") base64 = true;
    std::string line =
        fmt::format("{}{}/{}", number.empty() ? "" : number + "  ", toLowerAscii(part.type), toLowerAscii(part.subtype));
    if (!multi)
        line +=
            fmt::format(", {}, {}", toLowerAscii(part.encoding), trf("{} bytes", part.bodySize()));
    if (!name.empty()) line += ", \"" + name + "\"";
    textWrapped(line);
    ImGui::Indent();
    int i = 0;
    for (const imap::BodyPart& child : part.children)
        drawPart(child, number.empty() ? std::to_string(++i) : number + "." + std::to_string(++i), base64);
    ImGui::Unindent();
}

void drawRaw(const CarriedMessage& m, const std::vector<std::size_t>& starts) {
    const float lineH = ImGui::GetTextLineHeightWithSpacing();
    const float height = lineH * static_cast<float>(std::min<std::size_t>(starts.size(), 14)) + lineH;
    ImGui::BeginChild("raw", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(fonts().mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(starts.size()));
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const std::size_t from = starts[static_cast<std::size_t>(r)];
            std::size_t to =
                r + 1 < static_cast<int>(starts.size()) ? starts[static_cast<std::size_t>(r) + 1] : m.raw.size();
            while (to > from && (m.raw[to - 1] == '\n' || m.raw[to - 1] == '\r')) --to;
            ImGui::TextUnformatted(m.raw.data() + from, m.raw.data() + to);
        }
    ImGui::PopFont();
    ImGui::EndChild();
}

// Which text shows: a copy's place in `copies` (the first by default), or -2 the carried text.
int textChoice(const MailCache& c, const std::vector<std::uint32_t>& copies) {
    if (copies.empty() || c.textChoice == -2) return copies.empty() ? -1 : -2;
    return c.textChoice >= 0 && c.textChoice < static_cast<int>(copies.size()) ? c.textChoice : 0;
}

// "( ) as carried on this connection  (•) as delivered into the mailbox of bob@…".
void drawTextSwitch(MailCache& c, const trace::Trace& t, const std::vector<std::uint32_t>& copies, int choice) {
    // A radio button with its words beside it, wrapped under themselves: a long address is never
    // cut. What the copy adds is said on hover, so the Received: trail stays in view at 1024x768.
    const auto option = [&](int value, const std::string& words) {
        ImGui::PushID(value);
        bool pick = ImGui::RadioButton("##text", choice == value);
        const bool hovered = ImGui::IsItemHovered();
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        textWrapped(words);
        pick = pick || ImGui::IsItemClicked();
        if (value >= 0 && (hovered || ImGui::IsItemHovered())) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
            textWrapped(tr("The copy in the mailbox: the server put its Received: line, Return-Path: "
                           "(MAIL FROM) and Delivered-To: (RCPT TO) on top of the text it was given."));
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        ImGui::PopID();
        if (pick) c.textChoice = value;
    };
    option(-2, tr("as carried on this connection"));
    for (std::size_t i = 0; i < copies.size(); ++i)
        option(static_cast<int>(i), trf("as delivered into the mailbox of {}", t.deliveredCopies[copies[i]].account));
}

class MessagePanel final : public Panel {
public:
    const char* id() const override { return "message"; }
    const char* title() const override { return tr("Message"); }
    void reset() override { m_mail = MailCache{}; }
    void draw(ViewContext& ctx) override;

private:
    MailCache m_mail;
};

}  // namespace

std::unique_ptr<Panel> makeMessagePanel() { return std::make_unique<MessagePanel>(); }

void MessagePanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    std::uint32_t id = ctx.selection.connection;
    if (id > t.connections.size()) id = 0;
    // Until a connection is chosen: the one talking at the playhead, else the current event's.
    const std::uint32_t eventConnection =
        ctx.state.currentEvent >= 0 ? t.events[static_cast<std::size_t>(ctx.state.currentEvent)].connection : 0;
    for (const std::uint32_t c : {ctx.state.talking, eventConnection})
        if (id == 0 && c != 0 && c <= t.connections.size() && carriesMail(t.connection(c).app)) id = c;
    if (id == 0) {
        mutedWrapped(tr("Select an SMTP connection (in the transcript or on the map) to see the mail it carries."));
        return;
    }
    const trace::ConnectionRecord& conn = t.connection(id);
    ImGui::PushFont(fonts().bold);
    textWrapped(fmt::format("#{} {}: {} → {}", conn.id, tr(conn.service.c_str()), t.nodes[conn.client].id,
                            t.nodes[conn.server].id));
    ImGui::PopFont();
    if (!carriesMail(conn.app)) {
        mutedWrapped(tr("This connection carries no mail: choose an SMTP, POP3 or IMAP connection."));
        return;
    }
    MailCache& cache = mailOf(m_mail, ctx.index, ctx.lesson.serial(), id, ctx.state.linesShown);
    if (cache.records.empty()) {
        switch (noMailNote(conn, ctx.state.time)) {
            case NoMailNote::SmtpNotYet:
                mutedWrapped(tr("No mail on this connection yet: it shows here once the message text starts, after "
                                "MAIL FROM, RCPT TO and DATA."));
                break;
            case NoMailNote::SmtpNone: mutedWrapped(tr("This connection carried no mail.")); break;
            case NoMailNote::DownloadNotYet: mutedWrapped(tr("No message downloaded on this connection yet.")); break;
            case NoMailNote::DownloadNone: mutedWrapped(tr("No message was downloaded on this connection.")); break;
        }
        return;
    }
    const int count = static_cast<int>(cache.records.size());
    int shown = cache.chosen >= 0 && cache.chosen < count ? cache.chosen : count - 1;
    if (count > 1) {
        const auto label = [&](int i) {
            const std::uint32_t mail = t.carriedMail[cache.records[static_cast<std::size_t>(i)]].mail;
            const std::string subject = mail != 0 && mail <= t.mails.size() ? t.mails[mail - 1].subject : std::string();
            return trf("Message {} of {}", i + 1, count) +
                   (subject.empty() ? "" : ": " + subject);
        };
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##message", label(shown).c_str())) {
            for (int i = 0; i < count; ++i)
                if (ImGui::Selectable(label(i).c_str(), i == shown)) cache.chosen = shown = i, cache.textChoice = -1;
            ImGui::EndCombo();
        }
    }
    // Once the server has put the mail into a mailbox, the copy there (with its own Received:
    // line, Return-Path: and Delivered-To:) can show instead of the text as carried.
    std::vector<std::uint32_t> copies;
    for (std::uint32_t c : copiesOf(cache, t, shown))
        if (t.deliveredCopies[c].time <= ctx.state.time) copies.push_back(c);
    const int choice = textChoice(cache, copies);
    const int copy = choice >= 0 ? static_cast<int>(copies[static_cast<std::size_t>(choice)]) : -1;
    const CarriedMessage& m = parse(cache, t, shown, ctx.state.linesShown, ctx.state.time, copy);
    ctx.selection.message = {static_cast<int>(cache.records[static_cast<std::size_t>(shown)]), copy, ImGui::GetFrameCount()};
    if (m.hasEnvelope()) {
        drawSmtpStatus(m);
    } else {
        mutedWrapped(m.record->fromClient ? tr("Uploaded by the client with:") : tr("Downloaded with:"));
        ImGui::PushFont(fonts().mono);
        textWrapped(m.record->fetchLine);
        ImGui::PopFont();
        if (!m.complete)
            colouredWrapped(highlightColor(),
                            trnf("The message is still on its way: {} line so far.",
                             "The message is still on its way: {} lines so far.",
                             static_cast<long>(m.textLines), m.textLines));
    }
    if (!copies.empty()) drawTextSwitch(cache, t, copies, choice);
    // Header fields only make sense once the header is all there (the empty line that ends it).
    const bool haveHeader = m.raw.find("\r\n\r\n") != std::string::npos;
    // A mail that crossed two servers or more tells its journey first: the Received: trail
    // (lesson 03's point) comes before the envelope, where a class sees it without scrolling.
    const bool journey = haveHeader && receivedCount(cache.structure) >= 2;
    const auto trail = [&] {
        if (fittedHeader(fmt::format("{}###received", tr("The Received: trail")).c_str(), ImGuiTreeNodeFlags_DefaultOpen))
            drawReceived(cache.structure);
    };
    if (journey) trail();
    const char* envelope =
        m.hasEnvelope() ? tr("Envelope: what the servers read") : tr("Envelope: none on this connection");
    if (fittedHeader(fmt::format("{}###envelope", envelope).c_str(), ImGuiTreeNodeFlags_DefaultOpen))
        drawEnvelope(m, cache.view, haveHeader);
    if (!haveHeader) return;
    if (fittedHeader(fmt::format("{}###header", tr("Header fields: what the reader sees")).c_str(),
                                ImGuiTreeNodeFlags_DefaultOpen))
        drawHeader(cache.view);
    if (!journey) trail();
    if (fittedHeader(fmt::format("{}###mime", tr("MIME structure: the parts")).c_str())) {
        bool base64 = false;
        drawPart(cache.structure, "", base64);
        if (base64) mutedWrapped(tr("base64 turns every 3 bytes of a file into 4 letters: about a third bigger."));
    }
    if (fittedHeader(fmt::format("{}###body", tr("Body text")).c_str())) {
        const std::string& text = cache.view.text;
        if (text.empty())
            mutedWrapped(tr("No text part."));
        else if (text.size() > 20000)
            textWrapped(text.substr(0, 20000) + "…");
        else
            textWrapped(text);
        for (const mail::AttachmentInfo& a : cache.view.attachments)
            ImGui::BulletText(
                "%s",
                trf("Attachment {} ({}, {} bytes)", a.name, a.contentType, a.size).c_str());
    }
    if (fittedHeader(
            fmt::format("{}###raw", trf("Raw source: {} bytes", m.raw.size())).c_str()))
        drawRaw(m, cache.lineStarts);
}

}  // namespace postino::viz
