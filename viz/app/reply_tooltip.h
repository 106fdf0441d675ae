// A server reply that explains itself: hovering the last ImGui item shows what the reply means
// (the code in bold, the explanation in the interface language, the RFC reference muted); a
// click keeps it open as a popup. The words come from trace/reply_catalogue; nothing here parses.
#pragma once

#include "net/packet.h"
#include "trace/reply_catalogue.h"

#include <string_view>

namespace postino::viz {

// The explanation's body, for a tooltip or popup that is already open (the sequence diagram's
// row tooltip can call this with trace::explainReply's answer).
void drawReplyExplanation(const trace::ReplyExplanation& reply);

// For the last item: the tooltip on hover and the popup on click when `line` is a reply of
// `protocol`; nothing otherwise. Call inside the item's ID scope (PushID), right after it and
// after popping any text colour pushed for it.
// True when the line has an explanation.
bool replyTooltip(net::AppProtocol protocol, std::string_view line);

// The same for a sentence that quotes a reply (an event's "... said: 550 5.1.1 ...").
bool quotedReplyTooltip(net::AppProtocol protocol, std::string_view text);

}  // namespace postino::viz
