#include "model/delivered_copy.h"

#include "model/mail_whereabouts.h"

#include <cstddef>
#include <limits>

namespace postino::viz {

std::vector<std::uint32_t> deliveredCopiesOf(const trace::Trace& trace, const trace::CarriedMailRecord& carried) {
    std::vector<std::uint32_t> out;
    if (!carried.fromClient || carried.mail == 0 || carried.connection == 0 ||
        carried.connection > trace.connections.size())
        return out;
    const trace::NodeIndex server = trace.connection(carried.connection).server;
    // The same mail reaching this server again (a relay loop, a second hop back) starts its own copies.
    Time until = Time::max();
    for (const trace::CarriedMailRecord& other : trace.carriedMail) {
        if (&other == &carried || other.mail != carried.mail || !other.fromClient || other.start <= carried.start ||
            other.connection == 0 || other.connection > trace.connections.size())
            continue;
        if (trace.connection(other.connection).server == server && other.start < until) until = other.start;
    }
    for (std::size_t i = 0; i < trace.deliveredCopies.size(); ++i) {
        const trace::DeliveredCopyRecord& c = trace.deliveredCopies[i];
        if (c.mail == carried.mail && c.node == server && c.time >= carried.start && c.time < until)
            out.push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

std::string deliveredText(const trace::Trace& trace, const trace::CarriedMailRecord& carried,
                          const trace::DeliveredCopyRecord& copy) {
    std::string text = carriedText(trace, carried, std::numeric_limits<std::size_t>::max());
    if (!copy.headerEnd.empty()) {
        const std::size_t end = text.find("\r\n\r\n");
        if (end == std::string::npos) text += "\r\n" + copy.headerEnd;
        else text.insert(end + 2, copy.headerEnd);
    }
    return copy.top + text;
}

NoMailNote noMailNote(const trace::ConnectionRecord& connection, Time now) {
    const bool over = connection.closed <= now;
    if (connection.app == net::AppProtocol::Smtp) return over ? NoMailNote::SmtpNone : NoMailNote::SmtpNotYet;
    return over ? NoMailNote::DownloadNone : NoMailNote::DownloadNotYet;
}

}  // namespace postino::viz
