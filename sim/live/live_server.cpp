#include "live/live_server.h"

#include "http/message.h"
#include "live/live_context.h"
#include "live/live_engine.h"
#include "live/live_session.h"
#include "live/live_tls.h"
#include "net/ipv4.h"
#include "nodes/mail_server_node.h"
#include "nodes/webmail_node.h"

#include <asio.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <chrono>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

namespace postino::live {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Service {
    std::string name;  // "SMTP", "SMTP submission"
    std::uint16_t simulatedPort;
    net::AppProtocol app;
    // TLS from the first byte (RFC 8314: 465, 995, 993); the others turn to TLS
    // when their engine says STARTTLS, if the node has TLS.
    bool implicitTls;
    std::function<std::unique_ptr<LiveEngine>(const std::string& peerIp)> factory;
    std::chrono::seconds idleTimeout;  // the protocol's usual default
    std::string refusal;               // what a connection over the limit is told
};

Clock::duration wallSeconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

std::string httpRefusal() {
    http::Response r = http::makeResponse(503, "text/plain; charset=utf-8",
                                          "Too many connections; try again in a moment.\r\n");
    r.headers.push_back({"Retry-After", "5"});
    r.headers.push_back({"Connection", "close"});
    return http::serialize(r);
}

// A connection over the limit: its protocol's refusal, a half-close, then a short wait for
// the client to close (so a request it already sent does not turn the close into a reset).
class Refusal : public std::enable_shared_from_this<Refusal> {
public:
    Refusal(tcp::socket socket, const std::string& text, std::size_t& lingering)
        : m_socket(std::move(socket)), m_text(text), m_timer(m_socket.get_executor()), m_lingering(lingering) {}
    ~Refusal() {
        if (m_counted) --m_lingering;
    }

    void start() {
        auto self = shared_from_this();
        asio::async_write(m_socket, asio::buffer(m_text), [this, self](std::error_code ec, std::size_t) {
            std::error_code ignored;
            if (ec || m_lingering >= kMaxLingering) return;  // closed by the destructor
            m_socket.shutdown(tcp::socket::shutdown_send, ignored);
            m_counted = true;
            ++m_lingering;
            m_timer.expires_after(std::chrono::seconds(1));
            m_timer.async_wait([this, self](std::error_code) {
                std::error_code ignored2;
                m_socket.close(ignored2);
            });
            drain();
        });
    }

private:
    static constexpr std::size_t kMaxLingering = 64;
    void drain() {
        auto self = shared_from_this();
        m_socket.async_read_some(asio::buffer(m_buffer), [this, self](std::error_code ec, std::size_t) {
            if (ec) {
                m_timer.cancel();
                return;
            }
            drain();
        });
    }

    tcp::socket m_socket;
    std::string m_text;
    asio::steady_timer m_timer;
    std::size_t& m_lingering;
    bool m_counted = false;
    std::array<char, 4096> m_buffer{};
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

std::string checkOptions(const ServeOptions& options) {
    if (options.portBase < 0 || options.portBase + 587 > 65535)
        return fmt::format("--port-base must be between 0 and {}", 65535 - 587);
    if (options.idleTimeout && (!std::isfinite(*options.idleTimeout) || *options.idleTimeout <= 0 ||
                                *options.idleTimeout > 86400.0 * 365))
        return "--idle-timeout must be a positive number of seconds (at most a year)";
    if (options.maxConnections < 1) return "--max-connections must be at least 1";
    return {};
}

}  // namespace

int serve(world::World& world, const ServeOptions& options, std::ostream& out, std::ostream& err) {
    std::string problem;
    world::Node* served = findServer(world, options.nodeId, problem);
    if (!served) {
        err << "postino: " << problem << '\n';
        return 2;
    }
    if (const std::string bad = checkOptions(options); !bad.empty()) {
        err << "postino: " << bad << '\n';
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

    const std::string& hostname = served->spec().hostname;
    // TLS for real clients: a CA of this run, never the lesson's seeded one (whose key anyone
    // with the lesson file can make), and dates from the wall clock the clients check against.
    std::unique_ptr<LiveTls> liveTls;
    const bool tlsServer = served->spec().type == scenario::NodeType::MailServer && served->spec().tls.enabled;
    if (!options.writeCaPath.empty() && !tlsServer) {
        if (served->spec().type != scenario::NodeType::MailServer)
            err << fmt::format("postino: --write-ca: node \"{}\" is a {}; live mode offers TLS on a mail_server's "
                               "services only\n",
                               served->spec().id, scenario::nodeTypeName(served->spec().type));
        else
            err << fmt::format(
                "postino: --write-ca: node \"{}\" has no TLS (give it \"tls\" in the lesson, or add --tls)\n",
                served->spec().id);
        return 2;
    }
    if (tlsServer) {
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch()).count();
        liveTls = std::make_unique<LiveTls>(served->spec(), now);
        if (!options.writeCaPath.empty()) {
            std::ofstream file(options.writeCaPath, std::ios::binary | std::ios::trunc);
            file << liveTls->caPem();
            file.close();
            if (!file) {
                err << fmt::format("postino: --write-ca: cannot write \"{}\"\n", options.writeCaPath);
                return 1;
            }
        }
    }
    std::vector<Service> services;
    std::function<void()> afterInput;
    using std::chrono::seconds;
    if (auto* server = dynamic_cast<world::MailServerNode*>(served)) {
        const std::string smtpRefusal = fmt::format("421 4.7.0 {} Error: too many connections\r\n", hostname);
        services = {
            {"SMTP", 25, net::AppProtocol::Smtp, false,
             [server](const std::string& ip) { return adapt(server->newSmtpSession(false, ip)); }, seconds(300),
             smtpRefusal},
            {"SMTP submission", 587, net::AppProtocol::Smtp, false,
             [server](const std::string& ip) { return adapt(server->newSmtpSession(true, ip)); }, seconds(300),
             smtpRefusal},
            {"POP3", 110, net::AppProtocol::Pop3, false,
             [server](const std::string&) { return adapt(server->newPop3Session()); }, seconds(600),
             "-ERR [SYS/TEMP] Too many connections\r\n"},
            {"IMAP", 143, net::AppProtocol::Imap, false,
             [server](const std::string&) { return adapt(server->newImapSession()); }, seconds(1800),
             "* BYE Too many connections\r\n"},
        };
        // One connection too many on a TLS port is closed without a word: a refusal in clear
        // would only be a broken handshake to the client.
        if (tlsServer)
            services.push_back({"SMTP submission (TLS)", 465, net::AppProtocol::Smtp, true,
                                [server](const std::string& ip) { return adapt(server->newSmtpSession(true, ip, true)); },
                                seconds(300), ""});
        if (tlsServer) {
            services.push_back({"POP3 (TLS)", 995, net::AppProtocol::Pop3, true,
                                [server](const std::string&) { return adapt(server->newPop3Session(true)); },
                                seconds(600), ""});
            services.push_back({"IMAP (TLS)", 993, net::AppProtocol::Imap, true,
                                [server](const std::string&) { return adapt(server->newImapSession(true)); },
                                seconds(1800), ""});
        }
        afterInput = [server] { server->notifyImap(); };
    } else if (auto* webmail = dynamic_cast<world::WebmailNode*>(served)) {
        // Answers that need IMAP or SMTP come later; the loop's poke sends them.
        services = {{"HTTP", 80, net::AppProtocol::Http, false,
                     [webmail](const std::string& ip) { return adapt(webmail->newConnection(ip, {})); }, seconds(60),
                     httpRefusal()}};
    }

    LiveContext ctx(world, *served, std::move(afterInput), out, options.traceWindow, services.size());
    asio::io_context io;
    std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
    for (const Service& s : services) {
        if (options.portBase + s.simulatedPort > 65535) {
            err << fmt::format("postino: --port-base {} puts {} (port {}) beyond 65535\n", options.portBase, s.name,
                               s.simulatedPort);
            return 2;
        }
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
        fmt::print(out, "{:<21} listening on {}:{}  ({} port {})\n", s.name, options.listenAddress, port, hostname,
                   s.simulatedPort);
        acceptors.push_back(std::move(acceptor));
    }
    if (liveTls) {
        fmt::print(out, "TLS: the certificate is for {}, signed by a CA made for this run\n",
                   liveTls->certificateSummary());
        if (!options.writeCaPath.empty())
            fmt::print(out, "TLS: the CA's certificate is written to {}: let your client trust it\n", options.writeCaPath);
        else
            out << "TLS: add --write-ca FILE to get the CA's certificate for your client to trust\n";
    }
    out << "Simulated time runs with the wall clock; press Ctrl+C to stop.\n";
    out.flush();

    std::size_t lingeringRefusals = 0;
    std::vector<std::unique_ptr<asio::steady_timer>> backoff;
    std::vector<bool> backingOff(acceptors.size(), false);
    for (std::size_t i = 0; i < acceptors.size(); ++i) backoff.push_back(std::make_unique<asio::steady_timer>(io));

    std::function<void(std::size_t)> acceptNext = [&](std::size_t i) {
        acceptors[i]->async_accept([&, i](std::error_code aec, tcp::socket socket) {
            if (aec == asio::error::operation_aborted) return;
            const Service& s = services[i];
            if (aec && aec != asio::error::connection_aborted) {
                // Out of descriptors (EMFILE, ENFILE) or memory: the waiting connection stays
                // in the backlog, so accepting again at once would spin. Wait a little.
                if (!backingOff[i])
                    ctx.note(s.name, fmt::format("cannot accept: {}; trying again every 100 ms", aec.message()));
                backingOff[i] = true;
                backoff[i]->expires_after(std::chrono::milliseconds(100));
                backoff[i]->async_wait([&, i](std::error_code tec) {
                    if (!tec) acceptNext(i);
                });
                return;
            }
            if (aec) {
                acceptNext(i);
                return;
            }
            backingOff[i] = false;
            ctx.catchUp();
            std::error_code pec;
            const auto peer = socket.remote_endpoint(pec);
            const std::string peerIp = pec ? "0.0.0.0" : peer.address().to_string();
            const std::string label = fmt::format("{}:{}", peerIp, pec ? 0 : peer.port());
            if (ctx.open(i) >= static_cast<std::size_t>(options.maxConnections)) {
                ctx.note(label, fmt::format("refused by {}: too many connections ({} open)", s.name, ctx.open(i)));
                std::make_shared<Refusal>(std::move(socket), s.refusal, lingeringRefusals)->start();
                acceptNext(i);
                return;
            }
            trace::ConnectionRecord rec;
            rec.app = s.app;
            rec.service = s.name + " (live)";
            rec.client = rec.server = served->index();
            rec.clientIp = net::parseIpv4(peerIp).value_or(0);
            rec.serverIp = world.network().ipOf(served->index());
            rec.clientPort = pec ? 0 : peer.port();
            rec.serverPort = s.simulatedPort;
            rec.opened = world.sim().now();
            const std::uint32_t id = world.trace().addConnection(std::move(rec));
            ctx.opened(id, i);
            ctx.note(label, "connected to " + s.name);
            SessionLimits limits;
            limits.idleTimeout = options.idleTimeout ? wallSeconds(*options.idleTimeout) : Clock::duration(s.idleTimeout);
            limits.outputLimit = options.outputLimit;
            SessionTls tls;
            if (liveTls) tls = {liveTls->serverConfig(), s.implicitTls};
            auto session =
                std::make_shared<LiveSession>(ctx, std::move(socket), s.factory(peerIp), id, label, limits, tls);
            ctx.add(session);
            session->start();
            acceptNext(i);
        });
    };
    for (std::size_t i = 0; i < acceptors.size(); ++i) acceptNext(i);

    bool stop = false;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code, int) { stop = true; });

    const auto start = Clock::now();
    while (!stop) {
        ctx.catchUp();
        ctx.pokeAll();
        ctx.releaseMemory();
        if (options.forSeconds && std::chrono::duration<double>(Clock::now() - start).count() >= *options.forSeconds)
            break;
        // Serve sockets for up to 20 ms, then let the world catch up again.
        io.run_for(std::chrono::milliseconds(20));
        if (io.stopped()) io.restart();
    }
    ctx.catchUp();
    out << "Stopped.\n";
    return 0;
}

}  // namespace postino::live
