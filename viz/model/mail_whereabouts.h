// Where each mail is at any time t, from the trace's MailPlaceRecords: one stay per mail and place
// (outbox, queue, mailbox folder, device copy, wire), indexed so a frame costs O(log n) plus the
// stays it shows; and which mail each packet carries (from the CarriedMailRecords), computed once.
// Reads the trace; never simulates, never parses protocol lines.
#pragma once

#include "core/time.h"
#include "model/interval_index.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

// One mail in one place over [arrived, left).
struct MailStay {
    std::uint32_t mail = 0;  // 1-based mail id (Trace::mails[mail - 1])
    trace::NodeIndex node = 0;
    trace::MailPlace place = trace::MailPlace::Outbox;
    std::string_view account;  // Outbox/Mailbox/Device: the account; Queue: the queue id (points into the trace)
    std::string_view folder;   // Mailbox/Device: the folder; Queue: the queue name ("deferred"...)
    std::uint32_t connection = 0;  // Wire
    Time arrived, left = Time::max();
};

class MailWhereabouts {
public:
    MailWhereabouts() = default;
    // The trace must outlive the model.
    explicit MailWhereabouts(const trace::Trace& trace);

    // The stays with arrived <= t < left, ordered by node, then place, then arrival (stays of
    // the same time by mail id). `out` is cleared first; it holds indices into stays().
    void staysAt(Time t, std::vector<std::uint32_t>& out) const;
    const std::vector<MailStay>& stays() const { return m_stays; }

    // The mail (1-based id) a packet carries: a packet with payload on a connection, sent by the
    // side that writes the text, while that connection carries a mail (CarriedMailRecord's
    // [start, end]). 0: none.
    std::uint32_t mailOfPacket(std::uint64_t packetId) const {
        return packetId < m_packetMail.size() ? m_packetMail[packetId] : 0;
    }
    // The CarriedMailRecords of one connection (indices into Trace::carriedMail, by start).
    std::span<const std::uint32_t> carriedOn(std::uint32_t connection) const;
    // Of those, the ones whose text started by line `linesShown` (firstLine < linesShown).
    std::span<const std::uint32_t> carriedBy(std::uint32_t connection, std::size_t linesShown) const;

private:
    const trace::Trace* m_trace = nullptr;
    std::vector<MailStay> m_stays;  // sorted by (node, place, arrived, mail)
    IntervalIndex m_index;
    std::vector<std::uint32_t> m_packetMail;       // per packet id
    std::vector<std::uint32_t> m_carriedStart;     // per connection id + 1: offset into m_carried
    std::vector<std::uint32_t> m_carried;          // carried-mail indices grouped by connection
};

// The text of a carried mail as far as `linesShown` protocol lines have been written: the lines
// joined with CRLF, dot-stuffing undone. `complete` says whether all of it is there.
std::string carriedText(const trace::Trace& trace, const trace::CarriedMailRecord& carried, std::size_t linesShown,
                        bool* complete = nullptr, std::size_t* lines = nullptr);

// The place in words for a tag, untranslated: "outbox", "queue", "deferred", "INBOX", "Trips".
std::string_view stayTag(const MailStay& stay);

}  // namespace postino::viz
