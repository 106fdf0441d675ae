#include "tls/lesson_ca.h"

#include "tls/seeded_random.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>

namespace postino::tls {

namespace {

void checkValidity(const Validity& v, const std::string& what) {
    if (v.notAfter <= v.notBefore)
        throw TlsSetupError(what + ": notAfter (" + formatUtc(v.notAfter) + ") is not after notBefore (" +
                            formatUtc(v.notBefore) + ")");
}

PkeyPtr newP256Key(const CryptoContext& crypto) {
    Rng own = forkRandomStream(crypto.libctx());  // this key's bytes depend on its own draws alone
    OwnRandomStream use(crypto.libctx(), own);
    PkeyPtr key(EVP_PKEY_Q_keygen(crypto.libctx(), nullptr, "EC", "P-256"));
    requireOk(key != nullptr, "cannot generate an ECDSA P-256 key");
    return key;
}

X509_NAME* buildName(const std::string& commonName, const std::string& organization) {
    X509_NAME* name = X509_NAME_new();
    requireOk(name != nullptr, "cannot make a certificate name");
    auto add = [&](const char* field, const std::string& value) {
        if (value.empty()) return;
        requireOk(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                             reinterpret_cast<const unsigned char*>(value.c_str()),
                                             static_cast<int>(value.size()), -1, 0) == 1,
                  std::string("cannot set the certificate's ") + field + " to '" + value + "'");
    };
    try {
        add("O", organization);
        add("CN", commonName);
    } catch (...) {
        X509_NAME_free(name);
        throw;
    }
    return name;
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    requireOk(ext != nullptr, std::string("cannot make the extension ") + OBJ_nid2sn(nid) + " = " + value);
    const bool added = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    requireOk(added, std::string("cannot add the extension ") + OBJ_nid2sn(nid));
}

// A version 3 certificate with the given serial, names, dates and public key (not yet signed).
X509Ptr newCertificate(const CryptoContext& crypto, long serial, X509_NAME* subject, X509_NAME* issuer,
                       const Validity& validity, EVP_PKEY* publicKey) {
    X509Ptr cert(X509_new_ex(crypto.libctx(), nullptr));
    requireOk(cert != nullptr, "cannot make a certificate");
    requireOk(X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
                  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1 &&
                  X509_set_subject_name(cert.get(), subject) == 1 && X509_set_issuer_name(cert.get(), issuer) == 1 &&
                  ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(validity.notBefore)) != nullptr &&
                  ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(validity.notAfter)) != nullptr &&
                  X509_set_pubkey(cert.get(), publicKey) == 1,
              "cannot fill in a certificate");
    return cert;
}

void sign(const CryptoContext& crypto, X509* cert, EVP_PKEY* key) {
    Rng own = forkRandomStream(crypto.libctx());  // the signature's nonce from its own draws
    OwnRandomStream use(crypto.libctx(), own);
    MdCtxPtr md(EVP_MD_CTX_new());
    requireOk(md != nullptr && EVP_DigestSignInit_ex(md.get(), nullptr, "SHA256", crypto.libctx(), nullptr, key,
                                                     nullptr) == 1 &&
                  X509_sign_ctx(cert, md.get()) > 0,
              "cannot sign a certificate with ECDSA-SHA256");
}

std::string certificateToPem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    requireOk(bio != nullptr && PEM_write_bio_X509(bio.get(), cert) == 1, "cannot write a certificate as PEM");
    return drainBio(bio.get());
}

std::string keyToPem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    requireOk(bio != nullptr &&
                  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
              "cannot write a private key as PEM");
    return drainBio(bio.get());
}

}  // namespace

std::string formatUtc(std::int64_t unixSeconds) {
    const time_t t = static_cast<time_t>(unixSeconds);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return std::to_string(unixSeconds) + " s after 1970";
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

LessonCa::LessonCa(const CryptoContext& crypto, CaSettings settings)
    : m_crypto(crypto), m_settings(std::move(settings)) {
    if (m_settings.commonName.empty()) throw TlsSetupError("the lesson CA needs a common name");
    checkValidity(m_settings.validity, "the lesson CA's validity");
    m_key = newP256Key(crypto);
    std::unique_ptr<X509_NAME, OpensslFree> name(buildName(m_settings.commonName, m_settings.organization));
    m_certificate = newCertificate(crypto, 1, name.get(), name.get(), m_settings.validity, m_key.get());
    X509* cert = m_certificate.get();
    addExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(cert, cert, NID_subject_key_identifier, "hash");
    addExtension(cert, cert, NID_authority_key_identifier, "keyid:always");
    sign(crypto, cert, m_key.get());
    m_certificatePem = certificateToPem(cert);
}

Credentials LessonCa::issue(const LeafSettings& leaf) {
    if (leaf.names.empty()) throw TlsSetupError("a server certificate needs at least one host name");
    std::string san;
    for (const std::string& n : leaf.names) {
        if (n.empty() || n.find_first_of(", \t\r\n") != std::string::npos)
            throw TlsSetupError("'" + n + "' cannot be a host name in a certificate");
        san += (san.empty() ? "DNS:" : ",DNS:") + n;
    }
    checkValidity(leaf.validity, "the certificate of " + leaf.names.front());
    PkeyPtr key = newP256Key(m_crypto);
    std::unique_ptr<X509_NAME, OpensslFree> subject(buildName(leaf.names.front(), m_settings.organization));
    X509Ptr cert = newCertificate(m_crypto, m_nextSerial++, subject.get(),
                                  X509_get_subject_name(m_certificate.get()), leaf.validity, key.get());
    addExtension(cert.get(), m_certificate.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert.get(), m_certificate.get(), NID_key_usage, "critical,digitalSignature");
    addExtension(cert.get(), m_certificate.get(), NID_ext_key_usage, "serverAuth");
    addExtension(cert.get(), m_certificate.get(), NID_subject_alt_name, san);
    addExtension(cert.get(), m_certificate.get(), NID_subject_key_identifier, "hash");
    addExtension(cert.get(), m_certificate.get(), NID_authority_key_identifier, "keyid:always");
    sign(m_crypto, cert.get(), m_key.get());
    return Credentials{certificateToPem(cert.get()), keyToPem(key.get())};
}

}  // namespace postino::tls
