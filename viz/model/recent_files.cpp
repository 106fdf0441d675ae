#include "model/recent_files.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace postino::viz {

namespace fs = std::filesystem;

RecentFiles::RecentFiles(fs::path store) : m_store(std::move(store)) {
    if (m_store.empty()) return;
    std::ifstream in(m_store);
    std::string line;
    while (m_files.size() < kKept && std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // Only absolute paths, each once: anything else is a damaged line, skipped.
        if (line.empty() || line.front() != '/' || line.find('\0') != std::string::npos) continue;
        if (std::find(m_files.begin(), m_files.end(), line) == m_files.end()) m_files.push_back(line);
    }
}

fs::path RecentFiles::defaultStore() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') return fs::path(xdg) / "postino" / "recent-files.txt";
    if (const char* home = std::getenv("HOME"); home && *home == '/')
        return fs::path(home) / ".config" / "postino" / "recent-files.txt";
    return {};
}

std::string RecentFiles::add(const std::string& path) {
    std::error_code ec;
    fs::path absolute = fs::absolute(path, ec);
    const std::string file = (ec ? fs::path(path) : absolute.lexically_normal()).string();
    if (file.empty() || file.find('\n') != std::string::npos) return {};
    m_files.erase(std::remove(m_files.begin(), m_files.end(), file), m_files.end());
    m_files.insert(m_files.begin(), file);
    if (m_files.size() > kKept) m_files.resize(kKept);
    return save();
}

std::string RecentFiles::forget(const std::string& path) {
    const auto before = m_files.size();
    m_files.erase(std::remove(m_files.begin(), m_files.end(), path), m_files.end());
    return m_files.size() == before ? std::string() : save();
}

std::string RecentFiles::save() const {
    if (m_store.empty()) return {};
    std::error_code ec;
    fs::create_directories(m_store.parent_path(), ec);
    // Written beside it and renamed over it: a crash half-way never leaves half a list.
    const fs::path temporary = m_store.string() + ".new";
    {
        std::ofstream out(temporary, std::ios::trunc);
        for (const std::string& f : m_files) out << f << '\n';
        if (!out.flush()) return "cannot write " + temporary.string();
    }
    fs::rename(temporary, m_store, ec);
    if (ec) return "cannot write " + m_store.string() + ": " + ec.message();
    return {};
}

}  // namespace postino::viz
