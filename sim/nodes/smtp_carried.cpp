#include "nodes/smtp_carried.h"

#include "trace/mail_places.h"

#include <string>

namespace postino::world {

namespace {

// A reply as its last line reads on the wire: "250 2.1.5 Ok"; "" while unanswered.
std::string replyLine(const smtp::Reply& r) {
    if (r.code == 0) return {};
    return std::to_string(r.code) + (r.lines.empty() ? std::string() : " " + r.lines.back());
}

}  // namespace

void SmtpCarried::observe(const smtp::ClientSession& engine, std::uint32_t connection, std::size_t firstNewLine) {
    trace::Trace& t = m_owner.trace();
    const Time now = m_owner.sim().now();
    const bool over = firstNewLine == SIZE_MAX;
    auto open = m_open.find(connection);
    if (open == m_open.end()) {
        // The text went out in this exchange: DATA was answered 354, the body and its "." follow.
        if (over || engine.stage() != smtp::ClientSession::Stage::Body || firstNewLine >= t.lines.size()) return;
        const smtp::ClientJob& job = engine.job();
        const smtp::ClientResult& result = engine.result();
        trace::CarriedMailRecord r;
        r.connection = connection;
        r.mail = trace::mailIdOf(t, job.message, job.mailFrom.empty());
        r.fromClient = true;
        r.start = now;
        r.firstLine = static_cast<std::uint32_t>(firstNewLine);
        r.endLine = static_cast<std::uint32_t>(t.lines.size());
        if (r.endLine > r.firstLine && t.lines[r.endLine - 1].text == ".") --r.endLine;  // the end mark
        for (std::uint32_t i = r.firstLine; i < r.endLine; ++i) {
            const std::string& line = t.lines[i].text;
            r.textBytes += line.size() + 2 - (!line.empty() && line.front() == '.' ? 1 : 0);
        }
        r.dotStuffed = true;
        r.mailFrom = job.mailFrom;
        r.mailFromReply = replyLine(result.mailFromReply);
        for (const smtp::RecipientResult& rcpt : result.recipients)
            r.recipients.push_back(
                {rcpt.address, rcpt.code == 0 ? std::string()
                                              : std::to_string(rcpt.code) + " " +
                                                    (rcpt.enhanced.empty() ? "" : rcpt.enhanced + " ") + rcpt.text});
        r.dataReply = replyLine(result.dataReply);
        trace::mailArrived(t, now, r.mail, m_owner.index(), trace::MailPlace::Wire, {}, {}, 0, connection);
        m_open.emplace(connection, t.carriedMail.size());
        t.carriedMail.push_back(std::move(r));
        return;
    }
    if (!over && engine.stage() == smtp::ClientSession::Stage::Body) return;  // still waiting for the answer
    // Its record, where it was put (live mode may have trimmed older ones since: then by connection).
    std::size_t at = open->second;
    if (at >= t.carriedMail.size() || t.carriedMail[at].connection != connection) {
        at = t.carriedMail.size();
        while (at > 0 && t.carriedMail[at - 1].connection != connection) --at;
        if (at-- == 0) {  // trimmed away
            m_open.erase(open);
            return;
        }
    }
    trace::CarriedMailRecord& r = t.carriedMail[at];
    r.end = now;
    r.finalReply = replyLine(engine.result().finalReply);
    trace::mailLeft(t, now, r.mail, m_owner.index(), trace::MailPlace::Wire, {}, {}, 0, connection);
    m_open.erase(open);
}

}  // namespace postino::world
