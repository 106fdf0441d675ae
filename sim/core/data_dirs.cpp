#include "core/data_dirs.h"

#include <cstdlib>
#include <system_error>

// Set by the build for this file alone (cmake/Install.cmake): the install layout relative to
// the program, and the source and build folders of this very build.
#ifndef POSTINO_DATA_FROM_BIN
#define POSTINO_DATA_FROM_BIN "../share/postino"
#endif
#ifndef POSTINO_LOCALE_FROM_BIN
#define POSTINO_LOCALE_FROM_BIN "../share/locale"
#endif
#ifndef POSTINO_SYSTEM_FONT_DIR
#define POSTINO_SYSTEM_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif
#ifndef POSTINO_SOURCE_DIR
#define POSTINO_SOURCE_DIR ""
#endif
#ifndef POSTINO_BUILD_DIR
#define POSTINO_BUILD_DIR ""
#endif

namespace postino::core {

namespace fs = std::filesystem;

namespace {

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool holds(DataKind kind, const fs::path& dir) {
    switch (kind) {
        case DataKind::Lessons: return isFile(dir / kDefaultLesson);
        case DataKind::Fonts: return isFile(dir / "DejaVuSans.ttf");
        case DataKind::Catalogs: {
            std::error_code ec;
            for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
                if (isFile(it->path() / "LC_MESSAGES" / "postino.mo")) return true;
            return false;
        }
    }
    return false;
}

// Is the program running from the build folder it was built in (so the source tree is its data)?
bool runsFromBuild(const fs::path& exeDir) {
    const std::string build = POSTINO_BUILD_DIR;
    if (build.empty() || exeDir.empty()) return false;
    std::error_code ec;
    return fs::equivalent(exeDir, build, ec) && !ec;
}

}  // namespace

std::string DataSearch::error() const {
    if (!found.empty()) return {};
    std::string what;
    switch (kind) {
        case DataKind::Lessons: what = std::string("no lessons found (looked for ") + kDefaultLesson + ")"; break;
        case DataKind::Fonts: what = "no fonts found (looked for DejaVuSans.ttf)"; break;
        case DataKind::Catalogs: what = "no translations found (looked for <lang>/LC_MESSAGES/postino.mo)"; break;
    }
    what += "; tried:";
    for (const auto& p : tried) what += " " + p.string();
    if (tried.empty()) what += " nothing";
    return what;
}

fs::path executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : exe.parent_path();
}

std::vector<fs::path> dataCandidates(DataKind kind, const fs::path& exeDir) {
    std::vector<fs::path> out;
    const auto env = [](const char* name) -> fs::path {
        const char* value = std::getenv(name);
        return value && *value ? fs::path(value) : fs::path{};
    };
    const fs::path dataEnv = env("POSTINO_DATA_DIR");
    const fs::path installed = exeDir.empty() ? fs::path{} : (exeDir / POSTINO_DATA_FROM_BIN).lexically_normal();
    const bool fromBuild = runsFromBuild(exeDir);
    const fs::path source = POSTINO_SOURCE_DIR;
    switch (kind) {
        case DataKind::Lessons:
            if (!dataEnv.empty()) out.push_back(dataEnv / "scenarios");
            if (!installed.empty()) out.push_back(installed / "scenarios");
            if (fromBuild) out.push_back(source / "scenarios");
            break;
        case DataKind::Fonts:
            if (!dataEnv.empty()) out.push_back(dataEnv / "fonts");
            if (!installed.empty()) out.push_back(installed / "fonts");
            if (fromBuild) out.push_back(source / "assets" / "fonts");
            out.push_back(POSTINO_SYSTEM_FONT_DIR);
            break;
        case DataKind::Catalogs:
            if (const fs::path dir = env("POSTINO_LOCALE_DIR"); !dir.empty()) out.push_back(dir);
            if (!exeDir.empty()) out.push_back((exeDir / POSTINO_LOCALE_FROM_BIN).lexically_normal());
            if (fromBuild) out.push_back(fs::path(POSTINO_BUILD_DIR) / "locale");
            break;
    }
    return out;
}

DataSearch findData(DataKind kind, const fs::path& exeDir) {
    DataSearch search;
    search.kind = kind;
    for (const auto& dir : dataCandidates(kind, exeDir)) {
        search.tried.push_back(dir);
        if (holds(kind, dir)) {
            search.found = dir;
            break;
        }
    }
    return search;
}

DataSearch findData(DataKind kind) { return findData(kind, executableDir()); }

std::string resolveLessonPath(const std::string& path) {
    if (path.empty() || isFile(path) || path.find('/') != std::string::npos) return path;
    const DataSearch lessons = findData(DataKind::Lessons);
    if (lessons.found.empty()) return path;
    for (const std::string& name : {path, path + ".json"})
        if (isFile(lessons.found / name)) return (lessons.found / name).string();
    return path;
}

}  // namespace postino::core
