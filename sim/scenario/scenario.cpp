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

const char* nodeTypeName(NodeType t) {
    switch (t) {
        case NodeType::Client: return "client";
        case NodeType::MailServer: return "mail_server";
        case NodeType::DnsServer: return "dns_server";
        case NodeType::Router: return "router";
        case NodeType::Webmail: return "webmail";
        case NodeType::Browser: return "browser";
    }
    return "?";
}

}  // namespace postino::scenario
