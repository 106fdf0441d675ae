#include "carried_mail.h"

#include <cctype>
#include <deque>
#include <string_view>
#include <utility>

namespace postino::viz {

namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool containsNoCase(std::string_view text, std::string_view word) {
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i)
        if (startsWithNoCase(text.substr(i), word)) return true;
    return false;
}

bool endsWithNoCase(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && startsWithNoCase(text.substr(text.size() - suffix.size()), suffix);
}

// "MAIL FROM:<a@b> SIZE=12" -> "a@b"; without <>: the word after the colon.
std::string pathAddress(std::string_view line) {
    const std::size_t open = line.find('<');
    if (open != std::string_view::npos) {
        const std::size_t close = line.find('>', open);
        return std::string(
            line.substr(open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1));
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return {};
    std::string_view rest = line.substr(colon + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    return std::string(rest.substr(0, rest.find(' ')));
}

// RFC 5321 4.5.2 / RFC 1939 3: a line that starts with a period loses that period.
void appendUnstuffed(CarriedMessage& m, std::string_view line) {
    if (!line.empty() && line.front() == '.') line.remove_prefix(1);
    m.raw.append(line);
    m.raw += "\r\n";
    ++m.textLines;
    m.textStarted = true;
}

// The octet count of a literal that ends the line ("... {744}" or "{249+}"), or -1.
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

enum class Asked { Greeting, Mail, Rcpt, Data, EndOfData, Message, MultiLine, Other };
struct Pending {
    Asked kind = Asked::Other;
    std::size_t tx = 0, rcpt = 0;
    std::string command;

    Pending(Asked k, std::size_t t = 0, std::size_t r = 0, std::string c = {})
        : kind(k), tx(t), rcpt(r), command(std::move(c)) {}
};

std::vector<CarriedMessage> smtp(const trace::Trace& t, std::span<const std::uint32_t> lines) {
    std::vector<CarriedMessage> out;
    std::deque<Pending> pending{Pending(Asked::Greeting)};
    bool inData = false;
    for (std::uint32_t i : lines) {
        const trace::LineRecord& l = t.lines[i];
        const std::string_view text = l.text;
        if (l.fromClient) {
            if (inData) {
                if (text == ".") {
                    inData = false;
                    out.back().complete = true;
                    pending.push_back({Asked::EndOfData, out.size() - 1});
                } else {
                    appendUnstuffed(out.back(), text);
                }
            } else if (startsWithNoCase(text, "MAIL FROM:")) {
                CarriedMessage m;
                m.hasEnvelope = true;
                m.started = l.time;
                m.mailFrom.address = pathAddress(text);
                out.push_back(std::move(m));
                pending.push_back({Asked::Mail, out.size() - 1});
            } else if (startsWithNoCase(text, "RCPT TO:") && !out.empty()) {
                out.back().recipients.push_back({pathAddress(text), {}});
                pending.push_back({Asked::Rcpt, out.size() - 1, out.back().recipients.size() - 1});
            } else if (startsWithNoCase(text, "DATA") && text.size() == 4 && !out.empty()) {
                pending.push_back({Asked::Data, out.size() - 1});
            } else {
                pending.push_back({Asked::Other});
            }
            continue;
        }
        if (text.size() >= 4 && text[3] == '-') continue;  // a multi-line reply goes on
        if (pending.empty()) continue;
        const Pending p = pending.front();
        pending.pop_front();
        if (p.kind == Asked::Mail) out[p.tx].mailFrom.reply = l.text;
        if (p.kind == Asked::Rcpt) out[p.tx].recipients[p.rcpt].reply = l.text;
        if (p.kind == Asked::EndOfData) out[p.tx].finalReply = l.text;
        if (p.kind == Asked::Data) {
            out[p.tx].dataReply = l.text;
            inData = text.substr(0, 3) == "354";
        }
    }
    return out;
}

std::vector<CarriedMessage> pop3(const trace::Trace& t, std::span<const std::uint32_t> lines) {
    std::vector<CarriedMessage> out;
    std::deque<Pending> pending{Pending(Asked::Greeting)};
    bool inList = false, capturing = false;
    for (std::uint32_t i : lines) {
        const trace::LineRecord& l = t.lines[i];
        const std::string_view text = l.text;
        if (l.fromClient) {
            Pending p{Asked::Other, 0, 0, l.text};
            const bool bare = text.find(' ') == std::string_view::npos;
            if (startsWithNoCase(text, "RETR ") || startsWithNoCase(text, "TOP "))
                p.kind = Asked::Message;
            else if (startsWithNoCase(text, "CAPA") ||
                     (bare && (startsWithNoCase(text, "LIST") || startsWithNoCase(text, "UIDL"))))
                p.kind = Asked::MultiLine;
            pending.push_back(std::move(p));
            continue;
        }
        if (inList) {
            if (text == ".") {
                inList = false;
                if (capturing) out.back().complete = true;
                capturing = false;
            } else if (capturing) {
                appendUnstuffed(out.back(), text);
            }
            continue;
        }
        if (pending.empty()) continue;
        const Pending p = pending.front();
        pending.pop_front();
        if (!startsWithNoCase(text, "+OK")) continue;
        if (p.kind == Asked::MultiLine) inList = true;
        if (p.kind == Asked::Message) {
            CarriedMessage m;
            m.started = l.time;
            m.fromClient = false;
            m.fetchLine = p.command + "  →  " + l.text;
            out.push_back(std::move(m));
            inList = capturing = true;
        }
    }
    return out;
}

// One direction of an IMAP connection: it skips every literal and keeps a message's.
struct LiteralReader {
    long remaining = 0, size = 0;
    bool keep = false;
    std::size_t current = 0;  // the message being read, when keep

    void line(const trace::LineRecord& l, std::vector<CarriedMessage>& out) {
        const std::string_view text = l.text;
        if (remaining > 0) {
            remaining -= static_cast<long>(text.size()) + 2;
            if (!keep) return;
            CarriedMessage& m = out[current];
            m.raw.append(text);
            m.raw += "\r\n";
            ++m.textLines;
            m.textStarted = true;
            if (remaining <= 0) {  // the literal ends in this line (its rest is the response's)
                m.raw.resize(static_cast<std::size_t>(size));
                m.complete = true;
            }
            return;
        }
        std::size_t open = 0;
        size = literalSize(text, open);
        if (size <= 0) return;
        std::string_view before = text.substr(0, open);
        while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
        remaining = size;
        keep = l.fromClient ? containsNoCase(text, " APPEND ")
                            : endsWithNoCase(before, "BODY[]") || endsWithNoCase(before, "RFC822");
        if (!keep) return;
        CarriedMessage m;
        m.started = l.time;
        m.fromClient = l.fromClient;
        m.fetchLine = l.text;
        out.push_back(std::move(m));
        current = out.size() - 1;
    }
};

std::vector<CarriedMessage> imap(const trace::Trace& t, std::span<const std::uint32_t> lines) {
    std::vector<CarriedMessage> out;
    LiteralReader client, server;
    for (std::uint32_t i : lines) {
        const trace::LineRecord& l = t.lines[i];
        (l.fromClient ? client : server).line(l, out);
    }
    return out;
}

}  // namespace

std::vector<CarriedMessage> carriedMail(const trace::Trace& trace, std::uint32_t connection,
                                        std::span<const std::uint32_t> lines) {
    if (connection == 0 || connection > trace.connections.size()) return {};
    switch (trace.connection(connection).app) {
        case net::AppProtocol::Smtp: return smtp(trace, lines);
        case net::AppProtocol::Pop3: return pop3(trace, lines);
        case net::AppProtocol::Imap: return imap(trace, lines);
        default: return {};
    }
}

}  // namespace postino::viz
