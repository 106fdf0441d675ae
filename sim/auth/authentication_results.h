// The Authentication-Results: header field a receiving server adds after SPF, DKIM and DMARC.
// RFC 8601 2.2 (syntax), 2.7 (result values, ptypes smtp/header), 5 (where it goes: at the top).
// Builds text only; it does not check or strip fields that claim the server's own authserv-id.
#pragma once

#include "auth/dkim_verify.h"
#include "auth/dmarc.h"
#include "auth/spf_check.h"

#include <optional>
#include <string>

namespace postino::auth {

struct AuthResultsInput {
    std::string authservId;  // the receiving server's name, "mx.recipient.example"
    std::optional<SpfOutcome> spf;
    std::optional<DkimOutcome> dkim;
    std::optional<DmarcOutcome> dmarc;
    std::string mailFrom;  // the envelope sender as given in MAIL FROM (for smtp.mailfrom)
    std::string helo;      // for smtp.helo when the sender is null
};

// "Authentication-Results: mx.recipient.example;\r\n\tspf=pass smtp.mailfrom=bank.example;\r\n\t
// dkim=pass header.d=bank.example header.s=s1 header.a=rsa-sha256 header.b=AbCdEfGh;\r\n\tdmarc=pass
// (p=reject) header.from=bank.example\r\n". Each method on its own folded line; "none" alone when
// nothing was checked. Results carry a short reason as an RFC 8601 reason= or comment.
std::string authenticationResults(const AuthResultsInput& in);

}  // namespace postino::auth
