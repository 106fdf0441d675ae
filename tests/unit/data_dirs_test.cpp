// Where the programs look for lessons, fonts and catalogs (core/data_dirs): the install prefix
// next to the program, the environment's override, and the folders named when nothing is found.
#include "core/data_dirs.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using postino::core::DataKind;
using postino::core::findData;

namespace {

// A fresh folder under the temp dir, removed at the end of the test.
struct TempTree {
    fs::path root;
    TempTree() {
        root = fs::temp_directory_path() / ("postino-data-dirs-" + std::to_string(std::random_device{}()));
        fs::create_directories(root / "bin");
    }
    ~TempTree() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    void touch(const fs::path& rel) const {
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << "{}";
    }
};

// Unsets an environment variable for the test's duration, restoring it after.
struct EnvGuard {
    std::string name, old;
    bool had;
    explicit EnvGuard(std::string n) : name(std::move(n)) {
        const char* v = std::getenv(name.c_str());
        had = v != nullptr;
        if (had) old = v;
        unsetenv(name.c_str());
    }
    ~EnvGuard() {
        if (had) setenv(name.c_str(), old.c_str(), 1);
        else unsetenv(name.c_str());
    }
};

}  // namespace

TEST_CASE("data dirs: an installed program finds its lessons and catalogs in ../share", "[data_dirs]") {
    EnvGuard data("POSTINO_DATA_DIR"), locale("POSTINO_LOCALE_DIR");
    TempTree t;
    t.touch("share/postino/scenarios/02-cross-domain.json");
    t.touch("share/locale/it/LC_MESSAGES/postino.mo");
    const auto lessons = findData(DataKind::Lessons, t.root / "bin");
    CHECK(lessons.found == t.root / "share/postino/scenarios");
    CHECK(lessons.error().empty());
    CHECK(findData(DataKind::Catalogs, t.root / "bin").found == t.root / "share/locale");
}

TEST_CASE("data dirs: fonts come from share/postino/fonts, else Debian's DejaVu folder", "[data_dirs]") {
    EnvGuard data("POSTINO_DATA_DIR");
    TempTree t;
    const auto system = findData(DataKind::Fonts, t.root / "bin");
    REQUIRE(system.tried.size() == 2);
    CHECK(system.tried[0] == t.root / "share/postino/fonts");
    CHECK(system.tried[1] == "/usr/share/fonts/truetype/dejavu");
    t.touch("share/postino/fonts/DejaVuSans.ttf");
    CHECK(findData(DataKind::Fonts, t.root / "bin").found == t.root / "share/postino/fonts");
}

TEST_CASE("data dirs: nothing found names every folder tried", "[data_dirs]") {
    EnvGuard data("POSTINO_DATA_DIR"), locale("POSTINO_LOCALE_DIR");
    TempTree t;
    t.touch("share/postino/scenarios/01-same-domain.json");  // not the default lesson
    const auto lessons = findData(DataKind::Lessons, t.root / "bin");
    CHECK(lessons.found.empty());
    REQUIRE(lessons.tried == std::vector<fs::path>{t.root / "share/postino/scenarios"});
    CHECK(lessons.error() == "no lessons found (looked for 02-cross-domain.json); tried: " +
                                 (t.root / "share/postino/scenarios").string());
    const auto catalogs = findData(DataKind::Catalogs, t.root / "bin");
    CHECK(catalogs.found.empty());
    CHECK(catalogs.error().find((t.root / "share/locale").string()) != std::string::npos);
}

TEST_CASE("data dirs: POSTINO_DATA_DIR and POSTINO_LOCALE_DIR come first", "[data_dirs]") {
    EnvGuard data("POSTINO_DATA_DIR"), locale("POSTINO_LOCALE_DIR");
    TempTree t;
    t.touch("share/postino/scenarios/02-cross-domain.json");
    t.touch("mine/scenarios/02-cross-domain.json");
    t.touch("mine/scenarios/my-lesson.json");
    t.touch("mo/es/LC_MESSAGES/postino.mo");
    setenv("POSTINO_DATA_DIR", (t.root / "mine").c_str(), 1);
    setenv("POSTINO_LOCALE_DIR", (t.root / "mo").c_str(), 1);
    CHECK(findData(DataKind::Lessons, t.root / "bin").found == t.root / "mine/scenarios");
    CHECK(findData(DataKind::Catalogs, t.root / "bin").found == t.root / "mo");
    // A bare lesson name on the command line, with or without .json; a path or a missing name stays.
    CHECK(postino::core::resolveLessonPath("my-lesson") == (t.root / "mine/scenarios/my-lesson.json").string());
    CHECK(postino::core::resolveLessonPath("my-lesson.json") == (t.root / "mine/scenarios/my-lesson.json").string());
    CHECK(postino::core::resolveLessonPath("no-such-lesson") == "no-such-lesson");
    CHECK(postino::core::resolveLessonPath("./my-lesson.json") == "./my-lesson.json");
}
