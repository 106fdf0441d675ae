#include "nodes/submission_events.h"

#include "smtp/reply.h"

namespace postino::world {

void recordSubmitted(Node& node, const std::string& subject, const smtp::ClientResult& result,
                     std::uint32_t connection) {
    node.event(trace::EventKind::Note,
               trace::phrase("\"{}\" handed to the server: {}", subject, smtp::describeReply(result.finalReply)),
               connection);
    for (const auto& rr : result.recipients)
        if (!rr.accepted)
            node.event(trace::EventKind::Rejected,
                       trace::phrase("\"{}\" was not submitted for {}: {}", subject, rr.address,
                                     smtp::describeRecipient(rr)),
                       connection);
}

}  // namespace postino::world
