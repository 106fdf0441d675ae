// The `postino` command line: exit codes, messages on stderr, the options.
#include "test_support.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <unistd.h>
#include <fstream>

using namespace postino::testing;

namespace {
std::string postinoCmd(const std::string& args) { return std::string(POSTINO_BINARY) + " " + args; }
}

TEST_CASE("postino validate accepts the lessons", "[cli]") {
    for (const char* lesson : {"01-same-domain.json", "02-cross-domain.json", "03-multi-hop-relay.json", "04-pop3-two-devices.json", "05-imap-two-devices.json", "06-imap-shared-mailbox.json", "07-webmail.json", "08-attachment-packets.json", "12-pop3-vs-imap.json"}) {
        const auto r = runCommand(postinoCmd("validate " + sourcePath(std::string("scenarios/") + lesson)));
        CHECK(r.status == 0);
        CHECK(r.output.find("valid") != std::string::npos);
    }
}

TEST_CASE("invalid input exits with status 2 and says file:line:column", "[cli]") {
    const std::string bad = sourcePath("tests/corpus/bad");
    const auto r = runCommand(postinoCmd("run " + bad + "/$(ls " + bad + " | grep -m1 json)"), true);
    CHECK(r.status == 2);
    CHECK(r.output.find(".json:") != std::string::npos);
    const auto missing = runCommand(postinoCmd("run /nonexistent/scenario.json"), true);
    CHECK(missing.status == 2);
    CHECK(missing.output.find("/nonexistent/scenario.json") != std::string::npos);
    const auto usage = runCommand(postinoCmd("run"), true);
    CHECK(usage.status == 2);
    const auto badUntil = runCommand(postinoCmd("run " + sourcePath("scenarios/01-same-domain.json") + " --until -3"), true);
    CHECK(badUntil.status == 2);
}

TEST_CASE("postino run prints the timeline, and --until cuts it", "[cli]") {
    const std::string lesson = sourcePath("scenarios/02-cross-domain.json");
    const auto full = runCommand(postinoCmd("run " + lesson));
    REQUIRE(full.status == 0);
    CHECK(full.output.find("delivered to the mailbox of bob@recipient.example") != std::string::npos);
    CHECK(full.output.find("C: EHLO") == std::string::npos);  // no transcript unless asked
    const auto early = runCommand(postinoCmd("run " + lesson + " --until 1.07 --transcript"));
    REQUIRE(early.status == 0);
    CHECK(early.output.find("delivered") == std::string::npos);
    CHECK(early.output.find("C: EHLO alice-laptop") != std::string::npos);
    const auto quiet = runCommand(postinoCmd("run " + lesson + " --quiet"));
    CHECK(quiet.status == 0);
    CHECK(quiet.output.empty());
}

TEST_CASE("postino run --trace-json writes the trace, an unwritable path fails with 1", "[cli]") {
    const std::string lesson = sourcePath("scenarios/01-same-domain.json");
    const std::string out = "/tmp/postino-cli-test-trace.json";
    const auto r = runCommand(postinoCmd("run " + lesson + " --quiet --trace-json " + out));
    CHECK(r.status == 0);
    const std::string json = readFile(out);
    CHECK(json.find("\"format\": \"postino-trace\"") != std::string::npos);
    std::remove(out.c_str());
    const auto bad = runCommand(postinoCmd("run " + lesson + " --quiet --trace-json /nonexistent-dir/t.json"), true);
    CHECK(bad.status == 1);
    CHECK(bad.output.find("/nonexistent-dir/t.json") != std::string::npos);
}

TEST_CASE("every lesson and good corpus file validates against scenarios/schema.json", "[cli][schema]") {
    if (runCommand("python3 -c 'import jsonschema'").status != 0) {
        WARN("python3-jsonschema is not installed: skipping the schema check");
        return;
    }
    // Folders of files that must validate; after "--", files the schema itself must refuse
    // (the broken files whose one problem is a single value's shape, not a reference).
    const std::string script =
        "import glob, json, jsonschema, sys\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "jsonschema.Draft202012Validator.check_schema(schema)\n"
        "cut = sys.argv.index('--')\n"
        "for d in sys.argv[2:cut]:\n"
        "    for f in sorted(glob.glob(d + '/*.json')):\n"
        "        if f.endswith('schema.json'): continue\n"
        "        jsonschema.validate(json.load(open(f, encoding='utf-8')), schema, cls=jsonschema.Draft202012Validator)\n"
        "        print('ok', f)\n"
        "for f in sys.argv[cut + 1:]:\n"
        "    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(f, encoding='utf-8'))))\n"
        "    print('refused' if errors else 'ACCEPTED', f)\n";
    const std::string path = "/tmp/postino-schema-check.py";
    {
        std::ofstream(path) << script;
    }
    std::string refused;
    for (const char* bad : {"queue-unknown-field", "queue-backoff-too-short", "queue-hopcount-zero", "link-down-names-node",
                            "node-up-with-duration", "outage-zero-duration", "smtp-error-bad-code",
                            "smtp-error-no-duration", "smtp-error-text-two-lines", "unknown-action-field",
                            "action-bad-type"})
        refused += " " + sourcePath(std::string("tests/corpus/bad/") + bad + ".json");
    const auto r = runCommand("python3 " + path + " " + sourcePath("scenarios/schema.json") + " " +
                                  sourcePath("scenarios") + " " + sourcePath("tests/corpus/good") + " --" + refused,
                              true);
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find("ok " + sourcePath("scenarios/04-pop3-two-devices.json")) != std::string::npos);
    CHECK(r.output.find("ok " + sourcePath("tests/corpus/good/failures.json")) != std::string::npos);
    CHECK(r.output.find("refused " + sourcePath("tests/corpus/bad/smtp-error-bad-code.json")) != std::string::npos);
    CHECK(r.output.find("ACCEPTED") == std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("postino run --export-mail writes .eml files and mbox files that Python reads", "[cli][mail]") {
    const std::string dir = "/tmp/postino-export-test";
    runCommand("rm -rf " + dir);
    const auto r = runCommand(postinoCmd("run " + sourcePath("scenarios/05-imap-two-devices.json") + " --export-mail " + dir));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("Exported ") != std::string::npos);
    const std::string eml = readFile(dir + "/mail-recipient/bob@recipient.example/Trips/1.eml");
    CHECK(eml.find("Subject: Photos\r\n") != std::string::npos);
    const std::string mbox = readFile(dir + "/mail-recipient/bob@recipient.example/INBOX.mbox");
    CHECK(mbox.rfind("From alice@sender.example Mon Mar  2 09:00:01 2026\n", 0) == 0);
    if (haveProgram("python3")) {
        const auto py = runCommand("python3 -c \"import mailbox,sys; b=mailbox.mbox(sys.argv[1]); "
                                   "print(len(b), b[0]['Subject'])\" " + dir + "/mail-recipient/bob@recipient.example/INBOX.mbox", true);
        CHECK(py.output == "1 Hello Bob\n");
    }
    const auto bad = runCommand(postinoCmd("run " + sourcePath("scenarios/01-same-domain.json") + " -q --export-mail /proc/x"), true);
    CHECK(bad.status == 1);
    CHECK(bad.output.find("/proc/x") != std::string::npos);
    runCommand("rm -rf " + dir);
}

TEST_CASE("lesson 09 from the command line: 550 5.1.1, the DSN with MAIL FROM:<>, and a multipart/report Python reads",
          "[cli][bounce]") {
    const auto run = runCommand(postinoCmd("run " + sourcePath("scenarios/09-unknown-user-bounce.json") + " --transcript"));
    REQUIRE(run.status == 0);
    const std::size_t refused = run.output.find("S: 550 5.1.1 <bobb@recipient.example>");
    const std::size_t bounce = run.output.find("C: MAIL FROM:<>");
    CHECK(refused != std::string::npos);
    CHECK(bounce != std::string::npos);
    CHECK(refused < bounce);
    const std::string dir = "/tmp/postino-lesson09-" + std::to_string(::getpid());
    const auto exported = runCommand(postinoCmd("run " + sourcePath("scenarios/09-unknown-user-bounce.json") +
                                                " --export-mail " + dir));
    REQUIRE(exported.status == 0);
    const auto check = runCommand("python3 " + sourcePath("tests/tools/dsn_check.py") + " " + dir +
                                      "/mail-office/alice@office.example/INBOX/1.eml",
                                  true);
    INFO(check.output);
    CHECK(check.status == 0);
    CHECK(check.output.find("5.1.1") != std::string::npos);
    runCommand("rm -rf " + dir);
}
