// Golden transcripts: `postino run LESSON --transcript` must print exactly the
// reviewed text in tests/golden/ (simulated times included). To accept a
// change, run with POSTINO_UPDATE_GOLDEN=1 and review the diff like code.
#include "test_support.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace postino::testing;

namespace {

// `transcript` false keeps the golden to the timeline (for lessons with huge mails).
void checkGolden(const std::string& lesson, bool transcript = true) {
    const std::string goldenPath = sourcePath("tests/golden/" + lesson + ".txt");
    const CommandResult run = runCommand(std::string(POSTINO_BINARY) + " run " +
                                         sourcePath("scenarios/" + lesson + ".json") + (transcript ? " --transcript" : ""));
    REQUIRE(run.status == 0);
    if (std::getenv("POSTINO_UPDATE_GOLDEN")) {
        std::ofstream(goldenPath, std::ios::binary) << run.output;
        WARN("updated " << goldenPath);
        return;
    }
    const std::string expected = readFile(goldenPath);
    REQUIRE_FALSE(expected.empty());
    if (run.output != expected) {
        // Point at the first differing line to make the failure readable.
        std::size_t line = 1, i = 0;
        while (i < run.output.size() && i < expected.size() && run.output[i] == expected[i]) line += run.output[i++] == '\n';
        auto lineAt = [](const std::string& s, std::size_t pos) {
            const std::size_t start = s.rfind('\n', pos == 0 ? 0 : pos - 1);
            const std::size_t from = start == std::string::npos ? 0 : start + 1;
            return s.substr(from, s.find('\n', from) - from);
        };
        FAIL("golden " << goldenPath << " differs at line " << line << "\n expected: " << lineAt(expected, i)
                       << "\n   actual: " << lineAt(run.output, i));
    }
}

}  // namespace

TEST_CASE("golden transcript: 01-same-domain", "[golden]") { checkGolden("01-same-domain"); }
TEST_CASE("golden transcript: 02-cross-domain", "[golden]") { checkGolden("02-cross-domain"); }
TEST_CASE("golden transcript: 03-multi-hop-relay", "[golden]") { checkGolden("03-multi-hop-relay"); }
TEST_CASE("golden transcript: 04-pop3-two-devices", "[golden]") { checkGolden("04-pop3-two-devices"); }
TEST_CASE("golden transcript: 05-imap-two-devices", "[golden]") { checkGolden("05-imap-two-devices"); }
TEST_CASE("golden transcript: 06-imap-shared-mailbox", "[golden]") { checkGolden("06-imap-shared-mailbox"); }
TEST_CASE("golden transcript: 07-webmail", "[golden]") { checkGolden("07-webmail"); }
TEST_CASE("golden timeline: 08-attachment-packets", "[golden]") { checkGolden("08-attachment-packets", false); }
TEST_CASE("golden transcript: 09-unknown-user-bounce", "[golden]") { checkGolden("09-unknown-user-bounce"); }
TEST_CASE("golden transcript: 10-server-down-retry", "[golden]") { checkGolden("10-server-down-retry"); }
TEST_CASE("golden transcript: 11-backup-mx", "[golden]") { checkGolden("11-backup-mx"); }
TEST_CASE("golden transcript: 12-pop3-vs-imap", "[golden]") { checkGolden("12-pop3-vs-imap"); }
TEST_CASE("golden timeline: 13-mail-loop", "[golden]") { checkGolden("13-mail-loop", false); }
TEST_CASE("golden transcript: 14-password-in-clear", "[golden]") { checkGolden("14-password-in-clear"); }
TEST_CASE("golden transcript: 15-forged-sender", "[golden]") { checkGolden("15-forged-sender"); }
TEST_CASE("golden transcript: 16-dkim-signature", "[golden]") { checkGolden("16-dkim-signature"); }
