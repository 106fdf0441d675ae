// A receiving server's SPF, DKIM and DMARC checks, driven through its resolver, and the verdict.
#include "nodes/sender_checks.h"

#include "auth/authentication_results.h"
#include "auth/dkim_verify.h"
#include "auth/dmarc.h"
#include "auth/spf_check.h"
#include "core/ascii.h"
#include "mail/header_fields.h"

#include <algorithm>

#include <optional>
#include <utility>
#include <variant>

namespace postino::world {

struct SenderChecks::Job {
    smtp::AcceptedMessage message;
    Done done;
    std::optional<auth::SpfOutcome> spf;
    std::optional<auth::DkimOutcome> dkim;
    std::optional<auth::DmarcOutcome> dmarc;
};

namespace {

bool spfBad(auth::SpfResult r) {
    return r == auth::SpfResult::Fail || r == auth::SpfResult::SoftFail || r == auth::SpfResult::TempError ||
           r == auth::SpfResult::PermError;
}
bool dkimBad(auth::DkimResult r) {
    return r == auth::DkimResult::Fail || r == auth::DkimResult::TempError || r == auth::DkimResult::PermError;
}
bool dmarcBad(auth::DmarcResult r) {
    return r == auth::DmarcResult::Fail || r == auth::DmarcResult::TempError || r == auth::DmarcResult::PermError;
}

}  // namespace

SenderChecks::SenderChecks(scenario::SenderChecks settings, std::string hostname, Log log,
                           std::function<std::int64_t()> unixNow)
    : m_settings(settings), m_hostname(std::move(hostname)), m_log(std::move(log)), m_unixNow(std::move(unixNow)) {}

bool SenderChecks::applies(const smtp::AcceptedMessage& m, bool trusted) const {
    return m_settings.any() && m_resolver != nullptr && m.authUser.empty() && !trusted;
}

auth::DnsAnswer SenderChecks::toAnswer(const ResolverClient::Outcome& o) {
    if (!o.ok || o.truncated) return auth::DnsAnswer::tempError();
    if (o.rcode == dns::Rcode::NxDomain) return auth::DnsAnswer::nxDomain();
    if (o.rcode != dns::Rcode::NoError) return auth::DnsAnswer::tempError();  // SERVFAIL, REFUSED...
    return auth::DnsAnswer{auth::DnsStatus::Ok, o.records};
}

template <typename Engine, typename Outcome>
void SenderChecks::drive(std::shared_ptr<Job> job, std::shared_ptr<Engine> engine,
                         std::function<void(const Outcome&)> then) {
    const auto step = engine->next();
    if (const auto* outcome = std::get_if<Outcome>(&step)) {
        then(*outcome);
        return;
    }
    const auth::DnsQuestion q = std::get<auth::DnsQuestion>(step);
    m_resolver->lookup(q.name, q.type, [this, job, engine, then](const ResolverClient::Outcome& o) {
        engine->answer(toAnswer(o));
        drive<Engine, Outcome>(job, engine, then);
    });
}

void SenderChecks::check(const smtp::AcceptedMessage& message, Done done) {
    auto job = std::make_shared<Job>();
    job->message = message;
    job->done = std::move(done);
    runSpf(std::move(job));
}

void SenderChecks::runSpf(std::shared_ptr<Job> job) {
    const auto ip = auth::IpAddress::parse(job->message.peerIp);
    if (!m_settings.spf || !ip) {
        runDkim(std::move(job));
        return;
    }
    auto engine = std::make_shared<auth::SpfCheck>(*ip, job->message.mailFrom, job->message.heloName);
    drive<auth::SpfCheck, auth::SpfOutcome>(job, engine, [this, job](const auth::SpfOutcome& o) {
        job->spf = o;
        m_log(spfBad(o.result) ? trace::EventKind::SenderCheckFailed : trace::EventKind::SenderChecked,
              o.sentence);
        runDkim(job);
    });
}

void SenderChecks::runDkim(std::shared_ptr<Job> job) {
    if (!m_settings.dkim) {
        runDmarc(std::move(job));
        return;
    }
    auth::DkimVerifyOptions options;
    options.now = m_unixNow();
    auto engine = std::make_shared<auth::DkimVerify>(job->message.data, options);
    drive<auth::DkimVerify, auth::DkimOutcome>(job, engine, [this, job](const auth::DkimOutcome& o) {
        job->dkim = o;
        if (o.signatures.empty())
            m_log(trace::EventKind::SenderChecked, o.sentence());
        for (const auth::DkimSignatureOutcome& s : o.signatures)
            m_log(dkimBad(s.result) ? trace::EventKind::SenderCheckFailed : trace::EventKind::SenderChecked,
                  s.sentence);
        runDmarc(job);
    });
}

void SenderChecks::runDmarc(std::shared_ptr<Job> job) {
    if (!m_settings.dmarc) {
        decide(std::move(job));
        return;
    }
    auth::DmarcInput in;
    std::string why;
    // RFC 7489 6.6.1: exactly one From: field, with one address.
    if (mail::countHeader(job->message.data, "From") == 1)
        in.fromDomain = auth::fromDomain(mail::headerValue(job->message.data, "From"), why);
    if (job->spf) {
        in.spf = job->spf->result;
        in.spfDomain = job->spf->domain;
    }
    if (job->dkim) in.dkimPassDomains = job->dkim->passingDomains();
    auto engine = std::make_shared<auth::DmarcCheck>(std::move(in));
    drive<auth::DmarcCheck, auth::DmarcOutcome>(job, engine, [this, job](const auth::DmarcOutcome& o) {
        job->dmarc = o;
        m_log(dmarcBad(o.result) ? trace::EventKind::SenderCheckFailed : trace::EventKind::SenderChecked,
              o.sentence);
        decide(job);
    });
}

std::string SenderChecks::withoutOwnResults(const std::string& data, const std::string& authservId, int& removed) {
    removed = 0;
    std::string out;
    std::size_t at = 0;
    while (at < data.size()) {
        // One header field: its first line and the folded lines after it.
        std::size_t end = data.find("\r\n", at);
        if (end == std::string::npos || end == at) break;  // the empty line: the body follows
        while (end + 2 < data.size() && (data[end + 2] == ' ' || data[end + 2] == '\t')) {
            const std::size_t next = data.find("\r\n", end + 2);
            if (next == std::string::npos) break;
            end = next;
        }
        const std::string field = data.substr(at, end + 2 - at);
        at = end + 2;
        static constexpr std::string_view kName = "authentication-results:";
        bool own = false;
        if (field.size() > kName.size() && toLowerAscii(std::string_view(field).substr(0, kName.size())) == kName) {
            std::string id;
            for (char c : field.substr(kName.size())) {
                if (c == ';') break;
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') id += c;
            }
            own = equalsIgnoreCaseAscii(id, authservId);
        }
        if (own) ++removed;
        else out += field;
    }
    return out + data.substr(std::min(at, data.size()));
}

void SenderChecks::decide(std::shared_ptr<Job> job) {
    Verdict v;
    auth::AuthResultsInput header;
    header.authservId = m_hostname;
    header.spf = job->spf;
    header.dkim = job->dkim;
    header.dmarc = job->dmarc;
    header.mailFrom = job->message.mailFrom;
    header.helo = job->message.heloName;
    v.header = auth::authenticationResults(header);
    int forged = 0;
    v.data = v.header + withoutOwnResults(job->message.data, m_hostname, forged);
    if (forged > 0)
        m_log(trace::EventKind::SenderCheckFailed,
              trace::phrasePlural("removed {} Authentication-Results: field that claimed to come from {} itself",
                                  "removed {} Authentication-Results: fields that claimed to come from {} itself", forged,
                                  forged, m_hostname));

    const std::string sender = job->message.mailFrom;
    const bool policy = job->dmarc && (job->dmarc->result == auth::DmarcResult::Pass ||
                                       job->dmarc->result == auth::DmarcResult::Fail ||
                                       job->dmarc->result == auth::DmarcResult::TempError);
    if (policy && job->dmarc->result == auth::DmarcResult::TempError) {
        v.fate = Fate::TryLater;
        const std::string domain = job->dmarc->fromDomain;
        v.reply = "451 4.7.1 DMARC policy of " + domain + " could not be looked up: try again later";
        m_log(trace::EventKind::Rejected,
              trace::phrase("the DMARC policy of {} could not be looked up: the sender is told to try again later ({})",
                            domain, v.reply));
    } else if (policy && job->dmarc->disposition == auth::Disposition::Reject) {
        v.fate = Fate::Reject;
        v.reply = job->dmarc->smtpReply;
        m_log(trace::EventKind::Rejected,
              trace::phrase("refused the mail from <{}>: {} publishes a DMARC policy of reject ({})", sender,
                            job->dmarc->policyDomain, v.reply));
    } else if (policy && job->dmarc->disposition == auth::Disposition::Junk) {
        v.fate = Fate::Junk;
        m_log(trace::EventKind::Quarantined,
              trace::phrase("took the mail from <{}> for the Junk folder: {} publishes a DMARC policy of quarantine",
                            sender, job->dmarc->policyDomain));
    } else if (!policy && job->spf && job->spf->result == auth::SpfResult::Fail) {
        v.fate = Fate::Junk;
        m_log(trace::EventKind::Quarantined,
              trace::phrase("took the mail from <{}> for the Junk folder: SPF failed for {} and it has no DMARC "
                            "policy to say otherwise",
                            sender, job->spf->domain));
    } else {
        m_log(trace::EventKind::SenderChecked,
              trace::phrase("the checks let the mail from <{}> into INBOX, with the results in an "
                            "Authentication-Results: field",
                            sender));
    }
    Done done = std::move(job->done);
    done(std::move(v));
}

}  // namespace postino::world
