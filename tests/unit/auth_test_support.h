// Test DNS for the SPF/DKIM/DMARC state machines: zones as JSON (the same file
// tests/tools/auth_check.py gives Debian's python3-dkim and python3-spf), and a loop that
// answers a check's questions until it has its result. Test-only code.
#pragma once

#include "auth/auth_dns.h"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

namespace postino::testing {

// {"name": {"TXT": [["s1", "s2"]], "A": ["192.0.2.1"], "AAAA": [...], "MX": [[10, "mx.x"]]},
//  "!temp": ["name that times out"]}. A name not listed is NXDOMAIN; a listed name without the
// asked type is NODATA.
class TestZones {
public:
    explicit TestZones(nlohmann::json zones) : m_zones(std::move(zones)) {}
    static TestZones parse(const std::string& text) { return TestZones(nlohmann::json::parse(text)); }
    auth::DnsAnswer lookup(const auth::DnsQuestion& q) const;
    const nlohmann::json& json() const { return m_zones; }
    // Writes the zones to a file for auth_check.py; returns the path.
    std::string writeFile(const std::string& name) const;

private:
    nlohmann::json m_zones;
};

// Answers `check`'s questions from `zones` until it is done; the questions asked go to `asked`.
template <class Check>
auto resolve(Check& check, const TestZones& zones, std::vector<auth::DnsQuestion>* asked = nullptr) {
    for (int i = 0; i < 200; ++i) {
        auto step = check.next();
        if (auto* q = std::get_if<auth::DnsQuestion>(&step)) {
            if (asked) asked->push_back(*q);
            check.answer(zones.lookup(*q));
            continue;
        }
        return std::get<1>(step);
    }
    FAIL("the check asked more than 200 questions");
    return std::get<1>(check.next());
}

std::string tempDir();  // a fresh directory under the build tree for files the Python side reads
void writeText(const std::string& path, const std::string& text);
// Debian's python (not a pyenv one first in PATH) with python3-dkim and python3-spf, or empty.
std::string debianPythonWithAuth();

}  // namespace postino::testing
