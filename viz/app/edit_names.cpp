// The words of an edit for the Edit menu's Undo and Redo items.
#include "edit_names.h"

#include "i18n.h"
#include "trace/phrase.h"  // N_

#include <string_view>

namespace postino::viz {

namespace {

// The side panel's name for a field of the scenario file ("relay_host" -> "Relay host").
std::string fieldText(std::string_view field) {
    while (!field.empty() && field.front() == '#') field.remove_prefix(1);
    struct Entry { std::string_view key; const char* text; };
    static const Entry kFields[] = {
        {"hostname", N_("Host name")}, {"ip", N_("Address")}, {"label", N_("Caption")}, {"resolver", N_("DNS server")},
        {"accounts", N_("Accounts")}, {"domains", N_("Domains")}, {"users", N_("Users")}, {"shared_mailboxes", N_("Shared mailboxes")},
        {"relay_host", N_("Relay host")}, {"relay_clients", N_("Relay clients")}, {"relay_domains", N_("Relay domains")},
        {"quota_bytes", N_("Quota")}, {"language", N_("Language of its bounces")}, {"zones", N_("Zones")},
        {"mailserver", N_("Mail server")}, {"minimal_backoff", N_("Queue and retries")}, {"maximal_backoff", N_("Queue and retries")},
        {"maximal_lifetime", N_("Queue and retries")}, {"delay_warning", N_("Queue and retries")},
        {"hopcount_limit", N_("Queue and retries")}, {"latency", N_("Latency")}, {"bandwidth", N_("Bandwidth")},
        {"title", N_("Lesson title")}, {"tls", N_("TLS")}, {"check_senders", N_("Sender checks")},
        {"any_sender", N_("Users may send as anyone")}, {"dkim", N_("DKIM keys")}, {"forward", N_("Forwards")},
    };
    for (const Entry& e : kFields)
        if (e.key == field) return tr(e.text);
    return std::string(field);
}

std::string actionText(const EditName& n) {
    using scenario::ActionType;
    switch (n.action) {
        case ActionType::Send: return trf("sending “{}”", n.subject);
        case ActionType::CheckMail: return tr("checking mail");
        case ActionType::Read: return trf("reading “{}”", n.subject);
        case ActionType::Flag: return trf("flagging “{}”", n.subject);
        case ActionType::Move: return trf("moving “{}”", n.subject);
        case ActionType::Delete: return trf("deleting “{}”", n.subject);
        default: return tr("an action");
    }
}

}  // namespace

std::string editText(const EditName& n) {
    switch (n.kind) {
        case EditKind::Other: return {};
        case EditKind::AddAction: return actionText(n);
        case EditKind::RemoveAction: return trf("removing {}", actionText(n));
        case EditKind::AddNode: return trf("adding {}", n.subject);
        case EditKind::RemoveNode: return trf("removing {}", n.subject);
        case EditKind::MoveNode: return trf("moving {}", n.subject);
        case EditKind::PlaceNodes: return tr("placing the nodes");
        case EditKind::AddLink: return trf("adding the link {}", n.subject);
        case EditKind::RemoveLink: return trf("removing the link {}", n.subject);
        case EditKind::SetNode:
            return n.field.empty() ? trf("renaming to {}", n.subject) : trf("changing {} of {}", fieldText(n.field), n.subject);
        case EditKind::SetLink: return trf("changing {} of {}", fieldText(n.field), n.subject);
        case EditKind::SetLessonInfo: return trf("changing {}", fieldText(n.field));
    }
    return {};
}

}  // namespace postino::viz
