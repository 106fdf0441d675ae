// A mail server's DKIM signing (OpenDKIM's job beside Postfix): after cleanup, before the queue,
// a message whose From: domain is one of the server's DKIM domains gets a DKIM-Signature
// (relaxed/relaxed, one per matching key) on top. Which mail to sign is the caller's decision.
// No DNS and no trace writing here: it returns what it did in words.
#pragma once

#include "auth/dkim_key.h"
#include "core/time.h"
#include "mta/queued_message.h"
#include "trace/phrase.h"

#include <string>
#include <vector>

namespace postino::world {

// One key a mail server signs with: its d= and s=, and the private key (from the scenario's seed).
struct DkimSigningKey {
    std::string domain;
    std::string selector;
    auth::DkimKey key;
};

class DkimSigner {
public:
    explicit DkimSigner(std::vector<DkimSigningKey> keys = {}) : m_keys(std::move(keys)) {}
    bool empty() const { return m_keys.empty(); }
    // Signs `mail` (its text after cleanup) with every key whose domain is the From: header's
    // domain, prepending each DKIM-Signature and counting it in cleanupTopBytes (what the server
    // added). One sentence per signature ("DKIM: signed for bank.example with selector s2026
    // (rsa-sha256)"), or why it could not sign; nothing when no key is for the From: domain.
    std::vector<trace::Phrase> sign(mta::QueuedMessage& mail, Time now) const;

private:
    std::vector<DkimSigningKey> m_keys;
};

}  // namespace postino::world
