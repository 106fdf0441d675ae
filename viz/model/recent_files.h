// The scenario files opened lately, newest first, kept in a small text file (one path a line)
// under the user's configuration folder, so File → Recent offers them next time. Reading a
// missing or damaged list gives what can be read; writing never throws (a failure is returned).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace postino::viz {

class RecentFiles {
public:
    static constexpr std::size_t kKept = 8;

    // Reads the list from `store` (missing: empty). An empty `store` keeps the list in memory only.
    explicit RecentFiles(std::filesystem::path store);
    // $XDG_CONFIG_HOME/postino/recent-files.txt, else ~/.config/postino/recent-files.txt; empty
    // when neither variable is set.
    static std::filesystem::path defaultStore();

    const std::vector<std::string>& files() const { return m_files; }
    // Puts `path` (made absolute) first, once, keeping the newest kKept, and writes the list.
    // Returns "" or what went wrong writing it ("cannot write /…/recent-files.txt: …").
    std::string add(const std::string& path);
    // Drops `path` (a file that is gone) and writes the list.
    std::string forget(const std::string& path);

private:
    std::string save() const;
    std::filesystem::path m_store;
    std::vector<std::string> m_files;
};

}  // namespace postino::viz
