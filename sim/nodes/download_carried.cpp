#include "nodes/download_carried.h"

#include "core/ascii.h"
#include "trace/mail_places.h"

#include <string>
#include <string_view>

namespace postino::world {

namespace {

// The octet count of a literal that ends the line ("... {744}" or "{249+}"), or -1; `open` is
// where its "{" is.
long literalSize(std::string_view line, std::size_t& open) {
    if (line.empty() || line.back() != '}') return -1;
    open = line.rfind('{');
    if (open == std::string_view::npos) return -1;
    std::string_view digits = line.substr(open + 1, line.size() - open - 2);
    if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
    if (digits.empty() || digits.size() > 9) return -1;
    long n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

bool endsWithNoCase(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && toLowerAscii(text.substr(text.size() - suffix.size())) == toLowerAscii(suffix);
}

}  // namespace

void DownloadCarried::open(std::uint32_t connection, bool fromClient, std::size_t first, std::size_t end,
                           std::uint64_t bytes, bool dotStuffed, std::string_view fetchLine) {
    trace::Trace& t = m_owner.trace();
    std::string text;  // only to find the Message-ID
    for (std::size_t i = first; i < end && text.size() < bytes; ++i) {
        std::string_view line = t.lines[i].text;
        if (dotStuffed && !line.empty() && line.front() == '.') line.remove_prefix(1);
        if (line.empty() && !text.empty()) break;  // the header ends
        text.append(line);
        text += "\r\n";
    }
    trace::CarriedMailRecord r;
    r.connection = connection;
    r.mail = trace::mailIdOf(t, text);
    r.fromClient = fromClient;
    r.start = m_owner.sim().now();
    r.firstLine = static_cast<std::uint32_t>(first);
    r.endLine = static_cast<std::uint32_t>(end);
    r.textBytes = bytes;
    r.dotStuffed = dotStuffed;
    r.fetchLine = std::string(fetchLine);
    trace::mailArrived(t, r.start, r.mail, m_owner.index(), trace::MailPlace::Wire, {}, {}, 0, connection);
    m_open[connection].push_back(t.carriedMail.size());
    t.carriedMail.push_back(std::move(r));
}

void DownloadCarried::close(std::uint32_t connection) {
    auto it = m_open.find(connection);
    if (it == m_open.end()) return;
    trace::Trace& t = m_owner.trace();
    for (std::size_t at : it->second) {
        if (at >= t.carriedMail.size() || t.carriedMail[at].connection != connection) continue;  // trimmed (live)
        trace::CarriedMailRecord& r = t.carriedMail[at];
        r.end = m_owner.sim().now();
        trace::mailLeft(t, r.end, r.mail, m_owner.index(), trace::MailPlace::Wire, {}, {}, 0, connection);
    }
    m_open.erase(it);
}

void DownloadCarried::observePop3(pop3::ServerSession& engine, std::uint32_t connection, std::size_t firstNewLine) {
    if (firstNewLine == SIZE_MAX) {  // the client speaks again: what was sent has arrived
        close(connection);
        return;
    }
    const trace::Trace& t = m_owner.trace();
    std::size_t at = firstNewLine;
    for (const pop3::ServerEvent& e : engine.takeEvents()) {
        if (e.kind != pop3::ServerEvent::Kind::Retrieved) continue;
        // The answer: "+OK ..." then the message, dot-stuffed, then ".".
        while (at < t.lines.size() && t.lines[at].text.rfind("+OK", 0) != 0) ++at;
        if (at == t.lines.size()) return;
        const std::size_t status = at++;
        const std::size_t first = at;
        std::uint64_t bytes = 0;
        for (; at < t.lines.size() && t.lines[at].text != "."; ++at) {
            const std::string& line = t.lines[at].text;
            bytes += line.size() + 2 - (!line.empty() && line.front() == '.' ? 1 : 0);
        }
        open(connection, false, first, at, bytes, true, "RETR " + std::to_string(e.number) + "  →  " + t.lines[status].text);
    }
}

void DownloadCarried::observeImap(imap::ServerSession& engine, std::uint32_t connection, std::size_t firstNewLine) {
    if (firstNewLine == SIZE_MAX) {
        close(connection);
        return;
    }
    bool fetched = false;
    for (const imap::ImapEvent& e : engine.takeEvents()) fetched |= e.kind == imap::ImapEvent::Kind::Fetched;
    if (fetched) imapLiterals(connection, false, firstNewLine);
}

void DownloadCarried::observeImapClient(const imap_client::ClientSession&, std::uint32_t connection,
                                        std::size_t firstNewLine) {
    close(connection);  // the client runs after the server spoke: a literal it wrote before has arrived
    if (firstNewLine == SIZE_MAX || firstNewLine >= m_owner.trace().lines.size()) return;
    imapLiterals(connection, true, firstNewLine);
}

void DownloadCarried::imapLiterals(std::uint32_t connection, bool fromClient, std::size_t first) {
    const trace::Trace& t = m_owner.trace();
    const std::size_t end = t.lines.size();
    const auto consume = [&](std::size_t from, std::uint64_t octets, std::string_view announced) {
        std::size_t j = from;
        long long remaining = static_cast<long long>(octets);
        while (remaining > 0 && j < end) remaining -= static_cast<long long>(t.lines[j++].text.size()) + 2;
        open(connection, fromClient, from, j, octets, false, announced);
        return j;
    };
    std::size_t i = first;
    if (fromClient) {
        auto pending = m_pendingAppend.find(connection);
        if (pending != m_pendingAppend.end()) {  // the octets the server asked for with "+"
            const auto [octets, line] = pending->second;
            m_pendingAppend.erase(pending);
            i = consume(i, octets, t.lines[line].text);
        }
    }
    for (; i < end; ++i) {
        const std::string_view line = t.lines[i].text;
        std::size_t brace = 0;
        const long size = literalSize(line, brace);
        if (size <= 0) continue;
        std::string_view before = line.substr(0, brace);
        while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
        const bool message = fromClient ? toLowerAscii(line).find(" append ") != std::string::npos
                                        : endsWithNoCase(before, "BODY[]") || endsWithNoCase(before, "RFC822");
        if (!message) continue;
        if (i + 1 == end && fromClient && line[line.size() - 2] != '+') {  // waits for "+ go ahead"
            m_pendingAppend[connection] = {static_cast<std::uint64_t>(size), i};
            return;
        }
        i = consume(i + 1, static_cast<std::uint64_t>(size), line) - 1;
    }
}

}  // namespace postino::world
