// Live mode with real clients: runs tests/live/*.py against `postino serve`
// on loopback (Python's smtplib, poplib, imaplib and http.client, curl, fetchmail):
// the protocols, pipelining, memory bounds, limits and timeouts, a classroom's load, the
// failed-login delay, mailbox quotas;
// and the serve command's bad options.
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace postino::testing;

TEST_CASE("live mode: smtplib and curl talk to the simulated mail server", "[live]") {
    if (!haveProgram("python3")) {
        WARN("python3 is not installed: skipping the live client checks");
        return;
    }
    const auto r = runCommand("python3 " + sourcePath("tests/live/live_smtp_check.py") + " " + POSTINO_BINARY + " " +
                                  sourcePath("scenarios/02-cross-domain.json"),
                              true);
    INFO(r.output);
    CHECK(r.status == 0);
}

TEST_CASE("live mode: poplib and curl read Bob's mailbox over POP3", "[live][pop3]") {
    if (!haveProgram("python3")) {
        WARN("python3 is not installed: skipping the live client checks");
        return;
    }
    const auto r = runCommand("python3 " + sourcePath("tests/live/live_pop3_check.py") + " " + POSTINO_BINARY + " " +
                                  sourcePath("scenarios/02-cross-domain.json"),
                              true);
    INFO(r.output);
    CHECK(r.status == 0);
}

TEST_CASE("live mode: imaplib (two sessions, IDLE) and curl use the simulated IMAP server", "[live][imap]") {
    if (!haveProgram("python3")) {
        WARN("python3 is not installed: skipping the live client checks");
        return;
    }
    const auto r = runCommand("python3 " + sourcePath("tests/live/live_imap_check.py") + " " + POSTINO_BINARY + " " +
                                  sourcePath("scenarios/02-cross-domain.json"),
                              true);
    INFO(r.output);
    CHECK(r.status == 0);
}

TEST_CASE("live mode: curl and http.client use the webmail over HTTP", "[live][webmail]") {
    if (!haveProgram("python3")) {
        WARN("python3 is not installed: skipping the live client checks");
        return;
    }
    const auto r = runCommand("python3 " + sourcePath("tests/live/live_webmail_check.py") + " " + POSTINO_BINARY + " " +
                                  sourcePath("scenarios/07-webmail.json"),
                              true);
    INFO(r.output);
    CHECK(r.status == 0);
}

namespace {

// Runs tests/live/<script> against `postino serve` with the given arguments after the binary.
void runLiveCheck(const std::string& script, const std::string& arguments) {
    if (!haveProgram("python3")) {
        WARN("python3 is not installed: skipping the live client checks");
        return;
    }
    const auto r = runCommand("python3 " + sourcePath("tests/live/" + script) + " " + POSTINO_BINARY + " " + arguments,
                              true);
    INFO(r.output);
    CHECK(r.status == 0);
}

}  // namespace

TEST_CASE("live mode: pipelined FETCHes of big messages and SMTP NOOPs come back whole and in order",
          "[live][pipelining]") {
    runLiveCheck("live_pipeline_check.py", sourcePath("scenarios/02-cross-domain.json"));
}

TEST_CASE("live mode: a NOOP flood keeps a bounded trace, and a client that never reads meets backpressure",
          "[live][memory]") {
    runLiveCheck("live_memory_check.py", sourcePath("scenarios/02-cross-domain.json"));
}

TEST_CASE("live mode: idle timeouts, polite connection limits, no spinning without file descriptors",
          "[live][limits]") {
    runLiveCheck("live_limits_check.py",
                 sourcePath("scenarios/02-cross-domain.json") + " " + sourcePath("scenarios/07-webmail.json"));
}

TEST_CASE("live mode: 1,000 sessions in waves of 200 concurrent lose nothing and leave memory within 20 %",
          "[live][scale]") {
    runLiveCheck("live_scale_check.py", sourcePath("scenarios/02-cross-domain.json"));
}

TEST_CASE("live mode: a wrong IMAP, POP3 or SMTP password answers 2 s late, pipelined commands follow by themselves",
          "[live][auth]") {
    runLiveCheck("live_auth_delay_check.py", sourcePath("scenarios/02-cross-domain.json"));
}

TEST_CASE("live mode: a full mailbox refuses IMAP APPEND and SMTP RCPT, refused data is not kept", "[live][quota]") {
    runLiveCheck("live_quota_check.py", sourcePath("scenarios/02-cross-domain.json"));
}

TEST_CASE("live mode: smtplib forging From: a bank with DMARC p=reject gets 550 5.7.1 at the end of DATA",
          "[live][sender-checks]") {
    runLiveCheck("live_sender_checks_check.py", sourcePath("scenarios/02-cross-domain.json"));
}

TEST_CASE("live mode: swaks, curl, smtplib and openssl s_client use STARTTLS and port 465, checking the written CA",
          "[live][tls]") {
    runLiveCheck("live_tls_check.py", sourcePath("scenarios/02-cross-domain.json"));
}

TEST_CASE("postino serve rejects bad options clearly", "[live][cli]") {
    const std::string lesson = sourcePath("scenarios/02-cross-domain.json");
    auto r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --node dns --for 1", true);
    CHECK(r.status == 2);
    CHECK(r.output.find("node \"dns\" is a dns_server; live mode serves a mail_server or a webmail node") !=
          std::string::npos);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --node nope --for 1", true);
    CHECK(r.status == 2);
    CHECK(r.output.find("no node with id \"nope\"") != std::string::npos);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --listen not-an-ip --for 1", true);
    CHECK(r.status == 2);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --port-base 70000 --for 1", true);
    CHECK(r.status == 2);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --idle-timeout 0 --for 1", true);
    CHECK(r.status == 2);
    CHECK(r.output.find("--idle-timeout must be a positive number of seconds") != std::string::npos);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --max-connections 0 --for 1", true);
    CHECK(r.status == 2);
    CHECK(r.output.find("--max-connections must be at least 1") != std::string::npos);
    // TLS: a CA is written only for a node with TLS; the webmail has none to give.
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --write-ca /tmp/never.pem --for 1", true);
    CHECK(r.status == 2);
    CHECK(r.output.find("--write-ca: node \"mail-sender\" has no TLS (give it \"tls\" in the lesson, or add --tls)") !=
          std::string::npos);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + lesson + " --tls --write-ca /nonexistent-dir/ca.pem --for 1",
                   true);
    CHECK(r.status == 1);
    CHECK(r.output.find("--write-ca: cannot write \"/nonexistent-dir/ca.pem\"") != std::string::npos);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + sourcePath("scenarios/07-webmail.json") +
                       " --node webmail --tls --for 1",
                   true);
    CHECK(r.status == 2);
    CHECK(r.output.find("--tls: node \"webmail\" is a webmail; live mode offers TLS on a mail_server's services only") !=
          std::string::npos);
    r = runCommand(std::string(POSTINO_BINARY) + " serve " + sourcePath("scenarios/07-webmail.json") +
                       " --node webmail --write-ca /tmp/never.pem --for 1",
                   true);
    CHECK(r.status == 2);
    CHECK(r.output.find("--write-ca: node \"webmail\" is a webmail; live mode offers TLS on a mail_server's services "
                        "only") != std::string::npos);
}
