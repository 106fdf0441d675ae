// File > Export's files, checked against what the rest of Postino writes: the transcript against
// `postino run --transcript`, the pcap against writePcap, a message against the mail store and
// the .eml files `postino run --export-mail` writes; and the file names made of odd subjects.
#include "test_support.h"

#include "export/mail_export.h"
#include "export/pcap_export.h"
#include "mail/mail_store.h"
#include "model/delivered_copy.h"
#include "model/exports.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace postino;
using namespace postino::viz;

namespace {

namespace fs = std::filesystem;

// A fresh folder under the system's temporary folder, removed at the end of the test.
struct TempFolder {
    fs::path path;
    explicit TempFolder(const std::string& name) : path(fs::temp_directory_path() / ("postino-exports-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

bool crlfOnly(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return false;
    return true;
}

}  // namespace

TEST_CASE("Export: the transcript is what postino run --transcript prints, byte for byte", "[exports]") {
    for (const char* lesson : {"02-cross-domain", "04-pop3-two-devices", "09-unknown-user-bounce"}) {
        INFO(lesson);
        const std::string path = testing::sourcePath(std::string("scenarios/") + lesson + ".json");
        const scenario::Scenario s = testing::loadLesson(std::string(lesson) + ".json");
        world::World w(s);
        w.run();
        const ExportFile file = transcriptFile(s, w.trace(), path);
        const testing::CommandResult cli = testing::runCommand(std::string(POSTINO_BINARY) + " run " + path + " --transcript");
        REQUIRE(cli.status == 0);
        CHECK(file.bytes == cli.output);
        CHECK(file.fileName == std::string(lesson) + "-transcript.txt");
        CHECK(std::string(file.mimeType).rfind("text/plain", 0) == 0);
    }
}

TEST_CASE("Export: the pcap bytes are the file writePcap writes", "[exports]") {
    const scenario::Scenario s = testing::loadLesson("02-cross-domain.json");
    world::World w(s);
    w.run();
    TempFolder dir("pcap");
    const std::string written = (dir.path / "written.pcap").string();
    REQUIRE(exporter::writePcap(written, w.trace()).empty());
    const ExportFile file = pcapFile(w.trace(), "/somewhere/02-cross-domain.json");
    CHECK(file.fileName == "02-cross-domain.pcap");
    REQUIRE(file.bytes.size() > 24);
    CHECK(file.bytes == testing::readFile(written));
}

TEST_CASE("Export: a message is the copy in the mailbox as --export-mail writes it", "[exports]") {
    const scenario::Scenario s = testing::loadLesson("02-cross-domain.json");
    world::World w(s);
    w.run();
    const trace::Trace& t = w.trace();
    TempFolder dir("eml");
    REQUIRE(exporter::exportMail(w, dir.path.string()).error.empty());
    std::size_t checked = 0;
    for (std::size_t i = 0; i < t.carriedMail.size(); ++i) {
        const std::vector<std::uint32_t> copies = deliveredCopiesOf(t, t.carriedMail[i]);
        if (copies.empty()) continue;
        const trace::DeliveredCopyRecord& copy = t.deliveredCopies[copies.front()];
        // Shown as carried (-1) or as the copy: either way the file is the copy as delivered.
        for (const int shown : {-1, static_cast<int>(copies.front())}) {
            const std::optional<MessageExport> m = messageFile(t, static_cast<int>(i), shown);
            REQUIRE(m.has_value());
            CHECK(m->deliveredTo == copy.account);
            CHECK(m->subject == t.mails[copy.mail - 1].subject);
            CHECK(m->file.fileName == (m->subject == "Hello Bob" ? "Hello-Bob.eml" : "P-S.eml"));
            CHECK(std::string(m->file.mimeType) == "message/rfc822");
            CHECK(crlfOnly(m->file.bytes));
            const fs::path eml = dir.path / t.nodes[copy.node].id / copy.account / copy.folder /
                                 (std::to_string(copy.uid) + ".eml");
            CHECK(m->file.bytes == testing::readFile(eml.string()));
            CHECK(m->file.bytes.rfind("Return-Path: <alice@sender.example>\r\n", 0) == 0);
            ++checked;
        }
    }
    CHECK(checked == 4);  // "Hello Bob" and "P.S.", each shown both ways
}

TEST_CASE("Export: a message downloaded over POP3 is the stored copy it was read from", "[exports]") {
    const scenario::Scenario s = testing::loadLesson("04-pop3-two-devices.json");
    world::World w(s);
    w.run();
    const trace::Trace& t = w.trace();
    std::size_t checked = 0;
    for (std::size_t i = 0; i < t.carriedMail.size(); ++i) {
        const trace::CarriedMailRecord& download = t.carriedMail[i];
        if (download.fromClient) continue;  // the server wrote the text: RETR
        // The copy the mail server delivered from the same mail, rebuilt from its SMTP connection.
        std::string delivered;
        for (const trace::CarriedMailRecord& smtp : t.carriedMail)
            if (smtp.mail == download.mail)
                for (const std::uint32_t c : deliveredCopiesOf(t, smtp)) delivered = deliveredText(t, smtp, t.deliveredCopies[c]);
        REQUIRE_FALSE(delivered.empty());
        const std::optional<MessageExport> m = messageFile(t, static_cast<int>(i), -1);
        REQUIRE(m.has_value());
        CHECK(m->deliveredTo.empty());  // the text as the connection carried it
        CHECK(m->file.bytes == delivered);
        ++checked;
    }
    CHECK(checked >= 1);
    CHECK_FALSE(messageFile(t, -1, -1).has_value());
    CHECK_FALSE(messageFile(t, static_cast<int>(t.carriedMail.size()), -1).has_value());
}

TEST_CASE("Export: file names made of odd subjects are safe slugs", "[exports]") {
    CHECK(fileSlug("Hello Bob") == "Hello-Bob");
    CHECK(fileSlug("Re: ¿Qué?/..\\x") == "Re-Qué-x");
    CHECK(fileSlug("../../etc/passwd") == "etc-passwd");
    CHECK(fileSlug("Γεια σου; Τι κάνεις·") == "Γεια-σου-Τι-κάνεις");
    CHECK(fileSlug("a\r\nb\tc\x01" "d") == "a-b-c-d");
    CHECK(fileSlug(std::string("bad \xff\xfe bytes")) == "bad-bytes");
    CHECK(fileSlug("«Offerta» 50% — ora!") == "Offerta-50-ora");
    CHECK(fileSlug("📎 report") == "report");
    CHECK(fileSlug("") == "message");
    CHECK(fileSlug("?!/.. ") == "message");
    CHECK(fileSlug(":", "lesson") == "lesson");
    // Long subjects stop at 60 bytes, between characters, with no dash at the end.
    const std::string greek = fileSlug("αβγδεζηθικλμνξοπρστυφχψω αβγδεζηθικλμνξοπρστυφχψω");
    CHECK(greek.size() <= 60);
    CHECK(greek == "αβγδεζηθικλμνξοπρστυφχψω-αβγδε");
    const std::string latin = fileSlug(std::string(100, 'x'));
    CHECK(latin == std::string(60, 'x'));
    CHECK(fileSlug(std::string(59, 'y') + "é") == std::string(59, 'y'));
    for (const std::string& name : {fileSlug("Re: ¿Qué?/..\\x"), greek, latin}) {
        CHECK(name.find_first_of("/\\:*?\"<>| ") == std::string::npos);
        CHECK(name.front() != '-');
        CHECK(name.back() != '-');
    }
    CHECK(lessonStem("scenarios/02-cross-domain.json") == "02-cross-domain");
    CHECK(lessonStem("C:\\lessons\\my lesson.json") == "my-lesson");
    CHECK(lessonStem("") == "new-lesson");
    CHECK(lessonStem("/tmp/.json") == "json");
}

TEST_CASE("Export: writing a file says why it could not and replaces an old one", "[exports]") {
    TempFolder dir("write");
    const std::string file = (dir.path / "out.txt").string();
    REQUIRE(writeExportFile(file, "first").ok());
    REQUIRE(writeExportFile(file, "second\r\n").ok());
    CHECK(testing::readFile(file) == "second\r\n");

    const WriteProblem noFolder = writeExportFile((dir.path / "missing" / "out.txt").string(), "x");
    CHECK(noFolder.kind == WriteProblem::Kind::NoFolder);
    CHECK(noFolder.detail == (dir.path / "missing").string());

    const WriteProblem folder = writeExportFile(dir.path.string(), "x");
    CHECK(folder.kind == WriteProblem::Kind::IsFolder);

    fs::create_directories(dir.path / "locked");
    fs::permissions(dir.path / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    const std::string locked = (dir.path / "locked" / "out.txt").string();
    if (!std::ofstream(locked)) {  // as root every folder is writable: nothing to check then
        const WriteProblem denied = writeExportFile(locked, "x");
        CHECK(denied.kind == WriteProblem::Kind::Other);
        CHECK_FALSE(denied.detail.empty());
        CHECK_FALSE(fs::exists(locked));
    }
    fs::permissions(dir.path / "locked", fs::perms::owner_all);
}
