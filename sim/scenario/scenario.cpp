// Behaviour-free helpers of the scenario structs.
#include "scenario/scenario.h"

#include <utility>

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

const char* recordTypeName(RecordType t) {
    switch (t) {
        case RecordType::A: return "A";
        case RecordType::MX: return "MX";
        case RecordType::TXT: return "TXT";
    }
    return "?";
}

const char* actionTypeName(ActionType t) {
    switch (t) {
        case ActionType::Send: return "send";
        case ActionType::SaveDraft: return "save_draft";
        case ActionType::CheckMail: return "check_mail";
        case ActionType::Read: return "read";
        case ActionType::Flag: return "flag";
        case ActionType::Move: return "move";
        case ActionType::Delete: return "delete";
        case ActionType::NodeDown: return "node_down";
        case ActionType::NodeUp: return "node_up";
        case ActionType::LinkDown: return "link_down";
        case ActionType::LinkUp: return "link_up";
        case ActionType::SmtpError: return "smtp_error";
        case ActionType::MailboxFull: return "mailbox_full";
    }
    return "action";
}

namespace {
constexpr std::pair<const char*, StepEvent> kStepEvents[] = {
    {"connection_opened", StepEvent::ConnectionOpened}, {"dns_query", StepEvent::DnsQuery},
    {"dns_answer", StepEvent::DnsAnswer},               {"dns_cache_hit", StepEvent::DnsCacheHit},
    {"smtp_reply", StepEvent::SmtpReply},               {"mail_submitted", StepEvent::MailSubmitted},
    {"mail_accepted", StepEvent::MailAccepted},         {"relayed", StepEvent::Relayed},
    {"delivered", StepEvent::Delivered},                {"deferred", StepEvent::Deferred},
    {"retrying", StepEvent::Retrying},                  {"bounced", StepEvent::Bounced},
    {"checking_mail", StepEvent::CheckingMail},         {"downloaded", StepEvent::Downloaded},
    {"packet_lost", StepEvent::PacketLost},              {"tls_started", StepEvent::TlsStarted},
    {"tls_failed", StepEvent::TlsFailed},                {"dkim_signed", StepEvent::DkimSigned},
    {"forwarded", StepEvent::Forwarded},                 {"sender_checked", StepEvent::SenderChecked},
    {"sender_check_failed", StepEvent::SenderCheckFailed}, {"quarantined", StepEvent::Quarantined},
};
}  // namespace

const char* stepEventName(StepEvent e) {
    for (const auto& [name, value] : kStepEvents)
        if (value == e) return name;
    return "?";
}

std::optional<StepEvent> stepEventFromName(std::string_view name) {
    for (const auto& [n, value] : kStepEvents)
        if (name == n) return value;
    return std::nullopt;
}

}  // namespace postino::scenario
