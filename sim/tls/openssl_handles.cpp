#include "tls/openssl_handles.h"

#include <openssl/err.h>

namespace postino::tls {

std::string takeOpensslErrors() {
    std::string out;
    while (const unsigned long e = ERR_get_error()) {
        const char* reason = ERR_reason_error_string(e);
        if (!out.empty()) out += "; ";
        out += reason != nullptr ? reason : "error " + std::to_string(ERR_GET_REASON(e));
    }
    return out;
}

void requireOk(bool ok, const std::string& what) {
    if (ok) return;
    std::string why = takeOpensslErrors();
    throw TlsSetupError(why.empty() ? what : what + ": " + why);
}

std::string drainBio(BIO* bio) {
    std::string out;
    char buf[16384];
    for (;;) {
        const int n = BIO_read(bio, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

}  // namespace postino::tls
