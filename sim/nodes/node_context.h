// What a simulated host knows, and no more: the simulator's clock and random numbers, its own
// network stack, the trace it writes to, its own configuration, and what its settings name —
// its peers' host names, its name server's address (resolv.conf), its hosts file, the networks
// it relays for. It must not hand out the World, other nodes, or any peer's address except
// through hostsEntry, the one documented fallback for a host with no resolver.
#pragma once

#include "core/simulator.h"
#include "dns/dns_message.h"
#include "nodes/dkim_signer.h"
#include "net/host_stack.h"
#include "scenario/scenario.h"
#include "trace/phrase.h"
#include "tls/tls_config.h"
#include "trace/trace.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::world {

// A host's settings that name other hosts, as an administrator writes them: host names, and
// addresses only where real software takes addresses (resolv.conf, Postfix's mynetworks).
// The World fills it from the scenario (world/host_config), which names peers by node id.
struct HostSettings {
    // The host name configured for each peer the scenario names by node id: an account's
    // mail server ("mail.sender.example"), a browser account's webmail, a webmail's mail
    // server, a mail server's relay host. Nothing for any other node.
    std::map<std::string, std::string> peerHostnames;
    // resolv.conf's "nameserver": the address of the DNS server it asks; unset: none.
    std::optional<std::uint32_t> nameserver;
    // The hosts file (/etc/hosts): host name → address of each configured peer, written only
    // for a host without a name server, so small scenarios work without DNS.
    std::map<std::string, std::uint32_t> hosts;
    // A mail server's mynetworks: the addresses of the hosts it relays for without AUTH.
    std::vector<std::uint32_t> relayClientAddresses;
    // A seed of this host's own (from the scenario's seed and the host's place in it), for
    // random numbers whose draws must not shift every other host's.
    std::uint64_t seed = 1;
    // TLS: this host's server side (its certificate; none: it offers no TLS) and the client side
    // every host has when the lesson has TLS (it trusts the lesson's CA).
    std::shared_ptr<const tls::TlsConfig> tlsServer;
    std::shared_ptr<const tls::TlsConfig> tlsClient;
    // DKIM (world/lesson_dkim): a mail server's signing keys; the key records a DNS server
    // publishes where its zones hold the name and have no record of their own there.
    std::vector<DkimSigningKey> dkimKeys;
    std::vector<dns::ResourceRecord> dkimRecords;
};

class NodeContext {
public:
    // `network` only carries the stack's packets; the context keeps no reference to it.
    NodeContext(Simulator& sim, net::Network& network, trace::Trace& trace, const scenario::Node& self,
                net::NodeIndex index, HostSettings settings);
    NodeContext(const NodeContext&) = delete;
    NodeContext& operator=(const NodeContext&) = delete;

    // The clock, timers and the simulation's seeded random numbers.
    Simulator& sim() { return m_sim; }
    net::HostStack& stack() { return m_stack; }
    // This host's own configuration, as the scenario writes it.
    const scenario::Node& self() const { return m_self; }
    net::NodeIndex index() const { return m_index; }

    // The trace writer. A teaching event in words that can be translated:
    // event(kind, trace::phrase("...", args...)); text from elsewhere (a server's reply...) goes
    // in as trace::untranslated.
    void event(trace::EventKind kind, trace::Phrase text, std::uint32_t connection = 0, std::string messageId = {});
    // Records the CRLF lines of bytes written on a connection.
    // `tls`: the lines crossed inside TLS (the transcript marks them; the wire saw only records).
    void recordLines(std::uint32_t connection, bool fromClient, std::string_view bytes, bool tls = false);
    // The records a host appends to (queue snapshots, mailbox changes, resolver cache entries).
    // Written, never read for what other hosts are.
    trace::Trace& trace() { return m_trace; }

    // The host name this host is configured with for the peer the scenario names `nodeId`;
    // "" when that node is not one of its configured peers.
    std::string peerHostname(const std::string& nodeId) const;
    std::optional<std::uint32_t> nameserver() const { return m_settings.nameserver; }
    // The fallback, as if from /etc/hosts: the address of a configured peer's host name, on a
    // host without a name server. Nothing for another name, nor on a host that has a resolver
    // (that one asks DNS, see HostLookup).
    std::optional<std::uint32_t> hostsEntry(const std::string& hostname) const;
    const std::vector<std::uint32_t>& relayClientAddresses() const { return m_settings.relayClientAddresses; }
    std::uint64_t hostSeed() const { return m_settings.seed; }
    const std::shared_ptr<const tls::TlsConfig>& tlsServer() const { return m_settings.tlsServer; }
    const std::shared_ptr<const tls::TlsConfig>& tlsClient() const { return m_settings.tlsClient; }
    const std::vector<DkimSigningKey>& dkimKeys() const { return m_settings.dkimKeys; }
    const std::vector<dns::ResourceRecord>& dkimRecords() const { return m_settings.dkimRecords; }
    // Now on the simulated calendar, in Unix seconds: what a certificate is checked against.
    std::int64_t unixNow() const;
    // The power switch of this host (node_down / node_up): off, the network neither delivers to
    // it nor takes from it. Only this host's own interface; nothing about any other.
    void setPower(bool on) { m_power(on); }

private:
    Simulator& m_sim;
    trace::Trace& m_trace;
    const scenario::Node& m_self;
    net::NodeIndex m_index;
    net::HostStack m_stack;
    HostSettings m_settings;
    std::function<void(bool)> m_power;
};

}  // namespace postino::world
