#include "trace/trace.h"

namespace postino::trace {

std::string_view eventKindName(EventKind k) {
    switch (k) {
        case EventKind::ConnectionOpened: return "connection-opened";
        case EventKind::ConnectionClosed: return "connection-closed";
        case EventKind::DnsQuery: return "dns-query";
        case EventKind::DnsAnswer: return "dns-answer";
        case EventKind::DnsCacheHit: return "dns-cache-hit";
        case EventKind::MailSubmitted: return "mail-submitted";
        case EventKind::MailAccepted: return "mail-accepted";
        case EventKind::Cleanup: return "cleanup";
        case EventKind::Queued: return "queued";
        case EventKind::MxLookup: return "mx-lookup";
        case EventKind::Relaying: return "relaying";
        case EventKind::Relayed: return "relayed";
        case EventKind::Delivered: return "delivered";
        case EventKind::CheckingMail: return "checking-mail";
        case EventKind::Downloaded: return "downloaded";
        case EventKind::Deferred: return "deferred";
        case EventKind::Rejected: return "rejected";
        case EventKind::MailboxChanged: return "mailbox-changed";
        case EventKind::Note: return "note";
    }
    return "note";
}

}  // namespace postino::trace
