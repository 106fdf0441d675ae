// Signing a message with DKIM: the DKIM-Signature header field a sending server adds.
// RFC 6376 3.5 (tags), 3.7 (hashes), 5 (signer actions: h= from the bottom up, b= computed last);
// RFC 8463 for ed25519-sha256. Pure: message text and key in, header field out; no DNS, no clock.
#pragma once

#include "auth/dkim_canon.h"
#include "auth/dkim_key.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::auth {

struct DkimSignOptions {
    std::string domain;    // d=
    std::string selector;  // s=
    // Names to sign; only those present in the message go into h= (From must be present).
    std::vector<std::string> headers = {"from",     "to",         "cc",           "subject",
                                        "date",     "message-id", "reply-to",     "in-reply-to",
                                        "references", "mime-version", "content-type", "content-transfer-encoding"};
    DkimCanon headerCanon = DkimCanon::Relaxed;
    DkimCanon bodyCanon = DkimCanon::Relaxed;
    std::optional<std::int64_t> timestamp;  // t= (seconds since 1970), from the simulated clock
};

struct DkimSignResult {
    std::string field;  // "DKIM-Signature: v=1; a=...; b=...\r\n", folded, ready to prepend
    std::string error;  // "the message has no From: header field, and DKIM must sign it"
    bool ok() const { return error.empty(); }
};

DkimSignResult dkimSign(std::string_view message, const DkimKey& key, const DkimSignOptions& options);

// The input of the header hash: the signed fields canonicalized, then the signature field itself
// with its b= value emptied and no final CRLF (RFC 6376 3.7). Shared by signer and verifier.
std::string headerHashInput(const std::vector<const HeaderField*>& signedFields, const HeaderField& signature,
                            DkimCanon c);
// The signature field with the value of its b= tag removed (RFC 6376 3.5 b=, 3.7).
HeaderField withEmptyB(const HeaderField& signature);

}  // namespace postino::auth
