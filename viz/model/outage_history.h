// What is broken in the world at any time t: nodes switched off, mail servers answering SMTP
// clients with an error, full mailboxes (read from the trace's Outage events), and cut links
// (through the LinkStates interface). Reads the trace only; never simulates.
#pragma once

#include "core/time.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

// Whether a link carries packets at t: OutageHistory answers from the trace's link records
// (link_down / link_up) and from any extra changes it is given (tests).
class LinkStates {
public:
    virtual ~LinkStates() = default;
    virtual bool linkUp(std::uint32_t link, Time t) const = 0;
};

struct LinkChange {
    Time time;
    std::uint32_t link = 0;  // index into Trace::links
    bool up = true;
};

// The Outage sentences read here, exactly as sim/nodes writes them with phrase(): the `format`
// of an event is its stable key (its text is English for people). Kept in this one place; the
// unit tests run the simulator and fail if a sentence changes there and not here.
namespace outage_format {
inline constexpr std::string_view kSwitchedOff = "{} is switched off";                          // node.cpp
inline constexpr std::string_view kBackOn = "{} is back on";                                     // node.cpp
inline constexpr std::string_view kSmtpError = "{} answers SMTP clients with {} {} for {} s";    // mail_server_node.cpp
inline constexpr std::string_view kSmtpNormal = "{} accepts mail normally again";                // mail_server_node.cpp
inline constexpr std::string_view kMailboxFull = "the mailbox of {} is full for {} s";           // mail_server_node.cpp
inline constexpr std::string_view kMailboxRoom = "the mailbox of {} has room again";             // mail_server_node.cpp
}  // namespace outage_format

class OutageHistory : public LinkStates {
public:
    OutageHistory() = default;
    // `linkChanges` in any order; the trace's events must outlive the history.
    explicit OutageHistory(const trace::Trace& trace, std::span<const LinkChange> linkChanges = {});

    bool nodeOff(trace::NodeIndex node, Time t) const;
    // The reply code a mail server answers every SMTP client with at t (421, 451, 452, 554); 0: normal.
    int smtpError(trace::NodeIndex node, Time t) const;
    bool mailboxFull(trace::NodeIndex node, std::string_view address, Time t) const;
    bool linkUp(std::uint32_t link, Time t) const override;

    // Anything broken at some time at all (the map skips its look-ups when nothing is).
    bool anyNodeChange() const { return m_anyNode; }
    bool anyLinkChange() const { return m_anyLink; }

private:
    struct Change {
        Time time;
        int value = 0;
    };
    using Timeline = std::vector<Change>;  // time order; the value before the first change is 0
    static int valueAt(const Timeline& line, Time t);

    std::vector<Timeline> m_off;    // per node: 1 switched off
    std::vector<Timeline> m_error;  // per node: the SMTP reply code
    struct MailboxLine {
        trace::NodeIndex node = 0;
        std::string address;
        Timeline full;
    };
    std::vector<MailboxLine> m_mailboxes;
    std::vector<Timeline> m_linkDown;  // per link: 1 cut
    bool m_anyNode = false, m_anyLink = false;
};

}  // namespace postino::viz
