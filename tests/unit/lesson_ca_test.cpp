// sim/tls lesson CA: what the certificates hold, checked by OpenSSL's own command line
// (`openssl x509 -text`, `openssl verify`), and the settings it refuses.
#include "tls_fixture.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace postino;
using namespace postino::testing;

namespace {

std::string writeTemp(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / "postino-tls-test";
    std::filesystem::create_directories(dir);
    const auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("Lesson CA: the same seed gives the same CA and certificates, another seed others", "[tls]") {
    TlsWorld a = makeTlsWorld(tls::CryptoContext::seeded(21));
    TlsWorld b = makeTlsWorld(tls::CryptoContext::seeded(21));
    TlsWorld c = makeTlsWorld(tls::CryptoContext::seeded(22));
    CHECK(a.ca->certificatePem() == b.ca->certificatePem());
    CHECK(a.serverCredentials.certificatePem == b.serverCredentials.certificatePem);
    CHECK(a.serverCredentials.privateKeyPem == b.serverCredentials.privateKeyPem);
    CHECK(a.ca->certificatePem() != c.ca->certificatePem());
    CHECK(a.serverCredentials.privateKeyPem != c.serverCredentials.privateKeyPem);
    CHECK(a.ca->certificatePem().rfind("-----BEGIN CERTIFICATE-----\n", 0) == 0);
    CHECK(a.serverCredentials.privateKeyPem.rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
}

TEST_CASE("Lesson CA: openssl x509 reads the CA and a leaf as the lesson made them", "[tls]") {
    if (!haveProgram("openssl")) {
        WARN("the openssl command is not installed (Debian package openssl): skipping");
        return;
    }
    auto crypto = tls::CryptoContext::seeded(23);
    tls::LessonCa ca(*crypto, {"Postino Lesson CA", "Postino lesson", {kTlsNow - kDay, kTlsNow + 3650 * kDay}});
    const tls::Credentials leaf = ca.issue({{"mail.bank.example", "smtp.bank.example"}, validAroundNow()});
    const std::string caFile = writeTemp("ca23.pem", ca.certificatePem());
    const std::string leafFile = writeTemp("leaf23.pem", leaf.certificatePem);

    const CommandResult caText = runCommand("openssl x509 -noout -text -in " + caFile, true);
    REQUIRE(caText.status == 0);
    CHECK_THAT(caText.output, Catch::Contains("Issuer: O = Postino lesson, CN = Postino Lesson CA"));
    CHECK_THAT(caText.output, Catch::Contains("Serial Number: 1 (0x1)"));
    CHECK_THAT(caText.output, Catch::Contains("CA:TRUE"));
    CHECK_THAT(caText.output, Catch::Contains("Certificate Sign, CRL Sign"));
    CHECK_THAT(caText.output, Catch::Contains("ASN1 OID: prime256v1"));
    CHECK_THAT(caText.output, Catch::Contains("Signature Algorithm: ecdsa-with-SHA256"));
    CHECK_THAT(caText.output, Catch::Contains("Not Before: Mar  1 09:00:00 2026 GMT"));

    const CommandResult leafText = runCommand("openssl x509 -noout -text -in " + leafFile, true);
    REQUIRE(leafText.status == 0);
    CHECK_THAT(leafText.output, Catch::Contains("Subject: O = Postino lesson, CN = mail.bank.example"));
    CHECK_THAT(leafText.output, Catch::Contains("Serial Number: 2 (0x2)"));
    CHECK_THAT(leafText.output, Catch::Contains("DNS:mail.bank.example, DNS:smtp.bank.example"));
    CHECK_THAT(leafText.output, Catch::Contains("TLS Web Server Authentication"));
    CHECK_THAT(leafText.output, Catch::Contains("CA:FALSE"));
    CHECK_THAT(leafText.output, Catch::Contains("X509v3 Authority Key Identifier"));
    CHECK_THAT(leafText.output, Catch::Contains("Not After : Mar  2 09:00:00 2027 GMT"));

    const CommandResult key = runCommand("openssl pkey -noout -check -in " +
                                             writeTemp("leaf23.key", leaf.privateKeyPem), true);
    CHECK(key.status == 0);
    CHECK_THAT(key.output, Catch::Contains("Key is valid"));
}

TEST_CASE("Lesson CA: openssl verify accepts a leaf against the CA at the lesson's time, and refuses the wrong ones",
          "[tls]") {
    if (!haveProgram("openssl")) {
        WARN("the openssl command is not installed (Debian package openssl): skipping");
        return;
    }
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(24));
    const std::string caFile = writeTemp("ca24.pem", w.ca->certificatePem());
    const std::string leafFile = writeTemp("leaf24.pem", w.serverCredentials.certificatePem);
    const std::string at = " -attime " + std::to_string(kTlsNow);
    const CommandResult ok = runCommand("openssl verify -CAfile " + caFile + at +
                                            " -verify_hostname mail.bank.example -purpose sslserver -x509_strict " +
                                            leafFile,
                                        true);
    CHECK(ok.status == 0);
    CHECK(ok.output == leafFile + ": OK\n");

    const CommandResult wrongName =
        runCommand("openssl verify -CAfile " + caFile + at + " -verify_hostname mail.other.example " + leafFile, true);
    CHECK(wrongName.status != 0);
    CHECK_THAT(wrongName.output, Catch::Contains("hostname mismatch"));

    const CommandResult late = runCommand(
        "openssl verify -CAfile " + caFile + " -attime " + std::to_string(kTlsNow + 400 * kDay) + " " + leafFile, true);
    CHECK(late.status != 0);
    CHECK_THAT(late.output, Catch::Contains("certificate has expired"));

    TlsWorld other = makeTlsWorld(tls::CryptoContext::seeded(25));
    const CommandResult stranger =
        runCommand("openssl verify -CAfile " + writeTemp("ca25.pem", other.ca->certificatePem()) + at + " " + leafFile,
                   true);
    CHECK(stranger.status != 0);
    CHECK_THAT(stranger.output, Catch::Contains("unable to get local issuer certificate"));
}

TEST_CASE("Lesson CA: settings it cannot use are refused with what is wrong", "[tls]") {
    auto crypto = tls::CryptoContext::seeded(26);
    CHECK_THROWS_WITH(tls::LessonCa(*crypto, {"", "", validAroundNow()}), "the lesson CA needs a common name");
    CHECK_THROWS_WITH(tls::LessonCa(*crypto, {"CA", "", {kTlsNow, kTlsNow}}),
                      "the lesson CA's validity: notAfter (2026-03-02 09:00:00 UTC) is not after notBefore "
                      "(2026-03-02 09:00:00 UTC)");
    tls::LessonCa ca(*crypto, {"CA", "", validAroundNow()});
    CHECK_THROWS_WITH(ca.issue({{}, validAroundNow()}), "a server certificate needs at least one host name");
    CHECK_THROWS_WITH(ca.issue({{"mail bank"}, validAroundNow()}), "'mail bank' cannot be a host name in a certificate");
    CHECK_THROWS_WITH(ca.issue({{"mail.bank.example"}, {kTlsNow, kTlsNow - 1}}),
                      Catch::StartsWith("the certificate of mail.bank.example: notAfter"));
}

TEST_CASE("Lesson CA: formatUtc writes a Unix time as a UTC date", "[tls]") {
    CHECK(tls::formatUtc(kTlsNow) == "2026-03-02 09:00:00 UTC");
    CHECK(tls::formatUtc(0) == "1970-01-01 00:00:00 UTC");
}
