#include "model/trust_text.h"

#include "model/network_text.h"

#include <algorithm>
#include <cctype>

namespace postino::viz {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

std::string dkimText(const std::vector<scenario::DkimSigning>& keys) {
    std::string out;
    for (const auto& k : keys) {
        out += k.domain + " " + k.selector;
        if (k.algorithm == scenario::DkimAlgorithm::Ed25519Sha256) out += " ed25519-sha256";
        out += "\n";
    }
    return out;
}

std::vector<scenario::DkimSigning> parseDkim(std::string_view text) {
    std::vector<scenario::DkimSigning> out;
    for (const auto& line : textLines(text)) {
        const auto w = words(line);
        if (w.size() < 2 || w.size() > 3) continue;
        scenario::DkimSigning key{lower(w[0]), lower(w[1]), scenario::DkimAlgorithm::RsaSha256};
        if (w.size() == 3) {
            const std::string a = lower(w[2]);
            if (a == "ed25519-sha256" || a == "ed25519") key.algorithm = scenario::DkimAlgorithm::Ed25519Sha256;
            else if (a != "rsa-sha256" && a != "rsa") continue;  // not yet a known algorithm
        }
        out.push_back(std::move(key));
    }
    return out;
}

std::string forwardsText(const std::map<std::string, std::string>& forward) {
    std::string out;
    for (const auto& [source, target] : forward) out += source + " " + target + "\n";
    return out;
}

std::map<std::string, std::string> parseForwards(std::string_view text) {
    std::map<std::string, std::string> out;
    for (const auto& line : textLines(text)) {
        auto w = words(line);
        if (w.size() == 3 && (w[1] == "->" || w[1] == "→")) w.erase(w.begin() + 1);
        if (w.size() != 2) continue;
        out.emplace(lower(w[0]), w[1]);
    }
    return out;
}

}  // namespace postino::viz
