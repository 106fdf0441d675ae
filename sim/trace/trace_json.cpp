#include "trace/trace_json.h"

#include "core/base64.h"
#include "net/ipv4.h"

#include <nlohmann/json.hpp>

namespace postino::trace {


void writeTraceJson(std::ostream& out, const Trace& trace) {
    using nlohmann::ordered_json;
    ordered_json doc;
    doc["format"] = "postino-trace";
    doc["version"] = 1;
    doc["time_unit"] = "ns";
    auto& nodes = doc["nodes"] = ordered_json::array();
    for (const auto& n : trace.nodes)
        nodes.push_back({{"id", n.id}, {"hostname", n.hostname}, {"type", n.type}, {"ip", net::formatIpv4(n.ip)}});
    auto& links = doc["links"] = ordered_json::array();
    for (const auto& l : trace.links) links.push_back({{"id", l.id}, {"a", l.a}, {"b", l.b}});
    auto& packets = doc["packets"] = ordered_json::array();
    for (const auto& rec : trace.packets) {
        const auto& p = rec.packet;
        ordered_json j = {{"id", p.id},
                          {"sent", rec.sent.ns()},
                          {"origin", rec.origin},
                          {"src", net::formatIpv4(p.srcIp)},
                          {"dst", net::formatIpv4(p.dstIp)},
                          {"transport", p.transport == net::Transport::Tcp ? "tcp" : "udp"},
                          {"sport", p.srcPort},
                          {"dport", p.dstPort},
                          {"app", std::string(net::appProtocolName(p.app))},
                          {"bytes", p.frameBytes()},
                          {"summary", p.summary}};
        if (const Caption* c = trace.caption(p.caption)) j["caption"] = captionText(*c, p.segIndex, p.segCount);
        if (p.transport == net::Transport::Tcp) {
            j["seq"] = p.seq;
            j["ack"] = p.ack;
            j["flags"] = net::tcpFlagsText(p.flags);
            j["connection"] = p.connection;
            if (p.segCount > 1) j["segment"] = {p.segIndex, p.segCount};
        }
        j["payload_base64"] = base64Encode(p.payload);
        packets.push_back(std::move(j));
    }
    auto& hops = doc["hops"] = ordered_json::array();
    for (const auto& h : trace.hops)
        hops.push_back({{"packet", h.packetId}, {"link", h.link}, {"from", h.from}, {"to", h.to},
                        {"start", h.start.ns()}, {"arrival", h.arrival.ns()}, {"bytes", h.bytes}});
    auto& conns = doc["connections"] = ordered_json::array();
    for (const auto& c : trace.connections)
        conns.push_back({{"id", c.id}, {"service", c.service}, {"client", c.client}, {"server", c.server},
                         {"client_port", c.clientPort}, {"server_port", c.serverPort}, {"opened", c.opened.ns()},
                         {"closed", c.closed == Time::max() ? ordered_json(nullptr) : ordered_json(c.closed.ns())}});
    auto& lines = doc["lines"] = ordered_json::array();
    for (const auto& l : trace.lines) {
        lines.push_back({{"time", l.time.ns()}, {"connection", l.connection}, {"from", l.fromClient ? "C" : "S"},
                         {"text", l.text}});
        if (l.tls) lines.back()["tls"] = true;  // only where true: traces without TLS stay as they were
    }
    auto& events = doc["events"] = ordered_json::array();
    for (const auto& e : trace.events) {
        ordered_json j = {{"time", e.time.ns()}, {"kind", std::string(eventKindName(e.kind))}, {"node", e.node}};
        if (e.connection) j["connection"] = e.connection;
        if (!e.messageId.empty()) j["message_id"] = e.messageId;
        if (!e.mailbox.empty()) j["mailbox"] = e.mailbox;
        if (e.mailboxCount >= 0) j["mailbox_count"] = e.mailboxCount;
        j["text"] = e.text;
        events.push_back(std::move(j));
    }
    auto& mailboxes = doc["mailbox_changes"] = ordered_json::array();
    for (const auto& r : trace.mailboxRecords) {
        static const char* kOps[] = {"added", "flags", "removed"};
        ordered_json j = {{"time", r.time.ns()}, {"node", r.node}, {"mailbox", r.mailbox}, {"folder", r.folder},
                          {"uid", r.uid}, {"op", kOps[static_cast<int>(r.op)]}, {"flags", r.flags}};
        if (r.op == MailboxRecord::Op::Added) {
            j["subject"] = r.subject;
            j["from"] = r.from;
            j["size"] = r.size;
        }
        mailboxes.push_back(std::move(j));
    }
    auto& mails = doc["mails"] = ordered_json::array();
    for (std::size_t i = 0; i < trace.mails.size(); ++i) {
        const MailInfo& m = trace.mails[i];
        ordered_json j = {{"id", i + 1}, {"message_id", m.messageId}, {"subject", m.subject}, {"from", m.from},
                          {"to", m.to}};
        if (m.isBounce) j["bounce"] = true;
        mails.push_back(std::move(j));
    }
    auto& places = doc["mail_places"] = ordered_json::array();
    for (const MailPlaceRecord& r : trace.mailPlaces) {
        ordered_json j = {{"time", r.time.ns()},
                          {"mail", r.mail},
                          {"node", r.node},
                          {"place", std::string(mailPlaceName(r.place))},
                          {"present", r.present}};
        if (!r.account.empty()) j[r.place == MailPlace::Queue ? "queue_id" : "account"] = r.account;
        if (!r.folder.empty()) j[r.place == MailPlace::Queue ? "queue" : "folder"] = r.folder;
        if (r.uid) j["uid"] = r.uid;
        if (r.connection) j["connection"] = r.connection;
        places.push_back(std::move(j));
    }
    auto& carried = doc["carried_mail"] = ordered_json::array();
    for (const CarriedMailRecord& c : trace.carriedMail) {
        ordered_json j = {{"connection", c.connection}, {"mail", c.mail}, {"from", c.fromClient ? "C" : "S"},
                          {"start", c.start.ns()},
                          {"end", c.end == Time::max() ? ordered_json(nullptr) : ordered_json(c.end.ns())},
                          {"lines", {c.firstLine, c.endLine}}, {"text_bytes", c.textBytes}};
        if (!c.mailFromReply.empty() || !c.mailFrom.empty() || !c.recipients.empty()) {
            j["mail_from"] = {{"address", c.mailFrom}, {"reply", c.mailFromReply}};
            auto& rcpts = j["rcpt_to"] = ordered_json::array();
            for (const auto& r : c.recipients) rcpts.push_back({{"address", r.address}, {"reply", r.reply}});
            j["data_reply"] = c.dataReply;
            j["final_reply"] = c.finalReply;
        }
        if (!c.fetchLine.empty()) j["fetch_line"] = c.fetchLine;
        carried.push_back(std::move(j));
    }
    auto& copies = doc["delivered_copies"] = ordered_json::array();
    for (const DeliveredCopyRecord& c : trace.deliveredCopies) {
        ordered_json j = {{"time", c.time.ns()}, {"mail", c.mail},    {"node", c.node},
                          {"account", c.account}, {"folder", c.folder}, {"uid", c.uid},
                          {"top", c.top}};
        if (!c.headerEnd.empty()) j["header_end"] = c.headerEnd;
        copies.push_back(std::move(j));
    }
    if (!trace.publishedRecords.empty()) {
        auto& published = doc["published_records"] = ordered_json::array();
        for (const PublishedRecord& r : trace.publishedRecords)
            published.push_back({{"node", r.node}, {"zone", r.zone}, {"name", r.name}, {"ttl", r.ttl},
                                 {"type", r.type}, {"data", r.data}});
    }
    // Replace invalid UTF-8 rather than throw: payload text is whatever was sent.
    out << doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace postino::trace
