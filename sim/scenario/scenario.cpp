// Behaviour-free helpers of the scenario structs.
#include "scenario/scenario.h"

namespace postino::scenario {

const std::string& LocalizedText::get(const std::string& lang) const {
    static const std::string kEmpty;
    auto it = byLanguage.find(lang);
    if (it != byLanguage.end()) return it->second;
    // "pt-br" falls back to "pt" before English.
    auto dash = lang.find('-');
    if (dash != std::string::npos) {
        it = byLanguage.find(lang.substr(0, dash));
        if (it != byLanguage.end()) return it->second;
    }
    it = byLanguage.find("en");
    return it != byLanguage.end() ? it->second : kEmpty;
}

}  // namespace postino::scenario
