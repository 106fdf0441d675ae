#include "mta/cleanup.h"

#include "mail/header_fields.h"
#include "mail/message_builder.h"

#include <fmt/format.h>

namespace postino::mta {

std::string receivedProtocol(bool esmtp, bool tls, bool authenticated) {
    if (!esmtp) return "SMTP";
    return std::string("ESMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
}

CleanedMessage cleanup(const smtp::AcceptedMessage& in, const std::string& hostname, const std::string& queueId,
                       Time now) {
    CleanedMessage out;
    const std::string date = mail::rfc5322Date(now);
    const std::string protocol = receivedProtocol(in.esmtp, in.tls, !in.authUser.empty());
    // Postfix: "for <rcpt>; date" with one recipient; with several the id line ends with ';'.
    std::string received = fmt::format("Received: from {} (unknown [{}])\r\n\tby {} (Postino) with {} id {}", in.heloName,
                                       in.peerIp, hostname, protocol, queueId);
    if (in.rcptTo.size() == 1) received += fmt::format("\r\n\tfor <{}>; {}\r\n", in.rcptTo.front(), date);
    else received += fmt::format(";\r\n\t{}\r\n", date);
    out.addedHeaders.push_back("Received");

    std::string extra;
    if (!mail::hasHeader(in.data, "Message-ID")) {
        const std::string id = fmt::format("{}.{}@{}", mail::compactTimestamp(now), queueId, hostname);
        extra += "Message-Id: <" + id + ">\r\n";
        out.addedHeaders.push_back("Message-Id");
    }
    if (!mail::hasHeader(in.data, "Date")) {
        extra += "Date: " + date + "\r\n";
        out.addedHeaders.push_back("Date");
    }
    out.topBytes = received.size();
    out.headerEnd = extra;
    out.data = received + in.data;
    if (!extra.empty()) {
        // Missing fields go at the end of the header section, as cleanup does.
        const std::size_t end = out.data.find("\r\n\r\n");
        if (end == std::string::npos) out.data += "\r\n" + extra;
        else out.data.insert(end + 2, extra);
    }
    out.messageId = mail::headerValue(out.data, "Message-ID");
    return out;
}

std::string hopCountRefusal(std::string_view data, int limit) {
    if (limit <= 0 || mail::countHeader(data, "Received") < static_cast<std::size_t>(limit)) return {};
    return "554 5.4.6 Error: too many hops";
}

}  // namespace postino::mta
