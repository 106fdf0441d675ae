// The Queue inspector: the mail a server (or every server) holds at the playhead, as Postfix's
// mailq would list it, in words: queue id, which queue, the sender (<> for a bounce), each
// recipient's state and last reply, attempts and the next retry. Reads the scene; changes only the selection.
#include "fonts.h"
#include "i18n.h"
#include "panels.h"
#include "theme.h"
#include "time_text.h"
#include "wrapped_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace postino::viz {

namespace {

// Above this many mails the list says how many more there are instead of drawing them.
constexpr std::size_t kMaxMailsShown = 200;

struct QueuePanelState {
    int server = -1;                        // node index, -1: every mail server
    std::optional<std::size_t> lastSelection;  // the map's selection last frame
};

class QueuePanel final : public Panel {
public:
    const char* id() const override { return "queue"; }
    const char* title() const override { return tr("Queue"); }
    void reset() override { m_queue = QueuePanelState{}; }
    std::string emptyMessage(const ViewContext& ctx) const override {
        for (const trace::NodeInfo& n : ctx.lesson.trace().nodes)
            if (n.type == "mail_server") return {};
        return tr("This lesson has no mail server, so no queue.");
    }
    void draw(ViewContext& ctx) override;

private:
    QueuePanelState m_queue;
};

const char* queueText(trace::QueueName q) {
    switch (q) {
        case trace::QueueName::Incoming: return tr("queue: incoming");
        case trace::QueueName::Active: return tr("queue: active");
        case trace::QueueName::Deferred: return tr("queue: deferred");
        case trace::QueueName::Hold: return tr("queue: hold");
        case trace::QueueName::Removed: break;
    }
    return "";
}

const char* queueHelp(trace::QueueName q) {
    switch (q) {
        case trace::QueueName::Incoming: return tr("Just arrived: cleanup is done, the queue manager takes it next.");
        case trace::QueueName::Active: return tr("Being delivered now.");
        case trace::QueueName::Deferred: return tr("A delivery failed for now: it waits here and is tried again later.");
        case trace::QueueName::Hold: return tr("Held: nothing is tried until someone releases it.");
        case trace::QueueName::Removed: break;
    }
    return "";
}

const char* statusText(trace::RecipientStatus st) {
    switch (st) {
        case trace::RecipientStatus::Pending: return tr("pending");
        case trace::RecipientStatus::Delivered: return tr("delivered");
        case trace::RecipientStatus::Relayed: return tr("relayed");
        case trace::RecipientStatus::Deferred: return tr("deferred");
        case trace::RecipientStatus::Bounced: return tr("bounced");
    }
    return "";
}

ImU32 statusColor(trace::RecipientStatus st) {
    switch (st) {
        case trace::RecipientStatus::Pending: return nodeOutlineColor();
        case trace::RecipientStatus::Delivered:
        case trace::RecipientStatus::Relayed: return successColor();
        case trace::RecipientStatus::Deferred: return warningColor();
        case trace::RecipientStatus::Bounced: return bounceColor();
    }
    return nodeOutlineColor();
}

float plateWidth(const char* text, float s) { return ImGui::CalcTextSize(text).x + 10 * s; }

// Next on the same line when `width` fits there, else on a new line: nothing is cut at the edge.
void sameLineIfRoom(float width) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

// A small coloured plate with text, on the current line.
void plate(const char* text, ImU32 fill, ImU32 ink, float s) {
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size(ts.x + 10 * s, ts.y + 2 * s);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), fill, 4 * s);
    ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + 5 * s, at.y + 1 * s), ink, text);
    ImGui::Dummy(size);
}

void label(const char* name) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedTextColor()), "%s", name);
    ImGui::SameLine();
}

void drawMail(const trace::QueueRecord& r, Time now, float s) {
    // The heading: which queue, the queue id, and a bounce mark.
    const bool deferred = r.queue == trace::QueueName::Deferred;
    plate(queueText(r.queue), deferred ? warningColor() : nodeOutlineColor(),
          deferred ? onWarningTextColor() : mapBackgroundColor(), s);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", queueHelp(r.queue));
    ImGui::PushFont(fonts().mono);
    sameLineIfRoom(ImGui::CalcTextSize(r.queueId.c_str()).x);
    ImGui::TextUnformatted(r.queueId.c_str());
    ImGui::PopFont();
    if (r.isBounce) {
        const std::string mark = fmt::format("↩ {}", tr("bounce"));
        sameLineIfRoom(plateWidth(mark.c_str(), s));
        plate(mark.c_str(), bounceColor(), IM_COL32(255, 255, 255, 255), s);
    }
    ImGui::Indent(8 * s);
    label(tr("Sender"));
    if (r.sender.empty()) {
        textWrappedColored(bounceColor(), fmt::format("<>  {}", tr("(the empty sender of a bounce: no bounce ever goes back for it)")));
    } else {
        textWrapped("<" + r.sender + ">");
    }
    label(tr("Arrived"));
    textWrapped(trf("at {}, {} ago", clockText(r.arrival), durationText(now - r.arrival)));
    label(tr("Attempts"));
    ImGui::Text("%d", r.attempts);
    if (r.queue == trace::QueueName::Deferred || r.nextAttempt != Time::max()) {
        label(tr("Next retry"));
        if (r.nextAttempt == Time::max())
            ImGui::TextUnformatted("—");
        else if (r.nextAttempt <= now)
            textWrapped(trf("at {}: due now", clockText(r.nextAttempt)));
        else
            textWrapped(trf("at {}, in {}", clockText(r.nextAttempt), durationText(r.nextAttempt - now)));
    }
    // Each recipient: its state, then the last reply in full (wrapped, never cut).
    for (const trace::QueueRecipient& rc : r.recipients) {
        plate(statusText(rc.status), statusColor(rc.status),
              rc.status == trace::RecipientStatus::Deferred ? onWarningTextColor() : IM_COL32(255, 255, 255, 255), s);
        ImGui::SameLine();
        textWrapped(rc.address);
        if (!rc.lastReply.empty() || !rc.dsnStatus.empty()) {
            ImGui::Indent(12 * s);
            ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
            const std::string reply =
                rc.dsnStatus.empty() ? rc.lastReply : rc.lastReply.empty() ? rc.dsnStatus : rc.dsnStatus + "  " + rc.lastReply;
            textWrapped(reply);
            ImGui::PopStyleColor();
            ImGui::Unindent(12 * s);
        }
    }
    ImGui::Unindent(8 * s);
}

}  // namespace

std::unique_ptr<Panel> makeQueuePanel() { return std::make_unique<QueuePanel>(); }

void QueuePanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    const float s = ctx.scale;
    // Clicking a mail server on the map shows its queue.
    if (ctx.selection.node != m_queue.lastSelection) {
        m_queue.lastSelection = ctx.selection.node;
        if (ctx.selection.node && *ctx.selection.node < t.nodes.size() && t.nodes[*ctx.selection.node].type == "mail_server")
            m_queue.server = static_cast<int>(*ctx.selection.node);
    }
    std::vector<std::size_t> servers;
    for (std::size_t i = 0; i < t.nodes.size(); ++i)
        if (t.nodes[i].type == "mail_server") servers.push_back(i);
    const std::string all = tr("All mail servers");
    const auto serverName = [&](std::size_t i) { return fmt::format("{} ({})", t.nodes[i].id, t.nodes[i].hostname); };
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##server", m_queue.server < 0 ? all.c_str() : serverName(static_cast<std::size_t>(m_queue.server)).c_str())) {
        if (ImGui::Selectable(all.c_str(), m_queue.server < 0)) m_queue.server = -1;
        for (std::size_t i : servers)
            if (ImGui::Selectable(serverName(i).c_str(), m_queue.server == static_cast<int>(i))) m_queue.server = static_cast<int>(i);
        ImGui::EndCombo();
    }

    std::size_t shown = 0, total = 0;
    for (const QueuedMailAt& m : ctx.state.queuedMails)
        total += m_queue.server < 0 || m.record->node == static_cast<trace::NodeIndex>(m_queue.server);
    ImGui::BeginChild("queue");
    if (total == 0) {
        ImGui::TextDisabled("%s", m_queue.server < 0 ? tr("No mail waits in any queue at this moment.")
                                                     : tr("No mail waits in this server's queue at this moment."));
        ImGui::Spacing();
        mutedWrapped(tr("A server keeps a mail in its queue until every recipient has it. A temporary "
                        "failure (a 4xx reply, no answer) keeps it there for a retry later; a permanent one "
                        "(a 5xx reply) sends a bounce back to the sender."));
    }
    trace::NodeIndex lastNode = static_cast<trace::NodeIndex>(-1);
    for (const QueuedMailAt& m : ctx.state.queuedMails) {
        const trace::QueueRecord& r = *m.record;
        if (m_queue.server >= 0 && r.node != static_cast<trace::NodeIndex>(m_queue.server)) continue;
        if (shown == kMaxMailsShown) {
            ImGui::TextDisabled("%s", trf("… and {} more", total - shown).c_str());
            break;
        }
        if (r.node != lastNode) {  // a heading per server
            lastNode = r.node;
            if (shown > 0) ImGui::Spacing();
            const QueueCount* q = ctx.state.queueOf(r.node);
            ImGui::PushFont(fonts().bold);
            textWrapped(serverName(r.node));
            ImGui::PopFont();
            if (q) textWrapped(trnf("{} mail in the queue", "{} mails in the queue", q->mails, q->mails));
            ImGui::Separator();
        } else {
            ImGui::Separator();
        }
        ImGui::PushID(static_cast<int>(m.mail));
        drawMail(r, ctx.player.playhead(), s);
        ImGui::PopID();
        ++shown;
    }
    ImGui::EndChild();
}

}  // namespace postino::viz
