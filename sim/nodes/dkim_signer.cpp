#include "nodes/dkim_signer.h"

#include "auth/dkim_sign.h"
#include "auth/dmarc.h"
#include "core/calendar.h"
#include "mail/header_fields.h"

namespace postino::world {

std::vector<trace::Phrase> DkimSigner::sign(mta::QueuedMessage& mail, Time now) const {
    std::vector<trace::Phrase> out;
    if (m_keys.empty() || !mail::hasHeader(mail.data, "From")) return out;
    std::string why;
    const std::string domain = auth::fromDomain(mail::headerValue(mail.data, "From"), why);
    if (domain.empty()) return out;
    for (const DkimSigningKey& k : m_keys) {
        if (k.domain != domain) continue;
        auth::DkimSignOptions options;
        options.domain = k.domain;
        options.selector = k.selector;
        options.timestamp = unixSeconds(now);
        const auth::DkimSignResult r = auth::dkimSign(mail.data, k.key, options);
        const std::string algorithm = auth::algorithmName(k.key.algorithm());
        if (!r.ok()) {
            out.push_back(trace::phrase("DKIM: cannot sign for {} with selector {}: {}", k.domain, k.selector,
                                        r.error));
            continue;
        }
        mail.data.insert(0, r.field);
        mail.cleanupTopBytes += r.field.size();
        out.push_back(trace::phrase("DKIM: signed for {} with selector {} ({})", k.domain, k.selector, algorithm));
    }
    return out;
}

}  // namespace postino::world
