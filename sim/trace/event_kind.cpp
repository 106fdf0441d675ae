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
        case EventKind::Retrying: return "retrying";
        case EventKind::Bounced: return "bounced";
        case EventKind::Outage: return "outage";
        case EventKind::TlsStarted: return "tls-started";
        case EventKind::TlsFailed: return "tls-failed";
        case EventKind::DkimSigned: return "dkim-signed";
        case EventKind::Forwarded: return "forwarded";
        case EventKind::SenderChecked: return "sender-checked";
        case EventKind::SenderCheckFailed: return "sender-check-failed";
        case EventKind::Quarantined: return "quarantined";
    }
    return "note";
}

std::string_view queueNameText(QueueName q) {
    switch (q) {
        case QueueName::Incoming: return "incoming";
        case QueueName::Active: return "active";
        case QueueName::Deferred: return "deferred";
        case QueueName::Hold: return "hold";
        case QueueName::Removed: return "removed";
    }
    return "removed";
}

std::string_view recipientStatusText(RecipientStatus s) {
    switch (s) {
        case RecipientStatus::Pending: return "pending";
        case RecipientStatus::Delivered: return "delivered";
        case RecipientStatus::Relayed: return "relayed";
        case RecipientStatus::Deferred: return "deferred";
        case RecipientStatus::Bounced: return "bounced";
    }
    return "pending";
}

}  // namespace postino::trace
