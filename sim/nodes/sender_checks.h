// What a receiving mail server checks of mail from the Internet before it answers the end of DATA:
// SPF, DKIM and DMARC (sim/auth engines) asked one DNS question at a time through the host's
// resolver, each result a trace event, then the verdict: INBOX, Junk, refused, or try later, with the
// Authentication-Results: field (RFC 8601) to add. It neither queues nor answers SMTP itself.
#pragma once

#include "auth/auth_dns.h"
#include "nodes/resolver_client.h"
#include "scenario/scenario.h"
#include "smtp/server_types.h"
#include "trace/trace.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace postino::world {

// The rules, as big receivers apply them (see docs/scenario-format.md, "check_senders"):
// - DMARC fail: p=reject refuses the mail at the end of DATA with OpenDMARC's words "550 5.7.1
//   rejected by DMARC policy for bank.example"; p=quarantine files it in the Junk folder; p=none
//   delivers it to INBOX. A DMARC pass delivers to INBOX whatever SPF said (a forwarder).
// - DMARC could not fetch the policy (a DNS failure): "451 4.7.1 ... try again later", as
//   OpenDMARC does with RejectFailures: the sender keeps the mail and retries.
// - No DMARC policy (none published, a broken one, or DMARC not checked): SPF fail ("-all"
//   matched) files the mail in Junk; anything else goes to INBOX with the header only.
class SenderChecks {
public:
    enum class Fate { Inbox, Junk, Reject, TryLater };
    struct Verdict {
        Fate fate = Fate::Inbox;
        std::string header;  // "Authentication-Results: ...\r\n" to put on top of the message
        std::string reply;   // Reject / TryLater: the SMTP reply line, without CRLF
        std::string data;    // Inbox / Junk: the message with `header` on top, forged own results removed
    };
    using Done = std::function<void(Verdict)>;
    using Log = std::function<void(trace::EventKind, trace::Phrase)>;

    // `unixNow` gives the seconds since 1970 of the simulated clock (DKIM's x= expiry).
    SenderChecks(scenario::SenderChecks settings, std::string hostname, Log log, std::function<std::int64_t()> unixNow);
    void setResolver(ResolverClient* resolver) { m_resolver = resolver; }

    // Whether `message` is checked: the server checks senders, has a resolver, and the mail came
    // from a client that did not log in (port 25, not a relay client: the caller says `trusted`).
    bool applies(const smtp::AcceptedMessage& message, bool trusted) const;
    // Runs the checks; `done` is called later (after DNS answers), never inside this call.
    void check(const smtp::AcceptedMessage& message, Done done);

    // RFC 8601 5: the message without the Authentication-Results: fields that claim this server's
    // own authserv-id (a forger may write "mail.recipient.example; dmarc=pass" into its mail);
    // `removed` counts them.
    static std::string withoutOwnResults(const std::string& data, const std::string& authservId, int& removed);
    // How a resolver's outcome reads to the engines: a timeout, a server failure or a truncated
    // answer is a temporary error; NXDOMAIN is NXDOMAIN; an answer is its records.
    static auth::DnsAnswer toAnswer(const ResolverClient::Outcome& outcome);

private:
    struct Job;
    template <typename Engine, typename Outcome>
    void drive(std::shared_ptr<Job> job, std::shared_ptr<Engine> engine, std::function<void(const Outcome&)> then);
    void runSpf(std::shared_ptr<Job> job);
    void runDkim(std::shared_ptr<Job> job);
    void runDmarc(std::shared_ptr<Job> job);
    void decide(std::shared_ptr<Job> job);

    scenario::SenderChecks m_settings;
    std::string m_hostname;
    Log m_log;
    std::function<std::int64_t()> m_unixNow;
    ResolverClient* m_resolver = nullptr;
};

}  // namespace postino::world
