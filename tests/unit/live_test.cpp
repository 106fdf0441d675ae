// Live mode with real clients: runs tests/live/*.py against `postino serve`
// on loopback (Python's smtplib, poplib, imaplib and http.client, curl, fetchmail),
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
}
