// Where the programs find their data: the lessons, the fonts and the translation catalogs.
// Installed (<prefix>/bin/../share/postino, ../share/locale, Debian's DejaVu fonts) or, for a
// program run from its build folder, the source tree and the build. Reads the environment and the
// file system only; never throws.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace postino::core {

enum class DataKind { Lessons, Fonts, Catalogs };

// The lesson postino-viz opens when given none.
inline constexpr const char* kDefaultLesson = "02-cross-domain.json";

// Where the data was found, or every folder looked at when it was not.
struct DataSearch {
    std::filesystem::path found;                  // empty: none of the folders holds the data
    std::vector<std::filesystem::path> tried;     // in the order they were looked at
    // "no lessons (scenarios/*.json) found; looked in: a, b, c" (empty when found).
    std::string error() const;
    DataKind kind = DataKind::Lessons;
};

// Where the running program lives (/proc/self/exe); empty when that cannot be read.
std::filesystem::path executableDir();

// The folders that may hold `kind`, best first, for a program in `exeDir`. An environment
// override comes first (POSTINO_DATA_DIR holds scenarios/ and fonts/; POSTINO_LOCALE_DIR the
// catalogs), then the install prefix next to the program, then (when `exeDir` is the build
// folder this program was built in) the source tree and the build, and Debian's fonts last.
std::vector<std::filesystem::path> dataCandidates(DataKind kind, const std::filesystem::path& exeDir);

// The first candidate that really holds the data: a lesson file, DejaVuSans.ttf, or a
// <lang>/LC_MESSAGES/postino.mo catalog.
DataSearch findData(DataKind kind, const std::filesystem::path& exeDir);
DataSearch findData(DataKind kind);  // for the running program

// A lesson named on the command line: the path itself when it exists; else a bare name
// ("02-cross-domain" or "02-cross-domain.json") looked up among the installed lessons;
// else the path unchanged (the loader then says it cannot open it).
std::string resolveLessonPath(const std::string& path);

}  // namespace postino::core
