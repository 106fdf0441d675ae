#include "tls/tls_reasons.h"

#include "tls/lesson_ca.h"
#include "tls/tls_records.h"

#include <openssl/x509v3.h>

#include <ctime>
#include <vector>

namespace postino::tls {

namespace {

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out;
}

std::string asn1String(const ASN1_STRING* s) {
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                       static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::string commonName(const X509_NAME* name) {
    const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (at < 0) return {};
    return asn1String(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at)));
}

std::string timeText(const ASN1_TIME* t) {
    std::tm tm{};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return "an unreadable date";
    return formatUtc(static_cast<std::int64_t>(timegm(&tm)));
}

// "the certificate" for the server's own, "the CA certificate 'X'" further up the chain.
std::string whichCertificate(X509* cert, int depth) {
    if (depth == 0 || cert == nullptr) return "the certificate";
    return "the CA certificate '" + commonName(X509_get_subject_name(cert)) + "'";
}

}  // namespace

std::string certificateNames(X509* cert) {
    std::vector<std::string> names;
    auto* sans = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (sans != nullptr) {
        for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
            const GENERAL_NAME* n = sk_GENERAL_NAME_value(sans, i);
            if (n->type == GEN_DNS) names.push_back(asn1String(n->d.dNSName));
        }
        GENERAL_NAMES_free(sans);
    }
    if (names.empty()) {
        std::string cn = commonName(X509_get_subject_name(cert));
        if (!cn.empty()) names.push_back(std::move(cn));
    }
    return names.empty() ? "no host name" : joinNames(names);
}

std::string certificateRefusal(int error, X509* cert, int depth, const std::string& expectedName) {
    const std::string which = whichCertificate(cert, depth);
    switch (error) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
        return "the certificate is for " + (cert ? certificateNames(cert) : std::string("another name")) + ", not " +
               expectedName;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return which + " expired on " + timeText(cert ? X509_get0_notAfter(cert) : nullptr);
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return which + " is not valid before " + timeText(cert ? X509_get0_notBefore(cert) : nullptr);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: {
        const std::string issuer = cert ? commonName(X509_get_issuer_name(cert)) : std::string();
        return "unknown CA: " + which + " was issued by '" + (issuer.empty() ? "an unnamed issuer" : issuer) +
               "', which this client does not trust";
    }
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return which + " has a signature its issuer did not make";
    case X509_V_ERR_INVALID_PURPOSE:
        return which + " is not for a TLS server";
    default:
        return which + " was refused: " + X509_verify_cert_error_string(error);
    }
}

std::string alertFromPeer(bool weAreServer, int alertDescription) {
    return std::string(weAreServer ? "the client" : "the server") + " ended the handshake with the alert " +
           alertDescriptionName(alertDescription);
}

}  // namespace postino::tls
