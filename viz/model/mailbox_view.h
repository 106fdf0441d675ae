// Every mailbox as it stands at time t, folders and messages with their flags, on servers
// and on devices: the trace's mailbox records replayed up to t, held as the badges count them
// (HoldingRule: a device's shared folders under the shared address). Reads the trace only.
#pragma once

#include "core/time.h"
#include "trace/trace.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace postino::viz {

struct MessageAt {
    std::uint32_t uid = 0;
    std::uint8_t flags = 0;  // mail::flag bits
    std::string subject, from;
    std::uint32_t size = 0;
};

struct MailboxAt {
    trace::NodeIndex node = 0;
    std::string mailbox;
    std::map<std::string, std::vector<MessageAt>> folders;  // by folder name; messages by UID
    std::size_t messageCount() const;
};

// The marks a message's line starts with: one status mark in a column of its own (● unread,
// nothing when read: the column stays, so subjects line up), then ⚑ flagged, ✎ draft, ↩ answered.
struct MessageMarks {
    std::string status;  // "●" or ""
    std::string flags;   // "⚑ ✎ " ... each followed by a space; "" when none
};
MessageMarks messageMarks(std::uint8_t flags);

// Sorted by (node, mailbox); mailboxes and folders that were seen stay listed, even empty.
std::vector<MailboxAt> mailboxesAt(const trace::Trace& trace, Time t);

}  // namespace postino::viz
