// RecentFiles: File → Recent's list, kept between runs in a small text file.
#include "model/recent_files.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using postino::viz::RecentFiles;

namespace {

fs::path freshFolder(const char* name) {
    const fs::path dir = fs::temp_directory_path() / (std::string("postino-recent-") + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir;
}

}  // namespace

TEST_CASE("RecentFiles: newest first, each once, at most eight, kept between runs", "[viz][recent]") {
    const fs::path dir = freshFolder("keep");
    const fs::path store = dir / "postino" / "recent-files.txt";
    {
        RecentFiles recent(store);
        CHECK(recent.files().empty());
        for (int i = 0; i < 10; ++i) CHECK(recent.add("/lessons/" + std::to_string(i) + ".json").empty());
        CHECK(recent.add("/lessons/3.json").empty());  // again: moves to the front, not twice
        REQUIRE(recent.files().size() == RecentFiles::kKept);
        CHECK(recent.files().front() == "/lessons/3.json");
        CHECK(recent.files()[1] == "/lessons/9.json");
        CHECK(std::count(recent.files().begin(), recent.files().end(), "/lessons/3.json") == 1);
    }
    RecentFiles again(store);
    REQUIRE(again.files().size() == RecentFiles::kKept);
    CHECK(again.files().front() == "/lessons/3.json");
    CHECK(again.forget("/lessons/3.json").empty());
    CHECK(RecentFiles(store).files().front() == "/lessons/9.json");
    fs::remove_all(dir);
}

TEST_CASE("RecentFiles: a relative path is kept absolute, a damaged list gives what it can", "[viz][recent]") {
    const fs::path dir = freshFolder("damaged");
    fs::create_directories(dir);
    const fs::path store = dir / "recent-files.txt";
    {
        std::ofstream out(store);
        out << "/a.json\r\nnot absolute\n\n/a.json\n/b.json\n";
    }
    RecentFiles recent(store);
    REQUIRE(recent.files().size() == 2);
    CHECK(recent.files()[0] == "/a.json");
    CHECK(recent.files()[1] == "/b.json");
    recent.add("scenarios/02-cross-domain.json");
    CHECK(fs::path(recent.files().front()).is_absolute());
    CHECK(recent.files().front().ends_with("scenarios/02-cross-domain.json"));
    fs::remove_all(dir);
}

TEST_CASE("RecentFiles: a list that cannot be written says so and keeps working", "[viz][recent]") {
    const fs::path dir = freshFolder("blocked");
    fs::create_directories(dir);
    { std::ofstream(dir / "postino") << "a file where the folder should be"; }
    RecentFiles recent(dir / "postino" / "recent-files.txt");
    const std::string problem = recent.add("/x.json");
    CHECK(problem.find("cannot write") != std::string::npos);
    CHECK(recent.files().front() == "/x.json");
    CHECK(RecentFiles(fs::path()).files().empty());
    fs::remove_all(dir);
}
