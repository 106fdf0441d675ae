// Test DNS from JSON zones, and the way to Debian's python for the interop tests.
#include "auth_test_support.h"

#include "auth/ip_address.h"
#include "test_support.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace postino::testing {

auth::DnsAnswer TestZones::lookup(const auth::DnsQuestion& q) const {
    if (m_zones.contains("!temp")) {
        for (const auto& n : m_zones["!temp"]) {
            if (n.get<std::string>() == q.name) return auth::DnsAnswer::tempError();
        }
    }
    if (!m_zones.contains(q.name)) return auth::DnsAnswer::nxDomain();
    const nlohmann::json& entry = m_zones[q.name];
    auth::DnsAnswer a;
    std::string type = dns::typeName(q.type);
    if (!entry.contains(type)) return a;
    for (const auto& v : entry[type]) {
        dns::ResourceRecord rr;
        rr.name = q.name;
        rr.type = q.type;
        rr.ttl = 300;
        if (q.type == dns::RrType::TXT) {
            for (const auto& s : v) rr.texts.push_back(s.get<std::string>());
        } else if (q.type == dns::RrType::A) {
            auto ip = auth::IpAddress::parse(v.get<std::string>());
            REQUIRE(ip);
            rr.address = (std::uint32_t(ip->bytes[0]) << 24) | (std::uint32_t(ip->bytes[1]) << 16) |
                         (std::uint32_t(ip->bytes[2]) << 8) | ip->bytes[3];
        } else if (q.type == dns::RrType::AAAA) {
            auto ip = auth::IpAddress::parse(v.get<std::string>());
            REQUIRE(ip);
            rr.rawData.assign(ip->bytes.begin(), ip->bytes.end());
        } else if (q.type == dns::RrType::MX) {
            rr.preference = v[0].get<std::uint16_t>();
            rr.target = v[1].get<std::string>();
        }
        a.records.push_back(rr);
    }
    return a;
}

std::string TestZones::writeFile(const std::string& path) const {
    writeText(path, m_zones.dump(1));
    return path;
}

std::string tempDir() {
    static std::atomic<int> counter{0};
    std::string dir = std::filesystem::temp_directory_path().string() + "/postino-auth-" + std::to_string(getpid()) +
                      "-" + std::to_string(counter++);
    std::filesystem::create_directories(dir);
    return dir;
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string debianPythonWithAuth() {
    const std::string py = "/usr/bin/python3";
    if (runCommand(py + " -c 'import dkim, spf, nacl' 2>/dev/null").status != 0) return "";
    return py + " " + sourcePath("tests/tools/auth_check.py");
}

}  // namespace postino::testing
