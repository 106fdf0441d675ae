#include "live/live_server.h"

#include "live/live_engine.h"
#include "net/ipv4.h"
#include "nodes/mail_server_node.h"
#include "nodes/webmail_node.h"

#include <asio.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

namespace postino::live {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Service {
    std::string name;          // "SMTP", "SMTP submission"
    std::uint16_t simulatedPort;
    net::AppProtocol app;
    std::function<std::unique_ptr<LiveEngine>(const std::string& peerIp)> factory;
};

class LiveSession;

// Everything the sessions share: the world, its pacing, and the printer.
struct Context {
    world::World& world;
    world::Node& node;
    std::function<void()> afterInput;  // e.g. simulated IMAP sessions see what a live one changed
    std::vector<std::weak_ptr<LiveSession>> sessions;
    std::ostream& out;
    Clock::time_point start;
    std::size_t eventsPrinted = 0;

    // Brings the simulation up to the wall clock (runs due events, moves the clock).
    void catchUp() {
        const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
        const Time target = Time::fromNanos(elapsed);
        if (target > world.sim().now()) world.sim().runUntil(target, true);
        printNewEvents();
    }
    void printNewEvents() {
        const auto& events = world.trace().events;
        for (; eventsPrinted < events.size(); ++eventsPrinted) {
            const auto& e = events[eventsPrinted];
            fmt::print(out, "{:>11}  {:<15} {}\n", formatSeconds(e.time), world.trace().nodes.at(e.node).id, e.text);
        }
        out.flush();
    }
};

class LiveSession : public std::enable_shared_from_this<LiveSession> {
public:
    LiveSession(Context& ctx, tcp::socket socket, std::unique_ptr<LiveEngine> engine, std::uint32_t traceId,
                std::string label)
        : m_ctx(ctx), m_socket(std::move(socket)), m_engine(std::move(engine)), m_traceId(traceId),
          m_label(std::move(label)) {}

    void start() {
        m_engine->start();
        flushOutput();
        read();
    }

    // The store may have changed (a delivery, another session): IDLE sessions speak up.
    void poke() {
        if (m_closing) return;
        m_engine->notify();
        flushOutput();
    }

private:
    void read() {
        auto self = shared_from_this();
        m_socket.async_read_some(asio::buffer(m_buffer), [this, self](std::error_code ec, std::size_t n) {
            m_ctx.catchUp();
            if (ec) {
                fmt::print(m_ctx.out, "{:>11}  live {} disconnected\n", formatSeconds(m_ctx.world.sim().now()), m_label);
                closeRecord();
                return;
            }
            const std::string_view bytes(m_buffer.data(), n);
            recordClientLines(bytes);
            m_engine->feed(bytes);
            flushOutput();
            if (m_ctx.afterInput) m_ctx.afterInput();
            m_ctx.printNewEvents();
            if (!m_closing) read();
        });
    }

    void recordClientLines(std::string_view bytes) {
        m_partial.append(bytes);
        std::size_t start = 0, end;
        while ((end = m_partial.find("\r\n", start)) != std::string::npos) {
            printLine(true, std::string_view(m_partial).substr(start, end - start));
            start = end + 2;
        }
        m_partial.erase(0, start);
        if (m_partial.size() > 65536) m_partial.clear();  // a runaway line: the engine rejects it anyway
    }

    void printLine(bool fromClient, std::string_view line) {
        const std::string text(line);
        m_ctx.node.recordLines(m_traceId, fromClient, text + "\r\n");
        fmt::print(m_ctx.out, "{:>11}  live {} {}: {}\n", formatSeconds(m_ctx.world.sim().now()), m_label,
                   fromClient ? "C" : "S", text);
    }

    void flushOutput() {
        std::string out = m_engine->takeOutput();
        if (!out.empty()) {
            std::size_t start = 0, end;
            while ((end = out.find("\r\n", start)) != std::string::npos) {
                printLine(false, std::string_view(out).substr(start, end - start));
                start = end + 2;
            }
            auto self = shared_from_this();
            auto data = std::make_shared<std::string>(std::move(out));
            asio::async_write(m_socket, asio::buffer(*data), [self, data](std::error_code, std::size_t) {});
        }
        if (m_engine->wantsClose() && !m_closing) {
            m_closing = true;
            auto self = shared_from_this();
            // Close once the last reply is written: post behind the pending write.
            asio::post(m_socket.get_executor(), [this, self] {
                std::error_code ignored;
                m_socket.shutdown(tcp::socket::shutdown_send, ignored);
                closeRecord();
            });
        }
    }

    void closeRecord() {
        auto& rec = m_ctx.world.trace().connection(m_traceId);
        if (rec.closed == Time::max()) rec.closed = m_ctx.world.sim().now();
    }

    Context& m_ctx;
    tcp::socket m_socket;
    std::unique_ptr<LiveEngine> m_engine;
    std::uint32_t m_traceId;
    std::string m_label;
    std::array<char, 16384> m_buffer{};
    std::string m_partial;
    bool m_closing = false;
};

// The node to serve: the one named, or the first mail server with mailboxes.
world::Node* findServer(world::World& world, const std::string& nodeId, std::string& problem) {
    for (std::size_t i = 0; i < world.nodeCount(); ++i) {
        world::Node& node = world.node(static_cast<net::NodeIndex>(i));
        auto* server = dynamic_cast<world::MailServerNode*>(&node);
        const std::string& id = world.scenario().nodes[i].id;
        if (!nodeId.empty() && id != nodeId) continue;
        if (nodeId.empty() && (!server || server->store().mailboxes().empty())) continue;
        if (!server && !dynamic_cast<world::WebmailNode*>(&node)) {
            problem = fmt::format("node \"{}\" is a {}; live mode serves a mail_server or a webmail node", id,
                                  scenario::nodeTypeName(world.scenario().nodes[i].type));
            return nullptr;
        }
        return &node;
    }
    problem = nodeId.empty() ? "the scenario has no mail server with mailboxes to serve"
                             : fmt::format("no node with id \"{}\" in the scenario", nodeId);
    return nullptr;
}

}  // namespace

int serve(world::World& world, const ServeOptions& options, std::ostream& out, std::ostream& err) {
    std::string problem;
    world::Node* served = findServer(world, options.nodeId, problem);
    if (!served) {
        err << "postino: " << problem << '\n';
        return 2;
    }
    if (options.portBase < 0 || options.portBase + 587 > 65535) {
        err << "postino: --port-base must be between 0 and " << 65535 - 587 << '\n';
        return 2;
    }
    std::error_code ec;
    const asio::ip::address address = asio::ip::make_address(options.listenAddress, ec);
    if (ec) {
        err << "postino: --listen: \"" << options.listenAddress << "\" is not an IP address\n";
        return 2;
    }

    // Secrets handed to real clients (webmail session cookies) come from the OS, not from
    // the lesson's public seed; the simulated parts of the world stay as they were.
    for (std::size_t i = 0; i < world.nodeCount(); ++i)
        if (auto* webmail = dynamic_cast<world::WebmailNode*>(&world.node(static_cast<net::NodeIndex>(i))))
            webmail->useSystemRandomForSecrets();

    std::vector<Service> services;
    std::function<void()> afterInput;
    if (auto* server = dynamic_cast<world::MailServerNode*>(served)) {
        services = {
            {"SMTP", 25, net::AppProtocol::Smtp,
             [server](const std::string& ip) { return adapt(server->newSmtpSession(false, ip)); }},
            {"SMTP submission", 587, net::AppProtocol::Smtp,
             [server](const std::string& ip) { return adapt(server->newSmtpSession(true, ip)); }},
            {"POP3", 110, net::AppProtocol::Pop3, [server](const std::string&) { return adapt(server->newPop3Session()); }},
            {"IMAP", 143, net::AppProtocol::Imap, [server](const std::string&) { return adapt(server->newImapSession()); }},
        };
        afterInput = [server] { server->notifyImap(); };
    } else if (auto* webmail = dynamic_cast<world::WebmailNode*>(served)) {
        // Answers that need IMAP or SMTP come later; the loop's poke sends them.
        services = {{"HTTP", 80, net::AppProtocol::Http,
                     [webmail](const std::string& ip) { return adapt(webmail->newConnection(ip, {})); }}};
    }

    asio::io_context io;
    Context ctx{world, *served, std::move(afterInput), {}, out, Clock::now()};
    auto* server = served;
    std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
    const std::string& hostname = server->spec().hostname;
    for (const Service& s : services) {
        const auto port = static_cast<std::uint16_t>(options.portBase + s.simulatedPort);
        auto acceptor = std::make_unique<tcp::acceptor>(io);
        const tcp::endpoint endpoint(address, port);
        acceptor->open(endpoint.protocol(), ec);
        if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor->bind(endpoint, ec);
        if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            err << fmt::format("postino: cannot listen on {}:{} for {}: {}\n", options.listenAddress, port, s.name,
                               ec.message());
            return 1;
        }
        fmt::print(out, "{:<16} listening on {}:{}  ({} port {})\n", s.name, options.listenAddress, port, hostname,
                   s.simulatedPort);
        acceptors.push_back(std::move(acceptor));
    }
    out << "Simulated time runs with the wall clock; press Ctrl+C to stop.\n";
    out.flush();

    std::function<void(std::size_t)> acceptNext = [&](std::size_t i) {
        acceptors[i]->async_accept([&, i](std::error_code aec, tcp::socket socket) {
            if (!aec) {
                ctx.catchUp();
                std::error_code pec;
                const auto peer = socket.remote_endpoint(pec);
                const std::string peerIp = pec ? "0.0.0.0" : peer.address().to_string();
                const Service& s = services[i];
                trace::ConnectionRecord rec;
                rec.app = s.app;
                rec.service = s.name + " (live)";
                rec.client = rec.server = server->index();
                rec.clientIp = net::parseIpv4(peerIp).value_or(0);
                rec.serverIp = world.network().ipOf(server->index());
                rec.clientPort = pec ? 0 : peer.port();
                rec.serverPort = s.simulatedPort;
                rec.opened = world.sim().now();
                const std::uint32_t id = world.trace().addConnection(std::move(rec));
                const std::string label = fmt::format("{}:{}", peerIp, pec ? 0 : peer.port());
                fmt::print(out, "{:>11}  live {} connected to {}\n", formatSeconds(world.sim().now()), label, s.name);
                auto session = std::make_shared<LiveSession>(ctx, std::move(socket), s.factory(peerIp), id, label);
                ctx.sessions.push_back(session);
                session->start();
            }
            acceptNext(i);
        });
    };
    for (std::size_t i = 0; i < acceptors.size(); ++i) acceptNext(i);

    bool stop = false;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code, int) { stop = true; });

    while (!stop) {
        ctx.catchUp();
        // Let every live session see changes made elsewhere (deliveries, other sessions).
        std::erase_if(ctx.sessions, [](const std::weak_ptr<LiveSession>& w) { return w.expired(); });
        for (const auto& weak : ctx.sessions)
            if (auto session = weak.lock()) session->poke();
        if (options.forSeconds &&
            std::chrono::duration<double>(Clock::now() - ctx.start).count() >= *options.forSeconds)
            break;
        // Sleep until the next simulated event is due, at most 20 ms, serving sockets meanwhile.
        auto wait = std::chrono::milliseconds(20);
        io.run_for(wait);
        if (io.stopped()) io.restart();
    }
    ctx.catchUp();
    out << "Stopped.\n";
    return 0;
}

}  // namespace postino::live
