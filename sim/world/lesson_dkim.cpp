#include "world/lesson_dkim.h"

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <set>

namespace postino::world {

namespace {

auth::DkimKey keyFor(const scenario::Scenario& s, const scenario::DkimSigning& k) {
    const bool ed = k.algorithm == scenario::DkimAlgorithm::Ed25519Sha256;
    const std::string seed = fmt::format("postino-dkim/{}/{}/{}/{}", s.seed, k.domain, k.selector, ed ? "ed25519" : "rsa");
    static std::mutex mutex;
    static std::map<std::string, auth::DkimKey> made;  // seed → key, for the whole process
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = made.find(seed); it != made.end()) return it->second;
    auth::DkimKey key = ed ? auth::DkimKey::ed25519FromSeed(seed) : auth::DkimKey::rsaFromSeed(seed, 2048);
    made.emplace(seed, key);
    return key;
}

}  // namespace

std::vector<DkimSigningKey> dkimKeysOf(const scenario::Scenario& scenario, const scenario::Node& node) {
    std::vector<DkimSigningKey> out;
    if (node.type != scenario::NodeType::MailServer) return out;
    for (const scenario::DkimSigning& k : node.dkim)
        if (!k.domain.empty() && !k.selector.empty()) out.push_back({k.domain, k.selector, keyFor(scenario, k)});
    return out;
}

std::vector<dns::ResourceRecord> dkimKeyRecords(const scenario::Scenario& scenario) {
    std::vector<dns::ResourceRecord> out;
    std::set<std::string> names;
    for (const scenario::Node& node : scenario.nodes) {
        if (node.type != scenario::NodeType::MailServer) continue;
        for (const scenario::DkimSigning& k : node.dkim) {
            if (k.domain.empty() || k.selector.empty()) continue;
            const std::string name = k.selector + "._domainkey." + k.domain;
            if (!names.insert(name).second) continue;
            out.push_back(dns::makeTxt(name, 3600, keyFor(scenario, k).dnsRecord()));
        }
    }
    return out;
}

}  // namespace postino::world
